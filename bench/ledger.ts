// Ledger bulk inserts, person_year recomputation and compliance lists, on PGlite in memory (always) and
// on PostgreSQL (`--postgres <url>`, in a fresh schema dropped at the end). Run with
// `npm run bench:ledger [-- --postgres <url>] [--explain]`; record the figures in bench/RESULTS.md.
import { createHash } from 'node:crypto'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { type Insertable, type Kysely, sql } from 'kysely'
import { type ComplianceFilter, complianceList } from '../src/db/compliance.js'
import type { Database, DatabaseKind } from '../src/db/connect.js'
import { insertEntries, personYearRow } from '../src/db/ledger.js'
import type { DB, LedgerEntryTable, PersonTable } from '../src/db/schema.js'
import { intBetween as int, pick, type Rand, seededRandom } from '../src/domain/random.js'
import { evaluate, type Policy, parseRecord, resolvePolicy } from '../src/policy/index.js'
import type { ActivityRecord, Evaluation } from '../src/policy/types.js'
import { generatedCreditColumns } from '../src/services/credit-keys.js'
import { freshDatabase } from '../test/database.js'
import { explain } from './explain.js'

const YEAR = 2024
const CITY = '320400' // 常州: every person registered under 3204xx
const CITY_PERSONS = 100_000
const OTHER_PERSONS = 20_000 // 南京 (3201xx), so the city is a part of the table, not all of it
const STAFF = 5_000 // current staff of the one large employer
const FORMER_STAFF = 500 // worked there until 2015 (employment with to_date set), now elsewhere
const SMALL_EMPLOYERS = 950
const BATCH = 1_000 // rows per INSERT statement
/** Dealt at random over all persons. PGlite loads them in seconds, so both databases get the same data. */
const LEDGER_ENTRIES = 200_000
const WARM_UPS = 2
const RUNS = 7

const hex = (rand: Rand, n: number) =>
  Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('')
const uuid = (rand: Rand) =>
  `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-${pick(rand, ['8', '9', 'a', 'b'])}${hex(rand, 3)}-${hex(rand, 12)}`

// ---------------------------------------------------------------------------------------------- data

const CITY_COUNTIES = ['320402', '320404', '320411', '320412', '320413', '320481']
const OTHER_COUNTIES = ['320102', '320104', '320105', '320106', '320111', '320113', '320114', '320115']
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢',
]
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌慧雪琳晨宇浩然欣怡子涵梓轩思源',
]

interface BenchPerson {
  key: string
  name: string
  sex: 'male' | 'female'
  birthDate: string
  region: string
  policy: Policy
}

/** CITY_PERSONS in the city, then OTHER_PERSONS elsewhere in the province; health series, intermediate. */
function makePersons(rand: Rand): BenchPerson[] {
  return Array.from({ length: CITY_PERSONS + OTHER_PERSONS }, (_, n) => {
    const region = pick(rand, n < CITY_PERSONS ? CITY_COUNTIES : OTHER_COUNTIES)
    return {
      key: createHash('sha256').update(`bench-person-${n}`).digest('hex').slice(0, 32),
      name: pick(rand, SURNAMES) + Array.from({ length: int(rand, 1, 2) }, () => pick(rand, GIVEN)).join(''),
      sex: rand() < 0.6 ? 'female' : 'male',
      birthDate: `${int(rand, 1965, 2000)}-${String(int(rand, 1, 12)).padStart(2, '0')}-${String(int(rand, 1, 28)).padStart(2, '0')}`,
      region,
      policy: resolvePolicy(region, 'health', YEAR), // changzhou-2024 in the city, jiangsu-2023 elsewhere
    }
  })
}

