import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { ConflictError } from './errors.js'

/** Persons a query names at a time: far under PostgreSQL's 65,535 bind parameters, for any file's size. */
const CHUNK = 1000

export const REVIEW_BASIS = '苏人社函〔2023〕308号 五（三）'

/**
 * 五（三）用人单位应于每年年底前…进行审核: after an employer's year-end review a person's year changes only by
 * reversal entries, each with a reason. Called by every door before it writes a credit.
 */
export async function assertYearOpen(db: Kysely<DB>, personKey: string, year: number): Promise<void> {
  const closed = await db
    .selectFrom('year_review')
    .select('year')
    .where('person_key', '=', personKey)
    .where('year', '=', year)
    .where('kind', '=', 'year_end')
    .executeTakeFirst()
  if (closed) {
    throw new ConflictError(`${year}年度已完成年终审核（${REVIEW_BASIS}），只能以冲销更正并说明理由`)
  }
}

/**
 * The closed years (after a year-end review) of the given persons, as `personKey/year`: for the bulk doors,
 * which refuse a credit to any of them. Looked up a thousand persons at a time.
 */
export async function closedYearsOf(db: Kysely<DB>, personKeys: readonly string[]): Promise<Set<string>> {
  const keys = [...new Set(personKeys)]
  const closed = new Set<string>()
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await db
      .selectFrom('year_review')
      .select(['person_key', 'year'])
      .where('kind', '=', 'year_end')
      .where('person_key', 'in', keys.slice(i, i + CHUNK))
      .execute()
    for (const r of rows) closed.add(`${r.person_key}/${r.year}`)
  }
  return closed
}
