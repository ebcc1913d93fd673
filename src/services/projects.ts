import type { Kysely, Selectable } from 'kysely'
import { countRows } from '../db/count.js'
import type { DB, OrganisationTable, TrainingProjectTable } from '../db/schema.js'
import { chinaToday } from '../domain/china-date.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import {
  ADVANCED_SEMINAR_REPORT,
  governing,
  governs,
  type Procedure,
  PUBLIC_COURSE_ORGANISERS,
  PUBLISH_A_MONTH_AHEAD,
} from '../policy/procedures.js'
import { isIsoDate } from '../policy/records.js'
import type { Principal } from './accounts.js'
import { recordAudit, transact } from './audit.js'
import { askForCalendar, holidayCalendar, seminarReportDue } from './calendar.js'
import { ForbiddenError, InvalidInputError } from './errors.js'
import { assertNotRemoved } from './institution-removal.js'

type Organisation = Pick<Selectable<OrganisationTable>, 'name' | 'kind' | 'region_code'>

export interface ProjectInput {
  title: string
  subject: 'public' | 'professional'
  /** public_course_exam: a public-subject course with its exam (公需科目学习并考试合格), as city HR departments run. */
  way: 'face_to_face' | 'online' | 'public_course_exam'
  startDate: string
  endDate: string
  schedule: string
  venue: string
  faculty: string
  rules: string
  hours: number
  /** 收费项目及标准 (工程技术人员继续教育规定 第十五条); none for HR departments' and authorities' own activities (第十二条). */
  fees?: string
  advancedSeminar?: boolean
}

/** The earliest start a project published on `today` may have: one month later (same day of month). */
export function earliestStart(today: string): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number]
  const next = new Date(Date.UTC(y, m, d)) // month index m is the next month
  if (next.getUTCDate() !== d) next.setUTCDate(0) // 01-31 → end of February
  return next.toISOString().slice(0, 10)
}

/**
 * The lead-time rule a project published on `date` by this organisation is under, or null: 第十六条 binds
 * continuing-education institutions where the Jiangxi order governs; HR departments' and authorities' own
 * activities grant directly, and no other text sets a lead time.
 */
export function publicationRule(organisation: Organisation, date: string): Procedure | null {
  return organisation.kind === 'institution' && governs(PUBLISH_A_MONTH_AHEAD, organisation.region_code, date)
    ? PUBLISH_A_MONTH_AHEAD
    : null
}

/**
 * Public-subject courses with their exam are published by HR departments, and by industry authorities
 * only where the governing text names them; never by institutions. Throws ForbiddenError citing the text.
 */
function assertMayPublishPublicCourse(p: Principal, organisation: Organisation, date: string): void {
  if (p.role === 'hr_department') return
  const text = governing(PUBLIC_COURSE_ORGANISERS, organisation.region_code, date)
  if (p.role === 'authority' && text?.authorities) return
  const who = p.role === 'authority' ? '行业主管部门' : '继续教育机构'
  throw new ForbiddenError(
    text
      ? `${text.rule}（${text.basis}），${who}不能公布公需科目课程`
      : `公需科目课程（学习并考试）由人社部门公布，${who}不能公布`,
  )
}

export const toProject = (r: Selectable<TrainingProjectTable>) => ({
  id: r.id,
  institutionId: r.institution_id,
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
  advancedSeminar: r.advanced_seminar,
  publishedAt: r.published_at.toISOString(),
})

/**
 * A project is published with what 第十六条 lists (培训科目、学习方式、课程安排、时间场地安排、师资、教学管理要求、
 * 培训学时), everywhere: a clerk needs them wherever the project runs. Where a text sets a lead time
 * (publicationRule), a later publication is refused with the reason; public-subject courses are not
 * institutions' to publish.
 */
