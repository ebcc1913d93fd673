import { randomUUID } from 'node:crypto'
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openRollYear } from '../src/db/compliance-roll.js'
import type { Database } from '../src/db/connect.js'
import { insertPerson } from '../src/db/persons.js'
import type { DB } from '../src/db/schema.js'
import { rebuildSummaries } from '../src/db/summary-rebuild.js'
import { transact } from '../src/services/audit.js'
import { InvalidInputError } from '../src/services/errors.js'
import { appendCredit, reverseEntry } from '../src/services/ledger.js'
import { recompute } from '../src/services/recompute.js'
import { DATABASES, freshDatabase } from './database.js'

const clerk = { id: 'clerk-1' }
const key = (c: string) => c.repeat(32)
// Six persons in 常州 (320411), one in 南京 (320102), one in 青岛 (370211): 2024, the year recomputed.
const PERSONS = [
  ['a', '张三', '320411'],
  ['b', '李四', '320411'],
  ['c', '王五', '320411'],
  ['d', '赵六', '320411'],
  ['e', '钱七', '320411'],
  ['f', '孙八', '320102'],
  ['9', '周九', '370211'],
] as const

const credit = (db: Kysely<DB>, personKey: string, record: object) =>
  transact(db, (trx) =>
    appendCredit(trx, clerk, { personKey, record, source: 'application', creditKey: `t:${randomUUID()}` }),
  )

/** The persons, their credits through the ledger service, then the person_year rows tampered with. */
async function seed(db: Kysely<DB>): Promise<void> {
  for (const [c, name, region] of PERSONS)
    await insertPerson(db, {
      person_key: key(c),
      id_cipher: Buffer.from('x'),
      id_masked: '320***********1234',
      name,
      sex: 'male',
      birth_date: '1980-01-01',
      region_code: region,
      series: 'health',
      title_level: 'intermediate',
    })
  for (const c of ['a', 'b', 'd', 'e', 'f', '9']) {
    await credit(db, key(c), { kind: 'public_course_exam', date: '2024-03-01' })
    await credit(db, key(c), { kind: 'self_study', hours: 20, archived: true, date: '2024-04-01' })
  }
  await credit(db, key('a'), { kind: 'self_study', hours: 20, archived: true, date: '2023-04-01' })
  const gone = await credit(db, key('d'), { kind: 'paper', authorship: 'sole', date: '2024-05-01' })
  await transact(db, (trx) =>
    reverseEntry(trx, clerk, {
      personKey: key('d'),
      entryId: gone.id,
      reason: '重复登记',
      source: 'correction',
      basis: '更正',
    }),
  )
  // Tampered or stale: a's hours, b's row gone, c given a row without any credit, f's compliance, and
  // 青岛's person (outside 江苏) too.
  await db
    .updateTable('person_year')
    .set({ public: 99, total: 119 })
    .where('person_key', '=', key('a'))
    .where('year', '=', 2024)
    .execute()
  await db.deleteFrom('person_year').where('person_key', '=', key('b')).where('year', '=', 2024).execute()
  await db
    .insertInto('person_year')
    .values({
      person_key: key('c'),
      year: 2024,
      policy_id: 'changzhou-2024',
      public: 30,
      professional: 60,
      total: 90,
      year_complete: false,
      compliant: true,
    })
    .execute()
  await db.updateTable('person_year').set({ compliant: true }).where('person_key', '=', key('f')).execute()
  await db
    .updateTable('person_year')
    .set({ public: 0, total: 20 })
    .where('person_key', '=', key('9'))
    .execute()
}

const yearsOf = async (db: Kysely<DB>) =>
  (
    await db
      .selectFrom('person_year')
      .select([
        'person_key',
        'year',
        'policy_id',
        'public',
        'professional',
        'total',
        'year_complete',
        'compliant',
        'computed_at',
      ])
      .orderBy('person_key')
      .orderBy('year')
      .execute()
  ).map((r) => ({
    ...r,
    public: Number(r.public),
    professional: Number(r.professional),
    total: Number(r.total),
  }))