/** The professional records health staff register most (in Changzhou all of them count as professional). */
const PROFESSIONAL: ((rand: Rand) => Record<string, unknown>)[] = [
  (r) => ({ kind: 'online_course', subject: 'professional', hours: int(r, 20, 60) }),
  (r) => ({
    kind: 'training',
    subject: 'professional',
    organizer: pick(r, ['hrss', 'industry', 'employer', 'institution']),
    days: int(r, 2, 5),
    hours: int(r, 16, 40),
  }),
  (r) => ({ kind: 'self_study', hours: int(r, 10, 30), archived: true }),
  (r) => ({ kind: 'conference', level: pick(r, ['national', 'provincial']), days: 1, hours: 6 }),
  (r) => ({ kind: 'paper', authorship: pick(r, ['sole', 'first', 'other']) }),
  (r) => ({ kind: 'lecturing', type: pick(r, ['course', 'report']), hours: int(r, 1, 4) }),
]

/** Persons in a random order (Fisher–Yates), so the ones with records are spread over every region. */
function shuffled(rand: Rand, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[order[i], order[j]] = [order[j] as number, order[i] as number]
  }
  return order
}

/**
 * `entries` contract records for persons taken in random order, 2 to 5 each (mostly the public-subject
 * exam and some professional ones), as in the middle of a year: about half the persons have registered
 * nothing yet, and of the others some have reached the 90 hours and some not.
 */
function makeRecords(rand: Rand, persons: number, entries: number): ActivityRecord[][] {
  const records: ActivityRecord[][] = Array.from({ length: persons }, () => [])
  let made = 0
  for (const n of shuffled(rand, persons)) {
    const count = Math.min(int(rand, 2, 5), entries - made)
    for (let k = 0; k < count; k++) {
      const body = {
        id: uuid(rand),
        date: `${YEAR}-${String(int(rand, 1, 12)).padStart(2, '0')}-${String(int(rand, 1, 28)).padStart(2, '0')}`,
        ...(k === 0 && rand() < 0.8 ? { kind: 'public_course_exam' } : pick(rand, PROFESSIONAL)(rand)),
      }
      records[n]?.push(parseRecord(body, ++made))
    }
    if (made === entries) break
  }
  return records
}

const personRow = (p: BenchPerson): Insertable<PersonTable> => ({
  person_key: p.key,
  id_cipher: Buffer.from(p.key, 'hex'), // any bytes: the benchmark never decrypts
  id_masked: '320***********1234',
  name: p.name,
  sex: p.sex,
  birth_date: p.birthDate,
  region_code: p.region,
  series: 'health',
  title_level: 'intermediate',
})

/** A credit per record with the hours and clause the engine gave it in the person's year. */
function ledgerRows(
  p: BenchPerson,
  records: ActivityRecord[],
  e: Evaluation,
): Insertable<LedgerEntryTable>[] {
  const credits = new Map(e.records.map((c) => [c.id, c]))
  return records.map((record) => {
    const credit = credits.get(record.id)
    return {
      person_key: p.key,
      id: record.id,
      entry_type: 'credit',
      year: YEAR,
      record_id: null,
      record: JSON.stringify(record),
      ...generatedCreditColumns(record),
      policy_id: p.policy.id,
      public: credit?.public ?? 0,
      professional: credit?.professional ?? 0,
      basis: credit?.basis || p.policy.documentNo,
      source: 'import',
      actor: 'bench',
      actor_organisation_id: null,
    }
  })
}

// ------------------------------------------------------------------------------------------- loading

type BenchDatabase = Database & { drop(): Promise<void> }

/** A migrated database in a schema of its own, dropped again by `drop()`. */
const openDatabase = (kind: DatabaseKind, url: string | undefined): Promise<BenchDatabase> =>
  freshDatabase(kind, url)

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9
const fmt = (n: number) => Math.round(n).toLocaleString('en')

/** Writes rows BATCH at a time, one statement after the other; returns the seconds it took. */
async function insertBatched<T>(
  rows: readonly T[],
  write: (batch: T[]) => Promise<unknown>,
): Promise<number> {
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH))
  return seconds(t0)
}

