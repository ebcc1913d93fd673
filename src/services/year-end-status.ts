import { type Kysely, sql } from 'kysely'
import { countRows } from '../db/count.js'
import type { DB } from '../db/schema.js'
import type { Principal } from './accounts.js'

/** Where an organisation's year-end review of a year stands, for the page that offers it. */
export interface YearEndStatus {
  year: number
  /** Current staff (an agency: the freelancers whose files it holds). */
  staff: number
  /** Of them, those whose year is locked by a year-end review (this organisation's or an earlier employer's). */
  locked: number
  /** This organisation's year-end review of the year, if it made one: as recorded then. */
  review: { persons: number; compliant: number; reviewedAt: string } | null
}

/** An employer's (or agency's) year-end review of a year: done or not, and whose year it has locked. */
export async function yearEndStatus(db: Kysely<DB>, p: Principal, year: number): Promise<YearEndStatus> {
  const organisationId = p.organisationId as string
  const staff = db
    .selectFrom('employment as e')
    .where('e.organisation_id', '=', organisationId)
    .where('e.to_date', 'is', null)
  const locked = staff.where((eb) =>
    eb.exists(
      eb
        .selectFrom('year_review as r')
        .select('r.year')
        .whereRef('r.person_key', '=', 'e.person_key')
        .where('r.year', '=', year)
        .where('r.kind', '=', 'year_end'),
    ),
  )
  const [staffCount, lockedCount, mine] = await Promise.all([
    countRows(staff),
    countRows(locked),
    db
      .selectFrom('year_review')
      .where('organisation_id', '=', organisationId)
      .where('year', '=', year)
      .where('kind', '=', 'year_end')
      .select((eb) => [
        eb.fn.countAll<string>().as('persons'),
        sql<string>`count(*) filter (where compliant)`.as('compliant'),
        eb.fn.max('reviewed_at').as('reviewedAt'),
      ])
      .executeTakeFirstOrThrow(),
  ])
  const persons = Number(mine.persons)
  return {
    year,
    staff: staffCount,
    locked: lockedCount,
    review:
      persons === 0
        ? null
        : {
            persons,
            compliant: Number(mine.compliant),
            reviewedAt: new Date(mine.reviewedAt as unknown as string | Date).toISOString(),
          },
  }
}
