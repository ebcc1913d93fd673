import type { Kysely, Selectable, Transaction } from 'kysely'
import { regionPrefix } from '../db/compliance.js'
import { countRows } from '../db/count.js'
import { containing } from '../db/like.js'
import { findOrganisation } from '../db/organisations.js'
import type {
  DB,
  InstitutionDesignationTable,
  InstitutionSanctionTable,
  OrganisationTable,
} from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { regions } from '../domain/region-data.js'
import type { Principal } from './accounts.js'
import { recordAudit, transact } from './audit.js'
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.js'
import { indicatorsOf, NO_INDICATORS } from './institution-indicators.js'
import { notify } from './notifications.js'
import { SANCTION_GROUNDS, type SanctionGround } from './sanction-grounds.js'

/** The texts behind each step, repeated wherever a user sees the step. */
export const BASIS = {
  recommended: '江西省人民政府令第259号 第十四条',
  evaluation: '江西省人民政府令第259号 第十八条',
  base: '江西省人民政府令第259号 第十九条',
  credit: '江西省人民政府令第259号 第二十三条',
  sanction: '江西省人民政府令第259号 第二十五条',
  monitoring: '工程技术人员继续教育规定（征求意见稿） 第二十五条',
} as const

const who = (p: Principal) => p.userId ?? p.username

type Institution = Selectable<OrganisationTable>

/** The organisation calling, which must be an HR department or (where allowed) an industry authority. */
async function callerOf(db: Kysely<DB> | Transaction<DB>, p: Principal) {
  const org = p.organisationId ? await findOrganisation(db, p.organisationId) : undefined
  if (!org) throw new ForbiddenError('没有所属单位')
  return org
}

/** The part of the country a caller oversees: '' for the national HR department, else its region's prefix. */
export function prefixOf(org: { level: string | null; regionCode: string; kind: string }) {
  return org.kind === 'hr_department' && org.level === 'national' ? '' : regionPrefix(org.regionCode)
}

/**
 * The institution, if the caller oversees it: an HR department (or, where `authorities`, an industry authority)
 * of its region or above. Anything else — another region, not an institution, no such id — is one 404, so that
 * no door tells which institutions exist elsewhere.
 */
export async function overseenInstitution(
  db: Kysely<DB> | Transaction<DB>,
  p: Principal,
  institutionId: string,
  authorities = false,
): Promise<Institution> {
  if (p.role !== 'hr_department' && !(authorities && p.role === 'authority'))
    throw new ForbiddenError(authorities ? '由人社部门或行业主管部门办理' : '由人社部门办理')
  const caller = await callerOf(db, p)
  const row = await db
    .selectFrom('organisation')
    .selectAll()
    .where('id', '=', institutionId)
    .where('kind', '=', 'institution')
    .where('status', '=', 'approved')
    .executeTakeFirst()
  if (!row?.region_code.startsWith(prefixOf(caller))) throw new NotFoundError('organisation', institutionId)
  return row
}

const LEVEL_RANK: Record<string, number> = { national: 0, province: 1, city: 2, district: 3 }

/** The same HR department, or one above it whose region holds the other's (a province over its cities). */
export function isSameOrAbove(
  caller: { id: string; level: string | null; regionCode: string; kind: string },
  other: { id: string; level: string | null; region_code: string },
) {
  if (caller.id === other.id) return true
  const rank = (level: string | null) => LEVEL_RANK[level ?? ''] ?? Number.POSITIVE_INFINITY
  return rank(caller.level) < rank(other.level) && other.region_code.startsWith(prefixOf(caller))
}

/** The HR departments that made the given listings, by id. */
async function designatorsOf(db: Kysely<DB> | Transaction<DB>, organisationIds: readonly string[]) {
  if (organisationIds.length === 0) return []
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'level', 'region_code'])
    .where('id', 'in', [...new Set(organisationIds)])
    .execute()
}

/**
 * 第二十五条 由原确定机关将其名单移出: while the institution is listed, only a department that listed it removes it.
 * An institution in no live listing has no 原确定机关; then any department that could list it (设区的市以上, 第十四条)
 * may bar it.
 */
