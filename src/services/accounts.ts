import { createHash, randomBytes } from 'node:crypto'
import { type Kysely, sql, type Transaction } from 'kysely'
import { countRows } from '../db/count.js'
import type { DB, Role } from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { recordAudit, transact } from './audit.js'
import { ConflictError, ForbiddenError, InvalidInputError, UnauthorizedError } from './errors.js'
import {
  claimPasswordCheck,
  clearFailedLogins,
  confirmPassword,
  LOCKOUT_MS,
  MAX_FAILED_LOGINS,
} from './lockout.js'
import { notifyAccount } from './notifications.js'
import {
  assertNotReused,
  assertPasswordPolicy,
  hashPassword,
  PASSWORD_HISTORY,
  verifyNobody,
  verifyPassword,
} from './passwords.js'
import { type Secrets, seal, unseal } from './secrets.js'
import { lastValidDay, tokenExpiry } from './token-expiry.js'
import { newRecoveryCodes, newTotpSecret, otpauthUri, totpStep } from './totp.js'

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000

/** One answer for an unknown user, a wrong password and a locked account, so none tells which. */
const LOGIN_FAILED = `用户名或密码错误；连续${MAX_FAILED_LOGINS}次错误后账户锁定${LOCKOUT_MS / 60_000}分钟`

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const token = () => randomBytes(32).toString('base64url')

/** Who is calling: a signed-in account or an API token, with what scope needs of its organisation. */
export interface Principal {
  userId: string | null
  username: string
  role: Role
  organisationId: string | null
  personKey: string | null
  via: 'session' | 'token'
  sessionId?: string
  csrfToken?: string
  secondFactorDone: boolean
  totpEnabled: boolean
  passwordChangedAt?: Date
  /** An organisation's administrator (accounts, API tokens); false for clerks, persons and API tokens. */
  isAdmin?: boolean
  /** Signed in with a one-time password: only the password change, the session and sign-out until changed. */
  mustChangePassword?: boolean
}

/** One audit event of an account's own action, in a transaction of its own. */
function auditAccount(
  db: Kysely<DB>,
  p: Principal,
  action: string,
  entity = 'app_user',
  entityId = p.userId as string,
  after?: object,
) {
  return transact(db, (trx) =>
    recordAudit(trx, {
      actor: p.userId as string,
      actorOrganisationId: p.organisationId,
      action,
      entity,
      entityId,
      after,
    }),
  )
}

/** A change to how the account signs in: audited, and its owner told, in the transaction that makes it. */
async function accountChanged(
  trx: Transaction<DB>,
  p: Principal,
  action: string,
  notice: { title: string; body: string },
  after?: object,
): Promise<void> {
  await recordAudit(trx, {
    actor: p.userId as string,
    actorOrganisationId: p.organisationId,
    action,
    entity: 'app_user',
    entityId: p.userId as string,
    after,
  })
  await notifyAccount(trx, p, { kind: action, ...notice })
}

export interface LoginResult {
  token: string
  csrfToken: string
  role: Role
  secondFactorRequired: boolean
  /** Organisation accounts are offered a second factor at first login (等保 2.0 level 3). */
  secondFactorOffered: boolean
  /** Signed in with a one-time password: it must be changed before anything else. */
  passwordChangeRequired: boolean
}

/**
 * Password login with lockout: 5 failures lock the account for 15 minutes. An unknown user, a wrong
 * password and a locked account get the same answer after one password verification. Every outcome
 * is audited.
 */
