import type { Kysely, Transaction } from 'kysely'
import { countRows } from '../db/count.js'
import { containing } from '../db/like.js'
import type { DB } from '../db/schema.js'
import { changingPersons } from '../db/summaries.js'
import { chinaToday } from '../domain/china-date.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { regions } from '../domain/region-data.js'
import type { Principal } from './accounts.js'
import { recordAudit, transact } from './audit.js'
import { ConflictError, InvalidInputError, NotFoundError } from './errors.js'
import { assertUsername } from './new-accounts.js'
import { notify } from './notifications.js'
import { assertPasswordPolicy, hashPassword } from './passwords.js'
import { personKeyOfIdNumber, registerPerson } from './persons.js'
import type { Secrets } from './secrets.js'

// A professional signs up and names their employer or agency; the organisation confirms the employment.

export interface SignUp {
  name: string
  idNumber: string
  username: string
  password: string
  /** The approved employer or agency they work for (or whose file they are in). */
  organisationId: string
  series: string
  titleLevel: string
}

/** The approved employers and agencies a professional may choose from, by name. */
export async function organisationsToChoose(db: Kysely<DB>, f: PageQuery & { name?: string }) {
  let q = db
    .selectFrom('organisation')
    .where('kind', 'in', ['employer', 'agency'])
    .where('status', '=', 'approved')
  if (f.name) q = q.where('name', 'like', containing(f.name))
  const [rows, total] = await Promise.all([
    q
      .select(['id', 'kind', 'name', 'region_code'])
      .orderBy('name')
      .orderBy('id')
      .limit(f.pageSize)
      .offset(offsetOf(f))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((r) => ({
      id: r.id,
      kind: r.kind as 'employer' | 'agency',
      name: r.name,
      regionName: regions.fullName(r.region_code) ?? r.region_code,
    })),
    total,
    f,
  )
}

/**
 * A professional's own account. An ID number already registered (by an employer, a roster, an import)
 * links to that person, never a second one, and the account claims hours already there: it signs in only
 * once the chosen organisation has checked who they are (a name and an ID number are no proof). A new ID
 * number registers the person in the organisation's region and the account signs in at once. Either way
 * the organisation confirms the employment before it sees them.
 */
export async function signUp(
  db: Kysely<DB>,
  secrets: Secrets,
  input: SignUp,
): Promise<{ username: string; account: 'active' | 'awaiting_confirmation' }> {
  assertUsername(input.username)
  assertPasswordPolicy(input.password)
  const personKey = personKeyOfIdNumber(secrets, input.idNumber)
  const name = input.name.trim()
  const hash = await hashPassword(input.password)
  try {
    return await transact(db, async (trx) => {
      const org = await trx
        .selectFrom('organisation')
        .select(['id', 'kind', 'name', 'region_code'])
        .where('id', '=', input.organisationId)
        .where('kind', 'in', ['employer', 'agency'])
        .where('status', '=', 'approved')
        .executeTakeFirst()
      if (!org) throw new InvalidInputError('organisationId', '请从已注册的用人单位或人力资源服务机构中选择')
      const taken = await trx
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', input.username)
        .executeTakeFirst()
      if (taken) throw new ConflictError(`用户名 ${input.username} 已被使用`, { field: 'username' })
      const actor = { id: `signup:${input.username}` }
      const known = await trx
        .selectFrom('person')
        .select(['name'])
        .where('person_key', '=', personKey)
        .executeTakeFirst()
      if (known) {
        const account = await trx
          .selectFrom('app_user')
          .select('id')
          .where('person_key', '=', personKey)
          .executeTakeFirst()
        if (account) throw alreadyRegistered()
        if (known.name !== name)
          throw new InvalidInputError('name', '姓名与该身份证号的登记信息不一致，请核对')
      } else {
        await registerPerson(trx, secrets, actor, {
          idNumber: input.idNumber,
          name,
          regionCode: org.region_code,
          series: input.series,
          titleLevel: input.titleLevel,
          freelancer: org.kind === 'agency',
        })
      }
      const claims = known !== undefined
      const user = await trx
        .insertInto('app_user')
        .values({
          username: input.username,
          role: 'person',
          person_key: personKey,
          password_hash: hash,
          awaiting_confirmation: claims,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await recordAudit(trx, {
        actor: user.id,
        action: 'person.signup',
        entity: 'app_user',
        entityId: user.id,
        personKey,
        after: { username: input.username, organisationId: org.id, linkedToExisting: claims },
      })
      const request = await trx
        .insertInto('employment_request')
        .values({ person_key: personKey, organisation_id: org.id, claims_account: claims })
        .returning('id')
        .executeTakeFirstOrThrow()
      await recordAudit(trx, {
        actor: user.id,
        action: 'employment.request',
        entity: 'employment_request',
        entityId: request.id,
        personKey,
        after: { organisationId: org.id, claimsAccount: claims },
      })
      await notify(trx, {
        organisationId: org.id,
        kind: 'employment.request',
        title: '新的人员确认申请',
        body: claims
          ? `${name} 注册账户时选择了本单位；该身份证号已有学时记录，请核实本人身份后确认。`
          : `${name} 注册账户时选择了本单位，请确认是否为本单位人员。`,
        link: '/staff/requests',
      })
      return {
        username: input.username,
        account: claims ? ('awaiting_confirmation' as const) : ('active' as const),
      }
    })
  } catch (e) {
    const err = e as { code?: string; constraint?: string; message?: string }
    const where = err?.constraint ?? err?.message ?? ''
    if (err?.code === '23505' && where.includes('username'))
      throw new ConflictError(`用户名 ${input.username} 已被使用`, { field: 'username', cause: e })
    if (err?.code === '23505') throw alreadyRegistered(e)
    throw e
  }
}

const alreadyRegistered = (cause?: unknown) =>
  new ConflictError('该身份证号已注册账户；忘记密码请联系所在单位管理员重置', { field: 'idNumber', cause })

/** The organisation's pending employment requests, oldest first: name and masked ID number only. */
export async function listEmploymentRequests(db: Kysely<DB>, p: Principal, page: PageQuery) {
  const q = db
    .selectFrom('employment_request as r')
    .innerJoin('person as p', 'p.person_key', 'r.person_key')
    .where('r.organisation_id', '=', p.organisationId as string)
    .where('r.status', '=', 'pending')
  const [rows, total] = await Promise.all([
    q
      .select([
        'r.id',
        'p.name',
        'p.id_masked',
        'p.series',
        'p.title_level',
        'r.requested_at',
        'r.claims_account',
      ])
      .orderBy('r.requested_at')
      .orderBy('r.id')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      idMasked: r.id_masked,
      series: r.series,
      titleLevel: r.title_level,
      requestedAt: r.requested_at.toISOString(),
      claimsAccount: r.claims_account,
    })),
    total,
    page,
  )
}

async function pendingRequest(trx: Transaction<DB>, p: Principal, id: string) {
  const row = await trx
    .selectFrom('employment_request')
    .select(['person_key', 'id', 'status', 'claims_account'])
    .where('id', '=', id)
    .where('organisation_id', '=', p.organisationId as string)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw new NotFoundError('employment request', id)
  if (row.status !== 'pending') throw new ConflictError('该申请已处理')
  return row
}

/**
 * Confirms (the employment starts today and the organisation sees the person from now on) or declines
 * (with a reason) a professional's request; the person is told. A request that claims hours already
 * registered also decides the account: confirmed, it signs in from now on; declined, it is removed, so
 * that the real person can sign up.
 */
export async function decideEmploymentRequest(
  db: Kysely<DB>,
  p: Principal,
  id: string,
  decision: { confirm: true } | { confirm: false; reason: string },
): Promise<void> {
  await transact(db, async (trx) => {
    const r = await pendingRequest(trx, p, id)
    const reason = decision.confirm ? null : decision.reason.trim()
    if (reason === '') throw new InvalidInputError('reason', '不予确认须说明理由')
    if (decision.confirm) {
      const current = await trx
        .selectFrom('employment')
        .select('organisation_id')
        .where('person_key', '=', r.person_key)
        .where('to_date', 'is', null)
        .execute()
      if (current.some((e) => e.organisation_id !== p.organisationId))
        throw new ConflictError('该人员仍在其他单位在职，须原单位完成离职审核后才能确认')
      if (current.length === 0)
        await changingPersons(trx, [r.person_key], () =>
          trx
            .insertInto('employment')
            .values({
              person_key: r.person_key,
              organisation_id: p.organisationId as string,
              relation: p.role === 'agency' ? 'file_holder' : 'employee',
              from_date: chinaToday(),
            })
            .execute(),
        )
    }
    if (r.claims_account && decision.confirm)
      await trx
        .updateTable('app_user')
        .set({ awaiting_confirmation: false })
        .where('person_key', '=', r.person_key)
        .where('awaiting_confirmation', '=', true)
        .execute()
    if (r.claims_account && !decision.confirm)
      await trx
        .deleteFrom('app_user')
        .where('person_key', '=', r.person_key)
        .where('awaiting_confirmation', '=', true)
        .execute()
    await trx
      .updateTable('employment_request')
      .set({
        status: decision.confirm ? 'confirmed' : 'declined',
        decided_by: p.userId,
        decided_at: new Date(),
        reason,
      })
      .where('person_key', '=', r.person_key)
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, {
      actor: p.userId ?? p.username,
      actorOrganisationId: p.organisationId,
      action: decision.confirm ? 'employment.confirm' : 'employment.decline',
      entity: 'employment_request',
      entityId: id,
      personKey: r.person_key,
      after: { reason, claimsAccount: r.claims_account },
    })
    await notify(trx, {
      personKey: r.person_key,
      kind: decision.confirm ? 'employment.confirmed' : 'employment.declined',
      title: decision.confirm ? '单位已确认您的人员身份' : '单位未确认您的人员身份',
      body: decision.confirm ? '所在单位已确认，您可以提交学时登记申请。' : `所在单位未予确认：${reason}`,
    })
  })
}
