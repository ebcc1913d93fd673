// Roster import through the API (CSV and xlsx) against a plain COPY of the same rows (timed before and
// after the API's runs, as the table grows), on PostgreSQL, with the server's peak memory; then the
// authority's confirmation of the 100,000 lines while a sign-in loop measures how long sign-ins wait.
// Run: npm run bench:roster -- --postgres <url> [--rows N]; record in RESULTS.md.
import type { ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { cpus, loadavg, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import type { Database } from '../src/db/connect.js'
import { loadDemo } from '../src/services/demo.js'
import { openRollYears } from '../src/services/roll-years.js'
import { personKeyOf } from '../src/services/secrets.js'
import { demoDataDir, freshDatabase, TEST_SECRETS } from '../test/database.js'
import { insertRosterPeople, rosterIdNumber } from '../test/people.js'
import { schemaFor } from './schema.js'
import { onlineProject, peakRss, signIn, startServer, stopServer, toXlsx } from './server.js'

const { values } = parseArgs({
  options: { postgres: { type: 'string' }, rows: { type: 'string' }, 'reuse-schema': { type: 'string' } },
})
if (!values.postgres)
  throw new Error('usage: bench/roster.ts --postgres <url> [--rows N] [--reuse-schema name]')
/** A population bench/stats.ts kept (--keep-schema): the roster's persons are added to it, once. */
const reuse = values['reuse-schema']
const ROWS = Number(values.rows ?? 100_000)
/** Roster persons (学员n) a reused population held before this run: this run numbers its own after them. */
let earlierPersons = 0
const log = (line: string) => console.log(line)
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')

/**
 * One sign-in (POST /api/auth/login) from 127.0.0.`host`: the route allows 10 a minute per address, so a
 * loop moves to the next loopback address every few attempts. Returns the milliseconds it took.
 */
function signInOnce(base: string, host: number): Promise<number> {
  const { hostname, port } = new URL(base)
  const body = JSON.stringify({ username: 'demo-employer', password: 'Demo-Employer-2026' })
  const started = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        path: '/api/auth/login',
        method: 'POST',
        localAddress: `127.0.0.${host}`,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume()
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`sign-in: ${res.statusCode}`))
          else resolve(Number(process.hrtime.bigint() - started) / 1e6)
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

let signIns = 0

/** Sign-ins one after the other until `done` settles: each one's latency in ms. */
async function signInsUntil(base: string, done: Promise<unknown>): Promise<number[]> {
  let finished = false
  done.finally(() => {
    finished = true
  })
  const latencies: number[] = []
  while (!finished) {
    signIns += 1
    latencies.push(await signInOnce(base, 2 + (Math.floor(signIns / 8) % 250)))
  }
  return latencies
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0

/** The same rows COPYed straight into roster_row in one transaction: the physical limit, in rows/s. */
async function plainCopy(d: Database, projectId: string): Promise<number> {
  const roster = await d.db
    .insertInto('roster')
    .values({
      project_id: projectId,
      version: 1,
      status: 'superseded',
      content_hash: 'x',
      row_count: ROWS,
      uploaded_by: 'bench',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const t = process.hrtime.bigint()
  await d.bulk(async (_trx, copy) =>
    copy(
      'roster_row',
      ['person_key', 'roster_id', 'row_no', 'record'],
      (function* () {
        for (let n = 0; n < ROWS; n++) {
          yield [
            personKeyOf(TEST_SECRETS, rosterIdNumber(earlierPersons + n)),
            roster.id,
            n + 2,
            {
              kind: 'online_course',
              subject: 'professional',
              hours: 20,
              date: '2025-12-31',
              title: 'COPY 对照',
            },
          ]
        }
      })(),
    ),
  )
  return ROWS / seconds(t)
}

const d = reuse
  ? await schemaFor(values.postgres, undefined, reuse)
  : await freshDatabase('postgres', values.postgres)
const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(d.db)).rows[0]?.s as string
const url = `${values.postgres}?options=${encodeURIComponent(`-c search_path=${schema}`)}`
let server: ChildProcess | undefined
try {
  if (reuse) {
    const counts = await sql<{ persons: string; entries: string }>`
      SELECT (SELECT count(*) FROM person) AS persons, (SELECT count(*) FROM ledger_entry) AS entries`.execute(
      d.db,
    )
    log(
      `reusing schema ${reuse}: ${Number(counts.rows[0]?.persons).toLocaleString('en')} persons, ${Number(counts.rows[0]?.entries).toLocaleString('en')} ledger entries`,
    )
  } else await loadDemo(d.db, TEST_SECRETS, demoDataDir())
  let t = process.hrtime.bigint()
  // A reused population may hold the persons of an earlier run: this run's come after them.
  earlierPersons = Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM person WHERE name LIKE '学员%'`.execute(d.db)).rows[0]
      ?.n,
  )
  const csv = await insertRosterPeople(d.db, ROWS, 20, earlierPersons)
  log(
    `${ROWS.toLocaleString('en')} persons registered in ${seconds(t).toFixed(1)} s; CSV ${(csv.length / 1e6).toFixed(1)} MB`,
  )
  // Each person works for one of the demo's employers, as registered professionals do: an upload then
  // notifies every employer with staff on it, and the employer's lists see them.
  await sql`
    INSERT INTO employment (person_key, organisation_id, relation, from_date)
    SELECT p.person_key, (o.ids)[1 + (row_number() OVER (ORDER BY p.person_key)) % cardinality(o.ids)],
      'employee', '2020-01-01'
    FROM person p, (SELECT array_agg(id ORDER BY id) AS ids FROM organisation WHERE kind = 'employer') o
    WHERE NOT EXISTS (SELECT 1 FROM employment e WHERE e.person_key = p.person_key AND e.to_date IS NULL)
  `.execute(d.db)
  const xlsx = await toXlsx(csv)
  log(`xlsx ${(xlsx.length / 1e6).toFixed(1)} MB`)
  await sql`ANALYZE`.execute(d.db)
  // The roll's years open before the server starts, as on a server that has been running: otherwise the
  // opening (every person, every year with hours) runs in the background during the uploads and the
  // confirmation and is timed with them.
  t = process.hrtime.bigint()
  const opened = await openRollYears(d.db, new Date())
  log(`compliance roll opened for ${opened.join(', ')} in ${seconds(t).toFixed(1)} s`)

  const project = (title: string) => onlineProject(d.db, title)

  const started = await startServer(url)
  server = started.server
  const base = started.base
  const peak = () => peakRss(server?.pid)
  log(`server started, peak RSS so far ${peak().toFixed(0)} MB`)
  const session = await signIn(base, 'demo-institution', 'Demo-Institution-2026')
  const copyBefore = await plainCopy(d, await project('COPY 对照（之前）'))
  log(
    `plain COPY of the same rows, before the API's runs: ${Math.round(copyBefore).toLocaleString('en')} rows/s`,
  )

  const results: [string, number, number][] = []
  const rosterIds: string[] = []
  for (const [label, file, name] of [
    ['CSV', csv, '花名册.csv'],
    ['xlsx', xlsx, '花名册.xlsx'],
  ] as const) {
    const id = await project(`${label} 批量测试`)
    t = process.hrtime.bigint()
    const form = new FormData()
    form.append('file', new Blob([file]), name)
    const res = await fetch(`${base}/api/projects/${id}/rosters`, {
      method: 'POST',
      headers: session,
      body: form,
    })
    const elapsed = seconds(t)
    if (res.status !== 201) throw new Error(`${label}: ${res.status} ${(await res.text()).slice(0, 300)}`)
    rosterIds.push(((await res.json()) as { roster: { id: string } }).roster.id)
    results.push([label, ROWS / elapsed, peak()])
    log(
      `${label} through the API: ${ROWS.toLocaleString('en')} rows in ${elapsed.toFixed(2)} s = ${Math.round(ROWS / elapsed).toLocaleString('en')} rows/s; server peak RSS ${peak().toFixed(0)} MB`,
    )
  }

  // Confirmation by the industry authority: every line of the CSV roster becomes a ledger credit, while
  // sign-ins run one after the other (each one audited, as every sign-in is).
  const authority = await signIn(base, 'demo-authority', 'Demo-Authority-2026')
  const idle = (await signInsUntil(base, new Promise((r) => setTimeout(r, 3000)))).sort((a, b) => a - b)
  log(
    `sign-in while idle: ${idle.length} sign-ins, p50 ${percentile(idle, 50).toFixed(0)} ms, worst ${percentile(idle, 100).toFixed(0)} ms`,
  )
  t = process.hrtime.bigint()
  const confirming = fetch(`${base}/api/rosters/${rosterIds[0]}/confirm`, {
    method: 'POST',
    headers: authority,
  })
  const during = (await signInsUntil(base, confirming)).sort((a, b) => a - b)
  const confirmed = await confirming
  const confirmSeconds = seconds(t)
  if (!confirmed.ok) throw new Error(`confirm: ${confirmed.status} ${await confirmed.text()}`)
  log(
    `confirmation of ${ROWS.toLocaleString('en')} lines into the ledger: ${confirmSeconds.toFixed(2)} s = ${Math.round(ROWS / confirmSeconds).toLocaleString('en')} lines/s; server peak RSS ${peak().toFixed(0)} MB; load average ${load()}`,
  )
  log(
    `sign-in during the confirmation: ${during.length} sign-ins, p50 ${percentile(during, 50).toFixed(0)} ms, p99 ${percentile(during, 99).toFixed(0)} ms, worst ${percentile(during, 100).toFixed(0)} ms`,
  )

  const copyAfter = await plainCopy(d, await project('COPY 对照（之后）'))
  log(
    `plain COPY of the same rows, after the API's runs: ${Math.round(copyAfter).toLocaleString('en')} rows/s`,
  )
  for (const [label, rate] of results)
    log(
      `${label}: ${((100 * rate) / copyBefore).toFixed(0)} % of COPY before, ${((100 * rate) / copyAfter).toFixed(0)} % of COPY after`,
    )
  log(
    `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; load average ${load()}`,
  )
} finally {
  await stopServer(server)
  if (reuse) await d.close()
  else await (d as Database & { drop(): Promise<void> }).drop()
}
