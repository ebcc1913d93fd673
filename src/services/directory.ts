import type { Kysely } from 'kysely'
import { regionPrefix } from '../db/compliance.js'
import { countRows } from '../db/count.js'
import { containing } from '../db/like.js'
import type { DB } from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { regions } from '../domain/region-data.js'
import { publishedResults } from './evaluation-rounds.js'
import { ratingMeanOf } from './institution-indicators.js'
import { liveDesignations } from './institution-oversight.js'
import { SANCTION_GROUNDS } from './sanction-grounds.js'

export interface DirectoryQuery extends PageQuery {
  /** Words the institution's name contains, matched literally. */
  q?: string
  /** GB/T 2260 code: institutions in this region or below it. */
  region?: string
  /** Only those in the recommended directory (for this occupation category, when given), or bases. */
  listing?: 'recommended' | 'base'
  category?: string
}

/**
 * The continuing-education institutions registered (approved) in the deployment, by region and name, with
 * what the public may know of them: name, region, whether a base (基地, 江西省人民政府令第259号 第十九条) and
 * at which level, the occupation categories, and how many projects they have published. Not their credit
 * code, accounts or contact person: nothing says those are public. With each: its live listings in the
 * recommended directory (第十四条) and as a base, its latest published evaluation (第十八条) and its trainees'
 * ratings in aggregate. A removed institution is not listed (第二十五条); its removal is, in the credit records.
 */
export async function listInstitutions(db: Kysely<DB>, query: DirectoryQuery) {
  let q = db
    .selectFrom('organisation as o')
    .where('o.kind', '=', 'institution')
    .where('o.status', '=', 'approved')
    // 第二十五条: a removed institution is gone from the public pages (its removal is published on its own)
    .where('o.removed_at', 'is', null)
  const words = query.q?.trim()
  if (words) q = q.where('o.name', 'like', containing(words))
  if (query.region) q = q.where('o.region_code', 'like', `${regionPrefix(query.region)}%`)
  const listing = query.listing ?? (query.category ? 'recommended' : undefined)
  if (listing)
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('institution_designation as d')
          .select('d.id')
          .whereRef('d.institution_id', '=', 'o.id')
          .where('d.ended_at', 'is', null)
          .where('d.kind', '=', listing)
          .$if(query.category !== undefined, (w) =>
            w.where('d.occupation_category', '=', query.category as string),
          ),
      ),
    )
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
  const ids = rows.map((r) => r.id)
  const [designations, results, ratings] = await Promise.all([
    liveDesignations(db, ids),
    publishedResults(db, ids),
    institutionRatings(db, ids),
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
      designations: (designations.get(r.id) ?? []).map((d) => ({
        kind: d.kind,
        occupationCategory: d.occupationCategory,
        baseLevel: d.baseLevel,
        basis: d.basis,
        designatedBy: d.designatedBy,
        designatedAt: d.designatedAt,
        citation: d.citation,
      })),
      evaluation: results.get(r.id) ?? null,
      ratings: ratings.get(r.id) ?? { count: 0, mean: null },
    })),
    total,
    query,
  )
}

/** Trainees' ratings of each institution's projects, in aggregate only: how many and their mean. */
async function institutionRatings(db: Kysely<DB>, institutionIds: readonly string[]) {
  const out = new Map<string, { count: number; mean: number | null }>()
  if (institutionIds.length === 0) return out
  const rows = await db
    .selectFrom('project_rating as r')
    .innerJoin('training_project as t', 't.id', 'r.project_id')
    .select([
      't.institution_id',
      (eb) => eb.fn.countAll<string>().as('n'),
      (eb) => eb.fn.sum<string>('r.rating').as('sum'),
    ])
    .where('t.institution_id', 'in', [...institutionIds])
    .groupBy('t.institution_id')
    .execute()
  for (const r of rows)
    out.set(r.institution_id, {
      count: Number(r.n),
      mean: ratingMeanOf(Number(r.sum), Number(r.n)),
    })
  return out
}

/**
 * The credit records the public sees (江西省人民政府令第259号 第二十三条、第二十五条): warnings, 通报批评 and removals
 * from the directory, with the institution, the deciding department and the reason, newest first.
 */
export async function publicCreditRecords(db: Kysely<DB>, query: PageQuery & { q?: string }) {
  let q = db
    .selectFrom('institution_sanction as s')
    .innerJoin('organisation as i', 'i.id', 's.institution_id')
    .innerJoin('organisation as d', 'd.id', 's.decided_by_organisation_id')
  const words = query.q?.trim()
  if (words) q = q.where('i.name', 'like', containing(words))
  const [rows, total] = await Promise.all([
    q
      .select([
        's.id',
        's.kind',
        's.reason',
        's.ground',
        's.decided_at',
        's.lifted_at',
        's.lift_reason',
        'i.name as institution',
        'i.region_code',
        'd.name as decidedBy',
      ])
      .orderBy('s.decided_at', 'desc')
      .orderBy('s.id')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      reason: r.reason,
      groundLabel: SANCTION_GROUNDS[r.ground].label,
      groundBasis: SANCTION_GROUNDS[r.ground].basis,
      decidedAt: r.decided_at.toISOString(),
      institutionName: r.institution,
      regionName: regions.fullName(r.region_code) ?? r.region_code,
      decidedBy: r.decidedBy,
      liftedAt: r.lifted_at?.toISOString() ?? null,
      liftReason: r.lift_reason,
      citation: '江西省人民政府令第259号 第二十五条',
    })),
    total,
    query,
  )
}

/** Published evaluation rounds (第十八条 向社会公布考核评估结果), newest first. */
export async function publicEvaluations(db: Kysely<DB>, query: PageQuery) {
  const q = db.selectFrom('evaluation_round as r').where('r.status', '=', 'published')
  const [rows, total] = await Promise.all([
    q
      .select(['r.id', 'r.title', 'r.year', 'r.region_code', 'r.published_at'])
      .orderBy('r.published_at', 'desc')
      .orderBy('r.id')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((r) => ({
      id: r.id,
      title: r.title,
      year: r.year,
      regionName: regions.fullName(r.region_code) ?? r.region_code,
      publishedAt: (r.published_at as Date).toISOString(),
      citation: '江西省人民政府令第259号 第十八条',
    })),
    total,
    query,
  )
}

/** A published round's results: each institution's grade, score and remarks, best score first. */
export async function publicEvaluationResults(db: Kysely<DB>, roundId: string, query: PageQuery) {
  const q = db
    .selectFrom('evaluation_entry as e')
    .innerJoin('evaluation_round as r', 'r.id', 'e.round_id')
    .innerJoin('organisation as o', 'o.id', 'e.institution_id')
    .where('r.status', '=', 'published')
    .where('e.round_id', '=', roundId)
  const [rows, total] = await Promise.all([
    q
      .select(['e.institution_id', 'o.name', 'o.region_code', 'e.grade', 'e.score', 'e.remarks'])
      .orderBy('e.score', 'desc')
      .orderBy('o.name')
      .orderBy('e.institution_id')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((r) => ({
      institutionName: r.name,
      regionName: regions.fullName(r.region_code) ?? r.region_code,
      grade: r.grade,
      score: r.score === null ? null : Number(r.score),
      remarks: r.remarks,
    })),
    total,
    query,
  )
}
