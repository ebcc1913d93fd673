import type { Kysely, Transaction } from 'kysely'
import { findOrganisation, type Organisation } from '../db/organisations.js'
import {
  insertPolicySetting,
  latestPolicySettings,
  type PolicySettingRow,
  policySettingHistory,
} from '../db/policy-settings.js'
import type { DB } from '../db/schema.js'
import { regions } from '../domain/region-data.js'
import type { PolicyInfo } from '../policy/policy.js'
import {
  containsRegion,
  findPolicy,
  listPolicies,
  NATIONAL,
  POLICIES,
  type PolicySetting,
} from '../policy/registry.js'
import type { Principal } from './accounts.js'
import { recordAudit, transact } from './audit.js'
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.js'

type Executor = Kysely<DB> | Transaction<DB>

/**
 * The settings that policy resolution reads (resolvePolicyWith): the latest choice per policy. Read once
 * per request or transaction, in it, so a credit sees the settings its own transaction sees; a process
 * cache would need a version read per request all the same, and several servers share one database.
 */
export const policySettingsOf = (db: Executor): Promise<PolicySetting[]> => latestPolicySettings(db)

/**
 * The deployment's top HR department, whose administrator chooses the policies in force: the HR
 * department `xueshi init` created. A database without one (the demo, seeded across three provinces'
 * cities) takes the HR department of the first HR administrator account made — the demo's `demo-hr`,
 * 常州市人力资源和社会保障局 (320400); the same rule picks init's department in a real deployment.
 */
export async function findTopHrDepartment(db: Executor): Promise<Organisation | undefined> {
  const init = await db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'hr_department')
    .where('registered_by', '=', 'init')
    .executeTakeFirst()
  const first =
    init ??
    (await db
      .selectFrom('app_user as u')
      .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
      .select('o.id')
      .where('o.kind', '=', 'hr_department')
      .where('o.status', '=', 'approved')
      .where('u.is_admin', '=', true)
      .orderBy('u.created_at')
      .orderBy('u.id')
      .executeTakeFirst())
  return first ? findOrganisation(db, first.id) : undefined
}

/** 全国, 江苏省, 江苏省常州市. */
export const jurisdictionName = (code: string): string =>
  code === NATIONAL ? '全国' : (regions.fullName(code) ?? code)

/**
 * The policies a top region may set: those whose jurisdiction contains it (the national engineering
 * rules, its province's) or lies inside it (its cities' and counties'). Another province's are not its
 * to choose.
 */
export const settablePolicies = (regionCode: string) =>
  POLICIES.filter(
    (p) => containsRegion(p.jurisdiction, regionCode) || containsRegion(regionCode, p.jurisdiction),
  )

const yearOf = (iso: string) => Number(iso.slice(0, 4))

/** Refuses anyone but the top HR department (an administrator: the route's adminOnly); returns it. */
async function assertTopHr(db: Executor, p: Principal): Promise<Organisation> {
  const top = await findTopHrDepartment(db)
  if (!top || p.role !== 'hr_department' || p.organisationId !== top.id)
    throw new ForbiddenError(
      top
        ? `适用政策由本部署最高一级人社部门（${top.name}）设置`
        : '本部署尚无最高一级人社部门（请先运行 xueshi init）',
      { en: "only the deployment's top HR department sets the policies in force" },
    )
  return top
}

const settingView = (s: PolicySettingRow) => ({
  id: s.id,
  applies: s.applies,
  fromYear: s.fromYear,
  reason: s.reason,
  setBy: s.setByName,
  setAt: s.setAt.toISOString(),
})

/** Every settable policy with its text's validity, the choice in force and its history (newest first). */
export async function policySettingsOverview(db: Kysely<DB>, p: Principal) {
  const top = await assertTopHr(db, p)
  const history = await policySettingHistory(db, top.regionCode)
  return {
    department: { name: top.name, regionCode: top.regionCode, regionName: jurisdictionName(top.regionCode) },
    items: settablePolicies(top.regionCode).map((policy) => {
      const own = history.filter((s) => s.policyId === policy.id)
      return {
        id: policy.id,
        title: policy.title,
        documentNo: policy.documentNo,
        jurisdiction: policy.jurisdiction,
        jurisdictionName: jurisdictionName(policy.jurisdiction),
        series: policy.series ? [...policy.series] : null,
        effectiveFrom: policy.effectiveFrom,
        effectiveTo: policy.effectiveTo,
        current: own[0] ? settingView(own[0]) : null,
        history: own.map(settingView),
      }
    }),
  }
}