async function assertMayRemove(trx: Transaction<DB>, p: Principal, institutionId: string) {
  const caller = await callerOf(trx, p)
  const live = await trx
    .selectFrom('institution_designation')
    .select('designated_by_organisation_id')
    .where('institution_id', '=', institutionId)
    .where('ended_at', 'is', null)
    .execute()
  if (live.length === 0) {
    assertMayDesignate(caller, 'recommended')
    return
  }
  const designators = await designatorsOf(
    trx,
    live.map((d) => d.designated_by_organisation_id),
  )
  if (!designators.some((d) => d.id === caller.id))
    throw new ForbiddenError(
      `移出推荐目录由原确定机关决定（${BASIS.sanction}）；该机构由${designators.map((d) => d.name).join('、')}列入`,
    )
}

/** 第十四条、第十九条 are for departments 设区的市以上 (city, province, national), a provincial base for the province's. */
function assertMayDesignate(
  caller: { level: string | null },
  kind: 'recommended' | 'base',
  baseLevel?: 'provincial' | 'city',
) {
  const level = caller.level ?? ''
  if (kind === 'base' && baseLevel === 'provincial' && level !== 'province')
    throw new ForbiddenError(`省级继续教育基地由省人力资源社会保障部门遴选建设（${BASIS.base}）`)
  if (kind === 'base' && baseLevel === 'city' && level !== 'city')
    throw new ForbiddenError(`市继续教育基地由设区的市人力资源社会保障部门建设（${BASIS.base}）`)
  if (kind === 'recommended' && !['city', 'province', 'national'].includes(level))
    throw new ForbiddenError(`推荐目录由设区的市以上人力资源社会保障部门确定并公布（${BASIS.recommended}）`)
}

export const designationView = (
  d: Selectable<InstitutionDesignationTable> & { designatedByName?: string | null },
) => ({
  id: d.id,
  institutionId: d.institution_id,
  kind: d.kind,
  occupationCategory: d.occupation_category,
  baseLevel: d.base_level,
  basis: d.basis,
  designatedBy: d.designatedByName ?? null,
  designatedAt: d.designated_at.toISOString(),
  endedAt: d.ended_at?.toISOString() ?? null,
  endReason: d.end_reason,
  citation: d.kind === 'base' ? BASIS.base : BASIS.recommended,
})

export const sanctionView = (
  s: Selectable<InstitutionSanctionTable> & { decidedByName?: string | null },
) => ({
  id: s.id,
  institutionId: s.institution_id,
  kind: s.kind,
  reason: s.reason,
  ground: s.ground,
  groundLabel: SANCTION_GROUNDS[s.ground].label,
  groundBasis: SANCTION_GROUNDS[s.ground].basis,
  spotCheckId: s.spot_check_id,
  decidedBy: s.decidedByName ?? null,
  decidedAt: s.decided_at.toISOString(),
  liftedAt: s.lifted_at?.toISOString() ?? null,
  liftReason: s.lift_reason,
  citation: BASIS.sanction,
})

export interface DesignationInput {
  kind: 'recommended' | 'base'
  occupationCategory?: string
  baseLevel?: 'provincial' | 'city'
  basis: string
}

/**
 * Lists an institution in the recommended directory for an occupation category (第十四条: 采用竞争性方式确定并
 * 公布 — the basis names how it was chosen), or designates it a provincial or city base (第十九条). A removed
 * institution cannot be listed again; the same live listing twice is a conflict.
 */
