import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from 'kysely'
import { regionPrefix } from '../db/compliance.js'
import { countRows } from '../db/count.js'
import { containing } from '../db/like.js'
import type { DB } from '../db/schema.js'
import { chinaToday } from '../domain/china-date.js'
import type { HolidayCalendar } from '../domain/working-days.js'
import { ADVANCED_SEMINAR_REPORT, governs } from '../policy/procedures.js'
import { getPolicy, jurisdictionChain } from '../policy/registry.js'
import type { Principal } from './accounts.js'
import { holidayCalendar, seminarReportDue } from './calendar.js'
import { ForbiddenError } from './errors.js'
import { notify } from './notifications.js'

export type RosterState = 'pending' | 'confirmed' | 'returned'

export interface RosterQueueFilter {
  projectTitle?: string
  /** pending (default): waiting for the caller; confirmed; returned to the institution. */
  status?: RosterState
  /** submitted (default): by the day the roster was reported; deadline: by the reporting deadline, those without one last. */
  sort?: 'submitted' | 'deadline'
  /** desc by default for the submission date (newest first), asc for the deadline (soonest first). */
  order?: 'asc' | 'desc'
  page: number
  pageSize: number
}

type Base = SelectQueryBuilder<
  DB & { r: DB['roster']; t: DB['training_project']; i: DB['organisation'] },
  'r' | 't' | 'i',
  object
>

/** A line (alias l) of the roster (alias r) whose person is the organisation's current staff. */
const staffLine = (org: string) =>
  sql<boolean>`EXISTS (SELECT 1 FROM employment e WHERE e.person_key = l.person_key AND e.organisation_id = ${org} AND e.to_date IS NULL)`

/**
 * 第二十一条 由行业主管部门或用人单位确认: the rosters a caller confirms — an industry authority every roster of an
 * institution in its region, an employer those with lines of its current staff. Throws for anyone else.
 */
export async function rosterScope(db: Kysely<DB>, p: Principal) {
  const org = p.organisationId
  if (!org || (p.role !== 'authority' && p.role !== 'employer'))
    throw new ForbiddenError('只有行业主管部门和用人单位确认花名册')
  if (p.role === 'authority') {
    const own = await db
      .selectFrom('organisation')
      .select('region_code')
      .where('id', '=', org)
      .executeTakeFirstOrThrow()
    const prefix = `${regionPrefix(own.region_code)}%`
    return {
      role: 'authority' as const,
      org,
      where: <Q extends Base>(q: Q) => q.where('i.region_code', 'like', prefix) as Q,
    }
  }
  return {
    role: 'employer' as const,
    org,
    where: <Q extends Base>(q: Q) =>
      q.where(
        sql<boolean>`EXISTS (SELECT 1 FROM roster_row l WHERE l.roster_id = r.id AND ${staffLine(org)})`,
      ) as Q,
  }
}

/** The lines of roster r still waiting for the caller: all of them for an authority, its staff's for an employer. */
export const awaitingLines = (scope: { role: 'authority' | 'employer'; org: string }) =>
  scope.role === 'authority'
    ? sql<string>`(SELECT count(*) FROM roster_row l WHERE l.roster_id = r.id AND l.ledger_entry_id IS NULL)`
    : sql<string>`(SELECT count(*) FROM roster_row l WHERE l.roster_id = r.id AND l.ledger_entry_id IS NULL AND ${staffLine(scope.org)})`

/** Rosters with their project and institution, as every roster query starts. */
export const rostersWithProject = (db: Kysely<DB>) =>
  db
    .selectFrom('roster as r')
    .innerJoin('training_project as t', 't.id', 'r.project_id')
    .innerJoin('organisation as i', 'i.id', 't.institution_id')

// 五（二）高级研修项目…结业后20个工作日内上报: where the text governs (its jurisdiction, on the project's end date).
const seminarText = getPolicy(ADVANCED_SEMINAR_REPORT.policy)
const hasDeadline = sql<boolean>`(t.advanced_seminar AND i.region_code LIKE ${`${regionPrefix(seminarText.jurisdiction)}%`}
  AND t.end_date >= ${seminarText.effectiveFrom}${seminarText.effectiveTo ? sql` AND t.end_date <= ${seminarText.effectiveTo}` : sql``})`