export interface SettingChange {
  applies: boolean
  fromYear: number
  reason: string
}

/**
 * The top HR department's choice about one policy, kept beside every earlier one and audited. It
 * governs crediting from now on; hours already credited keep the policy they were credited under (a
 * recomputation would be an act of its own, audited, and none is offered yet).
 */
export async function changePolicySetting(
  db: Kysely<DB>,
  p: Principal,
  policyId: string,
  change: SettingChange,
) {
  const policy = findPolicy(policyId)
  if (!policy) throw new NotFoundError('policy', policyId)
  const reason = change.reason.trim()
  if (reason === '') throw new InvalidInputError('reason', '请填写调整理由')
  return transact(db, async (trx) => {
    const top = await assertTopHr(trx, p)
    if (!settablePolicies(top.regionCode).includes(policy))
      throw new InvalidInputError(
        'policyId',
        `${policy.documentNo}的适用范围（${jurisdictionName(policy.jurisdiction)}）与本部署（${jurisdictionName(top.regionCode)}）无关，不能设置`,
      )
    const first = yearOf(policy.effectiveFrom)
    if (change.fromYear < first)
      throw new InvalidInputError(
        'fromYear',
        `起始年度不能早于${policy.documentNo}施行的${first}年（${policy.inForceBasis}）`,
      )
    if (policy.effectiveTo !== null && change.fromYear > yearOf(policy.effectiveTo))
      throw new InvalidInputError(
        'fromYear',
        `起始年度不能晚于${policy.documentNo}有效期截止的${yearOf(policy.effectiveTo)}年`,
      )
    const before = (await policySettingHistory(trx, top.regionCode)).find((s) => s.policyId === policy.id)
    if (before && before.applies === change.applies && before.fromYear === change.fromYear)
      throw new ConflictError('与现行设置相同，无需调整', { en: 'the setting in force is the same' })
    const saved = await insertPolicySetting(trx, {
      policyId: policy.id,
      regionCode: top.regionCode,
      applies: change.applies,
      fromYear: change.fromYear,
      reason,
      setBy: p.userId as string,
      setByOrganisationId: top.id,
    })
    await recordAudit(trx, {
      actor: p.userId as string,
      actorOrganisationId: p.organisationId,
      action: 'policy_setting.change',
      entity: 'policy_setting',
      entityId: saved.id,
      before: before ? { policy: policy.id, applies: before.applies, fromYear: before.fromYear } : undefined,
      after: {
        policy: policy.id,
        region: top.regionCode,
        applies: change.applies,
        fromYear: change.fromYear,
        reason,
      },
    })
    return { id: saved.id, policyId: policy.id, applies: change.applies, fromYear: change.fromYear }
  })
}

/**
 * The policies in force in this deployment, for the public policy page: the top region's settable
 * policies its settings leave in force some year, from when and until when here. Without a top HR
 * department every policy the engine implements, on the text's own dates.
 */
export async function policiesInForce(db: Kysely<DB>) {
  const top = await findTopHrDepartment(db)
  const own = (policy: PolicyInfo) => ({
    ...policy,
    jurisdictionName: jurisdictionName(policy.jurisdiction),
    fromYear: yearOf(policy.effectiveFrom),
    toYear: policy.effectiveTo === null ? null : yearOf(policy.effectiveTo),
  })
  if (!top) return listPolicies().map(own)
  const settings = (await policySettingsOf(db)).filter((s) => s.regionCode === top.regionCode)
  return settablePolicies(top.regionCode).flatMap((policy) => {
    const info = own(listPolicies().find((i) => i.id === policy.id) as PolicyInfo)
    const s = settings.find((x) => x.policyId === policy.id)
    if (!s) return [info]
    // 适用，自Y年起: from max(Y, the text's first year); 不适用，自Y年起: until Y − 1.
    const range = s.applies
      ? { fromYear: Math.max(info.fromYear, s.fromYear), toYear: info.toYear }
      : { fromYear: info.fromYear, toYear: Math.min(info.toYear ?? Number.POSITIVE_INFINITY, s.fromYear - 1) }
    if (range.toYear !== null && range.fromYear > range.toYear) return []
    return [{ ...info, ...range, toYear: Number.isFinite(range.toYear) ? range.toYear : null }]
  })
}