export async function designateInstitution(
  db: Kysely<DB>,
  p: Principal,
  institutionId: string,
  input: DesignationInput,
) {
  const basis = input.basis.trim()
  if (!basis) throw new InvalidInputError('basis', '请填写确定方式及依据（如遴选公告文号）')
  const category = input.occupationCategory?.trim()
  if (input.kind === 'recommended' && !category)
    throw new InvalidInputError('occupationCategory', '请填写推荐的职业类别')
  if (input.kind === 'base' && !input.baseLevel) throw new InvalidInputError('baseLevel', '请选择基地级别')
  return transact(db, async (trx) => {
    const institution = await overseenInstitution(trx, p, institutionId)
    assertMayDesignate(await callerOf(trx, p), input.kind, input.baseLevel)
    if (institution.removed_at) throw new ConflictError('该机构已移出推荐目录，不能再列入')
    const live = await trx
      .selectFrom('institution_designation')
      .select('id')
      .where('institution_id', '=', institutionId)
      .where('kind', '=', input.kind)
      .where('ended_at', 'is', null)
      .where(
        input.kind === 'recommended' ? 'occupation_category' : 'base_level',
        '=',
        (category ?? input.baseLevel) as string,
      )
      .executeTakeFirst()
    if (live)
      throw new ConflictError('该机构已在此目录中', {
        field: input.kind === 'recommended' ? 'occupationCategory' : 'baseLevel',
      })
    const row = await trx
      .insertInto('institution_designation')
      .values({
        institution_id: institutionId,
        kind: input.kind,
        occupation_category: input.kind === 'recommended' ? (category as string) : null,
        base_level: input.kind === 'base' ? (input.baseLevel as 'provincial' | 'city') : null,
        basis,
        designated_by_organisation_id: p.organisationId as string,
        designated_by: who(p),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    if (input.kind === 'base')
      await trx.updateTable('organisation').set({ is_base: true }).where('id', '=', institutionId).execute()
    await recordAudit(trx, {
      actor: who(p),
      actorOrganisationId: p.organisationId,
      action: 'institution.designate',
      entity: 'organisation',
      entityId: institutionId,
      after: designationView(row),
    })
    return designationView(row)
  })
}

/**
 * An institution stops being a base (`is_base`, which rosters pass to the engine as the organiser) when its
 * last live base designation ends; later rosters count it as an ordinary institution, past hours stay.
 */
async function clearBaseIfNoneLive(trx: Transaction<DB>, institutionId: string) {
  const live = await trx
    .selectFrom('institution_designation')
    .select('id')
    .where('institution_id', '=', institutionId)
    .where('kind', '=', 'base')
    .where('ended_at', 'is', null)
    .executeTakeFirst()
  if (!live)
    await trx.updateTable('organisation').set({ is_base: false }).where('id', '=', institutionId).execute()
}

/**
 * Ends a listing or base designation (the department that made it, or one above), with its reason. Ending the
 * last base designation ends the base (`clearBaseIfNoneLive`).
 */
export async function endDesignation(db: Kysely<DB>, p: Principal, designationId: string, reason: string) {
  const why = reason.trim()
  if (!why) throw new InvalidInputError('reason', '请填写理由')
  return transact(db, async (trx) => {
    const row = await trx
      .selectFrom('institution_designation')
      .selectAll()
      .where('id', '=', designationId)
      .forUpdate()
      .executeTakeFirst()
    if (!row) throw new NotFoundError('organisation', designationId)
    await overseenInstitution(trx, p, row.institution_id)
    const [designator] = await designatorsOf(trx, [row.designated_by_organisation_id])
    if (designator && !isSameOrAbove(await callerOf(trx, p), designator))
      throw new ForbiddenError(`该目录记录由${designator.name}确定，由其或其上级人力资源社会保障部门终止`)
    if (row.ended_at) throw new ConflictError('该目录记录已终止')
    const ended = await trx
      .updateTable('institution_designation')
      .set({ ended_at: new Date(), ended_by: who(p), end_reason: why })
      .where('id', '=', designationId)
      .returningAll()
      .executeTakeFirstOrThrow()
    if (row.kind === 'base') await clearBaseIfNoneLive(trx, row.institution_id)
    await recordAudit(trx, {
      actor: who(p),
      actorOrganisationId: p.organisationId,
      action: 'institution.designation_end',
      entity: 'organisation',
      entityId: row.institution_id,
      before: designationView(row),
      after: designationView(ended),
    })
    return designationView(ended)
  })
}

export interface SanctionInput {
  kind: 'warning' | 'criticism'
  reason: string
  ground: SanctionGround
  spotCheckId?: string
}

/**
 * 第二十五条 给予警告或者通报批评 by the HR department or the industry authority overseeing the institution; it
 * enters the institution's credit record (第二十三条), shown publicly with its reason, and the institution is told.
 */
export async function sanctionInstitution(
  db: Kysely<DB>,
  p: Principal,
  institutionId: string,
  input: SanctionInput,
) {
  const reason = input.reason.trim()
  if (!reason) throw new InvalidInputError('reason', '请填写事实和理由（将向社会公布）')
  if (reason.length > 500) throw new InvalidInputError('reason', '理由不超过500字')
  return transact(db, async (trx) => {
    const institution = await overseenInstitution(trx, p, institutionId, true)
    const row = await trx
      .insertInto('institution_sanction')
      .values({
        institution_id: institutionId,
        kind: input.kind,
        reason,
        ground: input.ground,
        spot_check_id: input.spotCheckId ?? null,
        decided_by_organisation_id: p.organisationId as string,
        decided_by: who(p),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actor: who(p),
      actorOrganisationId: p.organisationId,
      action: `institution.${input.kind}`,
      entity: 'organisation',
      entityId: institutionId,
      after: sanctionView(row),
    })
    await notify(trx, {
      organisationId: institutionId,
      kind: 'institution.sanction',
      title: input.kind === 'warning' ? '警告' : '通报批评',
      body: `${institution.name}因${SANCTION_GROUNDS[input.ground].label}（${SANCTION_GROUNDS[input.ground].basis}）被${input.kind === 'warning' ? '给予警告' : '通报批评'}（${BASIS.sanction}），理由：${reason}`,
    })
    return sanctionView(row)
  })
}

/**
 * 第二十五条 情节严重的，由原确定机关将其名单移出继续教育机构推荐目录: the HR department that listed the institution
 * removes it (`assertMayRemove`). From that instant it is gone from the public pages, cannot publish projects nor report rosters;
 * the hours already credited from its rosters stay valid. Its listings end; the removal and its reason are public.
 */
export async function removeInstitution(
  db: Kysely<DB>,
  p: Principal,
  institutionId: string,
  reason: string,
  ground: SanctionGround,
) {
  const why = reason.trim()
  if (!why) throw new InvalidInputError('reason', '请填写移出目录的事实和理由（将向社会公布）')
  if (why.length > 500) throw new InvalidInputError('reason', '理由不超过500字')
  return transact(db, async (trx) => {
    const institution = await overseenInstitution(trx, p, institutionId)
    await assertMayRemove(trx, p, institutionId)
    const locked = await trx
      .selectFrom('organisation')
      .select('removed_at')
      .where('id', '=', institutionId)
      .forUpdate()
      .executeTakeFirstOrThrow()
    if (locked.removed_at) throw new ConflictError('该机构已移出推荐目录')
    const at = new Date()
    await trx
      .updateTable('organisation')
      .set({ removed_at: at, removal_reason: why })
      .where('id', '=', institutionId)
      .execute()
    const ended = await trx
      .updateTable('institution_designation')
      .set({ ended_at: at, ended_by: who(p), end_reason: `移出推荐目录：${why}` })
      .where('institution_id', '=', institutionId)
      .where('ended_at', 'is', null)
      .returning('kind')
      .execute()
    if (ended.some((d) => d.kind === 'base')) await clearBaseIfNoneLive(trx, institutionId)
    const row = await trx
      .insertInto('institution_sanction')
      .values({
        institution_id: institutionId,
        kind: 'removal',
        reason: why,
        ground,
        decided_by_organisation_id: p.organisationId as string,
        decided_by: who(p),
        decided_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actor: who(p),
      actorOrganisationId: p.organisationId,
      action: 'institution.remove',
      entity: 'organisation',
      entityId: institutionId,
      before: { removedAt: null },
      after: { removedAt: at.toISOString(), reason: why },
    })
    await notify(trx, {
      organisationId: institutionId,
      kind: 'institution.sanction',
      title: '已移出继续教育机构推荐目录',
      body: `${institution.name}已被移出继续教育机构推荐目录（${BASIS.sanction}），理由：${why}。自即日起不能公布培训项目、报送花名册；此前已登记的学时仍然有效。`,
    })
    return sanctionView(row)
  })
}

/**
 * Lifts a removal (撤销移出, e.g. decided in error or overturned on review): the department that decided it, or one
 * above, with a reason. The institution may publish projects and report rosters again; its listings do not come
 * back — listing it again is a new decision (第十四条). The removal stays in the public credit record, marked
 * lifted with the reason.
 */
export async function liftRemoval(db: Kysely<DB>, p: Principal, institutionId: string, reason: string) {
  const why = reason.trim()
  if (!why) throw new InvalidInputError('reason', '请填写恢复的理由（将向社会公布）')
  if (why.length > 500) throw new InvalidInputError('reason', '理由不超过500字')
  return transact(db, async (trx) => {
    const institution = await overseenInstitution(trx, p, institutionId)
    const locked = await trx
      .selectFrom('organisation')
      .select('removed_at')
      .where('id', '=', institutionId)
      .forUpdate()
      .executeTakeFirstOrThrow()
    const removal = await trx
      .selectFrom('institution_sanction')
      .selectAll()
      .where('institution_id', '=', institutionId)
      .where('kind', '=', 'removal')
      .where('lifted_at', 'is', null)
      .orderBy('decided_at', 'desc')
      .executeTakeFirst()
    if (!locked.removed_at || !removal) throw new ConflictError('该机构未被移出推荐目录')
    const [decider] = await designatorsOf(trx, [removal.decided_by_organisation_id])
    if (decider && !isSameOrAbove(await callerOf(trx, p), decider))
      throw new ForbiddenError(`移出决定由${decider.name}作出，由其或其上级人力资源社会保障部门撤销`)
    const at = new Date()
    await trx
      .updateTable('organisation')
      .set({ removed_at: null, removal_reason: null })
      .where('id', '=', institutionId)
      .execute()
    const lifted = await trx
      .updateTable('institution_sanction')
      .set({
        lifted_at: at,
        lifted_by: who(p),
        lifted_by_organisation_id: p.organisationId as string,
        lift_reason: why,
      })
      .where('id', '=', removal.id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actor: who(p),
      actorOrganisationId: p.organisationId,
      action: 'institution.reinstate',
      entity: 'organisation',
      entityId: institutionId,
      before: { removedAt: locked.removed_at.toISOString() },
      after: { removedAt: null, reason: why },
    })
    await notify(trx, {
      organisationId: institutionId,
      kind: 'institution.sanction',
      title: '移出推荐目录的决定已撤销',
      body: `${institution.name}移出继续教育机构推荐目录的决定已撤销，理由：${why}。自即日起可以公布培训项目、报送花名册；列入推荐目录须重新确定（${BASIS.recommended}）。`,
    })
    return sanctionView(lifted)
  })
}

export interface OverseenQuery extends PageQuery {
  q?: string
  year: number
  /** Removed institutions too (default: only those still in the directory). */
  removed?: boolean
}

/** The institutions an HR department or authority oversees, by name, each with its indicators for the year. */
export async function listOverseenInstitutions(db: Kysely<DB>, p: Principal, query: OverseenQuery) {
  if (p.role !== 'hr_department' && p.role !== 'authority')
    throw new ForbiddenError('由人社部门或行业主管部门查看')
  const caller = await callerOf(db, p)
  let q = db
    .selectFrom('organisation as o')
    .where('o.kind', '=', 'institution')
    .where('o.status', '=', 'approved')
    .where('o.region_code', 'like', `${prefixOf(caller)}%`)
  if (!query.removed) q = q.where('o.removed_at', 'is', null)
  const words = query.q?.trim()
  if (words) q = q.where('o.name', 'like', containing(words))
  const [rows, total] = await Promise.all([
    q
      .select([
        'o.id',
        'o.name',
        'o.region_code',
        'o.level',
        'o.is_base',
        'o.occupation_categories',
        'o.removed_at',
        'o.removal_reason',
      ])
      .select((eb) => [
        eb
          .selectFrom('institution_sanction as s')
          .whereRef('s.institution_id', '=', 'o.id')
          .where('s.kind', '!=', 'removal')
          .select((e) => e.fn.countAll<string>().as('n'))
          .as('sanctions'),
      ])
      .orderBy('o.name')
      .orderBy('o.id')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
    countRows(q),
  ])
  const indicators = await indicatorsOf(
    db,
    rows.map((r) => r.id),
    query.year,
  )
  const designations = await liveDesignations(
    db,
    rows.map((r) => r.id),
  )
  return listPage(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      regionCode: r.region_code,
      regionName: regions.fullName(r.region_code) ?? r.region_code,
      level: r.level,
      isBase: r.is_base,
      occupationCategories: r.occupation_categories,
      removedAt: r.removed_at?.toISOString() ?? null,
      removalReason: r.removal_reason,
      sanctions: Number(r.sanctions ?? 0),
      designations: designations.get(r.id) ?? [],
      indicators: indicators.get(r.id) ?? NO_INDICATORS,
    })),
    total,
    query,
  )
}

