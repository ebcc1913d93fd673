// Institution oversight at province scale: a province's continuing-education institutions with a year of
// published projects, rosters (late ones, corrected ones, returned ones), their roster lines and credits
// (some revoked or reversed by a correction), trainees' ratings, and recommended-directory and base
// designations, generated in SQL (deterministic: every id and choice is an md5 of the row's number, no
// random source), in a fresh PostgreSQL schema dropped at the end. Measured through the services:
// indicatorsOf over all the province's institutions, openRound and freezeRound (which freezes them all), the public
// directory (first page, a filtered page) and the HR 机构监管 list. Run with
//   npm run bench:oversight -- --postgres <url> [--projects N] [--runs R] [--keep-schema name] [--reuse-schema name]
// Record the figures in bench/RESULTS.md.
import { cpus, loadavg, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { countRows } from '../src/db/count.js'
import type { Principal } from '../src/services/accounts.js'
import { listInstitutions } from '../src/services/directory.js'
import { freezeRound, openRound } from '../src/services/evaluation-rounds.js'
import { indicatorsOf } from '../src/services/institution-indicators.js'
import { listOverseenInstitutions } from '../src/services/institution-oversight.js'
import { type Schema, schemaFor } from './schema.js'

const YEAR = 2025
const PROVINCE = '320000' // 江苏
const INSTITUTIONS = 1_500
const OTHER_INSTITUTIONS = 300 // in 江西 (360000): outside the province's scope
const PERSONS = 250_000
const MAX_LINES = 66 // lines per project: 1..66, ~33.5 on average
const DESIGNATED = 600 // institutions 1..600 listed (500 recommended, 100 bases)
const CATEGORIES = ['建筑工程', '机械制造', '电子信息', '卫生健康', '教育', '会计', '经济']
// Two districts of each of Jiangsu's 13 cities.
const COUNTIES = [
  '320102',
  '320106',
  '320205',
  '320214',
  '320302',
  '320311',
  '320402',
  '320412',
  '320505',
  '320508',
  '320602',
  '320612',
  '320703',
  '320707',
  '320803',
  '320812',
  '320902',
  '320903',
  '321002',
  '321012',
  '321102',
  '321112',
  '321202',
  '321204',
  '321302',
  '321311',
]
const OTHER_COUNTIES = ['360102', '360103', '360104', '360111']

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9
const fmt = (n: number) => Math.round(n).toLocaleString('en')
const log = (line: string) => console.log(`  ${line}`)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number
const textArray = (xs: string[]) => `{${xs.map((x) => `"${x}"`).join(',')}}`

// ---------------------------------------------------------------------------------------------- data

/** One step of the generation, timed, with the rows it wrote. */
async function step(d: Schema, label: string, query: ReturnType<typeof sql>): Promise<void> {
  const t = process.hrtime.bigint()
  const r = await query.execute(d.db)
  const rows = r.numAffectedRows === undefined ? 'done' : `${fmt(Number(r.numAffectedRows))} rows`
  log(`${label}: ${rows} in ${seconds(t).toFixed(1)} s`)
}

async function generate(d: Schema, projects: number): Promise<void> {
  const t0 = process.hrtime.bigint()
  // h(s): a number in [0, 2^28) from md5, the generator's only source of choice.
  await sql`CREATE FUNCTION bench_h(s text) RETURNS int IMMUTABLE LANGUAGE sql
    AS $$ SELECT ('x' || substr(md5(s), 1, 7))::bit(28)::int $$`.execute(d.db)
  await step(
    d,
    'province HR department',
    sql`INSERT INTO organisation (id, kind, name, region_code, level, registered_by)
      VALUES (md5('hr')::uuid, 'hr_department', '江苏省人力资源和社会保障厅', ${PROVINCE}, 'province', 'bench')`,
  )
  // Every 50th (n % 50 = 25) removed from the directory, every 100th still pending approval.
  await step(
    d,
    'institutions',
    sql`INSERT INTO organisation (id, kind, name, region_code, level, status, occupation_categories,
        registered_by, removed_at, removal_reason)
      SELECT md5('i' || n)::uuid, 'institution',
        '江苏' || (${textArray(CATEGORIES)}::text[])[1 + n % 7] || '继续教育压测机构' || n || '号',
        (${textArray(COUNTIES)}::text[])[1 + n % ${COUNTIES.length}],
        CASE WHEN n % 10 = 0 THEN 'province' ELSE 'city' END,
        CASE WHEN n % 100 = 0 THEN 'pending' ELSE 'approved' END,
        ARRAY[(${textArray(CATEGORIES)}::text[])[1 + n % 7]], 'bench',
        CASE WHEN n % 50 = 25 THEN now() END, CASE WHEN n % 50 = 25 THEN '压测：移出推荐目录' END
      FROM generate_series(1, ${INSTITUTIONS}) n`,
  )
  await step(
    d,
    'institutions elsewhere (江西)',
    sql`INSERT INTO organisation (id, kind, name, region_code, level, registered_by)
      SELECT md5('o' || n)::uuid, 'institution', '江西继续教育压测机构' || n || '号',
        (${textArray(OTHER_COUNTIES)}::text[])[1 + n % ${OTHER_COUNTIES.length}], 'city', 'bench'
      FROM generate_series(1, ${OTHER_INSTITUTIONS}) n`,
  )
  await step(
    d,
    'persons',
    sql`INSERT INTO person (person_key, id_cipher, id_masked, name, sex, birth_date, region_code, series, title_level)
      SELECT 'k' || n, '\\x00', '3204**********0000', '学员' || n, 'female', '1985-01-01',
        (${textArray(COUNTIES)}::text[])[1 + n % ${COUNTIES.length}], 'engineering', 'intermediate'
      FROM generate_series(1, ${PERSONS}) n`,
  )
  // The plan of the year's projects: institution (skewed: u² over the institutions, so a few publish
  // hundreds and many a handful), dates, lines, what happens to its roster.
  await step(
    d,
    'project plan',
    sql`CREATE TABLE bench_plan AS
      SELECT n, md5('p' || n)::uuid AS id,
        md5('i' || (1 + floor(${INSTITUTIONS} * power(bench_h('u' || n) / 268435456.0, 2)))::int)::uuid AS institution_id,
        date '2025-01-05' + bench_h('s' || n) % 350 AS start_date,
        bench_h('d' || n) % 5 AS days,
        1 + bench_h('l' || n) % ${MAX_LINES} AS lines,
        bench_h('a' || n) % 20 = 0 AS advanced,
        -- one in ten published less than a month ahead (第十六条)
        CASE WHEN bench_h('b' || n) % 10 = 0 THEN bench_h('b' || n) % 25 ELSE 31 + bench_h('b' || n) % 30 END AS published_before,
        -- one in eight reported late (25–60 days after the end), the rest within 15 days
        CASE WHEN bench_h('r' || n) % 8 = 0 THEN 25 + bench_h('r' || n) % 36 ELSE 1 + bench_h('r' || n) % 15 END AS reported_after,
        CASE bench_h('v' || n) % 100 WHEN 0 THEN 'returned' WHEN 1 THEN 'returned' WHEN 2 THEN 'returned'
          ELSE CASE WHEN bench_h('v' || n) % 10 = 5 THEN 'corrected'
          WHEN bench_h('v' || n) % 25 = 7 THEN 'pending' ELSE 'confirmed' END END AS fate
      FROM generate_series(1, ${projects}) n`,
  )
  const project = (extra: string) =>
    sql.raw(`INSERT INTO training_project (id, institution_id, title, subject,
      way, start_date, end_date, schedule, venue, faculty, rules, hours, advanced_seminar, published_at, draft) ${extra}`)
  await step(
    d,
    `published projects ending in ${YEAR}`,
    project(`SELECT id, institution_id, '压测项目' || n, CASE WHEN n % 4 = 0 THEN 'public' ELSE 'professional' END,
        'face_to_face', start_date, start_date + days, '每日 9:00–17:00', '培训中心', '讲师若干', '考勤+考试', 8,
        advanced, (start_date - published_before)::timestamp + interval '10 hours', false
      FROM bench_plan`),
  )
  await step(
    d,
    'projects of 2024 and drafts (not counted)',
    project(`SELECT md5('q' || n)::uuid, md5('i' || (1 + n % ${INSTITUTIONS}))::uuid, '往年或草稿' || n,
        'professional', 'online', date '2024-01-05' + s, date '2024-01-05' + s + 2, '-', '-', '-', '-', 8,
        false, (date '2024-01-05' + s - 40)::timestamp, n % 5 = 0
      FROM generate_series(1, ${Math.round(projects / 3)}) n, LATERAL (SELECT n % 350 + CASE WHEN n % 5 = 0 THEN 365 ELSE 0 END AS s) x`),
  )
  // Rosters: version 1 (confirmed, pending, superseded by a correction, or returned) and, for the
  // corrected and returned ones, a confirmed version 2 ten days later. The credits hang on the first
  // version that carries lines (v1, or v2 after a return); a correction's v2 keeps every line of v1.
  await step(
    d,
    'rosters',
    sql`INSERT INTO roster (id, project_id, version, status, content_hash, row_count, uploaded_by,
        correction_reason, created_at, return_reason, returned_by, returned_at)
      SELECT md5('r' || n || ':' || v)::uuid, id, v,
        CASE WHEN v = 2 THEN 'confirmed' WHEN fate = 'corrected' THEN 'superseded' ELSE fate END,
        md5('h' || n || ':' || v), lines, 'bench',
        CASE WHEN v = 2 AND fate = 'corrected' THEN '更正学时' END,
        (start_date + days + reported_after + 10 * (v - 1))::timestamp + interval '2 hours',
        CASE WHEN v = 1 AND fate = 'returned' THEN '名单有误' END,
        CASE WHEN v = 1 AND fate = 'returned' THEN 'bench' END,
        CASE WHEN v = 1 AND fate = 'returned' THEN (start_date + days + reported_after + 5)::timestamp END
      FROM bench_plan, generate_series(1, 2) v
      WHERE v = 1 OR fate IN ('corrected', 'returned')`,
  )
  // Line j of project n names person ((n·7919 + j) mod PERSONS) + 1: distinct within a project.
  const lines = `FROM bench_plan p, generate_series(1, p.lines) j`
  const person = `'k' || ((p.n * 7919 + j) % ${PERSONS} + 1)`
  const credited = `CASE WHEN p.fate = 'returned' THEN 2 ELSE 1 END`
  await step(
    d,
    'credits (ledger)',
    sql.raw(`INSERT INTO ledger_entry (person_key, id, entry_type, year, record, credit_key, credit_revision,
        content_hash, public, professional, basis, source, actor, created_at)
      SELECT ${person}, md5('c' || p.n || ':' || j)::uuid, 'credit', ${YEAR},
        jsonb_build_object('kind', 'training', 'projectId', p.id, 'hours', 8, 'date', p.start_date + p.days),
        'project:' || p.id, 0, md5('c' || p.n || ':' || j),
        CASE WHEN p.n % 4 = 0 THEN 8 ELSE 0 END, CASE WHEN p.n % 4 = 0 THEN 0 ELSE 8 END,
        '江西省人民政府令第259号', 'roster', 'bench',
        (p.start_date + p.days + p.reported_after + 10 * (${credited} - 1) + 3)::timestamp
      ${lines} WHERE p.fate <> 'pending'`),
  )
  await step(
    d,
    'roster lines',
    sql.raw(`INSERT INTO roster_row (person_key, roster_id, row_no, record, ledger_entry_id, confirmed_by)
      SELECT ${person}, md5('r' || p.n || ':' || v)::uuid, j,
        jsonb_build_object('name', '学员', 'hours', 8),
        CASE WHEN p.fate <> 'pending' AND v >= ${credited} THEN md5('c' || p.n || ':' || j)::uuid END,
        CASE WHEN p.fate <> 'pending' AND v >= ${credited} THEN 'bench' END
      ${lines}, generate_series(1, 2) v
      WHERE v = 1 OR p.fate IN ('corrected', 'returned')`),
  )
  // One credit in a hundred revoked (撤销), one in a hundred reversed by a correction.
  await step(
    d,
    'reversals (revocations, corrections)',
    sql.raw(`INSERT INTO ledger_entry (person_key, entry_type, year, record, public, professional, basis,
        source, actor, reason, reverses_id)
      SELECT ${person}, 'reversal', ${YEAR}, NULL,
        CASE WHEN p.n % 4 = 0 THEN -8 ELSE 0 END, CASE WHEN p.n % 4 = 0 THEN 0 ELSE -8 END,
        '江西省人民政府令第259号', CASE WHEN bench_h('x' || p.n || ':' || j) % 100 = 0 THEN 'revocation' ELSE 'correction' END,
        'bench', '压测', md5('c' || p.n || ':' || j)::uuid
      ${lines} WHERE p.fate <> 'pending' AND bench_h('x' || p.n || ':' || j) % 100 < 2`),
  )
  await step(
    d,
    'ratings (one line in five)',
    sql.raw(`INSERT INTO project_rating (person_key, project_id, rating)
      SELECT ${person}, p.id, 1 + bench_h('g' || p.n || ':' || j) % 5
      ${lines} WHERE p.fate <> 'pending' AND bench_h('g' || p.n || ':' || j) % 5 = 0`),
  )
  await step(
    d,
    'designations',
    sql`INSERT INTO institution_designation (institution_id, kind, occupation_category, base_level, basis,
        designated_by_organisation_id, designated_by)
      SELECT md5('i' || n)::uuid, CASE WHEN n <= ${DESIGNATED - 100} THEN 'recommended' ELSE 'base' END,
        CASE WHEN n <= ${DESIGNATED - 100} THEN (${textArray(CATEGORIES)}::text[])[1 + n % 7] END,
        CASE WHEN n <= ${DESIGNATED - 100} THEN NULL WHEN n % 2 = 0 THEN 'provincial' ELSE 'city' END,
        '苏人社发〔2025〕压测号', md5('hr')::uuid, 'bench'
      FROM generate_series(1, ${DESIGNATED}) n WHERE n % 50 <> 25 AND n % 100 <> 0`,
  )
  await sql`UPDATE organisation SET is_base = true WHERE id IN (
      SELECT institution_id FROM institution_designation WHERE kind = 'base')`.execute(d.db)
  await step(
    d,
    'sanctions (warnings)',
    sql`INSERT INTO institution_sanction (institution_id, kind, reason, ground, decided_by_organisation_id, decided_by)
      SELECT md5('i' || n)::uuid, 'warning', '压测：未按时报送名单', 'reporting', md5('hr')::uuid, 'bench'
      FROM generate_series(7, ${INSTITUTIONS}, 23) n WHERE n % 50 <> 25 AND n % 100 <> 0`,
  )
  const t1 = process.hrtime.bigint()
  await sql`DROP TABLE bench_plan`.execute(d.db)
  await sql`VACUUM ANALYZE`.execute(d.db)
  log(`VACUUM ANALYZE ${seconds(t1).toFixed(1)} s; generated in ${seconds(t0).toFixed(0)} s`)
}

// ----------------------------------------------------------------------------------------- measuring

interface Figure {
  what: string
  rows: string
  runs: number
  median: number
  min: number
  max: number
}

/** `runs` timed calls (after one untimed warm-up when `warm`); what the last call answered. */
async function time<T>(
  what: string,
  runs: number,
  call: () => Promise<T>,
  rows: (r: T) => string,
  warm = true,
): Promise<Figure> {
  if (warm) await call()
  const ms: number[] = []
  let last: T | undefined
  const load0 = loadavg()[0] as number
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint()
    last = await call()
    ms.push(seconds(t) * 1000)
  }
  const f = {
    what,
    rows: rows(last as T),
    runs,
    median: median(ms),
    min: Math.min(...ms),
    max: Math.max(...ms),
  }
  console.log(
    `${f.what} (${f.rows}): ${runs} runs, median ${f.median.toFixed(0)} ms (${f.min.toFixed(0)}–${f.max.toFixed(0)}); load ${load0.toFixed(1)}→${loadavg()[0]?.toFixed(1)}`,
  )
  return f
}