export async function login(
  db: Kysely<DB>,
  username: string,
  password: string,
  ip: string,
  now = new Date(),
): Promise<LoginResult> {
  const user = await db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst()
  const audit = (action: string, after: object) =>
    transact(db, (trx) =>
      recordAudit(trx, {
        actor: user?.id ?? `unknown:${username.slice(0, 64)}`,
        actorOrganisationId: user?.organisation_id,
        action,
        entity: 'app_user',
        entityId: user?.id ?? username.slice(0, 64),
        after: { ip, ...after },
      }),
    )
  const check = user && (await claimPasswordCheck(db, user.id, now))
  if (!user || !check) {
    await verifyNobody(password)
    await audit(
      user ? 'auth.login_refused' : 'auth.login_failed',
      user ? { reason: 'locked' } : { reason: 'unknown user' },
    )
    throw new UnauthorizedError(LOGIN_FAILED)
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    await audit('auth.login_failed', { reason: 'wrong password', ...check })
    throw new UnauthorizedError(LOGIN_FAILED)
  }
  // Told only to whoever knows the password: an unknown user and a wrong password still get one answer.
  const refusal = await signInRefusal(db, user)
  if (refusal) {
    await clearFailedLogins(db, user.id)
    await audit('auth.login_refused', { reason: refusal.reason })
    throw new ForbiddenError(refusal.message, { code: refusal.code })
  }
  const secret = token()
  const csrfToken = token()
  await db
    .insertInto('session')
    .values({
      id: sha256(secret),
      user_id: user.id,
      csrf_token: csrfToken,
      second_factor_done: !user.totp_enabled,
    })
    .execute()
  await clearFailedLogins(db, user.id)
  await audit('auth.login', { secondFactorRequired: user.totp_enabled })
  return {
    token: secret,
    csrfToken,
    role: user.role,
    secondFactorRequired: user.totp_enabled,
    secondFactorOffered: user.role !== 'person' && !user.totp_enabled,
    passwordChangeRequired: user.must_change_password,
  }
}

/**
 * Why an account with the right password may still not sign in: disabled, claiming hours already
 * registered before its organisation has checked who signed up, or its organisation not approved.
 */
async function signInRefusal(
  db: Kysely<DB>,
  user: { disabled_at: Date | null; organisation_id: string | null; awaiting_confirmation: boolean },
): Promise<{ code: string; reason: string; message: string } | undefined> {
  if (user.disabled_at)
    return { code: 'account_disabled', reason: 'disabled', message: '该账户已停用，请联系本单位管理员' }
  if (user.awaiting_confirmation)
    return {
      code: 'account_awaiting_confirmation',
      reason: 'awaiting confirmation',
      message: '该身份证号已有学时记录，账户须经您注册时选择的单位核实本人身份后方可登录，请与单位联系',
    }
  if (!user.organisation_id) return undefined
  const org = await db
    .selectFrom('organisation')
    .select(['status', 'decision_reason'])
    .where('id', '=', user.organisation_id)
    .executeTakeFirstOrThrow()
  if (org.status === 'pending')
    return {
      code: 'organisation_pending',
      reason: 'organisation pending',
      message: '本单位的注册申请正在等待所在地区人社部门审核，审核通过后方可登录',
    }
  if (org.status === 'rejected')
    return {
      code: 'organisation_rejected',
      reason: 'organisation rejected',
      message: `本单位的注册申请未通过审核：${org.decision_reason}`,
    }
  return undefined
}

/** The session a cookie names, if it is live; an idle one (30 minutes) is ended. */
export async function resolveSession(
  db: Kysely<DB>,
  secret: string,
  now = new Date(),
): Promise<Principal | undefined> {
  const row = await db
    .selectFrom('session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .leftJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select([
      'o.status as organisation_status',
      's.id',
      's.csrf_token',
      's.second_factor_done',
      's.last_seen_at',
      's.ended_at',
      'u.id as user_id',
      'u.username',
      'u.role',
      'u.organisation_id',
      'u.person_key',
      'u.totp_enabled',
      'u.password_changed_at',
      'u.is_admin',
      'u.must_change_password',
      'u.disabled_at',
      'u.awaiting_confirmation',
    ])
    .where('s.id', '=', sha256(secret))
    .executeTakeFirst()
  if (!row || row.ended_at || row.disabled_at || row.awaiting_confirmation) return undefined
  if (row.organisation_status !== null && row.organisation_status !== 'approved') return undefined
  if (now.getTime() - row.last_seen_at.getTime() > IDLE_TIMEOUT_MS) {
    await db.updateTable('session').set({ ended_at: now }).where('id', '=', row.id).execute()
    return undefined
  }
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('session').set({ last_seen_at: now }).where('id', '=', row.id).execute()
  }
  return {
    userId: row.user_id,
    username: row.username,
    role: row.role,
    organisationId: row.organisation_id,
    personKey: row.person_key,
    via: 'session',
    sessionId: row.id,
    csrfToken: row.csrf_token,
    secondFactorDone: row.second_factor_done,
    totpEnabled: row.totp_enabled,
    passwordChangedAt: row.password_changed_at,
    isAdmin: row.role !== 'person' && row.is_admin,
    mustChangePassword: row.must_change_password,
  }
}

