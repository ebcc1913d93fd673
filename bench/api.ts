// The API under load: the real server (buildApp, listening on 127.0.0.1) over the demo scaled to 100,000
// persons in a fresh PostgreSQL schema (dropped at the end), with autocannon in the same process. Run with
// `npm run bench:api -- --postgres <url> [--explain]`; record the figures in bench/RESULTS.md.
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { type Insertable, type Kysely, sql } from 'kysely'
import type { DB, LedgerEntryTable, PersonTable, PersonYearTable } from '../src/db/schema.js'
import { rebuildSummaries } from '../src/db/summary-rebuild.js'
import { pick, type Rand, seededRandom } from '../src/domain/random.js'
import { buildApp } from '../src/http/app.js'
import type { AppContext } from '../src/http/context.js'
import { transact } from '../src/services/audit.js'
import { type DemoLogin, loadDemo } from '../src/services/demo.js'
import { DEMO_CITIES, type DemoCity } from '../src/services/demo-data.js'
import { personKeyOf } from '../src/services/secrets.js'
import { freshDatabase, TEST_SECRETS } from '../test/database.js'
import { explain } from './explain.js'
import { autocannon, type LoadResult, signIn } from './load.js'
import { personRows } from './population.js'

/** Persons per demo city after scaling (the demo has 200, 180 and 120): 100,000 in all. */
const CITY_TOTALS: Record<string, number> = { '320400': 80_000, '370200': 12_000, '360100': 8_000 }
const EMPLOYER = '常州天宁精密机械有限公司' // the demo employer (demo-employer signs in for it)
const STAFF = 5_000 // its current staff after scaling, the demo's own included
const YEARS = [2024, 2025]
const BATCH = 1_000 // rows per INSERT statement
const CONNECTIONS = 50
const WARM_UP_SECONDS = 2
const SECONDS = 10
/** The whole run (loading ~1 min, three measurements ~40 s) ends by then whatever happens. */
const DEADLINE_MS = 15 * 60 * 1000

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9
const fmt = (n: number) => Math.round(n).toLocaleString('en')
const log = (line: string) => console.log(`  ${line}`)

// ---------------------------------------------------------------------------------------------- data

interface Rows {
  persons: Insertable<PersonTable>[]
  employment: Insertable<DB['employment']>[]
  ledger: Insertable<LedgerEntryTable>[]
  years: Insertable<PersonYearTable>[]
}

/**
 * The persons to add in each demo city (bench/population.ts). The demo employer gets new staff up to
 * STAFF; the others are spread over the city's other employers. `taken` holds the demo's person keys.
 */
function makeRows(rand: Rand, orgIds: Map<string, string>, taken: Set<string>, demoStaff: number): Rows {
  const rows: Rows = { persons: [], employment: [], ledger: [], years: [] }
  let toEmployer = STAFF - demoStaff
  for (const city of DEMO_CITIES) {
    for (let n = city.persons; n < (CITY_TOTALS[city.code] as number); n++) {
      const employer: DemoCity['employers'][number] =
        city.code === '320400' && toEmployer-- > 0
          ? (city.employers[0] as DemoCity['employers'][number])
          : pick(rand, city.code === '320400' ? city.employers.slice(1) : city.employers)
      const r = personRows(
        rand,
        TEST_SECRETS,
        { ...employer, id: orgIds.get(employer.name) as string },
        city.counties,
        YEARS,
        taken,
      )
      rows.persons.push(r.person)
      rows.employment.push(r.employment)
      rows.ledger.push(...r.ledger)
      rows.years.push(...r.years)
    }
  }
  return rows
}

/** Writes rows BATCH at a time, one statement after the other; logs the rate. */
async function insertBatched<T>(label: string, rows: readonly T[], write: (batch: T[]) => Promise<unknown>) {
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH))
  const s = seconds(t0)
  log(`${fmt(rows.length)} ${label} in ${s.toFixed(1)} s (${fmt(rows.length / s)} rows/s)`)
}

/** The demo, then the persons that make it 100,000; returns the demo employer's id. */
async function load(db: Kysely<DB>, dataDir: string): Promise<{ employerId: string; logins: DemoLogin[] }> {
  const t0 = process.hrtime.bigint()
  const { logins } = await loadDemo(db, TEST_SECRETS, dataDir)
  log(`demo loaded in ${seconds(t0).toFixed(1)} s`)
  const orgs = await db.selectFrom('organisation').select(['id', 'name']).execute()
  const orgIds = new Map(orgs.map((o) => [o.name, o.id]))
  const employerId = orgIds.get(EMPLOYER)
  if (!employerId) throw new Error(`the demo has no ${EMPLOYER}`)
  const taken = new Set(
    (await db.selectFrom('person').select('person_key').execute()).map((r) => r.person_key),
  )
  const { staff } = await db
    .selectFrom('employment')
    .select((eb) => eb.fn.countAll<string>().as('staff'))
    .where('organisation_id', '=', employerId)
    .where('to_date', 'is', null)
    .executeTakeFirstOrThrow()

  const t1 = process.hrtime.bigint()
  const rows = makeRows(seededRandom(20261124), orgIds, taken, Number(staff))
  log(
    `generated ${fmt(rows.persons.length)} persons, ${fmt(rows.ledger.length)} credits and ${fmt(rows.years.length)} person-years (engine) in ${seconds(t1).toFixed(1)} s`,
  )
  await insertBatched('persons', rows.persons, (b) => db.insertInto('person').values(b).execute())
  await insertBatched('employments', rows.employment, (b) => db.insertInto('employment').values(b).execute())
  await insertBatched('ledger entries', rows.ledger, (b) => db.insertInto('ledger_entry').values(b).execute())
  await insertBatched('person-years', rows.years, (b) => db.insertInto('person_year').values(b).execute())
  // The rows above bypass the services that keep the summaries (migration 0029): rebuild them once.
  await transact(db, (trx) => rebuildSummaries(trx))
  const t2 = process.hrtime.bigint()
  await sql`ANALYZE`.execute(db)
  log(`ANALYZE in ${seconds(t2).toFixed(1)} s`)
  return { employerId, logins }
}

