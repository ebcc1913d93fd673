import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../src/db/connect.js'
import { loadDemo } from '../src/services/demo.js'
import { demoDataDir, freshDatabase, TEST_SECRETS } from './database.js'
import { insertRosterPeople, onlineProject } from './people.js'

// A server killed (SIGKILL) in the middle of a roster import leaves no row of it; the retried upload
// then imports it once. Real child processes on real PostgreSQL (CI sets TEST_DATABASE_URL).
const CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js')
const LINES = 30_000

describe.skipIf(!process.env.TEST_DATABASE_URL)('roster import killed with SIGKILL', () => {
  let d: Database & { drop(): Promise<void> }
  let url: string
  let projectId: string
  let csv: Buffer
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  let child: ChildProcess | undefined

  beforeAll(async () => {
    d = await freshDatabase('postgres')
    const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(d.db)).rows[0]?.s as string
    url = `${process.env.TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`
    await loadDemo(d.db, TEST_SECRETS, demoDataDir())
    csv = await insertRosterPeople(d.db, LINES, 20)
    projectId = await onlineProject(d.db, '大规模培训')
  }, 120_000)
  afterAll(async () => {
    child?.kill('SIGKILL')
    await d.drop()
  })

  async function startServer(): Promise<ChildProcess> {
    const proc = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        XUESHI_SECRET: Buffer.alloc(32, 7).toString('base64'),
        XUESHI_LOG: '0',
        HOST: '127.0.0.1',
      },
      stdio: 'ignore',
    })
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return proc
      } catch {}
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error('the server did not start')
  }

  async function upload(): Promise<Response> {
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo-institution', password: 'Demo-Institution-2026' }),
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string
    const { csrfToken } = (await login.json()) as { csrfToken: string }
    const form = new FormData()
    form.append('file', new Blob([csv], { type: 'text/csv' }), '花名册.csv')
    return fetch(`http://127.0.0.1:${port}/api/projects/${projectId}/rosters`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'idempotency-key': 'big-roster' },
      body: form,
    })
  }

  const copying = async () =>
    Number(
      (
        await sql<{
          n: string
        }>`SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE 'COPY roster_row%' AND state = 'active'`.execute(
          d.db,
        )
      ).rows[0]?.n,
    )
  const stored = async () => ({
    rosters: (await d.db.selectFrom('roster').select('id').where('project_id', '=', projectId).execute())
      .length,
    rows: Number(
      (
        await d.db
          .selectFrom('roster_row')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  })

  it('leaves nothing behind, and the retried upload imports once', async () => {
    child = await startServer()
    const pending = upload().catch(() => undefined)
    let caught = false
    for (let i = 0; i < 600 && !caught; i++) {
      if ((await copying()) > 0) caught = true
      else await new Promise((r) => setTimeout(r, 10))
    }
    expect(caught).toBe(true) // the kill lands while rows are streaming in
    child.kill('SIGKILL')
    await pending
    await new Promise((r) => setTimeout(r, 500))
    expect(await stored()).toEqual({ rosters: 0, rows: 0 })

    child = await startServer()
    const first = await upload()
    expect(first.status).toBe(201)
    const again = await upload()
    expect(again.status).toBe(200)
    expect(await stored()).toEqual({ rosters: 1, rows: csv.toString().split('\r\n').length - 1 })
  }, 120_000)
})
