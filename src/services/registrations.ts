import type { Kysely, Selectable, Transaction } from 'kysely'
import { regionPrefix } from '../db/compliance.js'
import { countRows } from '../db/count.js'
import type { DB, OrganisationTable } from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { regions } from '../domain/region-data.js'
import { parseUscc } from '../domain/uscc.js'
import type { Principal } from './accounts.js'
import { recordAudit, transact } from './audit.js'
import { hrLevelOf } from './deployment.js'
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.js'
import { insertAccount } from './new-accounts.js'
import { notify } from './notifications.js'
import { createOrganisation } from './organisations.js'
import { assertPasswordPolicy } from './passwords.js'

// Employers and agencies ask to be registered; the HR department of their region approves or rejects.

/** A mobile number (11 digits, 1[3-9]…) or a landline with its area code (010-12345678). */
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/

export interface RegistrationRequest {
  kind: 'employer' | 'agency'
  name: string
  uscc: string
  regionCode: string
  contactName: string
  contactPhone: string
  username: string
  password: string
}

/** The region an HR department oversees, as a LIKE prefix of region codes ('' for the national one). */
export async function hrRegionOf(db: Kysely<DB> | Transaction<DB>, p: Principal) {
  const o = await db
    .selectFrom('organisation')
    .select(['region_code', 'level'])
    .where('id', '=', p.organisationId as string)
    .executeTakeFirstOrThrow()
  return {
    regionCode: o.region_code,
    level: o.level,
    prefix: o.level === 'national' ? '' : regionPrefix(o.region_code),
  }
}

/** Whether a region code lies in an HR department's region (its own code, or below it). */
export const inRegion = (prefix: string, regionCode: string) => regionCode.startsWith(prefix)

/** The HR departments (approved) whose region contains the code, most specific first. */
async function responsibleHr(trx: Transaction<DB>, regionCode: string) {
  const chain = regions.chain(regionCode)
  const rows = await trx
    .selectFrom('organisation')
    .select(['id', 'region_code', 'level'])
    .where('kind', '=', 'hr_department')
    .where('status', '=', 'approved')
    .where((eb) => eb.or([eb('region_code', 'in', chain), eb('level', '=', 'national')]))
    .execute()
  const rank = (r: { region_code: string; level: string | null }) =>
    r.level === 'national' ? chain.length : chain.indexOf(r.region_code)
  return rows.sort((a, b) => rank(a) - rank(b))
}

/** Refuses a credit code already registered (or waiting); a rejected request frees its code. */
async function assertUsccFree(trx: Transaction<DB>, uscc: string): Promise<void> {
  const taken = await trx
    .selectFrom('organisation')
    .select('status')
    .where('uscc', '=', uscc)
    .where('status', '!=', 'rejected')
    .executeTakeFirst()
  if (taken)
    throw new ConflictError(
      taken.status === 'pending' ? '该统一社会信用代码的注册申请正在审核中' : '该统一社会信用代码已注册',
      { field: 'uscc' },
    )
}

