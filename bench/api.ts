// The API under load: the real server (buildApp, listening on 127.0.0.1) over the demo scaled to 100,000
// persons in a fresh PostgreSQL schema (dropped at the end), with autocannon in the same process. Run with
// `npm run bench:api -- --postgres <url> [--explain]`; record the figures in bench/RESULTS.md.
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { type Insertable, type Kysely, sql } from 'kysely'
import { personYearRow } from '../src/db/ledger.js'
import type { DB, LedgerEntryTable, PersonTable, PersonYearTable, TitleLevel } from '../src/db/schema.js'
import { maskResidentId } from '../src/domain/mask.js'
import { intBetween as int, pick, type Rand, seededRandom } from '../src/domain/random.js'
import { makeResidentId } from '../src/domain/resident-id.js'
import { buildApp } from '../src/http/app.js'
import type { AppContext } from '../src/http/context.js'
import { evaluate, parseRecords, resolvePolicy } from '../src/policy/index.js'
import { generatedCreditColumns } from '../src/services/credit-keys.js'
import { type DemoLogin, demoRecords, loadDemo } from '../src/services/demo.js'
import { DEMO_CITIES, type DemoCity, GIVEN, SURNAMES } from '../src/services/demo-data.js'
import { personKeyOf, seal } from '../src/services/secrets.js'
import { freshDatabase, TEST_SECRETS } from '../test/database.js'
import { explain } from './explain.js'

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

const pad = (n: number, width = 2) => String(n).padStart(width, '0')
const hex = (rand: Rand, n: number) =>
  Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('')
const uuid = (rand: Rand) =>
  `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-${pick(rand, ['8', '9', 'a', 'b'])}${hex(rand, 3)}-${hex(rand, 12)}`

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
 * The persons to add in each demo city (valid resident ID numbers, keyed and encrypted as the registry
 * does), their current employment, and their 2024–2025 credits with person_year as the engine computes
 * them. The demo employer gets new staff up to STAFF; the others are spread over the city's other
 * employers. `taken` holds the demo's person keys.
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
      const county = pick(rand, city.counties)
      const birth = `${int(rand, 1965, 1998)}${pad(int(rand, 1, 12))}${pad(int(rand, 1, 28))}`
      let seq = int(rand, 0, 999)
      let idNumber = makeResidentId(county, birth, seq)
      let key = personKeyOf(TEST_SECRETS, idNumber)
      while (taken.has(key)) {
        seq = (seq + 1) % 1000
        idNumber = makeResidentId(county, birth, seq)
        key = personKeyOf(TEST_SECRETS, idNumber)
      }
      taken.add(key)
      const series = pick(rand, employer.series)
      rows.persons.push({
        person_key: key,
        id_cipher: seal(TEST_SECRETS, idNumber),
        id_masked: maskResidentId(idNumber),
        name: `${pick(rand, SURNAMES)}${pick(rand, GIVEN)}${rand() < 0.6 ? pick(rand, GIVEN) : ''}`,
        sex: seq % 2 === 1 ? 'male' : 'female',
        birth_date: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
        region_code: county,
        series,
        title_level: pick<TitleLevel>(rand, [
          'junior',
          'intermediate',
          'intermediate',
          'associate_senior',
          'senior',
        ]),
        industry: employer.industry,
      })
      rows.employment.push({
        person_key: key,
        organisation_id: orgIds.get(employer.name) as string,
        relation: 'employee',
        from_date: `${int(rand, 2010, 2022)}-${pad(int(rand, 1, 9))}-01`,
        to_date: null,
      })
      for (const year of YEARS) {
        const policy = resolvePolicy(county, series, year)
        const records = parseRecords(demoRecords(rand, policy.id, year, () => uuid(rand)))
        const e = evaluate(policy, year, records)
        const credits = new Map(e.records.map((c) => [c.id, c]))
        for (const record of records) {
          const credit = credits.get(record.id)
          rows.ledger.push({
            person_key: key,
            id: record.id,
            entry_type: 'credit',
            year,
            record_id: null,
            record: JSON.stringify(record),
            ...generatedCreditColumns(record),
            policy_id: policy.id,
            public: credit?.public ?? 0,
            professional: credit?.professional ?? 0,
            basis: credit?.basis || policy.documentNo,
            source: 'import',
            actor: 'bench',
            actor_organisation_id: null,
          })
        }
        rows.years.push(personYearRow(key, e))
      }
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
  const t2 = process.hrtime.bigint()
  await sql`ANALYZE`.execute(db)
  log(`ANALYZE in ${seconds(t2).toFixed(1)} s`)
  return { employerId, logins }
}

// ----------------------------------------------------------------------------------------- measuring

/** The parts of autocannon's programmatic API used here (it ships no types). */
interface LoadOptions {
  url: string
  connections: number
  duration: number
  headers: Record<string, string>
}
interface LoadResult {
  latency: { p50: number; p99: number; max: number }
  requests: { average: number; total: number }
  non2xx: number
  errors: number
  timeouts: number
  statusCodeStats: Record<string, { count: number }>
}
const autocannon = createRequire(import.meta.url)('autocannon') as (o: LoadOptions) => Promise<LoadResult>

/** Signs in over HTTP; returns the session cookie's value. */
async function signIn(base: string, login: DemoLogin): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: login.username, password: login.password }),
  })
  if (res.status !== 200) throw new Error(`login ${login.username}: ${res.status} ${await res.text()}`)
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] as string)
    .find((c) => c.startsWith('xueshi_session='))
  if (!cookie) throw new Error(`login ${login.username}: no session cookie`)
  return cookie.slice('xueshi_session='.length)
}

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
