import { type Kysely, sql, type Transaction } from 'kysely'
import type { Dimensions } from '../domain/summary-book.js'
import type { DB } from './schema.js'
import { CURRENT_EMPLOYER } from './summaries.js'

type Executor = Kysely<DB> | Transaction<DB>

/** What a person's roll line carries besides the year's figures: the summaries' dimensions and the name. */
export type RollPerson = Dimensions & { name: string }

/** A person's line in a year: who, and the figures the lists sort and filter on. */
export interface RollLine extends RollPerson {
  personKey: string
  year: number
  total: number
  compliant: boolean
}

/**
 * The years whose roll lines the writers keep (opening or open). Read after the writer's first write, so
 * that a year being opened waits for this transaction (openRollYear) or this transaction sees it opening.
 */
export async function keptRollYears(trx: Executor): Promise<number[]> {
  return (await trx.selectFrom('roll_year').select('year').execute()).map((r) => r.year)
}

/** Whether a year's roll is complete, so that its lists may page through it. */
export async function rollYearOpen(db: Executor, year: number): Promise<boolean> {
  const row = await db.selectFrom('roll_year').select('state').where('year', '=', year).executeTakeFirst()
  return row?.state === 'open'
}

/** Inserts or refreshes roll lines (one statement per 5,000), in the caller's transaction. */
export async function writeRollLines(trx: Executor, lines: readonly RollLine[]): Promise<void> {
  for (let i = 0; i < lines.length; i += 5000) {
    const part = lines.slice(i, i + 5000)
    const column = <K extends keyof RollLine>(key: K) => part.map((l) => l[key])
    await sql`
      INSERT INTO compliance_roll (person_key, year, region_code, industry, series, employer, name, total, compliant)
      SELECT * FROM unnest(${column('personKey')}::text[], ${column('year')}::int[], ${column('regionCode')}::text[],
        ${column('industry')}::text[], ${column('series')}::text[], ${column('employer')}::text[],
        ${column('name')}::text[], ${column('total')}::numeric[], ${column('compliant')}::boolean[])
      ON CONFLICT (person_key, year) DO UPDATE SET
        region_code = excluded.region_code, industry = excluded.industry, series = excluded.series,
        employer = excluded.employer, name = excluded.name, total = excluded.total, compliant = excluded.compliant
    `.execute(trx)
  }
}

/** Moves persons' lines of every year to their current attributes and employer (after a change of either). */
export async function moveRollLines(trx: Executor, persons: ReadonlyMap<string, RollPerson>): Promise<void> {
  const keys = [...persons.keys()]
  for (let i = 0; i < keys.length; i += 5000) {
    const part = keys.slice(i, i + 5000)
    const column = <K extends keyof RollPerson>(key: K) =>
      part.map((k) => (persons.get(k) as RollPerson)[key])
    await sql`
      UPDATE compliance_roll r SET region_code = m.region_code, industry = m.industry, series = m.series,
        employer = m.employer
      FROM unnest(${part}::text[], ${column('regionCode')}::text[], ${column('industry')}::text[],
        ${column('series')}::text[], ${column('employer')}::text[]) AS m(person_key, region_code, industry, series, employer)
      WHERE r.person_key = m.person_key
    `.execute(trx)
  }
}

/** The lines of newly registered persons in the kept years: no hours yet. */
export async function enterRoll(trx: Executor, persons: ReadonlyMap<string, RollPerson>): Promise<void> {
  if (persons.size === 0) return
  const years = await keptRollYears(trx)
  const lines: RollLine[] = []
  for (const year of years)
    for (const [personKey, p] of persons) lines.push({ personKey, year, ...p, total: 0, compliant: false })
  await writeRollLines(trx, lines)
}

/** Waits until every transaction that had begun writing when this is called has ended. */
async function waitForOlderWriters(db: Kysely<DB>): Promise<void> {
  const mark = await sql<{ xid: string }>`SELECT pg_current_xact_id()::text AS xid`.execute(db)
  const xid = BigInt(mark.rows[0]?.xid ?? '0')
  for (;;) {
    const now = await sql<{
      xmin: string
    }>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`.execute(db)
    if (BigInt(now.rows[0]?.xmin ?? '0') >= xid) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/**
 * Opens a year of the roll: marks it opening (from then on every writer keeps its lines), waits for the
 * writers that began before, then adds a line for every registered person, one region code at a time
 * (a line a writer has already written is kept), and marks it open. Runs in the background; resumable.
 */
export async function openRollYear(db: Kysely<DB>, year: number): Promise<void> {
  const state = await db.selectFrom('roll_year').select('state').where('year', '=', year).executeTakeFirst()
  if (state?.state === 'open') return
  await db
    .insertInto('roll_year')
    .values({ year, state: 'opening', opened_at: null })
    .onConflict((oc) => oc.column('year').doNothing())
    .execute()
  await waitForOlderWriters(db)
  const codes = await sql<{
    code: string
  }>`SELECT DISTINCT region_code AS code FROM person ORDER BY 1`.execute(db)
  for (const { code } of codes.rows)
    await sql`
      INSERT INTO compliance_roll (person_key, year, region_code, industry, series, employer, name, total, compliant)
      SELECT p.person_key, ${year}::int, p.region_code, coalesce(p.industry, ''), p.series, ${CURRENT_EMPLOYER},
        p.name, coalesce(y.total, 0), coalesce(y.compliant, false)
      FROM person p LEFT JOIN person_year y ON y.person_key = p.person_key AND y.year = ${year}::int
      WHERE p.region_code = ${code}
      ON CONFLICT (person_key, year) DO NOTHING
    `.execute(db)
  await db
    .updateTable('roll_year')
    .set({ state: 'open', opened_at: new Date() })
    .where('year', '=', year)
    .execute()
}