export async function publishProject(
  db: Kysely<DB>,
  p: Principal,
  input: ProjectInput,
  today = chinaToday(),
) {
  for (const field of ['title', 'schedule', 'venue', 'faculty', 'rules'] as const) {
    if (!input[field]?.trim())
      throw new InvalidInputError(field, '须填写：培训项目须公布培训科目、课程安排、场地、师资和教学管理要求')
  }
  // 第十二条 人力资源社会保障部门和有关行业主管部门直接举办…继续教育活动的，应当突出公益性，不得收取费用。
  if (p.role !== 'institution' && input.fees?.trim())
    throw new InvalidInputError(
      'fees',
      '人社部门、行业主管部门直接举办的继续教育活动不得收取费用（工程技术人员继续教育规定 第十二条）',
    )
  if (!isIsoDate(input.startDate)) throw new InvalidInputError('startDate', '须为日期 YYYY-MM-DD')
  if (!isIsoDate(input.endDate) || input.endDate < input.startDate)
    throw new InvalidInputError('endDate', '须为不早于开始日期的日期')
  const organisation = await db
    .selectFrom('organisation')
    .selectAll()
    .where('id', '=', p.organisationId as string)
    .executeTakeFirstOrThrow()
  if (organisation.kind === 'institution') await assertNotRemoved(db, organisation.id)
  if (input.way === 'public_course_exam') assertMayPublishPublicCourse(p, organisation, today)
  const rule = publicationRule(organisation, today)
  const earliest = earliestStart(today)
  if (rule && input.startDate < earliest) {
    throw new InvalidInputError(
      'startDate',
      `培训项目须提前一个月公布（${rule.basis}）：今天公布，最早 ${earliest} 开班`,
    )
  }
  const row = await transact(db, async (trx) => {
    const created = await trx
      .insertInto('training_project')
      .values({
        institution_id: p.organisationId as string,
        title: input.title.trim(),
        subject: input.subject,
        way: input.way,
        start_date: input.startDate,
        end_date: input.endDate,
        schedule: input.schedule,
        venue: input.venue,
        faculty: input.faculty,
        rules: input.rules,
        hours: input.hours,
        fees: input.fees?.trim() || null,
        advanced_seminar: input.advancedSeminar ?? false,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    if (
      created.advanced_seminar &&
      governs(ADVANCED_SEMINAR_REPORT, organisation.region_code, input.endDate)
    ) {
      const { missingYears } = seminarReportDue(await holidayCalendar(trx), input.endDate)
      await askForCalendar(trx, organisation.region_code, missingYears)
    }
    await recordAudit(trx, {
      actor: p.userId ?? p.username,
      actorOrganisationId: p.organisationId,
      action: 'project.publish',
      entity: 'training_project',
      entityId: created.id,
      after: toProject(created),
    })
    return created
  })
  return projectView(row, organisation)
}

/** A project as the directory shows it: who published it, and the publication rule it was under (with its basis). */
function projectView(row: Selectable<TrainingProjectTable>, organisation: Organisation) {
  const rule = publicationRule(organisation, chinaToday(row.published_at))
  return {
    ...toProject(row),
    institutionName: organisation.name,
    publicationRule: rule && { rule: rule.rule, basis: rule.basis },
  }
}

/** Published projects, newest start first: public, as the directory of projects is. */
export async function listProjects(db: Kysely<DB>, page: PageQuery, institutionId?: string) {
  let q = db
    .selectFrom('training_project as t')
    .innerJoin('organisation as o', 'o.id', 't.institution_id')
    .where('t.draft', '=', false)
  if (institutionId) q = q.where('t.institution_id', '=', institutionId)
  const [rows, count] = await Promise.all([
    q
      .selectAll('t')
      .select(['o.name', 'o.kind', 'o.region_code'])
      .orderBy('t.start_date', 'desc')
      .orderBy('t.id')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map(({ name, kind, region_code, ...row }) => projectView(row, { name, kind, region_code })),
    count,
    page,
  )
}