// ----------------------------------------------------------------------------------------- measuring

interface Target {
  label: string
  path: string
  session: string
}

/** One request first (it must succeed), then a warm-up and the measured run at CONNECTIONS connections. */
async function measure(base: string, t: Target): Promise<LoadResult> {
  const headers = { cookie: `xueshi_session=${t.session}` }
  const check = await fetch(`${base}${t.path}`, { headers })
  const body = (await check.json()) as {
    total?: number
    evaluation?: { totals: { total: number }; compliant: boolean }
  }
  if (check.status !== 200) throw new Error(`${t.path}: ${check.status} ${JSON.stringify(body)}`)
  const about =
    body.total !== undefined
      ? `${fmt(body.total)} matching`
      : `total ${body.evaluation?.totals.total} h, compliant ${body.evaluation?.compliant}`
  const url = `${base}${t.path}`
  await autocannon({ url, connections: CONNECTIONS, duration: WARM_UP_SECONDS, headers })
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers })
  const codes = Object.entries(r.statusCodeStats)
    .map(([code, s]) => `${code}: ${fmt(s.count)}`)
    .join(', ')
  console.log(
    `${t.label} (${about}): p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms, ${fmt(r.requests.average)} requests/s (${fmt(r.requests.total)} in ${SECONDS} s), non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts} [${codes}]`,
  )
  return r
}

async function run(url: string, showPlans: boolean): Promise<void> {
  console.log('loading:')
  const d = await freshDatabase('postgres', url)
  const dataDir = mkdtempSync(join(tmpdir(), 'xueshi-bench-api-'))
  try {
    const { employerId, logins } = await load(d.db, dataDir)
    const persons = await d.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    log(`${fmt(Number(persons.n))} persons in all`)
    const page = { year: 2024, page: 1, pageSize: 50 }
    if (showPlans) {
      for (const filter of [
        { ...page, organisationId: employerId },
        { ...page, organisationId: employerId, compliant: false },
      ])
        console.log(await explain(d.db, filter))
    }

    const ctx: AppContext = {
      db: d.db,
      bulk: d.bulk,
      kind: 'postgres',
      secrets: TEST_SECRETS,
      dataDir,
      require2fa: false,
      trustProxy: false,
      loginRateLimit: 1000,
    }
    const app = await buildApp(ctx)
    try {
      await app.listen({ port: 0, host: '127.0.0.1' })
      const address = app.server.address()
      if (address === null || typeof address === 'string') throw new Error('not listening on a port')
      const base = `http://127.0.0.1:${address.port}`
      const login = (role: DemoLogin['role']) => logins.find((l) => l.role === role) as DemoLogin
      const person = await signIn(base, login('person'))
      const employer = await signIn(base, login('employer'))
      const personKey = personKeyOf(TEST_SECRETS, login('person').idNumber as string)
      console.log(
        `\n${base}, ${CONNECTIONS} connections, ${SECONDS} s each after ${WARM_UP_SECONDS} s warm-up:`,
      )
      const compliance = '/api/compliance?year=2024&page=1&pageSize=50'
      await measure(base, {
        label: 'person year',
        path: `/api/persons/${personKey}/years/2025`,
        session: person,
      })
      await measure(base, { label: 'compliance page', path: compliance, session: employer })
      await measure(base, {
        label: 'compliance, not compliant',
        path: `${compliance}&compliant=false`,
        session: employer,
      })
    } finally {
      await app.close()
    }
  } finally {
    await d.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const { values } = parseArgs({ options: { postgres: { type: 'string' }, explain: { type: 'boolean' } } })
if (!values.postgres) {
  console.error('usage: node --import tsx bench/api.ts --postgres <url> [--explain]')
  process.exit(2)
}
const deadline = setTimeout(() => {
  console.error(`bench/api.ts: still running after ${DEADLINE_MS / 60_000} min, giving up`)
  process.exit(1)
}, DEADLINE_MS)
deadline.unref()
await run(values.postgres, values.explain === true)
console.log(
  `\nmachine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
)
