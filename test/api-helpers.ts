import { randomUUID } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import type { DatabaseKind } from '../src/db/connect.js'
import { buildApp } from '../src/http/app.js'
import type { AppContext } from '../src/http/context.js'
import { type DemoLogin, loadDemo } from '../src/services/demo.js'
import { personKeyOf } from '../src/services/secrets.js'
import { demoDataDir, freshDatabase, TEST_SECRETS } from './database.js'

type App = Awaited<ReturnType<typeof buildApp>>

export interface Client {
  cookie: string
  csrf: string
  request(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>
}

/** A fresh database with the demo loaded, and the API on it (no listening socket: app.inject). */
export async function startApi(kind: DatabaseKind, settings: Partial<AppContext> = {}) {
  const d = await freshDatabase(kind)
  const dataDir = demoDataDir()
  const { logins } = await loadDemo(d.db, TEST_SECRETS, dataDir)
  const ctx: AppContext = {
    db: d.db,
    bulk: d.bulk,
    kind,
    secrets: TEST_SECRETS,
    dataDir,
    require2fa: false,
    trustProxy: false,
    loginRateLimit: 1000,
    registrationRateLimit: 1000,
    ...settings,
  }
  const app = await buildApp(ctx)
  const login = (role: DemoLogin['role']) => logins.find((l) => l.role === role) as DemoLogin
  return {
    d,
    app,
    ctx,
    logins,
    login,
    /** The demo person's key. */
    personKey: personKeyOf(TEST_SECRETS, login('person').idNumber as string),
    signIn: (username: string, password: string) => signIn(app, username, password),
    as: (role: DemoLogin['role']) => signIn(app, login(role).username, login(role).password),
    stop: async () => {
      await app.close()
      await d.drop()
    },
  }
}

export async function signIn(app: App, username: string, password: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`)
  const cookie = (res.cookies as { name: string; value: string }[]).find((c) => c.name === 'xueshi_session')
    ?.value as string
  const csrf = res.json().csrfToken as string
  return {
    cookie,
    csrf,
    request: (method, url, body, headers = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        cookies: { xueshi_session: cookie },
        headers: { 'x-csrf-token': csrf, ...headers },
        ...(body === undefined
          ? {}
          : typeof body === 'string' || Buffer.isBuffer(body)
            ? { payload: body }
            : { payload: body as object }),
      }),
  }
}

/** Every route the OpenAPI document lists, as [method, path] with `{param}` placeholders. */
export async function documentedRoutes(app: App): Promise<[string, string][]> {
  const doc = (await app.inject({ url: '/api/docs/json' })).json() as {
    paths: Record<string, Record<string, unknown>>
  }
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => [m.toUpperCase(), path] as [string, string]),
  )
}

/** A documented path made callable: the person key given, fresh ids, and the query a route requires. */
export const routeUrl = (path: string, personKey: string): string =>
  path
    .replace('{personKey}', personKey)
    .replace('{year}', '2024')
    .replace('{policyId}', 'cn-engineering-2026')
    .replace('{code}', '320400')
    .replaceAll(/\{(id|entryId|evidenceId)\}/g, () => randomUUID())
    .concat(path.startsWith('/api/compliance') ? '?year=2024' : '')
    .concat(path === '/api/regions/search' ? '?q=32' : '')
    .concat(path === '/api/staff/certificates.zip' ? '?year=2024' : '')
    .concat(path === '/api/ledger-entries' ? `?project=${encodeURIComponent('研修')}` : '')
    .concat(['/api/statistics', '/api/statistics/export'].includes(path) ? '?year=2024&by=region' : '')
    .concat(path === '/api/statistics/trend' ? '?from=2023&to=2024' : '')
    .concat(path.startsWith('/api/statistics/institutions') ? '?year=2024' : '')

/** A multipart/form-data body with one file field. */
export function multipart(
  filename: string,
  bytes: Buffer,
  type = 'application/pdf',
): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----xueshi-test-boundary'
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return {
    body: Buffer.concat([head, bytes, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}