/** A self-registration: the organisation (pending) and its administrator's account, who cannot sign in until approved. */
export async function requestRegistration(
  db: Kysely<DB>,
  input: RegistrationRequest,
): Promise<{ id: string; status: 'pending' }> {
  const parsed = parseUscc(input.uscc)
  if (!parsed.ok) throw new InvalidInputError('uscc', `统一社会信用代码无效：${parsed.reason}`)
  const contactName = input.contactName.trim()
  if (contactName === '') throw new InvalidInputError('contactName', '联系人姓名不能为空')
  const contactPhone = input.contactPhone.trim()
  if (!PHONE.test(contactPhone))
    throw new InvalidInputError(
      'contactPhone',
      '联系电话须为11位手机号或带区号的固定电话（如 0519-85681234）',
    )
  assertPasswordPolicy(input.password)
  if (!regions.has(input.regionCode))
    throw new InvalidInputError('regionCode', `未知的行政区划代码 ${input.regionCode}`)
  return raceChecked(
    transact(db, async (trx) => {
      const hr = await responsibleHr(trx, input.regionCode)
      if (hr.length === 0)
        throw new InvalidInputError(
          'regionCode',
          `${regions.fullName(input.regionCode)}的人社部门尚未开通本系统，暂不能注册`,
        )
      await assertUsccFree(trx, parsed.code)
      const actor = { id: `registration:${input.username.slice(0, 64)}` }
      const org = await createOrganisation(trx, actor, {
        kind: input.kind,
        name: input.name,
        uscc: parsed.code,
        regionCode: input.regionCode,
        status: 'pending',
        contactName,
        contactPhone,
        registeredBy: 'self',
      })
      await insertAccount(trx, actor, {
        organisationId: org.id,
        role: input.kind,
        username: input.username,
        isAdmin: true,
        password: input.password,
      })
      const first = hr[0] as { id: string }
      await notify(trx, {
        organisationId: first.id,
        kind: 'registration.pending',
        title: '新的单位注册申请',
        body: `${org.name}（统一社会信用代码 ${parsed.code}）申请注册为${input.kind === 'employer' ? '用人单位' : '人力资源服务机构'}，请审核。`,
        link: '/registrations',
      })
      return { id: org.id, status: 'pending' as const }
    }),
  )
}

/**
 * Two requests racing with one credit code or username: the loser meets the unique index (SQLSTATE
 * 23505 on PostgreSQL and PGlite) and gets the answer the check before would have given.
 */
async function raceChecked<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (e) {
    const err = e as { code?: string; constraint?: string; message?: string }
    const where = err?.constraint ?? err?.message ?? ''
    if (err?.code === '23505' && where.includes('uscc'))
      throw new ConflictError('该统一社会信用代码已注册或正在审核', { field: 'uscc', cause: e })
    if (err?.code === '23505' && where.includes('username'))
      throw new ConflictError('该用户名已被使用', { field: 'username', cause: e })
    throw e
  }
}

const KIND_NAME = { employer: '用人单位', agency: '人力资源服务机构' } as const