/** One large hospital (the employer measured) and SMALL_EMPLOYERS others; returns their ids. */
async function loadEmployers(rand: Rand, db: Kysely<DB>): Promise<string[]> {
  const rows = Array.from({ length: SMALL_EMPLOYERS + 1 }, (_, i) => ({
    kind: 'employer' as const,
    name: i === 0 ? '常州市第一人民医院' : `常州市第${i}社区卫生服务中心`,
    uscc: `91320400MA${String(i).padStart(7, '0')}X`,
    region_code: i === 0 ? '320402' : pick(rand, CITY_COUNTIES),
    industry: 'health',
  }))
  const ids: string[] = []
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = await db
      .insertInto('organisation')
      .values(rows.slice(i, i + BATCH))
      .returning('id')
      .execute()
    ids.push(...batch.map((r) => r.id))
  }
  return ids
}

/** Current employment for every city person (the first STAFF at employers[0]), plus former staff. */
function employmentRows(rand: Rand, persons: BenchPerson[], employers: string[]) {
  const current = persons.slice(0, CITY_PERSONS).map((p, n) => ({
    person_key: p.key,
    organisation_id: n < STAFF ? (employers[0] as string) : pick(rand, employers.slice(1)),
    relation: 'employee' as const,
    from_date: '2015-09-01',
    to_date: null,
  }))
  const former = persons.slice(STAFF, STAFF + FORMER_STAFF).map((p) => ({
    person_key: p.key,
    organisation_id: employers[0] as string,
    relation: 'employee' as const,
    from_date: '2010-09-01',
    to_date: '2015-08-31',
  }))
  return [...current, ...former]
}

// ----------------------------------------------------------------------------------------- measuring

interface Timing {
  median: number
  max: number
  matching: number
}

/** Median and max of RUNS runs after WARM_UPS, in ms. */
async function timeQuery(db: Kysely<DB>, filter: ComplianceFilter): Promise<Timing> {
  for (let i = 0; i < WARM_UPS; i++) await complianceList(db, filter)
  const times: number[] = []
  let matching = 0
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint()
    matching = (await complianceList(db, filter)).total
    times.push(seconds(t0) * 1000)
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)] as number, max: times.at(-1) as number, matching }
}

interface Load {
  employerId: string
  personRate: number
  entries: number
  entryRate: number
  personYears: number
  recomputeRate: number
}

/** Employers, persons and employment, then the ledger and person_year as the engine computes them. */
async function load(db: Kysely<DB>, rand: Rand, persons: BenchPerson[], records: ActivityRecord[][]) {
  const log = (line: string) => console.log(`  ${line}`)
  const employers = await loadEmployers(rand, db)
  const personSeconds = await insertBatched(persons.map(personRow), (b) =>
    db.insertInto('person').values(b).execute(),
  )
  log(
    `${fmt(persons.length)} persons in ${personSeconds.toFixed(1)} s (${fmt(persons.length / personSeconds)} rows/s)`,
  )
  await insertBatched(employmentRows(rand, persons, employers), (b) =>
    db.insertInto('employment').values(b).execute(),
  )

  // The engine over each person's records: the credits for the ledger and the year for person_year.
  const t0 = process.hrtime.bigint()
  const evaluated = persons.flatMap((p, n) => {
    const rs = records[n] ?? []
    return rs.length > 0 ? [{ p, rs, e: evaluate(p.policy, YEAR, rs) }] : []
  })
  const engineSeconds = seconds(t0)

  const entries = evaluated.flatMap(({ p, rs, e }) => ledgerRows(p, rs, e))
  const entrySeconds = await insertBatched(entries, (b) => insertEntries(db, b))
  log(
    `${fmt(entries.length)} ledger entries in ${entrySeconds.toFixed(1)} s (${fmt(entries.length / entrySeconds)} rows/s)`,
  )

  const yearSeconds = await insertBatched(
    evaluated.map(({ p, e }) => personYearRow(p.key, e)),
    (b) => db.insertInto('person_year').values(b).execute(),
  )
  const compliant = evaluated.filter(({ e }) => e.compliant).length
  const recomputeRate = evaluated.length / (engineSeconds + yearSeconds)
  log(
    `person_year: ${fmt(evaluated.length)} person-years (${fmt(compliant)} compliant), engine ${engineSeconds.toFixed(1)} s + insert ${yearSeconds.toFixed(1)} s (${fmt(recomputeRate)} person-years/s; engine alone ${fmt(evaluated.length / engineSeconds)})`,
  )
  return {
    employerId: employers[0] as string,
    personRate: persons.length / personSeconds,
    entries: entries.length,
    entryRate: entries.length / entrySeconds,
    personYears: evaluated.length,
    recomputeRate,
  } satisfies Load
}

