// The bulk ledger read of a roster confirmation (appendCredits: the live credits of 5,000 persons) on a
// generated ledger, before (IN list, every column, planner's choice) and after (liveRecordsOf: one index
// probe a person, three columns, no JIT): EXPLAIN ANALYZE of each. Run:
// node --import tsx bench/ledger-read.ts --postgres <url> [--persons N] [--entries-each E]
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { liveRecordsOf } from '../src/db/ledger.js'
import { freshDatabase } from '../test/database.js'

const { values } = parseArgs({
  options: { postgres: { type: 'string' }, persons: { type: 'string' }, 'entries-each': { type: 'string' } },
})
if (!values.postgres)
  throw new Error('usage: bench/ledger-read.ts --postgres <url> [--persons N] [--entries-each E]')
const PERSONS = Number(values.persons ?? 200_000)
const EACH = Number(values['entries-each'] ?? 7)
const d = await freshDatabase('postgres', values.postgres)
try {
  let t = Date.now()
  await sql`
    INSERT INTO person (person_key, id_cipher, id_masked, name, sex, birth_date, region_code, series, title_level)
    SELECT 'k' || n, 'x', 'x', '学员' || n, 'male', '1980-01-01', '320402', 'health', 'junior'
    FROM generate_series(1, ${PERSONS}) n
  `.execute(d.db)
  await sql`
    INSERT INTO ledger_entry (person_key, entry_type, year, record, credit_key, credit_revision, content_hash,
      public, professional, basis, source, actor)
    SELECT 'k' || n, 'credit', 2020 + i % 6,
      jsonb_build_object('kind', 'online_course', 'subject', 'professional', 'hours', 8,
        'date', (2020 + i % 6) || '-06-01', 'title', '在线课程第' || i || '讲：专业技术人员继续教育'),
      'project:' || i, 0, md5(n || ' ' || i), 0, 8, '常人社职〔2024〕1号 四', 'roster', 'bench'
    FROM generate_series(1, ${PERSONS}) n, generate_series(1, ${EACH}) i
  `.execute(d.db)
  await sql`ANALYZE`.execute(d.db)
  console.log(
    `${PERSONS.toLocaleString('en')} persons, ${(PERSONS * EACH).toLocaleString('en')} ledger entries in ${((Date.now() - t) / 1000).toFixed(0)} s`,
  )

  // 5,000 persons spread over the ledger, as a roster names them.
  const keys = Array.from({ length: 5000 }, (_, i) => `k${1 + Math.floor((i * PERSONS) / 5000)}`)
  const explain = async (label: string, query: ReturnType<typeof sql>, jit: boolean) => {
    const plan = await d.bulk(async (trx) => {
      if (!jit) await sql`SET LOCAL jit = off`.execute(trx)
      return (await sql`EXPLAIN (ANALYZE, BUFFERS) ${query}`.execute(trx)).rows
    })
    const lines = plan.map((r) => Object.values(r as object)[0] as string)
    console.log(`\n${label}:`)
    for (const line of lines.filter((l) => !l.trim().startsWith('Buffers')))
      console.log(`  ${line.length > 160 ? `${line.slice(0, 160)}…` : line}`)
  }
  const before = sql`
    SELECT e.* FROM ledger_entry e
    WHERE e.person_key IN (${sql.join(keys)}) AND e.entry_type = 'credit' AND e.year >= 2019 AND e.year <= 2027
      AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.person_key = e.person_key AND r.reverses_id = e.id)
    ORDER BY e.created_at`
  await explain('before (liveCreditsOf: IN list, every column, JIT as configured)', before, true)
  const after = sql`
    SELECT e.person_key, e.id, e.reverses_id, e.record, e.created_at
    FROM unnest(${keys}::text[]) AS k(person_key)
    CROSS JOIN LATERAL (
      SELECT e.person_key, e.id, e.reverses_id, e.record, e.created_at FROM ledger_entry e
      WHERE e.person_key = k.person_key
        AND (e.entry_type = 'reversal' OR (e.year >= 2019 AND e.year <= 2027))
    ) e`
  await explain(
    'after (liveRecordsOf: LATERAL index probes, three columns; the transaction sets jit = off)',
    after,
    false,
  )
  t = Date.now()
  const rows = await d.bulk(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx)
    return liveRecordsOf(trx, keys, 2019, 2027)
  })
  console.log(
    `\nliveRecordsOf through the driver: ${rows.length.toLocaleString('en')} credits in ${Date.now() - t} ms`,
  )
} finally {
  await d.drop()
}
