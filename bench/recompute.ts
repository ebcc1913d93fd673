// The year-end recomputation at scale: N persons of 常州 with the demo's 2024–2025 records on the ledger
// (the demo's own generator, demoRecords) and their person_year rows as the engine computes them, 1 % of
// the 2025 rows then tampered with; `recompute` of 2025 over 江苏 (320000) is timed. On PostgreSQL, in a
// fresh schema dropped at the end; or, with --reuse-schema, over a population bench/stats.ts kept (every
// province in it, 1 % of its 2025 rows tampered with). Run with
// `node --import tsx bench/recompute.ts --postgres <url> [--persons 100000 | --reuse-schema name] [--workers 2] [--chunk 2000]`;
// record the figures in bench/RESULTS.md.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import type { Database } from '../src/db/connect.js'
import { personYearRow } from '../src/db/ledger.js'
import { maskResidentId } from '../src/domain/mask.js'
import { pick, type Rand, seededRandom } from '../src/domain/random.js'
import { makeResidentId } from '../src/domain/resident-id.js'
import { evaluate, parseRecords, resolvePolicy } from '../src/policy/index.js'
import { generatedCreditColumns } from '../src/services/credit-keys.js'
import { demoRecords } from '../src/services/demo.js'
import { DEMO_CITIES, GIVEN, SURNAMES } from '../src/services/demo-data.js'
import { recompute } from '../src/services/recompute.js'
import { personKeyOf, seal } from '../src/services/secrets.js'
import { freshDatabase, TEST_SECRETS } from '../test/database.js'
import { schemaFor } from './schema.js'

const YEARS = [2024, 2025]
const YEAR = 2025 // recomputed
const BATCH = 20_000 // persons per load transaction
const TAMPERED = 0.01

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9
const fmt = (n: number) => Math.round(n).toLocaleString('en')
const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')

const CITY = DEMO_CITIES.find((c) => c.code === '320400') as (typeof DEMO_CITIES)[number]
const BIRTH0 = Date.UTC(1965, 0, 1)

/** The n-th person's ID number: county, birthday and sequence from n, so every one is distinct. */
function idNumberOf(n: number): { county: string; idNumber: string } {
  const county = CITY.counties[n % CITY.counties.length] as string
  const k = Math.floor(n / CITY.counties.length)
  const birth = new Date(BIRTH0 + Math.floor(k / 1000) * 86_400_000).toISOString().slice(0, 10)
  return { county, idNumber: makeResidentId(county, birth.replaceAll('-', ''), k % 1000) }
}

interface Rows {
  persons: unknown[][]
  ledger: unknown[][]
  years: unknown[][]
}

