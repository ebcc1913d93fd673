import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { ConflictError } from './errors.js'

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
