import type { Kysely, Transaction } from 'kysely'
import { countRows } from '../db/count.js'
import type { DB } from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import type { Principal } from './accounts.js'
import { recordAudit, transact } from './audit.js'
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.js'
import { insertAccount } from './new-accounts.js'
import { notify } from './notifications.js'
import { type Handover, handOver, type OneTimePasswordChannel } from './one-time-passwords.js'
import { hashPassword, oneTimePassword } from './passwords.js'
import { hrRegionOf, inRegion } from './registrations.js'

// An organisation administrator's work on the accounts of their own organisation, each act audited.

const actorOf = (p: Principal) => ({ id: p.userId as string, organisationId: p.organisationId })

/** The organisation's accounts, administrators first, then by username. */
export async function listAccounts(db: Kysely<DB>, p: Principal, page: PageQuery) {
  const q = db.selectFrom('app_user').where('organisation_id', '=', p.organisationId as string)
  const [rows, total] = await Promise.all([
    q
      .select([
        'id',
        'username',
        'display_name',
        'is_admin',
        'disabled_at',
        'must_change_password',
        'totp_enabled',
        'created_at',
        // The last sign-in: sessions are kept (ended, never deleted), so the newest one says when.
        (eb) =>
          eb
            .selectFrom('session')
            .select((s) => s.fn.max('session.created_at').as('at'))
            .whereRef('session.user_id', '=', 'app_user.id')
            .as('last_sign_in_at'),
      ])
      .orderBy('is_admin', 'desc')
      .orderBy('username')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      isAdmin: r.is_admin,
      disabled: r.disabled_at !== null,
      passwordChangeRequired: r.must_change_password,
      totpEnabled: r.totp_enabled,
      createdAt: r.created_at.toISOString(),
      lastSignInAt: r.last_sign_in_at ? new Date(r.last_sign_in_at).toISOString() : null,
    })),
    total,
    page,
  )
}

/** A new account of the administrator's organisation, with a one-time password shown once. */
export async function createAccount(
  db: Kysely<DB>,
  p: Principal,
  input: { username: string; displayName?: string | null; isAdmin?: boolean },
): Promise<{ id: string; username: string; oneTimePassword: string }> {
  const created = await transact(db, (trx) =>
    insertAccount(trx, actorOf(p), {
      organisationId: p.organisationId as string,
      role: p.role as Exclude<Principal['role'], 'person'>,
      username: input.username,
      displayName: input.displayName ?? null,
      isAdmin: input.isAdmin ?? false,
    }),
  )
  return { id: created.id, username: created.username, oneTimePassword: created.oneTimePassword as string }
}

/** Another account of the administrator's own organisation (an administrator does not act on themself here). */
async function colleague(trx: Transaction<DB>, p: Principal, id: string) {
  const row = await trx
    .selectFrom('app_user')
    .select(['id', 'username', 'person_key', 'disabled_at'])
    .where('id', '=', id)
    .where('organisation_id', '=', p.organisationId as string)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw new NotFoundError('account', id)
  if (row.id === p.userId)
    throw new ConflictError('不能停用、启用或重置自己的账户；修改自己的密码请用「修改密码」')
  return row
}

/** Ends every live session of an account. */
const endSessions = (trx: Transaction<DB>, userId: string) =>
  trx
    .updateTable('session')
    .set({ ended_at: new Date() })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute()

/** Disables (the account cannot sign in; its sessions end and the API tokens it made stop working) or enables an account. */
export async function setAccountDisabled(
  db: Kysely<DB>,
  p: Principal,
  id: string,
  disabled: boolean,
): Promise<void> {
  await transact(db, async (trx) => {
    const row = await colleague(trx, p, id)
    if ((row.disabled_at !== null) === disabled)
      throw new ConflictError(disabled ? `账户 ${row.username} 已是停用状态` : `账户 ${row.username} 未停用`)
    await trx
      .updateTable('app_user')
      .set({ disabled_at: disabled ? new Date() : null })
      .where('id', '=', id)
      .execute()
    if (disabled) await endSessions(trx, id)
    await recordAudit(trx, {
      actor: p.userId as string,
      actorOrganisationId: p.organisationId,
      action: disabled ? 'account.disable' : 'account.enable',
      entity: 'app_user',
      entityId: id,
      after: { username: row.username },
    })
  })
}

/**
 * A new one-time password for an account (the owner forgot theirs): to be changed at the next sign-in;
 * the account's sessions end and its lock is lifted. Delivered through the channel if the deployment
 * has one, else returned to be handed over in person.
 */