/** Persons from..to: their rows in COPY column order (below); credits' created_at one millisecond apart. */
function makeRows(rand: Rand, from: number, to: number, clock: { ms: number }): Rows {
  const rows: Rows = { persons: [], ledger: [], years: [] }
  for (let n = from; n < to; n++) {
    const { county, idNumber } = idNumberOf(n)
    const key = personKeyOf(TEST_SECRETS, idNumber)
    const employer = pick(rand, CITY.employers)
    const series = pick(rand, employer.series)
    const name = `${pick(rand, SURNAMES)}${pick(rand, GIVEN)}${rand() < 0.6 ? pick(rand, GIVEN) : ''}`
    const birth = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`
    rows.persons.push([
      key,
      `\\x${seal(TEST_SECRETS, idNumber).toString('hex')}`,
      maskResidentId(idNumber),
      name,
      n % 2 ? 'male' : 'female',
      birth,
      county,
      series,
      'intermediate',
      employer.industry,
    ])
    for (const year of YEARS) {
      const policy = resolvePolicy(county, series, year)
      const records = parseRecords(demoRecords(rand, policy.id, year))
      const e = evaluate(policy, year, records)
      const credits = new Map(e.records.map((c) => [c.id, c]))
      for (const record of records) {
        const credit = credits.get(record.id)
        const keyed = generatedCreditColumns(record)
        clock.ms += 1
        rows.ledger.push([
          key,
          record.id,
          'credit',
          year,
          JSON.stringify(record),
          keyed.credit_key,
          keyed.credit_revision,
          keyed.content_hash,
          policy.id,
          credit?.public ?? 0,
          credit?.professional ?? 0,
          credit?.basis || policy.documentNo,
          'import',
          'bench',
          new Date(clock.ms).toISOString(),
        ])
      }
      const y = personYearRow(key, e)
      const tampered = year === YEAR && rand() < TAMPERED
      rows.years.push([
        key,
        year,
        y.policy_id,
        Number(y.public) + (tampered ? 1 : 0),
        y.professional,
        Number(y.total) + (tampered ? 1 : 0),
        y.year_complete,
        y.compliant,
      ])
    }
  }
  return rows
}

const PERSON_COLUMNS = [
  'person_key',
  'id_cipher',
  'id_masked',
  'name',
  'sex',
  'birth_date',
  'region_code',
  'series',
  'title_level',
  'industry',
]
const LEDGER_COLUMNS = [
  'person_key',
  'id',
  'entry_type',
  'year',
  'record',
  'credit_key',
  'credit_revision',
  'content_hash',
  'policy_id',
  'public',
  'professional',
  'basis',
  'source',
  'actor',
  'created_at',
]
const YEAR_COLUMNS = [
  'person_key',
  'year',
  'policy_id',
  'public',
  'professional',
  'total',
  'year_complete',
  'compliant',
]

/** COPYs `persons` persons of 常州 with their ledger and person_year rows (1 % of YEAR's tampered). */
async function load(d: Database, persons: number): Promise<void> {
  console.log(`loading ${fmt(persons)} persons (load average ${loadAverage()}):`)
  const t0 = process.hrtime.bigint()
  const rand = seededRandom(20261202)
  const clock = { ms: Date.UTC(2026, 0, 1) }
  let credits = 0
  for (let from = 0; from < persons; from += BATCH) {
    const rows = makeRows(rand, from, Math.min(persons, from + BATCH), clock)
    credits += rows.ledger.length
    await d.bulk(async (_trx, copy) => {
      await copy('person', PERSON_COLUMNS, rows.persons)
      await copy('ledger_entry', LEDGER_COLUMNS, rows.ledger)
      await copy('person_year', YEAR_COLUMNS, rows.years)
    })
  }
  await sql`ANALYZE`.execute(d.db)
  console.log(`  ${fmt(persons)} persons, ${fmt(credits)} ledger entries in ${seconds(t0).toFixed(0)} s`)
}

/**
 * A kept schema (bench/stats.ts --keep-schema: persons of three provinces, ledger, person_year, summaries
 * and roll): 1 % of YEAR's person_year rows tampered with (public and total + 1, the summaries left as
 * they were, as a write outside the services would), and the provinces to recompute, largest first.
 */
async function tamper(d: Database): Promise<string[]> {
  const t0 = process.hrtime.bigint()
  const tampered = await sql`
    UPDATE person_year SET public = public + 1, total = total + 1
    WHERE year = ${YEAR} AND abs(hashtext(person_key)) % 100 = 0`.execute(d.db)
  const provinces = await sql<{ code: string; persons: string }>`
    SELECT left(region_code, 2) || '0000' AS code, count(*) AS persons FROM person GROUP BY 1 ORDER BY 2 DESC`.execute(
    d.db,
  )
  console.log(
    `tampered with ${fmt(Number(tampered.numAffectedRows))} person_year rows of ${YEAR} in ${seconds(t0).toFixed(1)} s; provinces ${provinces.rows.map((p) => `${p.code} (${fmt(Number(p.persons))})`).join(', ')}`,
  )
  return provinces.rows.map((p) => p.code)
}

async function run(
  url: string,
  persons: number,
  workers: number,
  chunkSize: number,
  reuse: string | undefined,
): Promise<void> {
  const d = reuse ? await schemaFor(url, undefined, reuse) : await freshDatabase('postgres', url)
  const dir = mkdtempSync(join(tmpdir(), 'xueshi-bench-recompute-'))
  try {
    if (!reuse) await load(d, persons)
    const provinces = reuse ? await tamper(d) : ['320000']
    const all = { done: 0, changed: 0, lines: 0, seconds: 0, engineMs: 0, workerMs: 0, readMs: 0, writeMs: 0 }
    for (const regionCode of provinces) {
      const report = join(dir, `report-${regionCode}.jsonl`)
      const before = loadAverage()
      const t1 = process.hrtime.bigint()
      let shown = 0
      const outcome = await recompute(d.db, {
        year: YEAR,
        regionCode,
        workers,
        chunkSize,
        reportPath: report,
        onProgress: (p) => {
          if (p.elapsedMs - shown > 15_000) {
            shown = p.elapsedMs
            console.log(
              `  … ${fmt(p.done)}/${fmt(p.total)} (${fmt((p.done * 1000) / p.elapsedMs)} persons/s)`,
            )
          }
        },
      })
      const s = seconds(t1)
      const lines = readFileSync(report, 'utf8').split('\n').filter(Boolean).length
      console.log(
        `recompute ${YEAR} of ${regionCode}, ${fmt(outcome.done)} persons with ${workers} workers (chunks of ${fmt(chunkSize)}): ${s.toFixed(1)} s, ${fmt(outcome.done / s)} persons/s; ${fmt(outcome.changed)} changed (${fmt(lines)} report lines); load average before ${before}, after ${loadAverage()}`,
      )
      all.done += outcome.done
      all.changed += outcome.changed
      all.lines += lines
      all.seconds += s
      all.engineMs += outcome.engineMs
      all.workerMs += outcome.workerMs
      all.readMs += outcome.readMs
      all.writeMs += outcome.writeMs
    }
    const wall = workers * all.seconds * 1000
    console.log(
      `in all: ${fmt(all.done)} persons in ${all.seconds.toFixed(1)} s = ${fmt(all.done / all.seconds)} persons/s; ${fmt(all.changed)} changed (${fmt(all.lines)} report lines)`,
    )
    console.log(
      `  engine (evaluate) ${(all.engineMs / 1000).toFixed(1)} s over the workers = ${((100 * all.engineMs) / wall).toFixed(0)} % of ${workers} × wall time; workers busy (JSON parse + engine + compare) ${(all.workerMs / 1000).toFixed(1)} s = ${((100 * all.workerMs) / wall).toFixed(0)} %`,
    )
    console.log(
      `  main thread: reading chunks ${(all.readMs / 1000).toFixed(1)} s, writing (merge, summaries, roll, report) ${(all.writeMs / 1000).toFixed(1)} s`,
    )
    if (!reuse) {
      const again = process.hrtime.bigint()
      const second = await recompute(d.db, { year: YEAR, regionCode: '320000', workers, chunkSize })
      console.log(`second pass: ${second.changed} changed, ${seconds(again).toFixed(1)} s`)
    }
  } finally {
    if (reuse) await d.close()
    else await (d as Database & { drop(): Promise<void> }).drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

const { values } = parseArgs({
  options: {
    postgres: { type: 'string' },
    persons: { type: 'string' },
    workers: { type: 'string' },
    chunk: { type: 'string' },
    'reuse-schema': { type: 'string' },
  },
})
if (!values.postgres) {
  console.error(
    'usage: node --import tsx bench/recompute.ts --postgres <url> [--persons N | --reuse-schema name] [--workers N] [--chunk N]',
  )
  process.exit(2)
}
await run(
  values.postgres,
  Number(values.persons ?? 100_000),
  Number(values.workers ?? 2),
  Number(values.chunk ?? 2000),
  values['reuse-schema'],
)
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
)