export async function logout(db: Kysely<DB>, sessionId: string, now = new Date()): Promise<void> {
  await db.updateTable('session').set({ ended_at: now }).where('id', '=', sessionId).execute()
}

/**
 * Starts second-factor enrolment: a new secret, stored encrypted and pending. An enabled factor keeps
 * working until the new one is confirmed.
 */
export async function setupTotp(
  db: Kysely<DB>,
  secrets: Secrets,
  p: Principal,
): Promise<{ secret: string; uri: string }> {
  const secret = newTotpSecret()
  await db
    .updateTable('app_user')
    .set({ totp_pending_cipher: seal(secrets, secret.toString('base64')) })
    .where('id', '=', p.userId as string)
    .execute()
  await auditAccount(db, p, 'auth.totp_setup')
  const uri = otpauthUri(secret, p.username)
  return { secret: new URL(uri).searchParams.get('secret') as string, uri }
}

const unsealSecret = (secrets: Secrets, cipher: Uint8Array | null) =>
  cipher ? Buffer.from(unseal(secrets, cipher), 'base64') : undefined

/**
 * Confirms enrolment (or the replacement of a factor) with the password and a first code of the
 * pending secret; returns the one-time recovery codes (shown once). The owner is notified.
 */
export async function enableTotp(
  db: Kysely<DB>,
  secrets: Secrets,
  p: Principal,
  code: string,
  password: string,
  now = new Date(),
): Promise<string[]> {
  const userId = p.userId as string
  await confirmPassword(db, userId, password, 'password', now)
  const user = await db
    .selectFrom('app_user')
    .select(['totp_pending_cipher', 'totp_enabled'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow()
  const pending = user.totp_pending_cipher
  const secret = unsealSecret(secrets, pending)
  if (!pending || !secret) throw new InvalidInputError('code', '请先生成动态口令密钥')
  const step = totpStep(secret, code, now.getTime() / 1000)
  if (step === undefined) throw new InvalidInputError('code', '动态口令不正确')
  const codes = newRecoveryCodes()
  const replaced = user.totp_enabled
  await transact(db, async (trx) => {
    const r = await trx
      .updateTable('app_user')
      .set({
        totp_secret_cipher: pending,
        totp_pending_cipher: null,
        totp_enabled: true,
        totp_last_step: step,
        recovery_code_hashes: codes.map(sha256),
      })
      .where('id', '=', userId)
      .where('totp_pending_cipher', '=', pending)
      .executeTakeFirst()
    if (Number(r.numUpdatedRows) !== 1) throw new ConflictError('动态口令密钥已重新生成，请用新的密钥再试')
    await accountChanged(trx, p, replaced ? 'auth.totp_replaced' : 'auth.totp_enabled', {
      title: replaced ? '动态口令已更换' : '动态口令已绑定',
      body: `账户 ${p.username} ${replaced ? '更换了' : '绑定了'}动态口令。如非本人操作，请立即修改密码并联系管理员。`,
    })
  })
  return codes
}

/**
 * The second step of a login: a TOTP code, or one recovery code (used up). A code is accepted once
 * for the account, in any session (RFC 6238 §5.2): its time step must come after the last accepted.
 */
export async function verifySecondFactor(
  db: Kysely<DB>,
  secrets: Secrets,
  p: Principal,
  code: string,
  now = new Date(),
): Promise<void> {
  const userId = p.userId as string
  const row = await db
    .selectFrom('app_user')
    .select('totp_secret_cipher')
    .where('id', '=', userId)
    .where('totp_enabled', '=', true)
    .executeTakeFirst()
  const secret = unsealSecret(secrets, row?.totp_secret_cipher ?? null)
  const step = secret && totpStep(secret, code, now.getTime() / 1000)
  const used =
    step === undefined
      ? await db
          .updateTable('app_user')
          .set({ recovery_code_hashes: sql`array_remove(recovery_code_hashes, ${sha256(code.trim())})` })
          .where('id', '=', userId)
          .where(sql<boolean>`${sha256(code.trim())} = ANY(recovery_code_hashes)`)
          .executeTakeFirst()
      : await db
          .updateTable('app_user')
          .set({ totp_last_step: step })
          .where('id', '=', userId)
          .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
          .executeTakeFirst()
  const ok = Number(used.numUpdatedRows) === 1
  await auditAccount(db, p, ok ? 'auth.second_factor' : 'auth.second_factor_failed')
  if (!ok) throw new UnauthorizedError('动态口令或恢复码不正确')
  await db
    .updateTable('session')
    .set({ second_factor_done: true })
    .where('id', '=', p.sessionId as string)
    .execute()
}

/** An HR department's levels (services/organisations.ts); other organisations' levels are not the session's concern. */
const LEVELS = ['national', 'province', 'city', 'district'] as const
const levelOf = (level: string | null | undefined) => LEVELS.find((l) => l === level) ?? null

/**
 * What the account page shows of the signed-in account: its organisation's name and level (what an HR
 * department may do depends on it, e.g. only a city's files a mentorship), and the recovery codes left.
 */
export async function accountSummary(
  db: Kysely<DB>,
  p: Principal,
): Promise<{
  organisationName: string | null
  organisationLevel: (typeof LEVELS)[number] | null
  recoveryCodesLeft: number | null
}> {
  const [organisation, user] = await Promise.all([
    p.organisationId
      ? db
          .selectFrom('organisation')
          .select(['name', 'level', 'kind'])
          .where('id', '=', p.organisationId)
          .executeTakeFirst()
      : undefined,
    p.userId
      ? db
          .selectFrom('app_user')
          .select(['totp_enabled', 'recovery_code_hashes'])
          .where('id', '=', p.userId)
          .executeTakeFirst()
      : undefined,
  ])
  return {
    organisationName: organisation?.name ?? null,
    organisationLevel: organisation?.kind === 'hr_department' ? levelOf(organisation.level) : null,
    recoveryCodesLeft: user?.totp_enabled ? user.recovery_code_hashes.length : null,
  }
}

/**
 * Ten new recovery codes for an account with a second factor, with the password again; the old codes stop
 * working. Audited, and the owner is told.
 */
export async function regenerateRecoveryCodes(
  db: Kysely<DB>,
  p: Principal,
  password: string,
  now = new Date(),
): Promise<string[]> {
  const userId = p.userId as string
  await confirmPassword(db, userId, password, 'password', now)
  const codes = newRecoveryCodes()
  await transact(db, async (trx) => {
    const r = await trx
      .updateTable('app_user')
      .set({ recovery_code_hashes: codes.map(sha256) })
      .where('id', '=', userId)
      .where('totp_enabled', '=', true)
      .executeTakeFirst()
    if (Number(r.numUpdatedRows) !== 1) throw new ConflictError('账户尚未绑定动态口令，没有恢复码')
    await accountChanged(trx, p, 'auth.recovery_codes_regenerated', {
      title: '恢复码已重新生成',
      body: `账户 ${p.username} 重新生成了恢复码，原有恢复码已作废。如非本人操作，请立即修改密码并联系管理员。`,
    })
  })
  return codes
}

/**
 * A new password, with the current one again: not the current one nor one of the previous five. The
 * account's other sessions end; the owner is notified.
 */
export async function changePassword(
  db: Kysely<DB>,
  p: Principal,
  current: string,
  next: string,
  now = new Date(),
): Promise<void> {
  const userId = p.userId as string
  await confirmPassword(db, userId, current, 'currentPassword', now)
  assertPasswordPolicy(next, 'newPassword')
  const user = await db
    .selectFrom('app_user')
    .select(['password_hash', 'previous_password_hashes'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow()
  await assertNotReused(next, [user.password_hash, ...user.previous_password_hashes])
  const hash = await hashPassword(next)
  await transact(db, async (trx) => {
    const r = await trx
      .updateTable('app_user')
      .set({
        password_hash: hash,
        previous_password_hashes: [user.password_hash, ...user.previous_password_hashes].slice(
          0,
          PASSWORD_HISTORY,
        ),
        password_changed_at: now,
        must_change_password: false,
      })
      .where('id', '=', userId)
      .where('password_hash', '=', user.password_hash)
      .executeTakeFirst()
    if (Number(r.numUpdatedRows) !== 1) throw new ConflictError('密码刚被另一次操作修改，请重新登录后再试')
    const ended = await trx
      .updateTable('session')
      .set({ ended_at: now })
      .where('user_id', '=', userId)
      .where('id', '!=', p.sessionId ?? '')
      .where('ended_at', 'is', null)
      .executeTakeFirst()
    await accountChanged(
      trx,
      p,
      'auth.password_changed',
      {
        title: '密码已修改',
        body: `账户 ${p.username} 的密码已修改，其他已登录的会话已退出。如非本人操作，请立即联系管理员。`,
      },
      { otherSessionsEnded: Number(ended.numUpdatedRows) },
    )
  })
}

/**
 * API tokens: `xs_…`, shown once, stored as SHA-256, scoped to the creator's organisation; valid until revoked,
 * or through `expiresOn` (China time) when given.
 */
export async function createApiToken(
  db: Kysely<DB>,
  p: Principal,
  name: string,
  expiresOn?: string,
): Promise<{ id: string; token: string; expiresOn: string | null }> {
  if (!p.organisationId) throw new InvalidInputError('organisation', '只有单位账户可以创建接口令牌')
  const expiresAt = tokenExpiry(expiresOn)
  const secret = `xs_${token()}`
  const row = await db
    .insertInto('api_token')
    .values({
      organisation_id: p.organisationId,
      name: name.trim().slice(0, 100) || 'token',
      token_hash: sha256(secret),
      created_by: p.userId as string,
      expires_at: expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await auditAccount(db, p, 'token.create', 'api_token', row.id, { name, expiresOn: expiresOn ?? null })
  return { id: row.id, token: secret, expiresOn: expiresOn ?? null }
}

/** The organisation's API tokens, newest first: names and use, never the secret. */
export async function listApiTokens(db: Kysely<DB>, p: Principal, page: PageQuery) {
  const q = db.selectFrom('api_token').where('organisation_id', '=', p.organisationId as string)
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((t) => ({
      id: t.id,
      name: t.name,
      createdAt: t.created_at.toISOString(),
      lastUsedAt: t.last_used_at?.toISOString() ?? null,
      revoked: t.revoked_at !== null,
      expiresOn: t.expires_at ? lastValidDay(t.expires_at) : null,
      expired: t.expires_at !== null && t.expires_at.getTime() <= Date.now(),
    })),
    count,
    page,
  )
}

export async function revokeApiToken(db: Kysely<DB>, p: Principal, id: string): Promise<boolean> {
  const r = await db
    .updateTable('api_token')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('organisation_id', '=', p.organisationId as string)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  const done = Number(r.numUpdatedRows) === 1
  if (done) {
    await auditAccount(db, p, 'token.revoke', 'api_token', id)
  }
  return done
}

/** The principal an API token stands for: its organisation's role, no user. */
export async function resolveApiToken(db: Kysely<DB>, secret: string): Promise<Principal | undefined> {
  const row = await db
    .selectFrom('api_token as t')
    .innerJoin('organisation as o', 'o.id', 't.organisation_id')
    .innerJoin('app_user as u', 'u.id', 't.created_by')
    .select(['t.id', 't.name', 't.organisation_id', 'o.kind'])
    .where('t.token_hash', '=', sha256(secret))
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', new Date())]))
    // A token stops working with the account that made it.
    .where('u.disabled_at', 'is', null)
    .where('o.status', '=', 'approved')
    .executeTakeFirst()
  if (!row) return undefined
  await db.updateTable('api_token').set({ last_used_at: new Date() }).where('id', '=', row.id).execute()
  return {
    userId: null,
    username: `token:${row.name}`,
    role: row.kind,
    organisationId: row.organisation_id,
    personKey: null,
    via: 'token',
    secondFactorDone: true,
    totpEnabled: false,
  }
}
