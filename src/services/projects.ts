import type { Kysely, Selectable } from 'kysely'
import type { DB, TrainingProjectTable } from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { isIsoDate } from '../policy/records.js'
import type { Principal } from './accounts.js'
import { recordAudit } from './audit.js'
import { InvalidInputError } from './errors.js'

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
  advancedSeminar?: boolean
}

export const PUBLICATION_BASIS = '江西省人民政府令第259号 第十六条'

/** The earliest start a project published on `today` may have: one month later (same day of month). */
export function earliestStart(today: string): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number]
  const next = new Date(Date.UTC(y, m, d)) // month index m is the next month
  if (next.getUTCDate() !== d) next.setUTCDate(0) // 01-31 → end of February
  return next.toISOString().slice(0, 10)
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
  advancedSeminar: r.advanced_seminar,
  publishedAt: r.published_at.toISOString(),
})

/**
 * 第十六条 继续教育机构实施培训项目，应当提前一个月在平台公布后组织实施，公布内容包括培训科目、学习方式、
 * 课程安排、时间场地安排、师资、教学管理要求、培训学时: a later publication is refused with the reason.
 */
export async function publishProject(
  db: Kysely<DB>,
  p: Principal,
  input: ProjectInput,
  today = new Date().toISOString().slice(0, 10),
) {
  for (const field of ['title', 'schedule', 'venue', 'faculty', 'rules'] as const) {
    if (!input[field]?.trim())
      throw new InvalidInputError(
        field,
        '须填写（第十六条要求公布培训科目、课程安排、场地、师资、教学管理要求）',
      )
  }
  if (!isIsoDate(input.startDate)) throw new InvalidInputError('startDate', '须为日期 YYYY-MM-DD')
  if (!isIsoDate(input.endDate) || input.endDate < input.startDate)
    throw new InvalidInputError('endDate', '须为不早于开始日期的日期')
  const earliest = earliestStart(today)
  // 第十六条 binds continuing-education institutions; HR departments' and authorities' own activities grant directly.
  if (p.role === 'institution' && input.startDate < earliest) {
    throw new InvalidInputError(
      'startDate',
      `培训项目须提前一个月公布（${PUBLICATION_BASIS}）：今天公布，最早 ${earliest} 开班`,
    )
  }
  const row = await db.transaction().execute(async (trx) => {
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
        advanced_seminar: input.advancedSeminar ?? false,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
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
  return toProject(row)
}

/** Published projects, newest start first: public, as the directory of projects is. */
export async function listProjects(db: Kysely<DB>, page: PageQuery, institutionId?: string) {
  let q = db.selectFrom('training_project')
  if (institutionId) q = q.where('institution_id', '=', institutionId)
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('start_date', 'desc').limit(page.pageSize).offset(offsetOf(page)).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return listPage(rows.map(toProject), Number(count.n), page)
}
