// Statistics and compliance pages at province scale: the demo grown to --persons persons (default
// 1,000,000; ~7.5 ledger credits each over 2024–2025) in a PostgreSQL schema, written with COPY, then
// every compliance page at every level and the statistics views measured through the real server
// (buildApp on 127.0.0.1, signed-in sessions): 20 sequential requests, then 50 concurrent clients for
// 10 s. Run with
//   node --import tsx bench/stats.ts --postgres <url> [--persons N] [--keep-schema name] [--reuse-schema name]
// --keep-schema leaves the generated schema in the database; --reuse-schema measures a kept one without
// generating again; --only measures the pages whose label contains the text, --sequential-only skips the
// concurrent clients. Record the figures in bench/RESULTS.md.
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { type Kysely, sql } from 'kysely'
import type pg from 'pg'
import type { CopyRows } from '../src/db/bulk.js'
import { openRollYear } from '../src/db/compliance-roll.js'
import type { Database } from '../src/db/connect.js'
import type { DB } from '../src/db/schema.js'
import { rebuildSummaries } from '../src/db/summary-rebuild.js'
import { pick, type Rand, seededRandom } from '../src/domain/random.js'
import { makeUscc } from '../src/domain/uscc.js'
import { buildApp } from '../src/http/app.js'
import type { AppContext } from '../src/http/context.js'
import { transact } from '../src/services/audit.js'
import { type DemoLogin, loadDemo } from '../src/services/demo.js'
import { DEMO_CITIES, type DemoCity } from '../src/services/demo-data.js'
import { hashPassword } from '../src/services/passwords.js'
import { personKeyOf } from '../src/services/secrets.js'
import { TEST_SECRETS } from '../test/database.js'
import { autocannon, signIn } from './load.js'
import { type Employer, type PersonRows, personRows } from './population.js'
import { type Schema, schemaFor } from './schema.js'

const YEARS = [2024, 2025]
const YEAR = 2024 // the year the pages show
const EMPLOYER = '常州天宁精密机械有限公司' // the demo employer (demo-employer signs in for it)
const STAFF = 5_000 // its current staff, the demo's own included
const PROVINCE_HR = '江苏省人力资源和社会保障厅'
const PROVINCE_LOGIN = 'bench-province-hr'
const CHUNK = 10_000 // persons generated, then copied, at a time
const SEQUENTIAL = 20
/** The sequential phase stops early after this long (at least 3 requests): the slowest pages take seconds each. */
const SEQUENTIAL_BUDGET_MS = 60_000
const CONNECTIONS = 50
const SECONDS = 10
const DEADLINE_MS = 150 * 60 * 1000

/** Where the persons live: the demo's three cities and three more cities of Jiangsu (the province page). */
interface CityPlan {
  code: string
  name: string
  counties: string[]
  /** Share of all persons. */
  share: number
  /** Employers generated in the city besides the demo's (sizes fall off as 1/rank). */
  generated: number
}
const demoCity = (code: string) => DEMO_CITIES.find((c) => c.code === code) as DemoCity
const CITIES: CityPlan[] = [
  { ...demoCity('320400'), share: 0.62, generated: 150 },
  {
    code: '320100',
    name: '南京市',
    counties: ['320102', '320104', '320105', '320106', '320111', '320113'],
    share: 0.06,
    generated: 60,
  },
  {
    code: '320500',
    name: '苏州市',
    counties: ['320505', '320506', '320507', '320508', '320509'],
    share: 0.06,
    generated: 60,
  },
  {
    code: '320200',
    name: '无锡市',
    counties: ['320205', '320206', '320211', '320213', '320214'],
    share: 0.06,
    generated: 60,
  },
  { ...demoCity('370200'), share: 0.12, generated: 80 },
  { ...demoCity('360100'), share: 0.08, generated: 60 },
]
/** The industries of generated employers and the series their staff hold titles in. */
const INDUSTRIES = [
  { industry: '建筑', series: ['engineering', 'accounting'] },
  { industry: '机械', series: ['engineering', 'economics'] },
  { industry: '电子', series: ['engineering', 'economics'] },
  { industry: '卫生', series: ['health'] },
  { industry: '教育', series: ['education'] },
  { industry: '商务服务', series: ['accounting', 'economics'] },
]

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9
const fmt = (n: number) => Math.round(n).toLocaleString('en')
const log = (line: string) => console.log(`  ${line}`)