/** Page 1 (50 rows) of the employer's and the city's lists, all and not compliant only. */
async function queryLists(db: Kysely<DB>, employerId: string, showPlans: boolean) {
  const page = { year: YEAR, page: 1, pageSize: 50 }
  const filters: [string, ComplianceFilter][] = [
    [`employer (${fmt(STAFF)} staff)`, { ...page, organisationId: employerId }],
    ['employer, not compliant', { ...page, organisationId: employerId, compliant: false }],
    [`city ${CITY} (${fmt(CITY_PERSONS)} persons)`, { ...page, regionCode: CITY }],
    ['city, not compliant', { ...page, regionCode: CITY, compliant: false }],
  ]
  const queries: [string, Timing][] = []
  for (const [label, filter] of filters) {
    const t = await timeQuery(db, filter)
    queries.push([label, t])
    console.log(
      `  ${label}: page 1 of ${fmt(t.matching)}, median ${t.median.toFixed(1)} ms, max ${t.max.toFixed(1)} ms (${RUNS} runs)`,
    )
    if (showPlans) console.log(await explain(db, filter))
  }
  return queries
}

interface Result extends Load {
  kind: DatabaseKind
  persons: number
  queries: [string, Timing][]
}

async function measure(kind: DatabaseKind, url: string | undefined, showPlans: boolean): Promise<Result> {
  console.log(`${kind}:`)
  const rand = seededRandom(20261124)
  const persons = makePersons(rand)
  const records = makeRecords(rand, persons.length, LEDGER_ENTRIES)
  const d = await openDatabase(kind, url)
  try {
    const loaded = await load(d.db, rand, persons, records)
    await sql`ANALYZE`.execute(d.db)
    const queries = await queryLists(d.db, loaded.employerId, showPlans)
    return { kind, persons: persons.length, ...loaded, queries }
  } finally {
    await d.drop()
  }
}

// ------------------------------------------------------------------------------------------ printing

function printSummary(results: Result[]): void {
  const ms = (t: Timing) => `${t.median.toFixed(1)} / ${t.max.toFixed(1)} ms`
  const lines: string[][] = [
    ['', ...results.map((r) => r.kind)],
    ['persons inserted (rows/s)', ...results.map((r) => `${fmt(r.persons)} (${fmt(r.personRate)})`)],
    ['ledger entries inserted (rows/s)', ...results.map((r) => `${fmt(r.entries)} (${fmt(r.entryRate)})`)],
    ['ledger entries per person', ...results.map((r) => (r.entries / r.persons).toFixed(2))],
    [
      'person_year recomputed (person-years/s)',
      ...results.map((r) => `${fmt(r.personYears)} (${fmt(r.recomputeRate)})`),
    ],
    ...(results[0]?.queries ?? []).map(([label], i) => [
      `${label}, median / max`,
      ...results.map((r) => ms((r.queries[i] as [string, Timing])[1])),
    ]),
  ]
  const widths = lines[0]?.map((_, c) => Math.max(...lines.map((l) => (l[c] ?? '').length))) ?? []
  console.log('')
  for (const l of lines) console.log(l.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | '))
}

const { values } = parseArgs({ options: { postgres: { type: 'string' }, explain: { type: 'boolean' } } })
const results = [await measure('pglite', undefined, values.explain === true)]
if (values.postgres) results.push(await measure('postgres', values.postgres, values.explain === true))
printSummary(results)
console.log(
  `\nmachine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
)