const figuresOf = (rows: Awaited<ReturnType<typeof yearsOf>>) => rows.map(({ computed_at, ...rest }) => rest)
const reportOf = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { personKey: string; before: unknown; after: unknown })

/** summary_year as sorted lines, buckets emptied to zeros left out (a delta keeps the row, a recount not). */
const yearSummaryOf = async (db: Kysely<DB>) =>
  (await db.selectFrom('summary_year').selectAll().execute())
    .filter((r) => Number(r.persons) !== 0)
    .map((r) =>
      [r.region_code, r.year, r.industry, r.series, r.employer, r.persons, r.compliant]
        .concat([r.public, r.professional, r.total].map((h) => Number(h).toFixed(2)))
        .concat([r.short_75, r.short_50, r.short_25, r.short_0, r.no_hours])
        .join(' | '),
    )
    .sort()

/** A roll line whose total or compliance differs from its person_year row's. */
const disagrees = (line: string) => !/ (.+)\/\1 (.+)\/\2$/.test(line)

/** The roll's 2024 lines against person_year: every person's total and compliance as stored. */
const rollAgainstYears = async (db: Kysely<DB>) => {
  const roll = await db.selectFrom('compliance_roll').selectAll().where('year', '=', 2024).execute()
  const years = await db.selectFrom('person_year').selectAll().where('year', '=', 2024).execute()
  const stored = new Map(years.map((y) => [y.person_key, y]))
  return roll
    .map((r) => {
      const y = stored.get(r.person_key)
      return `${r.person_key.slice(0, 1)} ${Number(r.total)}/${Number(y?.total ?? 0)} ${r.compliant}/${y?.compliant ?? false}`
    })
    .sort()
}