// ---------------------------------------------------------------------------------------------- data

/** Picks among `employers` with weight 1/rank, so a few are large and most are small. */
function zipf(employers: Employer[]): (rand: Rand) => Employer {
  const cumulative: number[] = []
  let sum = 0
  for (let i = 0; i < employers.length; i++) {
    sum += 1 / (i + 1)
    cumulative.push(sum)
  }
  return (rand) => {
    const x = rand() * sum
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cumulative[mid] as number) < x) lo = mid + 1
      else hi = mid
    }
    return employers[lo] as Employer
  }
}

/** The city's generated employers, added as organisations. */
async function addEmployers(db: Kysely<DB>, city: CityPlan): Promise<Employer[]> {
  const rows = Array.from({ length: city.generated }, (_, i) => {
    const kind = INDUSTRIES[i % INDUSTRIES.length] as (typeof INDUSTRIES)[number]
    const county = city.counties[i % city.counties.length] as string
    return {
      kind: 'employer' as const,
      name: `${city.name}${kind.industry}压测单位${i + 1}号`,
      uscc: makeUscc(`91${county}MB${String(i + 1).padStart(3, '0')}BNCH`),
      region_code: county,
      industry: kind.industry,
      registered_by: 'bench',
    }
  })
  const ids = await db.insertInto('organisation').values(rows).returning('id').execute()
  return ids.map((r, i) => ({
    id: r.id,
    industry: rows[i]?.industry as string,
    series: INDUSTRIES[i % INDUSTRIES.length]?.series as string[],
  }))
}

