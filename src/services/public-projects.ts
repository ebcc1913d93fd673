import type { Kysely, Selectable } from 'kysely'
import { regionPrefix } from '../db/compliance.js'
import { countRows } from '../db/count.js'
import { containing } from '../db/like.js'
import type { DB, OrganisationTable, TrainingProjectTable } from '../db/schema.js'
import { chinaToday } from '../domain/china-date.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { regions } from '../domain/region-data.js'
import { isIsoDate } from '../policy/records.js'
import { InvalidInputError } from './errors.js'
import { publicationRule } from './projects.js'

export interface PublicProjectQuery extends PageQuery {
  /** GB/T 2260 code: projects of institutions in this region or below it (a city takes its counties). */
  region?: string
  way?: 'face_to_face' | 'online' | 'public_course_exam'
  /** One publisher's projects (the directory links to them). */
  institution?: string
  /** Words the 培训科目 (title) contains, matched literally (LIKE with %, _ and \ escaped). */
  q?: string
  /** Projects running on some day of [from, to]: starting on or before `to`, ending on or after `from`. */
  from?: string
  to?: string
}

type Row = Selectable<TrainingProjectTable> &
  Pick<Selectable<OrganisationTable>, 'name' | 'kind' | 'region_code'>

/**
 * A published project as the public sees it (江西省人民政府令第259号 第十六条: 培训科目、学习方式、课程安排、
 * 时间场地安排、师资、教学管理要求、培训学时; 第十五条: 收费项目), with the publisher's name and region; not the
 * publisher's id, nor anything of the institution's own (drafts, rosters).
 */
function publicView(r: Row) {
  const rule = publicationRule(r, chinaToday(r.published_at))
  return {
    id: r.id,
    title: r.title,
    subject: r.subject,
    way: r.way,
    startDate: r.start_date,
    endDate: r.end_date,
    schedule: r.schedule,
    venue: r.venue,
    faculty: r.faculty,
    rules: r.rules,
    hours: Number(r.hours),
    fees: r.fees,
    institutionName: r.name,
    regionCode: r.region_code,
    regionName: regions.fullName(r.region_code) ?? r.region_code,
    publishedAt: r.published_at.toISOString(),
    publicationRule: rule && { rule: rule.rule, basis: rule.basis },
  }
}

/**
 * Published training projects, searched by region, way, title words and dates; drafts never. Newest start
 * first. Throws InvalidInputError for a date that is none or a range that ends before it starts.
 */
export async function listPublicProjects(db: Kysely<DB>, query: PublicProjectQuery) {
  for (const field of ['from', 'to'] as const) {
    const value = query[field]
    if (value !== undefined && !isIsoDate(value)) throw new InvalidInputError(field, '须为日期 YYYY-MM-DD')
  }
  if (query.from && query.to && query.to < query.from)
    throw new InvalidInputError('to', '结束日期不能早于开始日期')
  let q = db
    .selectFrom('training_project as t')
    .innerJoin('organisation as o', 'o.id', 't.institution_id')
    .where('t.draft', '=', false)
    // 第二十五条: a removed institution's projects leave the public list with it
    .where('o.removed_at', 'is', null)
  if (query.region) q = q.where('o.region_code', 'like', `${regionPrefix(query.region)}%`)
  if (query.way) q = q.where('t.way', '=', query.way)
  if (query.institution) q = q.where('t.institution_id', '=', query.institution)
  const words = query.q?.trim()
  if (words) q = q.where('t.title', 'like', containing(words))
  if (query.from) q = q.where('t.end_date', '>=', query.from)
  if (query.to) q = q.where('t.start_date', '<=', query.to)
  const [rows, total] = await Promise.all([
    q
      .selectAll('t')
      .select(['o.name', 'o.kind', 'o.region_code'])
      .orderBy('t.start_date', 'desc')
      .orderBy('t.id')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
    countRows(q),
  ])
  return listPage(rows.map(publicView), total, query)
}
