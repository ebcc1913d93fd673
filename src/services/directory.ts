import type { Kysely } from 'kysely'
import { regionPrefix } from '../db/compliance.js'
import { countRows } from '../db/count.js'
import { containing } from '../db/like.js'
import type { DB } from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { regions } from '../domain/region-data.js'

export interface DirectoryQuery extends PageQuery {
  /** Words the institution's name contains, matched literally. */
  q?: string
  /** GB/T 2260 code: institutions in this region or below it. */
  region?: string
}

/**
 * The continuing-education institutions registered (approved) in the deployment, by region and name, with
 * what the public may know of them: name, region, whether a base (基地, 江西省人民政府令第259号 第十九条) and
 * at which level, the occupation categories, and how many projects they have published. Not their credit
 * code, accounts or contact person: nothing says those are public. Quality indicators and the recommended
 * directory (第十四条, 第十八条) come with the oversight work.
 */
export async function listInstitutions(db: Kysely<DB>, query: DirectoryQuery) {
  let q = db
    .selectFrom('organisation as o')
    .where('o.kind', '=', 'institution')
    .where('o.status', '=', 'approved')
  const words = query.q?.trim()
  if (words) q = q.where('o.name', 'like', containing(words))
  if (query.region) q = q.where('o.region_code', 'like', `${regionPrefix(query.region)}%`)
  const [rows, total] = await Promise.all([
    q
      .select(['o.id', 'o.name', 'o.region_code', 'o.level', 'o.is_base', 'o.occupation_categories'])
      .select((eb) =>
        eb
          .selectFrom('training_project as t')
          .whereRef('t.institution_id', '=', 'o.id')
          .where('t.draft', '=', false)
          .select((e) => e.fn.countAll<string>().as('n'))
          .as('projects'),
      )
      .orderBy('o.region_code')
      .orderBy('o.name')
      .orderBy('o.id')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      regionCode: r.region_code,
      regionName: regions.fullName(r.region_code) ?? r.region_code,
      level: r.level,
      isBase: r.is_base,
      occupationCategories: r.occupation_categories,
      publishedProjects: Number(r.projects ?? 0),
    })),
    total,
    query,
  )
}