describe.each(DATABASES)('xueshi recompute on %s', (kind) => {
  let d: Database & { drop(): Promise<void> }
  let other: Database & { drop(): Promise<void> }
  let kept: Database & { drop(): Promise<void> }
  const dir = mkdtempSync(join(tmpdir(), 'xueshi-recompute-'))
  beforeAll(async () => {
    d = await freshDatabase(kind)
    other = await freshDatabase(kind)
    await seed(d.db)
    await seed(other.db)
    // The summaries agree with the tampered rows, as if an earlier rule had computed them.
    kept = await freshDatabase(kind)
    await openRollYear(kept.db, 2024)
    await seed(kept.db)
    await transact(kept.db, (trx) => rebuildSummaries(trx))
  }, 240_000)
  afterAll(async () => {
    await d?.drop()
    await other?.drop()
    await kept?.drop()
  })

  it('fixes exactly the tampered person-years of the region, reports them, and leaves the rest as they were', async () => {
    const before = await yearsOf(d.db)
    const report = join(dir, `one-pass-${kind}.jsonl`)
    const outcome = await recompute(d.db, {
      year: 2024,
      regionCode: '320000',
      reportPath: report,
      chunkSize: 2,
    })
    expect(outcome).toMatchObject({ finished: true, done: 6, total: 6, changed: 4 })
    const lines = reportOf(report)
    expect(lines.map((l) => l.personKey)).toEqual([key('a'), key('b'), key('c'), key('f')])
    expect(lines[0]).toMatchObject({
      id: '320***********1234',
      name: '张*',
      before: { public: 99, professional: 20, total: 119, compliant: false },
      after: { public: 30, professional: 20, total: 50, compliant: false },
    })
    expect(lines[1]).toMatchObject({ before: null, after: { public: 30, professional: 20, total: 50 } })
    expect(lines[2]).toMatchObject({ after: null })
    expect(lines[3]).toMatchObject({ before: { compliant: true }, after: { compliant: false } })
    const after = await yearsOf(d.db)
    const at = (rows: typeof after, c: string, year = 2024) =>
      rows.find((r) => r.person_key === key(c) && r.year === year)
    expect(at(after, 'a')).toMatchObject({ public: 30, professional: 20, total: 50 })
    expect(at(after, 'c')).toBeUndefined()
    // Unchanged rows are not written again: the reversal's zero-credit year of d, e, a's 2023, and 青岛.
    for (const [c, year] of [
      ['d', 2024],
      ['e', 2024],
      ['a', 2023],
      ['9', 2024],
    ] as const)
      expect(at(after, c, year)).toEqual(at(before, c, year))
    expect(at(after, '9')).toMatchObject({ public: 0, total: 20 })
    // A second pass finds nothing to change.
    const again = await recompute(d.db, { year: 2024, regionCode: '320000' })
    expect(again.changed).toBe(0)
  })

  it('a run stopped midway resumes where it stopped and ends as one pass does', async () => {
    const report = join(dir, `resumed-${kind}.jsonl`)
    const stop = new AbortController()
    const first = await recompute(other.db, {
      year: 2024,
      regionCode: '320000',
      reportPath: report,
      chunkSize: 2,
      workers: 1,
      signal: stop.signal,
      onProgress: (p) => p.done >= 2 && stop.abort(),
    })
    expect(first).toMatchObject({ finished: false, done: 2 })
    // A line written for a chunk that never committed (killed between the report and the commit).
    appendFileSync(report, '{"personKey":"half-written"}\n')
    const rest = await recompute(other.db, {
      year: 2024,
      regionCode: '320000',
      reportPath: report,
      chunkSize: 2,
      resume: true,
    })
    expect(rest).toMatchObject({ finished: true, done: 6, total: 6, changed: 4 })
    expect(figuresOf(await yearsOf(other.db))).toEqual(figuresOf(await yearsOf(d.db)))
    expect(readFileSync(report, 'utf8')).toBe(readFileSync(join(dir, `one-pass-${kind}.jsonl`), 'utf8'))
    await expect(recompute(other.db, { year: 2024, regionCode: '320000', resume: true })).rejects.toThrow(
      InvalidInputError,
    )
  })

  it('moves summary_year and the compliance roll with every chunk it writes, and ends with them recounted', async () => {
    const tampered = await yearSummaryOf(kept.db)
    const stop = new AbortController()
    const first = await recompute(kept.db, {
      year: 2024,
      regionCode: '320000',
      chunkSize: 2,
      workers: 1,
      signal: stop.signal,
      onProgress: (p) => p.done >= 4 && stop.abort(),
    })
    // Midway (a, b, c, d written: a, b and c changed), before any recount: the summaries and the roll
    // already follow the rows written.
    expect(first).toMatchObject({ finished: false, done: 4, changed: 3 })
    const midway = await yearSummaryOf(kept.db)
    expect(midway).not.toEqual(tampered)
    // The rebuild before the run made the roll agree with the tampered rows; the chunks kept it so.
    expect((await rollAgainstYears(kept.db)).filter(disagrees)).toEqual([])
    await transact(kept.db, (trx) => rebuildSummaries(trx))
    expect(await yearSummaryOf(kept.db)).toEqual(midway)
    // A summary that drifted from person_year (a write outside the services): the run's end mends it.
    await kept.db
      .updateTable('summary_year')
      .set((eb) => ({ compliant: eb('compliant', '+', 5) }))
      .where('region_code', 'like', '32%')
      .where('year', '=', 2024)
      .execute()
    await recompute(kept.db, { year: 2024, regionCode: '320000', resume: true })
    const done = await yearSummaryOf(kept.db)
    await transact(kept.db, (trx) => rebuildSummaries(trx))
    expect(await yearSummaryOf(kept.db)).toEqual(done)
    const roll = await rollAgainstYears(kept.db)
    expect(roll).toHaveLength(7)
    expect(roll.filter(disagrees)).toEqual([])
  })

  it('refuses a bad year or region, naming the field', async () => {
    await expect(recompute(d.db, { year: 24, regionCode: '320000' })).rejects.toThrow('字段「year」')
    await expect(recompute(d.db, { year: 2024, regionCode: '999999' })).rejects.toThrow('字段「region」')
  })
})
