import { type Kysely, sql, type Transaction } from 'kysely'
import { regionPrefix } from '../db/compliance.js'
import { countRows } from '../db/count.js'
import { containing } from '../db/like.js'
import type { DB } from '../db/schema.js'
import { jurisdictionChain } from '../policy/registry.js'
import type { Principal } from './accounts.js'
import { ForbiddenError } from './errors.js'
import { notify } from './notifications.js'

export interface RosterQueueFilter {
  projectTitle?: string
  page: number
  pageSize: number
}

/**
 * 第二十一条 由行业主管部门或用人单位确认: the rosters waiting for the caller — for an industry authority, every
 * pending roster of an institution in its region; for an employer, pending rosters with lines of its current
 * staff still to confirm. Newest first, with the number of lines that wait for the caller.
 */
export async function rostersAwaiting(db: Kysely<DB>, p: Principal, f: RosterQueueFilter) {
  const org = p.organisationId
  if (!org || (p.role !== 'authority' && p.role !== 'employer'))
    throw new ForbiddenError('只有行业主管部门和用人单位确认花名册')
  const waitingLines = (eb: 'mine' | 'all') =>
    eb === 'all'
      ? sql<string>`(SELECT count(*) FROM roster_row l WHERE l.roster_id = r.id AND l.ledger_entry_id IS NULL)`
      : sql<string>`(SELECT count(*) FROM roster_row l WHERE l.roster_id = r.id AND l.ledger_entry_id IS NULL
          AND EXISTS (SELECT 1 FROM employment e WHERE e.person_key = l.person_key AND e.organisation_id = ${org} AND e.to_date IS NULL))`
  let q = db
    .selectFrom('roster as r')
    .innerJoin('training_project as t', 't.id', 'r.project_id')
    .innerJoin('organisation as i', 'i.id', 't.institution_id')
    .where('r.status', '=', 'pending')
  if (p.role === 'authority') {
    const own = await db
      .selectFrom('organisation')
      .select('region_code')
      .where('id', '=', org)
      .executeTakeFirstOrThrow()
    q = q.where('i.region_code', 'like', `${regionPrefix(own.region_code)}%`)
  } else {
    q =
      q.where(sql<boolean>`EXISTS (SELECT 1 FROM roster_row l JOIN employment e ON e.person_key = l.person_key
      WHERE l.roster_id = r.id AND l.ledger_entry_id IS NULL AND e.organisation_id = ${org} AND e.to_date IS NULL)`)
  }
  if (f.projectTitle?.trim()) q = q.where('t.title', 'like', containing(f.projectTitle.trim()))
  const [rows, count] = await Promise.all([
    q
      .select([
        'r.id',
        'r.project_id',
        'r.version',
        'r.row_count',
        'r.created_at',
        'r.correction_reason',
        't.title',
        't.end_date',
        'i.name as institution_name',
      ])
      .select(waitingLines(p.role === 'authority' ? 'all' : 'mine').as('awaiting'))
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    countRows(q),
  ])
  return {
    items: rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      projectTitle: r.title,
      projectEndDate: String(r.end_date),
      institutionName: r.institution_name,
      version: r.version,
      rowCount: r.row_count,
      awaiting: Number(r.awaiting),
      correctionReason: r.correction_reason,
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