/** The live listings and bases of each institution, by kind and category. */
export async function liveDesignations(db: Kysely<DB>, institutionIds: readonly string[]) {
  const out = new Map<string, ReturnType<typeof designationView>[]>()
  if (institutionIds.length === 0) return out
  const rows = await db
    .selectFrom('institution_designation as d')
    .innerJoin('organisation as o', 'o.id', 'd.designated_by_organisation_id')
    .selectAll('d')
    .select('o.name as designatedByName')
    .where('d.institution_id', 'in', [...institutionIds])
    .where('d.ended_at', 'is', null)
    .orderBy('d.kind')
    .orderBy('d.occupation_category')
    .orderBy('d.designated_at')
    .execute()
  for (const r of rows) {
    const list = out.get(r.institution_id) ?? []
    list.push(designationView(r))
    out.set(r.institution_id, list)
  }
  return out
}

/** One institution's file for its overseer: designations (all, ended too), credit record, indicators of the year. */
export async function institutionFile(db: Kysely<DB>, p: Principal, institutionId: string, year: number) {
  const institution = await overseenInstitution(db, p, institutionId, true)
  const [designations, sanctions, indicators] = await Promise.all([
    db
      .selectFrom('institution_designation as d')
      .innerJoin('organisation as o', 'o.id', 'd.designated_by_organisation_id')
      .selectAll('d')
      .select('o.name as designatedByName')
      .where('d.institution_id', '=', institutionId)
      .orderBy('d.designated_at', 'desc')
      .execute(),
    creditRecordOf(db, institutionId),
    indicatorsOf(db, [institutionId], year),
  ])
  return {
    id: institution.id,
    name: institution.name,
    regionCode: institution.region_code,
    regionName: regions.fullName(institution.region_code) ?? institution.region_code,
    level: institution.level,
    isBase: institution.is_base,
    occupationCategories: institution.occupation_categories,
    removedAt: institution.removed_at?.toISOString() ?? null,
    removalReason: institution.removal_reason,
    designations: designations.map(designationView),
    sanctions,
    year,
    indicators: indicators.get(institutionId) ?? NO_INDICATORS,
  }
}

/** An institution's credit record (第二十三条): warnings, 通报批评 and removal, newest first. */
export async function creditRecordOf(db: Kysely<DB>, institutionId: string) {
  const rows = await db
    .selectFrom('institution_sanction as s')
    .innerJoin('organisation as o', 'o.id', 's.decided_by_organisation_id')
    .selectAll('s')
    .select('o.name as decidedByName')
    .where('s.institution_id', '=', institutionId)
    .orderBy('s.decided_at', 'desc')
    .orderBy('s.id')
    .execute()
  return rows.map(sanctionView)
}