function table(rows: Figure[]): string {
  const head = ['what', 'answered', 'runs', 'median ms', 'min ms', 'max ms']
  const body = rows.map((f) => [f.what, f.rows, String(f.runs), fmt(f.median), fmt(f.min), fmt(f.max)])
  return [head, head.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
}

async function measure(d: Schema, runs: number): Promise<Figure[]> {
  const hr: Principal = {
    userId: null,
    username: 'bench-province-hr',
    role: 'hr_department',
    organisationId: (
      await d.db
        .selectFrom('organisation')
        .select('id')
        .where('kind', '=', 'hr_department')
        .executeTakeFirstOrThrow()
    ).id,
    personKey: null,
    via: 'session',
    secondFactorDone: true,
    totpEnabled: false,
  }
  const listed = await d.db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'institution')
    .where('status', '=', 'approved')
    .where('removed_at', 'is', null)
    .where('region_code', 'like', '32%')
    .orderBy('id')
    .execute()
  const ids = listed.map((r) => r.id)
  const figures: Figure[] = []
  const sumOf = (m: Awaited<ReturnType<typeof indicatorsOf>>) => {
    let projects = 0
    let trainees = 0
    for (const i of m.values()) {
      projects += i.projects
      trainees += i.trainees
    }
    return `${fmt(m.size)} institutions, ${fmt(projects)} projects, ${fmt(trainees)} trainee-institutions`
  }
  figures.push(
    await time(
      `indicatorsOf, ${YEAR}, all listed institutions`,
      runs,
      () => indicatorsOf(d.db, ids, YEAR),
      sumOf,
    ),
  )
  figures.push(
    await time(
      'indicatorsOf, the 20 institutions of one list page',
      runs * 2,
      () => indicatorsOf(d.db, ids.slice(0, 20), YEAR),
      sumOf,
    ),
  )
  const open = () => openRound(d.db, hr, { year: YEAR, title: `${YEAR}年度继续教育机构考核评估` })
  figures.push(await time(`openRound, the answer (province, ${YEAR})`, runs, open, (r) => r.status, false))
  figures.push(
    await time(
      `freezeRound, in the background (province, ${YEAR})`,
      runs,
      async () => {
        const round = await open()
        await freezeRound(d.db, round.id, console.error)
        return countRows(d.db.selectFrom('evaluation_entry').where('round_id', '=', round.id))
      },
      (n) => `${fmt(n)} entries frozen`,
      false,
    ),
  )
  const page = { page: 1, pageSize: 20 }
  const many = runs * 3
  const answered = (r: { total: number; items: unknown[] }) => `${fmt(r.items.length)} of ${fmt(r.total)}`
  figures.push(await time('directory: first page', many, () => listInstitutions(d.db, page), answered))
  figures.push(
    await time(
      'directory: page 30',
      many,
      () => listInstitutions(d.db, { page: 30, pageSize: 20 }),
      answered,
    ),
  )
  figures.push(
    await time(
      'directory: 常州 (320400), recommended for 建筑工程',
      many,
      () =>
        listInstitutions(d.db, { ...page, region: '320400', listing: 'recommended', category: '建筑工程' }),
      answered,
    ),
  )
  figures.push(
    await time(
      'directory: name contains 建筑',
      many,
      () => listInstitutions(d.db, { ...page, q: '建筑' }),
      answered,
    ),
  )
  figures.push(
    await time(
      `机构监管 list (province HR, ${YEAR}): first page`,
      many,
      () => listOverseenInstitutions(d.db, hr, { ...page, year: YEAR }),
      answered,
    ),
  )
  figures.push(
    await time(
      '机构监管 list: page 30',
      many,
      () => listOverseenInstitutions(d.db, hr, { page: 30, pageSize: 20, year: YEAR }),
      answered,
    ),
  )
  figures.push(
    await time(
      '机构监管 list: name contains 建筑, with removed',
      many,
      () => listOverseenInstitutions(d.db, hr, { ...page, year: YEAR, q: '建筑', removed: true }),
      answered,
    ),
  )
  return figures
}

