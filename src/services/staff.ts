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
  /** Only these persons (a page that opens with them chosen). */
  personKeys?: string[]
  /** 职称系列 */
  series?: string
  /** The department at the employer. */
  department?: string
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
  if (f.personKeys !== undefined) q = q.where('e.person_key', 'in', f.personKeys)
  if (f.series !== undefined) q = q.where('p.series', '=', f.series)
  if (f.department !== undefined) q = q.where('e.department', '=', f.department)
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
        'e.department',
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
      department: r.department,
    })),
    count,
    f,
  )
}

/** The departments of the organisation's current staff, by name, with how many staff each has. */
export async function listDepartments(db: Kysely<DB>, p: Principal, page: PageQuery) {
  const q = db
    .selectFrom('employment as e')
    .where('e.organisation_id', '=', p.organisationId as string)
    .where('e.to_date', 'is', null)
    .where('e.department', 'is not', null)
  const grouped = q.select('e.department').groupBy('e.department')
  const [rows, count] = await Promise.all([
    grouped
      .select((eb) => eb.fn.countAll<string>().as('staff'))
      .orderBy('e.department')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute(),
    db
      .selectFrom(grouped.as('d'))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return listPage(
    rows.map((r) => ({ department: r.department as string, staff: Number(r.staff) })),
    Number(count.n),
    page,
  )
}
