import type { Transaction } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Principal } from './accounts.js'
import { actorOf } from './applications.js'
import { recordAudit } from './audit.js'
import { ConflictError, ForbiddenError, InvalidInputError } from './errors.js'
import { notify } from './notifications.js'
import { rosterInScope } from './roster-detail.js'
import { markRosterNotificationsRead } from './roster-queue.js'

/**
 * 第二十一条 由行业主管部门…确认: the industry authority that will not confirm a roster returns it to the institution
 * with its reason; the institution reports a corrected version. Lines an employer confirmed before stay in the
 * ledger (a correction reverses what it changes).
 */
export async function returnRoster(trx: Transaction<DB>, p: Principal, id: string, reason: string) {
  const why = reason.trim()
  if (!why) throw new InvalidInputError('reason', '请填写退回理由，机构据此修改后重新报送')
  if (p.role !== 'authority') throw new ForbiddenError('花名册由行业主管部门退回；用人单位只确认本单位人员')
  const { row } = await rosterInScope(trx, p, id)
  const locked = await trx
    .selectFrom('roster')
    .select('status')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow()
  if (locked.status !== 'pending')
    throw new ConflictError(
      locked.status === 'confirmed'
        ? '该花名册已确认，不能退回'
        : locked.status === 'returned'
          ? '该花名册已退回'
          : '该花名册已被新版本替换',
    )
  const returnedAt = new Date()
  await trx
    .updateTable('roster')
    .set({ status: 'returned', return_reason: why, returned_by: actorOf(p).id, returned_at: returnedAt })
    .where('id', '=', id)
    .execute()
  await markRosterNotificationsRead(trx, id)
  await recordAudit(trx, {
    actor: actorOf(p).id,
    actorOrganisationId: p.organisationId,
    action: 'roster.return',
    entity: 'roster',
    entityId: id,
    before: { status: 'pending' },
    after: { status: 'returned', reason: why },
  })
  const institution = await trx
    .selectFrom('training_project')
    .select('institution_id')
    .where('id', '=', row.project_id)
    .executeTakeFirstOrThrow()
  await notify(trx, {
    organisationId: institution.institution_id,
    kind: 'roster.returned',
    title: '花名册被退回',
    body: `「${row.title}」花名册（第${row.version}版）被退回，理由：${why}。请修改后重新报送。`,
    link: `/rosters/${id}`,
  })
  return { id, status: 'returned' as const, returnReason: why, returnedAt: returnedAt.toISOString() }
}