const PERSON = [
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
const EMPLOYMENT = ['person_key', 'organisation_id', 'relation', 'from_date', 'to_date']
const LEDGER = [
  'person_key',
  'id',
  'entry_type',
  'year',
  'record_id',
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
  'actor_organisation_id',
]
const PERSON_YEAR = [
  'person_key',
  'year',
  'policy_id',
  'public',
  'professional',
  'total',
  'year_complete',
  'compliant',
]

/** A row's columns in order; bytea in COPY's hex form. */
const line = (row: object, columns: string[]) =>
  columns.map((c) => {
    const v = (row as Record<string, unknown>)[c]
    return v instanceof Uint8Array ? `\\x${Buffer.from(v).toString('hex')}` : v
  })

/** One chunk of persons in one transaction, each table with COPY. */
async function copyChunk(d: Database, chunk: PersonRows[]): Promise<number> {
  return d.bulk(async (_trx, copy: CopyRows) => {
    await copy(
      'person',
      PERSON,
      chunk.map((r) => line(r.person, PERSON)),
    )
    await copy(
      'employment',
      EMPLOYMENT,
      chunk.map((r) => line(r.employment, EMPLOYMENT)),
    )
    const ledger = await copy(
      'ledger_entry',
      LEDGER,
      chunk.flatMap((r) => r.ledger.map((l) => line(l, LEDGER))),
    )
    await copy(
      'person_year',
      PERSON_YEAR,
      chunk.flatMap((r) => r.years.map((y) => line(y, PERSON_YEAR))),
    )
    return ledger
  })
}

/** The demo, generated employers, then persons up to `total`; logs where the time went. */
async function generate(d: Database, total: number, dataDir: string): Promise<void> {
  const t0 = process.hrtime.bigint()
  await loadDemo(d.db, TEST_SECRETS, dataDir)
  log(`demo loaded in ${seconds(t0).toFixed(1)} s`)
  const orgs = await d.db.selectFrom('organisation').select(['id', 'name', 'industry']).execute()
  const orgIds = new Map(orgs.map((o) => [o.name, o.id]))
  const taken = new Set(
    (await d.db.selectFrom('person').select('person_key').execute()).map((r) => r.person_key),
  )
  const { staff } = await d.db
    .selectFrom('employment')
    .select((eb) => eb.fn.countAll<string>().as('staff'))
    .where('organisation_id', '=', orgIds.get(EMPLOYER) as string)
    .where('to_date', 'is', null)
    .executeTakeFirstOrThrow()
  let toEmployer = STAFF - Number(staff)

  const rand = seededRandom(20261202)
  let chunk: PersonRows[] = []
  let persons = 0
  let ledger = 0
  let building = 0
  let copying = 0
  const flush = async () => {
    const t = process.hrtime.bigint()
    ledger += await copyChunk(d, chunk)
    copying += seconds(t)
    persons += chunk.length
    chunk = []
    if (persons % 100_000 < CHUNK)
      log(
        `${fmt(persons)} persons, ${fmt(ledger)} ledger entries after ${seconds(t0).toFixed(0)} s (load ${loadavg()[0]?.toFixed(1)})`,
      )
  }
  for (const city of CITIES) {
    const demo = DEMO_CITIES.find((c) => c.code === city.code)
    const demoEmployers: Employer[] = (demo?.employers ?? []).map((e) => ({
      ...e,
      id: orgIds.get(e.name) as string,
    }))
    const others = zipf(await addEmployers(d.db, city))
    const employerOf = (): Employer => {
      if (city.code === '320400' && toEmployer-- > 0) return demoEmployers[0] as Employer
      const own = city.code === '320400' ? demoEmployers.slice(1) : demoEmployers
      return own.length > 0 && rand() < 0.4 ? pick(rand, own) : others(rand)
    }
    const count = Math.round(city.share * total) - (demo?.persons ?? 0)
    for (let n = 0; n < count; n++) {
      const t = process.hrtime.bigint()
      chunk.push(personRows(rand, TEST_SECRETS, employerOf(), city.counties, YEARS, taken))
      building += seconds(t)
      if (chunk.length === CHUNK) await flush()
    }
  }
  if (chunk.length > 0) await flush()
  const t1 = process.hrtime.bigint()
  await sql`VACUUM ANALYZE person, employment, ledger_entry, person_year`.execute(d.db)
  const vacuum = seconds(t1)
  log(
    `generated ${fmt(persons)} persons and ${fmt(ledger)} ledger entries in ${seconds(t0).toFixed(0)} s: ` +
      `building rows (engine, keys, encryption) ${building.toFixed(0)} s, COPY ${copying.toFixed(0)} s ` +
      `(${fmt(persons / copying)} persons/s, ${fmt(ledger / copying)} ledger entries/s), VACUUM ANALYZE ${vacuum.toFixed(0)} s`,
  )
}

/** A province HR login for Jiangsu's department (the demo signs in only at city level). */
async function provinceLogin(
  db: Kysely<DB>,
  password: string,
): Promise<{ username: string; password: string }> {
  const org = await db
    .selectFrom('organisation')
    .select('id')
    .where('name', '=', PROVINCE_HR)
    .executeTakeFirstOrThrow()
  const exists = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', PROVINCE_LOGIN)
    .executeTakeFirst()
  if (!exists)
    await db
      .insertInto('app_user')
      .values({
        username: PROVINCE_LOGIN,
        role: 'hr_department',
        organisation_id: org.id,
        person_key: null,
        password_hash: await hashPassword(password),
        is_admin: true,
        locked_until: null,
        totp_secret_cipher: null,
        display_name: null,
      })
      .execute()
  return { username: PROVINCE_LOGIN, password }
}

// ----------------------------------------------------------------------------------------- measuring

interface Target {
  label: string
  path: string
  session: string
}
interface Figures {
  label: string
  scope: string
  seqN: number
  seqP50: number
  seqP99: number
  p50: string
  p99: string
  rps: number
  failed: string
  load: string
}

/** Nearest-rank percentile of sorted milliseconds (p99 of 20 is the slowest). */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number

/** What a response covers: a list's or summary's total, an overview's persons, a person's hours. */
function scopeOf(body: Record<string, unknown>): string {
  if (typeof body.total === 'number') return `${fmt(body.total)} persons`
  const evaluation = body.evaluation as { totals?: { total: number } } | undefined
  if (evaluation?.totals) return `${evaluation.totals.total} h`
  return '-'
}

/** SEQUENTIAL requests one after the other, then CONNECTIONS clients for SECONDS. */
async function measure(base: string, t: Target, pool: pg.Pool, sequentialOnly: boolean): Promise<Figures> {
  if (!(await drained(pool))) log('the previous load run still had work in flight after 90 s')
  const headers = { cookie: `xueshi_session=${t.session}` }
  const load0 = loadavg()[0] as number
  const times: number[] = []
  let scope = '-'
  const until = Date.now() + SEQUENTIAL_BUDGET_MS
  for (let i = 0; i < SEQUENTIAL && (i < 3 || Date.now() < until); i++) {
    const t0 = process.hrtime.bigint()
    const res = await fetch(`${base}${t.path}`, { headers })
    const body = (await res.json()) as Record<string, unknown>
    times.push(seconds(t0) * 1000)
    if (res.status !== 200) throw new Error(`${t.label} ${t.path}: ${res.status} ${JSON.stringify(body)}`)
    if (i === 0) scope = scopeOf(body)
  }
  times.sort((a, b) => a - b)
  const r = sequentialOnly
    ? undefined
    : await autocannon({ url: `${base}${t.path}`, connections: CONNECTIONS, duration: SECONDS, headers })
  const f: Figures = {
    label: t.label,
    scope,
    seqN: times.length,
    seqP50: percentile(times, 0.5),
    seqP99: percentile(times, 0.99),
    p50: !r ? 'not run' : r.requests.total > 0 ? String(r.latency.p50) : 'all timed out',
    p99: !r ? 'not run' : r.requests.total > 0 ? String(r.latency.p99) : 'all timed out',
    rps: r?.requests.average ?? 0,
    failed: r ? `${r.non2xx}/${r.errors}/${r.timeouts}` : '-',
    load: `${load0.toFixed(1)}→${loadavg()[0]?.toFixed(1)}`,
  }
  console.log(
    `${f.label} (${f.scope}): ${f.seqN} sequential p50 ${f.seqP50.toFixed(1)} ms, p99 ${f.seqP99.toFixed(1)} ms; ` +
      `${CONNECTIONS} clients p50 ${f.p50} ms, p99 ${f.p99} ms, ${f.rps.toFixed(1)} req/s, non-2xx/errors/timeouts ${f.failed}; load ${f.load}`,
  )
  return f
}

function table(rows: Figures[]): string {
  const head = [
    'page',
    'scope',
    'seq p50 ms',
    'seq p99 ms',
    `${CONNECTIONS}c p50 ms`,
    `${CONNECTIONS}c p99 ms`,
    'req/s',
    'non2xx/err/timeout',
    'load 1 min',
  ]
  const body = rows.map((f) => [
    f.label,
    f.scope,
    f.seqP50.toFixed(1),
    f.seqP99.toFixed(1),
    String(f.p50),
    String(f.p99),
    f.rps.toFixed(1),
    f.failed,
    f.load,
  ])
  return [head, head.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
}

/** Measures the pages whose label contains one of `only`'s comma-separated parts (all without it). */
async function pages(d: Schema, dataDir: string, o: Options): Promise<Figures[]> {
  const { logins } = await loadDemo(d.db, TEST_SECRETS, dataDir)
  const login = (role: DemoLogin['role']) => logins.find((l) => l.role === role) as DemoLogin
  const province = await provinceLogin(d.db, login('hr_department').password)
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
    const s = {
      person: await signIn(base, login('person')),
      employer: await signIn(base, login('employer')),
      agency: await signIn(base, login('agency')),
      authority: await signIn(base, login('authority')),
      city: await signIn(base, login('hr_department')),
      province: await signIn(base, province),
    }
    const personKey = personKeyOf(TEST_SECRETS, login('person').idNumber as string)
    const list = `/api/compliance?year=${YEAR}&page=1&pageSize=50`
    const summary = `/api/compliance/summary?year=${YEAR}`
    const overview = `/api/compliance/overview?year=${YEAR}`
    const district = '320412' // 武进区, in Changzhou
    const targets: Target[] = [
      { label: 'person: own year', path: `/api/persons/${personKey}/years/${YEAR}`, session: s.person },
      { label: 'employer (5,000 staff): list', path: list, session: s.employer },
      { label: 'employer: list, not compliant', path: `${list}&compliant=false`, session: s.employer },
      { label: 'agency (file holders): list', path: list, session: s.agency },
      { label: 'authority (Changzhou, 建筑): list', path: list, session: s.authority },
      { label: 'authority: overview', path: overview, session: s.authority },
      { label: 'city HR (Changzhou): list', path: list, session: s.city },
      { label: 'city HR: summary', path: summary, session: s.city },
      { label: 'city HR: overview', path: overview, session: s.city },
      { label: 'city HR → district 320412: list', path: `${list}&regionCode=${district}`, session: s.city },
      {
        label: 'city HR → district 320412: overview',
        path: `${overview}&regionCode=${district}`,
        session: s.city,
      },
      { label: 'province HR (Jiangsu): list', path: list, session: s.province },
      { label: 'province HR: overview', path: overview, session: s.province },
    ]
    // A later page of the lists the server walks from a cursor (the roll): the first page's `next`.
    const nextOf = async (session: string) => {
      const res = await fetch(`${base}${list}`, { headers: { cookie: `xueshi_session=${session}` } })
      return ((await res.json()) as { next?: string | null }).next
    }
    for (const [label, session] of [
      ['city HR (Changzhou)', s.city],
      ['province HR (Jiangsu)', s.province],
      ['authority (Changzhou, 建筑)', s.authority],
    ] as const) {
      const next = await nextOf(session)
      if (next) targets.push({ label: `${label}: list, next page`, path: `${list}&after=${next}`, session })
      else log(`${label}: the list is not walked from a cursor in this build`)
    }
    targets.push({
      label: 'city HR (Changzhou): list, not compliant',
      path: `${list}&compliant=false`,
      session: s.city,
    })
    const statistics = `/api/statistics?year=${YEAR}&by=region`
    const probe = await fetch(`${base}${statistics}`, { headers: { cookie: `xueshi_session=${s.city}` } })
    if (probe.status === 200)
      targets.push(
        {
          label: 'authority: statistics',
          path: `/api/statistics?year=${YEAR}&by=industry`,
          session: s.authority,
        },
        { label: 'city HR: statistics', path: statistics, session: s.city },
        {
          label: 'city HR: statistics by employer',
          path: `/api/statistics?year=${YEAR}&by=employer`,
          session: s.city,
        },
        { label: 'province HR: statistics', path: statistics, session: s.province },
      )
    else log(`GET /api/statistics answers ${probe.status}: not in this build, not measured`)
    console.log(`\n${base}: ${SEQUENTIAL} sequential requests, then ${CONNECTIONS} clients for ${SECONDS} s:`)
    const figures: Figures[] = []
    for (const t of targets)
      if (!o.only || o.only.split(',').some((part) => t.label.includes(part)))
        figures.push(await measure(base, t, d.pool, o.sequentialOnly))
    return figures
  } finally {
    await app.close()
  }
}

// ---------------------------------------------------------------------------------------------- main

/** Waits until no database work is left from the requests a load run left in flight (at most 90 s). */
async function drained(pool: pg.Pool): Promise<boolean> {
  const until = Date.now() + 90_000
  let quiet = 0
  while (quiet < 5 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100))
    quiet = pool.waitingCount === 0 && pool.idleCount === pool.totalCount ? quiet + 1 : 0
  }
  return quiet >= 5
}