// ---------------------------------------------------------------------------------------------- main

async function counts(d: Schema): Promise<void> {
  const c = (
    await sql<Record<string, string>>`SELECT
      (SELECT count(*) FROM organisation WHERE kind = 'institution') AS institutions,
      (SELECT count(*) FROM training_project) AS projects,
      (SELECT count(*) FROM training_project WHERE NOT draft AND end_date BETWEEN ${`${YEAR}-01-01`} AND ${`${YEAR}-12-31`}) AS year_projects,
      (SELECT count(*) FROM roster) AS rosters,
      (SELECT count(*) FROM roster_row) AS roster_rows,
      (SELECT count(*) FROM ledger_entry WHERE entry_type = 'credit') AS credits,
      (SELECT count(*) FROM ledger_entry WHERE source = 'revocation') AS revocations,
      (SELECT count(*) FROM project_rating) AS ratings,
      (SELECT count(*) FROM institution_designation) AS designations,
      (SELECT count(DISTINCT institution_id) FROM institution_designation) AS designated,
      (SELECT pg_size_pretty(pg_database_size(current_database()))) AS size`.execute(d.db)
  ).rows[0] as Record<string, string>
  log(
    Object.entries(c)
      .map(([k, v]) => `${k} ${/^\d+$/.test(v) ? fmt(Number(v)) : v}`)
      .join(', '),
  )
}

