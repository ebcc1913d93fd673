// Roster import through the API (CSV and xlsx) against a plain COPY of the same rows, on PostgreSQL,
// with the server's peak memory. Run: npm run bench:roster -- --postgres <url>; record in RESULTS.md.
import type { ChildProcess } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { loadDemo } from '../src/services/demo.js'
import { personKeyOf } from '../src/services/secrets.js'
import { demoDataDir, freshDatabase, TEST_SECRETS } from '../test/database.js'
import { insertRosterPeople, rosterIdNumber } from '../test/people.js'
import { onlineProject, peakRss, signIn, startServer, toXlsx } from './server.js'

const ROWS = 100_000
const { values } = parseArgs({ options: { postgres: { type: 'string' } } })
if (!values.postgres) throw new Error('usage: bench/roster.ts --postgres <url>')
const log = (line: string) => console.log(line)
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9

const d = await freshDatabase('postgres', values.postgres)
const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(d.db)).rows[0]?.s as string
const url = `${values.postgres}?options=${encodeURIComponent(`-c search_path=${schema}`)}`
let server: ChildProcess | undefined
try {
  await loadDemo(d.db, TEST_SECRETS, demoDataDir())
  let t = process.hrtime.bigint()
  const csv = await insertRosterPeople(d.db, ROWS, 20)
  log(
    `${ROWS.toLocaleString('en')} persons registered in ${seconds(t).toFixed(1)} s; CSV ${(csv.length / 1e6).toFixed(1)} MB`,
  )
  const xlsx = await toXlsx(csv)
  log(`xlsx ${(xlsx.length / 1e6).toFixed(1)} MB`)
  await sql`ANALYZE`.execute(d.db)

  const project = (title: string) => onlineProject(d.db, title)

  const started = await startServer(url)
  server = started.server
  const base = started.base
  const peak = () => peakRss(server?.pid)
  log(`server started, peak RSS so far ${peak().toFixed(0)} MB`)
  const session = await signIn(base, 'demo-institution', 'Demo-Institution-2026')

  const results: [string, number, number][] = []
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
    results.push([label, ROWS / elapsed, peak()])
    log(
      `${label} through the API: ${ROWS.toLocaleString('en')} rows in ${elapsed.toFixed(2)} s = ${Math.round(ROWS / elapsed).toLocaleString('en')} rows/s; server peak RSS ${peak().toFixed(0)} MB`,
    )
  }

  // Confirmation by the industry authority: every line of the CSV roster becomes a ledger credit.
  const authority = await signIn(base, 'demo-authority', 'Demo-Authority-2026')
  const rosterId = (
    await d.db
      .selectFrom('roster')
      .select('id')
      .where('status', '=', 'pending')
      .orderBy('created_at')
      .executeTakeFirstOrThrow()
  ).id
  t = process.hrtime.bigint()
  const confirmed = await fetch(`${base}/api/rosters/${rosterId}/confirm`, {
    method: 'POST',
    headers: authority,
  })
  const confirmSeconds = seconds(t)
  if (!confirmed.ok) throw new Error(`confirm: ${confirmed.status} ${await confirmed.text()}`)
  log(
    `confirmation of ${ROWS.toLocaleString('en')} lines into the ledger: ${confirmSeconds.toFixed(2)} s = ${Math.round(ROWS / confirmSeconds).toLocaleString('en')} lines/s; server peak RSS ${peak().toFixed(0)} MB`,
  )

  // The physical limit: the same rows COPYed straight into the same table, in one transaction.
  const roster = await d.db
    .insertInto('roster')
    .values({
      project_id: await project('COPY 对照'),
      version: 1,
      status: 'pending',
      content_hash: 'x',
      row_count: ROWS,
      uploaded_by: 'bench',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  t = process.hrtime.bigint()
  await d.bulk(async (_trx, copy) =>
    copy(
      'roster_row',
      ['person_key', 'roster_id', 'row_no', 'record'],
      (function* () {
        for (let n = 0; n < ROWS; n++) {
          yield [
            personKeyOf(TEST_SECRETS, rosterIdNumber(n)),
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
  const copyRate = ROWS / seconds(t)
  log(`plain COPY of the same rows: ${Math.round(copyRate).toLocaleString('en')} rows/s`)
  for (const [label, rate] of results) log(`${label}: ${((100 * rate) / copyRate).toFixed(0)} % of COPY`)
  log(
    `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  )
} finally {
  server?.kill('SIGKILL')
  await d.drop()
}
