// The server during the largest permitted uploads (200,000 lines as CSV and as xlsx) and during the
// hostile files of issue #9: its peak memory, and the slowest answer of /api/health polled every 50 ms
// while each file is read. A real `xueshi serve` (dist/) on PostgreSQL.
// Run: npm run bench:hostile -- --postgres <url>; record in RESULTS.md.
import type { ChildProcess } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { loadDemo } from '../src/services/demo.js'
import { demoDataDir, freshDatabase, TEST_SECRETS } from '../test/database.js'
import { insertRosterPeople } from '../test/people.js'
import { cell, sheetXml, xlsx, zip } from '../test/zip.js'
import { onlineProject, peakRss, resetPeakRss, signIn, startServer, stopServer, toXlsx } from './server.js'

const ROWS = 200_000
const { values } = parseArgs({ options: { postgres: { type: 'string' }, only: { type: 'string' } } })
if (!values.postgres) throw new Error('usage: bench/hostile-upload.ts --postgres <url> [--only <label part>]')
const log = (line: string) => console.log(line)
const MB = 1024 * 1024

const d = await freshDatabase('postgres', values.postgres)
const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(d.db)).rows[0]?.s as string
const url = `${values.postgres}?options=${encodeURIComponent(`-c search_path=${schema}`)}`
let server: ChildProcess | undefined
try {
  await loadDemo(d.db, TEST_SECRETS, demoDataDir())
  const csv = await insertRosterPeople(d.db, ROWS, 20)
  await sql`ANALYZE`.execute(d.db)
  const heading = cell('A1', '身份证号') + cell('B1', '姓名')
  const asJson = (n: number) =>
    Buffer.from(
      JSON.stringify({
        rows: csv
          .toString()
          .split('\r\n')
          .slice(1, n + 1)
          .map((line) => line.split(','))
          .map(([idNumber, name]) => ({ idNumber, name })),
      }),
    )
  const json = asJson(ROWS)
  // JSON files are sent as the body (application/json), not as a multipart file.
  const files: [label: string, name: string, bytes: Buffer][] = [
    [`JSON, ${ROWS.toLocaleString('en')} lines`, 'json', json],
    [
      'JSON, 1,000,000 lines',
      'json',
      Buffer.concat([
        json.subarray(0, -2),
        Buffer.from(`,${json.subarray(9, -2)}`.repeat(4)),
        Buffer.from(']}'),
      ]),
    ],
    [`CSV, ${ROWS.toLocaleString('en')} lines`, '花名册.csv', csv],
    [`xlsx, ${ROWS.toLocaleString('en')} lines`, '花名册.xlsx', await toXlsx(csv)],
    [
      'xlsx, one cell of 400 MB',
      '花名册.xlsx',
      xlsx(
        Buffer.concat([
          Buffer.from(
            `<worksheet><sheetData><row r="1">${heading}</row><row r="2"><c r="B2" t="inlineStr"><is><t>`,
          ),
          Buffer.alloc(400 * MB, 'x'),
          Buffer.from('</t></is></c></row></sheetData></worksheet>'),
        ]),
      ),
    ],
    ['xlsx, cell reference HAAAAA2', '花名册.xlsx', xlsx(sheetXml([heading, cell('HAAAAA2', 'x')]))],
    [
      'xlsx, 1,000,000 lines',
      '花名册.xlsx',
      xlsx(
        sheetXml([
          heading,
          ...Array.from(
            { length: 1_000_000 },
            (_, i) => cell(`A${i + 2}`, `32040219800101${i}`) + cell(`B${i + 2}`, `学员${i}`),
          ),
        ]),
      ),
    ],
    [
      'xlsx, relationship id (x+x+)+y',
      '花名册.xlsx',
      xlsx(sheetXml([heading]), {
        'xl/workbook.xml':
          '<workbook xmlns:r="r"><sheets><sheet name="a" sheetId="1" r:id="(x+x+)+y"/></sheets></workbook>',
        'xl/_rels/workbook.xml.rels': `<Relationships><Relationship Id="${'x'.repeat(32)}" Target="worksheets/sheet1.xml"/></Relationships>`,
      }),
    ],
    [
      'zip entry declaring 4 GB',
      '花名册.xlsx',
      zip([{ name: 'xl/worksheets/sheet1.xml', data: '<a/>', declaredSize: 2 ** 32 - 2 }]),
    ],
    [
      'CSV of bad lines, 28 MB',
      '花名册.csv',
      Buffer.from(
        ['身份证号,姓名,学时', ...Array.from({ length: 800_000 }, (_, i) => `坏${i},学员姓名${i},20`)].join(
          '\r\n',
        ),
      ),
    ],
  ]

  const started = await startServer(url)
  server = started.server
  const base = started.base
  const session = await signIn(base, 'demo-institution', 'Demo-Institution-2026')
  log(`server started, peak RSS ${peakRss(server.pid).toFixed(0)} MB`)
  log('| file | size | answer | reply | seconds | slowest /api/health | health polls | server peak RSS |')
  log('| --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const [label, name, bytes] of files) {
    if (values.only && !label.includes(values.only)) continue
    const project = await onlineProject(d.db, label)
    resetPeakRss(server.pid)
    let done = false
    let slowest = 0
    let polls = 0
    const health = (async () => {
      while (!done) {
        const t = performance.now()
        if (!(await fetch(`${base}/api/health`)).ok) throw new Error('/api/health failed')
        slowest = Math.max(slowest, performance.now() - t)
        polls += 1
        await new Promise((r) => setTimeout(r, 50))
      }
    })()
    const t = performance.now()
    const form = new FormData()
    form.append('file', new Blob([bytes]), name)
    const res = await fetch(`${base}/api/projects/${project}/rosters`, {
      method: 'POST',
      headers: name === 'json' ? { ...session, 'content-type': 'application/json' } : session,
      body: name === 'json' ? bytes : form,
    })
    const reply = await res.text()
    const seconds = (performance.now() - t) / 1000
    done = true
    await health
    const size =
      bytes.length >= MB ? `${(bytes.length / MB).toFixed(1)} MB` : `${(bytes.length / 1024).toFixed(0)} KB`
    const answer =
      res.status >= 400
        ? `${res.status} ${(JSON.parse(reply).error.message as string).slice(0, 60)}`
        : res.status
    log(
      `| ${label} | ${size} | ${answer} | ${(reply.length / 1024).toFixed(0)} KB | ${seconds.toFixed(2)} | ${slowest.toFixed(0)} ms | ${polls} | ${peakRss(server.pid).toFixed(0)} MB |`,
    )
  }
  log(
    `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  )
} finally {
  await stopServer(server)
  await d.drop()
}