const { values } = parseArgs({
  options: {
    postgres: { type: 'string' },
    projects: { type: 'string' },
    runs: { type: 'string' },
    'keep-schema': { type: 'string' },
    'reuse-schema': { type: 'string' },
  },
})
const projects = Number(values.projects ?? 30_000)
const runs = Number(values.runs ?? 3)
if (!values.postgres || !Number.isInteger(projects) || projects < 100 || !(runs >= 1)) {
  console.error(
    'usage: node --import tsx bench/oversight.ts --postgres <url> [--projects N] [--runs R] [--keep-schema name] [--reuse-schema name]',
  )
  process.exit(2)
}
const t0 = process.hrtime.bigint()
const keep = values['keep-schema']
const reuse = values['reuse-schema']
const d = await schemaFor(values.postgres, keep, reuse)
try {
  if (reuse) log(`reusing schema ${reuse}`)
  else {
    console.log(`generating ${fmt(projects)} projects of ${YEAR} in schema ${d.schema}:`)
    await generate(d, projects)
  }
  await counts(d)
  console.log(`\n${table(await measure(d, runs))}`)
} finally {
  if (!keep && !reuse) await sql.raw(`DROP SCHEMA ${d.schema} CASCADE`).execute(d.db)
  else log(`schema ${d.schema} kept`)
  await d.close()
}
console.log(
  `\nmachine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; whole run ${seconds(t0).toFixed(0)} s`,
)