/** The summaries (migration 0029) over what COPY wrote: COPY bypasses the services that keep them current. */
async function buildSummaries(d: Schema): Promise<void> {
  const t = process.hrtime.bigint()
  await transact(d.db, (trx) => rebuildSummaries(trx))
  await sql`ANALYZE summary_population, summary_year`.execute(d.db)
  log(`summaries rebuilt in ${seconds(t).toFixed(1)} s`)
}

/** The compliance roll (migration 0033) of the year the pages show, as the server opens it in the background. */
async function openRoll(d: Schema): Promise<void> {
  const t = process.hrtime.bigint()
  await openRollYear(d.db, YEAR)
  await sql`ANALYZE compliance_roll`.execute(d.db)
  log(`compliance roll of ${YEAR} opened in ${seconds(t).toFixed(1)} s`)
}

interface Options {
  only?: string
  /** Skip the concurrent clients (the sequential requests only). */
  sequentialOnly: boolean
}

async function run(url: string, total: number, o: Options, keep?: string, reuse?: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xueshi-bench-stats-'))
  const d = await schemaFor(url, keep, reuse)
  try {
    if (reuse) log(`reusing schema ${reuse}`)
    else {
      console.log(`generating ${fmt(total)} persons in schema ${d.schema}:`)
      await generate(d, total, dataDir)
    }
    await buildSummaries(d)
    await openRoll(d)
    const counts = await sql<{ persons: string; ledger: string; employers: string }>`
      SELECT (SELECT count(*) FROM person) AS persons, (SELECT count(*) FROM ledger_entry) AS ledger,
             (SELECT count(*) FROM organisation WHERE kind = 'employer') AS employers`.execute(d.db)
    const c = counts.rows[0]
    log(
      `${fmt(Number(c?.persons))} persons, ${fmt(Number(c?.ledger))} ledger entries, ${fmt(Number(c?.employers))} employers`,
    )
    const sizes = await sql<{ staff: string }>`
      SELECT count(*) AS staff FROM employment WHERE to_date IS NULL GROUP BY organisation_id ORDER BY 1`.execute(
      d.db,
    )
    const staff = sizes.rows.map((r) => Number(r.staff))
    log(
      `staff per employer: smallest ${fmt(staff[0] ?? 0)}, median ${fmt(staff[staff.length >> 1] ?? 0)}, largest ${fmt(staff.at(-1) ?? 0)}`,
    )
    const figures = await pages(d, dataDir, o)
    console.log(`\n${table(figures)}`)
  } finally {
    if (keep || reuse) {
      log(`schema ${d.schema} kept`)
      await d.close()
    } else {
      await sql.raw(`DROP SCHEMA ${d.schema} CASCADE`).execute(d.db)
      await d.close()
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const { values } = parseArgs({
  options: {
    postgres: { type: 'string' },
    persons: { type: 'string' },
    'keep-schema': { type: 'string' },
    'reuse-schema': { type: 'string' },
    only: { type: 'string' },
    'sequential-only': { type: 'boolean' },
  },
})
const total = Number(values.persons ?? 1_000_000)
if (!values.postgres || !Number.isInteger(total) || total < 1_000) {
  console.error(
    'usage: node --import tsx bench/stats.ts --postgres <url> [--persons N] [--keep-schema name] [--reuse-schema name] [--only label-part] [--sequential-only]',
  )
  process.exit(2)
}
const deadline = setTimeout(() => {
  console.error(`bench/stats.ts: still running after ${DEADLINE_MS / 60_000} min, giving up`)
  process.exit(1)
}, DEADLINE_MS)
deadline.unref()
const t0 = process.hrtime.bigint()
await run(
  values.postgres,
  total,
  { only: values.only, sequentialOnly: values['sequential-only'] === true },
  values['keep-schema'],
  values['reuse-schema'],
)
console.log(
  `\nmachine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; whole run ${seconds(t0).toFixed(0)} s`,
)