/** The registration requests of the caller's region (pending unless another status is asked for), oldest first. */
export async function listRegistrations(
  db: Kysely<DB>,
  p: Principal,
  f: PageQuery & { status?: 'pending' | 'approved' | 'rejected' },
) {
  const { prefix } = await hrRegionOf(db, p)
  const q = db
    .selectFrom('organisation as o')
    .where('o.registered_by', '=', 'self')
    .where('o.status', '=', f.status ?? 'pending')
    .where('o.region_code', 'like', `${prefix}%`)
  const [rows, total] = await Promise.all([
    q
      .leftJoin('app_user as u', (j) => j.onRef('u.organisation_id', '=', 'o.id').on('u.is_admin', '=', true))
      .select([
        'o.id',
        'o.kind',
        'o.name',
        'o.uscc',
        'o.region_code',
        'o.contact_name',
        'o.contact_phone',
        'o.created_at',
        'o.status',
        'o.decision_reason',
        'o.decided_at',
        'u.username',
      ])
      .orderBy('o.created_at')
      .orderBy('o.id')
      .limit(f.pageSize)
      .offset(offsetOf(f))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((r) => ({
      id: r.id,
      kind: r.kind as 'employer' | 'agency',
      kindName: KIND_NAME[r.kind as 'employer' | 'agency'],
      name: r.name,
      uscc: r.uscc as string,
      regionCode: r.region_code,
      regionName: regions.fullName(r.region_code) ?? r.region_code,
      contactName: r.contact_name ?? '',
      contactPhone: r.contact_phone ?? '',
      username: r.username ?? '',
      requestedAt: r.created_at.toISOString(),
      status: r.status,
      reason: r.decision_reason,
      decidedAt: r.decided_at?.toISOString() ?? null,
    })),
    total,
    f,
  )
}

/** Approves or rejects (with a reason) a pending request of the caller's region; the organisation is told. */
export async function decideRegistration(
  db: Kysely<DB>,
  p: Principal,
  id: string,
  decision: { approve: true } | { approve: false; reason: string },
): Promise<void> {
  await transact(db, async (trx) => {
    const org = await trx
      .selectFrom('organisation')
      .select(['id', 'name', 'region_code', 'status'])
      .where('id', '=', id)
      .where('registered_by', '=', 'self')
      .forUpdate()
      .executeTakeFirst()
    if (!org) throw new NotFoundError('registration', id)
    const { prefix } = await hrRegionOf(trx, p)
    if (!inRegion(prefix, org.region_code))
      throw new ForbiddenError(`${org.name}不在本部门辖区内，应由其所在地区的人社部门审核`)
    if (org.status !== 'pending')
      throw new ConflictError(`该申请已${org.status === 'approved' ? '通过' : '驳回'}，不能再次审核`)
    const reason = decision.approve ? null : decision.reason.trim()
    if (reason === '') throw new InvalidInputError('reason', '驳回须说明理由')
    await trx
      .updateTable('organisation')
      .set({
        status: decision.approve ? 'approved' : 'rejected',
        decided_by: p.userId,
        decided_at: new Date(),
        decision_reason: reason,
      })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, {
      actor: p.userId as string,
      actorOrganisationId: p.organisationId,
      action: decision.approve ? 'registration.approve' : 'registration.reject',
      entity: 'organisation',
      entityId: id,
      before: { status: 'pending' },
      after: { status: decision.approve ? 'approved' : 'rejected', reason },
    })
    await notify(trx, {
      organisationId: id,
      kind: decision.approve ? 'registration.approved' : 'registration.rejected',
      title: decision.approve ? '单位注册已通过' : '单位注册未通过',
      body: decision.approve ? `${org.name}的注册申请已审核通过。` : `${org.name}的注册申请未通过：${reason}`,
    })
  })
}

export interface LowerOrganisation {
  kind: 'hr_department' | 'authority' | 'institution'
  name: string
  regionCode: string
  industry?: string
  level?: 'national' | 'provincial' | 'city'
  occupationCategories?: string[]
  isBase?: boolean
  uscc?: string
  /** The first administrator's username. */
  username: string
}

/**
 * An HR department registers an organisation of its region: a lower HR department (a city's or a
 * district's, strictly below its own), an industry authority (with its industry) or an institution or
 * base; each with a first administrator whose one-time password is shown once.
 */
export async function registerOrganisation(db: Kysely<DB>, p: Principal, input: LowerOrganisation) {
  if (!regions.has(input.regionCode))
    throw new InvalidInputError('regionCode', `未知的行政区划代码 ${input.regionCode}`)
  return transact(db, async (trx) => {
    const own = await hrRegionOf(trx, p)
    if (!inRegion(own.prefix, input.regionCode))
      throw new ForbiddenError(
        `行政区划 ${regions.fullName(input.regionCode)}（${input.regionCode}）不在本部门辖区内`,
      )
    if (input.kind === 'hr_department') {
      if (input.regionCode === own.regionCode || hrLevelOf(input.regionCode) === 'province')
        throw new InvalidInputError('regionCode', '只能登记本辖区内下级（市、区县）的人社部门')
      const exists = await trx
        .selectFrom('organisation')
        .select('id')
        .where('kind', '=', 'hr_department')
        .where('region_code', '=', input.regionCode)
        .executeTakeFirst()
      if (exists)
        throw new ConflictError(`${regions.fullName(input.regionCode)}的人社部门已登记`, {
          field: 'regionCode',
        })
    }
    if (input.kind === 'authority' && !input.industry?.trim())
      throw new InvalidInputError('industry', '行业主管部门须填写所管行业')
    if (input.kind === 'institution' && !input.level)
      throw new InvalidInputError('level', '继续教育机构须填写级别（national、provincial、city）')
    if (input.uscc) {
      const parsed = parseUscc(input.uscc)
      if (parsed.ok) await assertUsccFree(trx, parsed.code)
    }
    const actor = { id: p.userId as string, organisationId: p.organisationId }
    const org = await createOrganisation(trx, actor, {
      kind: input.kind,
      name: input.name,
      uscc: input.uscc ?? null,
      regionCode: input.regionCode,
      level: input.kind === 'hr_department' ? hrLevelOf(input.regionCode) : (input.level ?? null),
      industry: input.kind === 'authority' ? (input.industry?.trim() ?? null) : null,
      isBase: input.kind === 'institution' ? (input.isBase ?? false) : false,
      occupationCategories: input.kind === 'institution' ? (input.occupationCategories ?? []) : [],
    })
    const account = await insertAccount(trx, actor, {
      organisationId: org.id,
      role: input.kind,
      username: input.username,
      isAdmin: true,
    })
    return {
      organisation: org,
      username: account.username,
      oneTimePassword: account.oneTimePassword as string,
    }
  })
}

