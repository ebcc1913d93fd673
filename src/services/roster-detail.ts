import { type Kysely, sql } from 'kysely'
import { countRows } from '../db/count.js'
import type { DB } from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import type { Principal } from './accounts.js'
import { holidayCalendar } from './calendar.js'
import { ForbiddenError, NotFoundError } from './errors.js'
import { deadlineOf, rosterScope, rostersWithProject } from './roster-queue.js'

type Scope = Awaited<ReturnType<typeof rosterScope>>

/** The lines of roster r (alias l) the caller sees: all for an authority, its current staff's for an employer. */
const visibleLine = (scope: Scope) =>
  scope.role === 'authority'
    ? sql<boolean>`true`
    : sql<boolean>`EXISTS (SELECT 1 FROM employment e WHERE e.person_key = l.person_key AND e.organisation_id = ${scope.org} AND e.to_date IS NULL)`

/**
 * What waits for the caller in each roster: lines, persons and reported hours of the lines not yet in the
 * ledger that the caller confirms; persons counted once across all the rosters.
 */
export async function awaitingTotals(db: Kysely<DB>, scope: Scope, rosterIds: readonly string[]) {
  if (rosterIds.length === 0)
    return { perRoster: new Map<string, { lines: number; hours: number }>(), persons: 0 }
  const waiting = sql`FROM roster_row l WHERE l.roster_id IN (${sql.join(rosterIds)}) AND l.ledger_entry_id IS NULL AND ${visibleLine(scope)}`
  const [rows, persons] = await Promise.all([
    sql<{ roster_id: string; lines: string; hours: string | null }>`
      SELECT l.roster_id, count(*) AS lines, sum((l.record->>'hours')::numeric) AS hours ${waiting} GROUP BY l.roster_id
    `.execute(db),
    sql<{ n: string }>`SELECT count(DISTINCT l.person_key) AS n ${waiting}`.execute(db),
  ])
  return {
    perRoster: new Map(
      rows.rows.map((r) => [r.roster_id, { lines: Number(r.lines), hours: Number(r.hours ?? 0) }]),
    ),
    persons: Number(persons.rows[0]?.n ?? 0),
  }
}

/** The roster if it is in the caller's scope: NotFound when there is none, Forbidden when it is another's. */
export async function rosterInScope(db: Kysely<DB>, p: Principal, id: string) {
  const scope = await rosterScope(db, p)
  const base = rostersWithProject(db)
    .selectAll('r')
    .select([
      't.title',
      't.subject',
      't.way',
      't.start_date',
      't.end_date',
      't.hours',
      't.venue',
      't.advanced_seminar',
      'i.name as institution_name',
      'i.region_code as institution_region',
    ])
    .where('r.id', '=', id)
  const row = await scope.where(base).executeTakeFirst()
  if (row) return { scope, row }
  const exists = await db.selectFrom('roster').select('id').where('id', '=', id).executeTakeFirst()
  if (!exists) throw new NotFoundError('roster', id)
  throw new ForbiddenError(
    scope.role === 'authority' ? '该培训机构不在本部门所辖地区' : '该花名册中没有本单位人员',
  )
}

/**
 * One roster as the confirming authority or employer reads it: the project and the institution by name, its
 * state, and what waits for the caller (lines, persons, reported hours).
 */
export async function rosterDetail(db: Kysely<DB>, p: Principal, id: string) {
  const { scope, row } = await rosterInScope(db, p, id)
  const [totals, calendar] = await Promise.all([awaitingTotals(db, scope, [id]), holidayCalendar(db)])
  const waiting = totals.perRoster.get(id) ?? { lines: 0, hours: 0 }
  const endDate = String(row.end_date)
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    rowCount: row.row_count,
    createdAt: row.created_at.toISOString(),
    correctionReason: row.correction_reason,
    returnReason: row.return_reason,
    returnedAt: row.returned_at?.toISOString() ?? null,
    project: {
      id: row.project_id,
      title: row.title,
      subject: row.subject,
      way: row.way,
      startDate: String(row.start_date),
      endDate,
      hours: Number(row.hours),
      venue: row.venue,
      advancedSeminar: row.advanced_seminar,
    },
    institutionName: row.institution_name,
    deadline: deadlineOf(
      calendar,
      { advancedSeminar: row.advanced_seminar, endDate },
      row.institution_region,
      row.created_at,
    ),
    awaiting: { lines: waiting.lines, persons: totals.persons, hours: waiting.hours },
    mayConfirm: row.status === 'pending' && waiting.lines > 0,
    // The authority returns a roster whole; an employer confirms its staff's lines or leaves them.
    mayReturn: row.status === 'pending' && scope.role === 'authority',
  }
}

/**
 * A page of a roster's lines the caller sees, in file order: the person (masked), the hours, and whether
 * confirmed. A roster out of scope lists nothing, whether or not it exists (as ledger batches do).
 */
export async function rosterLines(db: Kysely<DB>, p: Principal, id: string, page: PageQuery) {
  const scope = await rosterScope(db, p)
  const mine = await scope
    .where(rostersWithProject(db).select('r.id').where('r.id', '=', id))
    .executeTakeFirst()
  if (!mine) return listPage([], 0, page)
  const q = db
    .selectFrom('roster_row as l')
    .innerJoin('person as x', 'x.person_key', 'l.person_key')
    .where('l.roster_id', '=', id)
    .where(visibleLine(scope))
  const [rows, total] = await Promise.all([
    q
      .select(['l.row_no', 'l.record', 'l.ledger_entry_id', 'x.name', 'x.id_masked'])
      .orderBy('l.row_no')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((r) => {
      const record = r.record as { hours?: number; days?: number; date?: string }
      return {
        row: r.row_no,
        name: r.name,
        idMasked: r.id_masked,
        hours: Number(record.hours ?? 0),
        days: record.days ?? null,
        date: record.date ?? null,
        confirmed: r.ledger_entry_id !== null,
      }
    }),
    total,
    page,
  )
}