async function resetPassword(
  trx: Transaction<DB>,
  p: Principal,
  user: { id: string; username: string; person_key: string | null },
  channel: OneTimePasswordChannel | undefined,
  /** An HR department's reset of another organisation's administrator: its reason and the organisation, audited. */
  byHr?: { reason: string; organisationId: string },
): Promise<Handover> {
  const password = oneTimePassword()
  await trx
    .updateTable('app_user')
    .set({
      password_hash: await hashPassword(password),
      must_change_password: true,
      failed_logins: 0,
      locked_until: null,
      password_changed_at: new Date(),
    })
    .where('id', '=', user.id)
    .execute()
  await endSessions(trx, user.id)
  const handover = await handOver(
    channel,
    { userId: user.id, username: user.username, personKey: user.person_key },
    password,
  )
  await recordAudit(trx, {
    actor: p.userId as string,
    actorOrganisationId: p.organisationId,
    action: byHr ? 'account.admin_password_reset' : 'account.password_reset',
    entity: 'app_user',
    entityId: user.id,
    ...(user.person_key ? { personKey: user.person_key } : {}),
    after: { username: user.username, sentVia: handover.sentVia, ...byHr },
  })
  return handover
}

/** Resets the password of another account of the administrator's organisation. */
export function resetAccountPassword(
  db: Kysely<DB>,
  p: Principal,
  id: string,
  channel?: OneTimePasswordChannel,
): Promise<Handover> {
  return transact(db, async (trx) => resetPassword(trx, p, await colleague(trx, p, id), channel))
}

/**
 * Resets a professional's password, for the administrator of their current employer (or of the agency
 * holding their file): nobody else, and not once they have left.
 */
export function resetStaffPassword(
  db: Kysely<DB>,
  p: Principal,
  personKey: string,
  channel?: OneTimePasswordChannel,
): Promise<Handover> {
  return transact(db, async (trx) => {
    const employed = await trx
      .selectFrom('employment')
      .select('person_key')
      .where('person_key', '=', personKey)
      .where('organisation_id', '=', p.organisationId as string)
      .where('to_date', 'is', null)
      .executeTakeFirst()
    if (!employed) throw new ForbiddenError('只能重置本单位在职人员的密码')
    const user = await trx
      .selectFrom('app_user')
      .select(['id', 'username', 'person_key'])
      .where('person_key', '=', personKey)
      .where('role', '=', 'person')
      .forUpdate()
      .executeTakeFirst()
    if (!user) throw new NotFoundError('account', '该人员尚未开通账户')
    return resetPassword(trx, p, user, channel)
  })
}

/**
 * An organisation's administrator forgot their password and nobody of the organisation can reset it
 * (typically its only administrator): the administrator of the HR department whose region holds the
 * organisation (the one that registered or approved it, or one above) issues a one-time password, to be
 * changed at the next sign-in, with a reason; audited, and the organisation is told in its inbox. A
 * department's own accounts are reset on 账户管理 instead; another region's organisations are refused.
 */
export function resetOrganisationAdminPassword(
  db: Kysely<DB>,
  p: Principal,
  organisationId: string,
  input: { accountId: string; reason: string },
  channel?: OneTimePasswordChannel,
): Promise<Handover> {
  const reason = input.reason.trim()
  if (reason === '') throw new InvalidInputError('reason', '须说明重置理由')
  return transact(db, async (trx) => {
    const org = await trx
      .selectFrom('organisation')
      .select(['id', 'name', 'region_code', 'status'])
      .where('id', '=', organisationId)
      .executeTakeFirst()
    if (!org) throw new NotFoundError('organisation', organisationId)
    if (org.id === p.organisationId) throw new ConflictError('本部门的账户请在「账户管理」中重置密码')
    const { prefix } = await hrRegionOf(trx, p)
    if (!inRegion(prefix, org.region_code))
      throw new ForbiddenError(`${org.name}不在本部门辖区内，应由其所在地区的人社部门重置`)
    if (org.status !== 'approved')
      throw new ConflictError(`${org.name}尚未通过注册审核，没有可重置的管理员账户`)
    const user = await trx
      .selectFrom('app_user')
      .select(['id', 'username', 'person_key', 'disabled_at'])
      .where('id', '=', input.accountId)
      .where('organisation_id', '=', org.id)
      .where('is_admin', '=', true)
      .forUpdate()
      .executeTakeFirst()
    if (!user) throw new InvalidInputError('accountId', `该账户不是${org.name}的管理员`)
    if (user.disabled_at !== null)
      throw new ConflictError(`账户 ${user.username} 已停用，须由本单位管理员启用`)
    const handover = await resetPassword(trx, p, user, channel, { reason, organisationId: org.id })
    await notify(trx, {
      organisationId: org.id,
      kind: 'auth.admin_password_reset',
      title: '管理员密码已由人社部门重置',
      body: `${org.name}的管理员账户 ${user.username} 的密码已由所在地区人社部门重置（理由：${reason}），须以一次性密码登录并修改密码。如非本单位申请，请立即联系该人社部门。`,
    })
    return handover
  })
}