/** The enabled administrators of each organisation among `organisationIds`, by username. */
async function administratorsOf(
  db: Kysely<DB>,
  organisationIds: readonly string[],
): Promise<Map<string, { id: string; username: string; displayName: string | null }[]>> {
  const found = new Map<string, { id: string; username: string; displayName: string | null }[]>()
  if (organisationIds.length === 0) return found
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'organisation_id'])
    .where('organisation_id', 'in', [...organisationIds])
    .where('is_admin', '=', true)
    .where('disabled_at', 'is', null)
    .orderBy('username')
    .execute()
  for (const r of rows) {
    const list = found.get(r.organisation_id as string) ?? []
    list.push({ id: r.id, username: r.username, displayName: r.display_name })
    found.set(r.organisation_id as string, list)
  }
  return found
}

/** An organisation's columns as the lists show them (单位管理, its tree). */
export const ORGANISATION_COLUMNS = [
  'id',
  'kind',
  'name',
  'uscc',
  'region_code',
  'level',
  'industry',
  'is_base',
  'occupation_categories',
] as const

/** One organisation as the lists answer it, its region by name. */
export function organisationOf(
  r: Pick<Selectable<OrganisationTable>, (typeof ORGANISATION_COLUMNS)[number]>,
) {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    uscc: r.uscc,
    regionCode: r.region_code,
    regionName: regions.fullName(r.region_code) ?? r.region_code,
    level: r.level,
    industry: r.industry,
    isBase: r.is_base,
    occupationCategories: r.occupation_categories,
  }
}

/** The organisations of the caller's region (and below), by kind and name, with their enabled administrators. */
export async function listOrganisations(
  db: Kysely<DB>,
  p: Principal,
  f: PageQuery & { kind?: 'employer' | 'agency' | 'institution' | 'authority' | 'hr_department' },
) {
  const { prefix } = await hrRegionOf(db, p)
  let q = db
    .selectFrom('organisation')
    .where('region_code', 'like', `${prefix}%`)
    .where('status', '=', 'approved')
  if (f.kind) q = q.where('kind', '=', f.kind)
  const [rows, total] = await Promise.all([
    q
      .select(ORGANISATION_COLUMNS)
      .orderBy('region_code')
      .orderBy('kind')
      .orderBy('name')
      .orderBy('id')
      .limit(f.pageSize)
      .offset(offsetOf(f))
      .execute(),
    countRows(q),
  ])
  const admins = await administratorsOf(
    db,
    rows.map((r) => r.id),
  )
  return listPage(
    rows.map((r) => ({ ...organisationOf(r), administrators: admins.get(r.id) ?? [] })),
    total,
    f,
  )
}
