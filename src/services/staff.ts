import type { Kysely } from 'kysely'
import { countRows } from '../db/count.js'
import { containing } from '../db/like.js'
import type { DB } from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import type { Principal } from './accounts.js'

export interface StaffFilter extends PageQuery {
  /** Part of the name. */
  name?: string
  /** One person, by the look-up key of their ID number. */
  personKey?: string
}

/** An employer's current staff (an agency's freelancers whose files it holds), by name, ID numbers masked. */
export async function listStaff(db: Kysely<DB>, p: Principal, f: StaffFilter) {
  let q = db
    .selectFrom('employment as e')
    .innerJoin('person as p', 'p.person_key', 'e.person_key')
    .where('e.organisation_id', '=', p.organisationId as string)
    .where('e.to_date', 'is', null)
  if (f.name) q = q.where('p.name', 'like', containing(f.name))
  if (f.personKey !== undefined) q = q.where('e.person_key', '=', f.personKey)
  const [rows, count] = await Promise.all([
    q
      .select([
        'p.person_key',
        'p.name',
        'p.id_masked',
        'p.series',
        'p.title_level',
        'e.relation',
        'e.from_date',
      ])
      .orderBy('p.name')
      .orderBy('p.person_key')
      .limit(f.pageSize)
      .offset(offsetOf(f))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((r) => ({
      personKey: r.person_key,
      name: r.name,
      idMasked: r.id_masked,
      series: r.series,
      titleLevel: r.title_level,
      relation: r.relation,
      fromDate: r.from_date,
    })),
    count,
    f,
  )
}
