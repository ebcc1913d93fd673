import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { migrateOrThrow } from '../db/migrate.js'
import { parseWhole } from '../domain/decimal.js'
import { buildApp } from '../http/app.js'
import { DEFAULT_WEB_ROOT } from '../http/web.js'
import { loadSigningKey } from '../services/audit-keys.js'
import { loadCertificateKeys } from '../services/certificate-keys.js'
import { scheduleDailyCheckpoints } from '../services/checkpoints.js'
import { loadDemo } from '../services/demo.js'
import { hasOrganisations } from '../services/deployment.js'
import { resumeFreezing } from '../services/evaluation-rounds.js'
import { loadExchangeKey } from '../services/exchange.js'
import { configuredPublicUrl } from '../services/public-url.js'
import { scheduleRollYears } from '../services/roll-years.js'
import { loadSecrets } from '../services/secrets.js'
import { dataDirOf, log, openDatabase } from './context.js'
import { UsageError } from './errors.js'

function portOf(value: string | undefined): number {
  const raw = value ?? process.env.PORT ?? '3000'
  const port = parseWhole(raw)
  if (port === undefined || port > 65535) throw new UsageError(`port must be 0–65535, got "${raw}"`)
  return port
}

/** XUESHI_PASSWORD_MAX_AGE_DAYS: whole days; unset, empty or 0 is off. */
function maxAgeDaysOf(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined
  const days = parseWhole(raw)
  if (days === undefined)
    throw new UsageError(`XUESHI_PASSWORD_MAX_AGE_DAYS must be a whole number of days, got "${raw}"`)
  return days || undefined
}

/** XUESHI_MAX_UPLOAD_ROWS: a whole number of lines, or unset for the default (file-limits.ts). */
function maxUploadRowsOf(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const rows = parseWhole(value)
  if (rows === undefined || rows < 1)
    throw new UsageError(`XUESHI_MAX_UPLOAD_ROWS must be a whole number ≥ 1, got "${value}"`)
  return rows
}

const NOT_INITIALISED =
  '数据库中还没有任何单位，请先运行 xueshi init --region <行政区划代码> --name <人社部门名称>（试用演示数据：xueshi serve --demo） ' +
  '/ the database is empty: run xueshi init --region <code> --name <HR department> first (or xueshi serve --demo)'

/**
 * `xueshi serve [--port N] [--demo]`: migrations, then the API and the web app until stopped.
 * With --demo (npm start) the demo is loaded and its logins printed.
 */
export async function runServe(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, demo: { type: 'boolean' } },
    strict: true,
  })
  const port = portOf(values.port)
  const passwordMaxAgeDays = maxAgeDaysOf(process.env.XUESHI_PASSWORD_MAX_AGE_DAYS)
  const dataDir = dataDirOf()
  const secrets = loadSecrets(process.env, dataDir, log)
  const publicUrl = configuredPublicUrl(process.env)
  if (process.env.DATABASE_URL && !publicUrl)
    log('XUESHI_PUBLIC_URL is not set: certificates print the address each request came to (its Host header)')
  const d = await openDatabase('serve')
  try {
    await migrateOrThrow(d.db)
    if (!values.demo && !(await hasOrganisations(d.db))) throw new UsageError(NOT_INITIALISED)
  } catch (e) {
    await d.close()
    throw e
  }
  const app = await buildApp(
    {
      db: d.db,
      bulk: d.bulk,
      kind: d.kind,
      secrets,
      dataDir,
      require2fa: process.env.XUESHI_REQUIRE_2FA === '1',
      trustProxy: process.env.XUESHI_TRUST_PROXY === '1',
      passwordMaxAgeDays,
      maxUploadRows: maxUploadRowsOf(process.env.XUESHI_MAX_UPLOAD_ROWS),
      publicUrl,
      certificateKeys: () => loadCertificateKeys(process.env, dataDir, log),
      exchangeKeys: () => ({
        exchangeKey: loadExchangeKey(process.env, dataDir, log),
        signingKey: loadSigningKey(process.env, dataDir, log),
      }),
    },
    { logger: process.env.XUESHI_LOG !== '0', webRoot: DEFAULT_WEB_ROOT },
  )
  const logins = values.demo ? (await loadDemo(d.db, secrets, dataDir)).logins : []
  let stopCheckpoints = () => {}
  try {
    stopCheckpoints = scheduleDailyCheckpoints(
      d.db,
      loadSigningKey(process.env, dataDir, log),
      join(dataDir, 'checkpoints'),
      log,
    )
  } catch (e) {
    log(`daily audit checkpoints are off: ${(e as Error).message}`)
  }
  const stopRollYears = scheduleRollYears(d.db, log)
  const resumed = await resumeFreezing(d.db, (work) => app.inBackground(work), log)
  if (resumed > 0)
    log(`taking the indicators of ${resumed} evaluation round(s) left freezing by the last stop`)
  const address = await app.listen({ port, host: process.env.HOST ?? '127.0.0.1' })
  d.hold?.note((app.server.address() as AddressInfo).port)
  const url = address.replace('127.0.0.1', 'localhost')
  const lines = [
    `Xueshi 学时 is serving ${url} on ${d.kind} (portal ${url}/, API ${url}/api, docs ${url}/api/docs)`,
  ]
  if (values.demo) {
    lines.push('Demo logins (角色 / 用户名 / 密码):')
    for (const l of logins)
      lines.push(
        `  ${l.role.padEnd(14)} ${l.username.padEnd(17)} ${l.password}${l.idNumber ? `  (ID ${l.idNumber})` : ''}`,
      )
  }
  process.stdout.write(`${lines.join('\n')}\n`)
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  stopCheckpoints()
  stopRollYears()
  await app.close()
  // Releases the data directory (data-lock.ts) too.
  await d.close()
  return ''
}