/**
 * The reporting deadline of a roster's project, where one is set (advanced seminars under 308号 五（二）), and
 * whether the roster came after it. The due date grows with the end date, so the list sorts by end date.
 */
export function deadlineOf(
  calendar: HolidayCalendar,
  project: { advancedSeminar: boolean; endDate: string },
  institutionRegion: string,
  reportedAt: Date,
) {
  if (!project.advancedSeminar || !governs(ADVANCED_SEMINAR_REPORT, institutionRegion, project.endDate))
    return null
  const { due, provisional } = seminarReportDue(calendar, project.endDate)
  return { due, provisional, late: chinaToday(reportedAt) > due, basis: ADVANCED_SEMINAR_REPORT.basis }
}

/**
 * 第二十一条 由行业主管部门或用人单位确认: the rosters of the caller's scope in a state — waiting for the caller
 * (pending, with lines still to confirm), confirmed, or returned — with the project and the institution by name,
 * the number of lines waiting for the caller and the reporting deadline where a text sets one.
 */
export async function rostersAwaiting(db: Kysely<DB>, p: Principal, f: RosterQueueFilter) {
  const scope = await rosterScope(db, p)
  const status = f.status ?? 'pending'
  let q = scope.where(rostersWithProject(db).where('r.status', '=', status))
  if (status === 'pending') q = q.where(sql<boolean>`${awaitingLines(scope)} > 0`)
  if (f.projectTitle?.trim()) q = q.where('t.title', 'like', containing(f.projectTitle.trim()))
  const byDeadline = f.sort === 'deadline'
  const order = f.order ?? (byDeadline ? 'asc' : 'desc')
  let listed = q.select([
    'r.id',
    'r.project_id',
    'r.version',
    'r.status',
    'r.row_count',
    'r.created_at',
    'r.correction_reason',
    'r.return_reason',
    'r.returned_at',
    't.title',
    't.end_date',
    't.advanced_seminar',
    'i.name as institution_name',
    'i.region_code as institution_region',
  ])
  if (byDeadline)
    listed = listed
      .orderBy(sql`${hasDeadline}`, 'desc')
      .orderBy('t.end_date', order)
      .orderBy('r.created_at', 'desc')
  else listed = listed.orderBy('r.created_at', order)
  const [rows, count, calendar] = await Promise.all([
    listed
      .select(awaitingLines(scope).as('awaiting'))
      .orderBy('r.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    countRows(q),
    holidayCalendar(db),
  ])
  return {
    items: rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      projectTitle: r.title,
      projectEndDate: String(r.end_date),
      institutionName: r.institution_name,
      version: r.version,
      status: r.status,
      rowCount: r.row_count,
      awaiting: Number(r.awaiting),
      correctionReason: r.correction_reason,
      returnReason: r.return_reason,
      returnedAt: r.returned_at?.toISOString() ?? null,
      deadline: deadlineOf(
        calendar,
        { advancedSeminar: r.advanced_seminar, endDate: String(r.end_date) },
        r.institution_region,
        r.created_at,
      ),
      createdAt: r.created_at.toISOString(),
    })),
    total: count,
    page: f.page,
    pageSize: f.pageSize,
  }
}

/** The industry authorities whose region covers the institution's: they confirm its rosters. */
export async function notifyAuthorities(
  trx: Transaction<DB>,
  institutionRegion: string,
  n: { title: string; body: string; link: string },
) {
  const authorities = await trx
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'authority')
    .where('region_code', 'in', jurisdictionChain(institutionRegion))
    .execute()
  for (const a of authorities) await notify(trx, { organisationId: a.id, kind: 'roster.pending', ...n })
}

/** A superseded version's notifications are done with: marked read for everyone who got them. */
export async function markRosterNotificationsRead(trx: Transaction<DB>, rosterId: string) {
  await trx
    .updateTable('notification')
    .set({ read_at: new Date() })
    .where('link', '=', `/rosters/${rosterId}`)
    .where('read_at', 'is', null)
    .execute()
}
