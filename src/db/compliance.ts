import { type Kysely, sql } from 'kysely'
import { type ListPage, listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { countRows } from './count.js'
import { containing } from './like.js'
import type { DB } from './schema.js'

export interface ComplianceFilter extends PageQuery {
  year: number
  /** Staff of this employer (current employment), or freelancers whose file this agency holds. */
  organisationId?: string
  /** GB/T 2260 code: a province (xx0000), city (xxxx00) or county; persons registered in it or below. */
  regionCode?: string
  compliant?: boolean
  /** Persons of this industry (an industry authority's view). */
  industry?: string
  /** Part of the name. */
  name?: string
  /** One person, found by the look-up key of their ID number. */
  personKey?: string
  sort?: 'total' | 'name'
}

export interface ComplianceRow {
  personKey: string
  name: string
  idMasked: string
  regionCode: string
  series: string
  policyId: string | null
  public: number
  professional: number
  total: number
  yearComplete: boolean
  compliant: boolean
}

/** A region code's prefix: 320000 → '32', 320400 → '3204', 320411 → '320411'. */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2)
  if (code.endsWith('00')) return code.slice(0, 4)
  return code
}

/**
 * One page of a compliance list, with the number of matching persons. Persons without a person_year
 * row have no hours that year and are listed as not compliant. One query; no per-person round trips.
 */
export async function complianceList(db: Kysely<DB>, f: ComplianceFilter): Promise<ListPage<ComplianceRow>> {
  // An employer's list starts from its current staff (employment_current) and looks each person up by
  // key; a LATERAL join keeps PostgreSQL from scanning every person of the table for 5,000 of them.
  const base =
    f.organisationId === undefined
      ? db.selectFrom('person as p')
      : db
          .selectFrom('employment as e')
          .innerJoinLateral(
            (eb) =>
              eb
                .selectFrom('person')
                .selectAll()
                .whereRef('person.person_key', '=', 'e.person_key')
                .limit(1)
                .as('p'),
            (join) => join.onTrue(),
          )
          .where('e.organisation_id', '=', f.organisationId)
          .where('e.to_date', 'is', null)
  let q = base.leftJoin('person_year as y', (j) =>
    j.onRef('y.person_key', '=', 'p.person_key').on('y.year', '=', f.year),
  )
  if (f.regionCode !== undefined) q = q.where('p.region_code', 'like', `${regionPrefix(f.regionCode)}%`)
  if (f.industry !== undefined) q = q.where('p.industry', '=', f.industry)
  if (f.name) q = q.where('p.name', 'like', containing(f.name))
  if (f.personKey !== undefined) q = q.where('p.person_key', '=', f.personKey)
  // No person_year row means no hours: not compliant. IS [NOT] TRUE says that without coalesce.
  if (f.compliant !== undefined)
    q = q.where(f.compliant ? sql<boolean>`y.compliant IS TRUE` : sql<boolean>`y.compliant IS NOT TRUE`)

  const rows = await q
    .select([
      'p.person_key',
      'p.name',
      'p.id_masked',
      'p.region_code',
      'p.series',
      'y.policy_id',
      'y.public',
      'y.professional',
      'y.total',
      'y.year_complete',
      'y.compliant',
      sql<string>`count(*) over ()`.as('matching'),
    ])
    .$call((b) =>
      f.sort === 'name'
        ? b.orderBy('p.name').orderBy('p.person_key')
        : b.orderBy(sql`coalesce(y.total, 0)`).orderBy('p.name').orderBy('p.person_key'),
    )
    .limit(f.pageSize)
    .offset(offsetOf(f))
    .execute()
  // The window count rides on the rows; past the last page there are none, so count separately.
  const total = rows.length > 0 || f.page === 1 ? Number(rows[0]?.matching ?? 0) : await countRows(q)
  return listPage(
    rows.map((r) => ({
      personKey: r.person_key,
      name: r.name,
      idMasked: r.id_masked,
      regionCode: r.region_code,
      series: r.series,
      policyId: r.policy_id,
      public: Number(r.public ?? 0),
      professional: Number(r.professional ?? 0),
      total: Number(r.total ?? 0),
      yearComplete: r.year_complete ?? false,
      compliant: r.compliant ?? false,
    })),
    total,
    f,
  )
}
