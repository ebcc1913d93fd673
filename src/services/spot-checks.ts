import { randomInt } from 'node:crypto'
import ExcelJS from 'exceljs'
import type { Kysely, Selectable, Transaction } from 'kysely'
import { regionPrefix } from '../db/compliance.js'
import { countRows } from '../db/count.js'
import type { DB, SpotCheckItemTable } from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { type Allocation, drawSample, type Member, populationHash } from '../domain/sampling.js'
import { SERIES } from '../domain/series.js'
import type { Principal } from './accounts.js'
import { recordAudit, transact } from './audit.js'
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.js'
import { regionName } from './overview.js'
import type { RevocationGround } from './revocations.js'
import { revokeHours } from './revocations.js'
import { neutralise } from './roster-annotate.js'
import { type Oversight, personsOverseen } from './scope.js'

/** What a spot check samples: persons, live ledger credits, employers (and agencies) or training institutions. */
export const POPULATIONS = ['persons', 'entries', 'employers', 'institutions'] as const
export type Population = (typeof POPULATIONS)[number]
/** What a sample may be stratified by: the district (county code), the title series, or the door a credit came by. */
export const STRATA = ['district', 'series', 'source'] as const
export type StratifyBy = (typeof STRATA)[number]

/** The strata each population may be stratified by. */
export const STRATA_OF: Record<Population, readonly StratifyBy[]> = {
  persons: ['district', 'series'],
  entries: ['district', 'series', 'source'],
  employers: ['district'],
  institutions: ['district'],
}

/** The population's definition as recorded: enough to list the same population again. */
export interface Definition {
  population: Population
  /** The region (GB/T 2260, this code and below); null: the whole country. */
  regionCode: string | null
  /** An authority's industry: persons of it, employers registered in it, institutions that trained persons of it. */
  industry: string | null
  /** The year of the credits (entries only). */
  year: number | null
  stratifyBy: StratifyBy | null
}

export interface DrawRequest {
  title: string
  population: Population
  year?: number
  stratifyBy?: StratifyBy
  sampleSize: number
  /** 1 … 2147483647; drawn at random (and recorded) when not given. */
  seed?: number
}

const MAX_SAMPLE = 500
export const MAX_SEED = 2_147_483_647

const who = (p: Principal) => p.userId ?? p.username

const SOURCES: Record<string, string> = {
  application: '个人申报',
  roster: '机构上报',
  grant: '主管部门授予',
  import: '导入',
}

/** A stratum's key as people read it: the district's name, the series, the door. */
export function stratumLabel(by: StratifyBy | null, key: string): string {
  if (by === null) return '全部'
  if (by === 'district') return regionName(key)
  if (by === 'series') return SERIES[key as keyof typeof SERIES] ?? key
  return SOURCES[key] ?? key
}

/** What a sampled item shows: the person it concerns (if any), its label and a line of detail. */
interface Described {
  personKey: string | null
  label: string
  detail: string
}

/**
 * The population as the definition says, listed by id (person key, ledger entry id, organisation id) with each
 * member's stratum: the stable order a redraw lists it in again. Only the id and the stratum are read — a
 * province's year of credits is a million rows — and the sampled members are described afterwards (`describe`).
 */
async function listPopulation(db: Kysely<DB>, d: Definition): Promise<Member[]> {
  const prefix = d.regionCode === null ? '' : regionPrefix(d.regionCode)
  if (d.population === 'persons') {
    let q = db
      .selectFrom('person as p')
      .select(['p.person_key as id', 'p.region_code', 'p.series'])
      .where('p.region_code', 'like', `${prefix}%`)
    if (d.industry !== null) q = q.where('p.industry', '=', d.industry)
    const rows = await q.orderBy('p.person_key').execute()
    return rows.map((r) => ({
      id: r.id,
      stratum: d.stratifyBy === 'district' ? r.region_code : d.stratifyBy === 'series' ? r.series : '',
    }))
  }
  if (d.population === 'entries') {
    let q = db
      .selectFrom('ledger_entry as l')
      .innerJoin('person as p', 'p.person_key', 'l.person_key')
      .select(['l.id', 'l.source', 'p.region_code', 'p.series'])
      .where('l.entry_type', '=', 'credit')
      .where('l.year', '=', d.year as number)
      .where('p.region_code', 'like', `${prefix}%`)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('ledger_entry as r')
              .select('r.id')
              .whereRef('r.person_key', '=', 'l.person_key')
              .whereRef('r.reverses_id', '=', 'l.id'),
          ),
        ),
      )
    if (d.industry !== null) q = q.where('p.industry', '=', d.industry)
    const rows = await q.orderBy('l.id').execute()
    const strata = { district: 'region_code', series: 'series', source: 'source' } as const
    return rows.map((r) => ({ id: r.id, stratum: d.stratifyBy === null ? '' : r[strata[d.stratifyBy]] }))
  }
  const kinds = d.population === 'employers' ? (['employer', 'agency'] as const) : (['institution'] as const)
  let q = db
    .selectFrom('organisation as o')
    .select(['o.id', 'o.region_code'])
    .where('o.kind', 'in', kinds)
    .where('o.status', '=', 'approved')
    .where('o.region_code', 'like', `${prefix}%`)
  if (d.industry !== null) {
    const industry = d.industry
    q =
      d.population === 'employers'
        ? q.where('o.industry', '=', industry)
        : q.where(({ exists, selectFrom }) =>
            exists(
              selectFrom('activity_record as a')
                .innerJoin('person as p', 'p.person_key', 'a.person_key')
                .select('a.id')
                .whereRef('a.organisation_id', '=', 'o.id')
                .where('p.industry', '=', industry)
                .where('p.region_code', 'like', `${prefix}%`),
            ),
          )
  }
  const rows = await q.orderBy('o.id').execute()
  return rows.map((r) => ({ id: r.id, stratum: d.stratifyBy === 'district' ? r.region_code : '' }))
}

/** What each sampled member is, as the checker sees it: read for the sample only (at most MAX_SAMPLE ids). */
async function describe(
  db: Kysely<DB>,
  population: Population,
  ids: readonly string[],
): Promise<Map<string, Described>> {
  if (ids.length === 0) return new Map()
  if (population === 'persons') {
    const rows = await db
      .selectFrom('person')
      .select(['person_key', 'region_code', 'series', 'name', 'id_masked'])
      .where('person_key', 'in', [...ids])
      .execute()
    return new Map(
      rows.map((r) => [
        r.person_key,
        {
          personKey: r.person_key,
          label: `${r.name}（${r.id_masked}）`,
          detail: `${regionName(r.region_code)} · ${SERIES[r.series as keyof typeof SERIES] ?? r.series}`,
        },
      ]),
    )
  }
  if (population === 'entries') {
    const rows = await db
      .selectFrom('ledger_entry as l')
      .innerJoin('person as p', 'p.person_key', 'l.person_key')
      .select([
        'l.id',
        'l.person_key',
        'l.source',
        'l.basis',
        'l.public',
        'l.professional',
        'l.year',
        'p.name',
        'p.id_masked',
      ])
      .where('l.id', 'in', [...ids])
      .execute()
    return new Map(
      rows.map((r) => [
        r.id,
        {
          personKey: r.person_key,
          label: `${r.name}（${r.id_masked}）`,
          detail: `${r.year}年度 · 公需${Number(r.public)} 专业${Number(r.professional)}学时 · ${SOURCES[r.source] ?? r.source} · ${r.basis}`,
        },
      ]),
    )
  }
  const rows = await db
    .selectFrom('organisation')
    .select(['id', 'name', 'region_code', 'uscc'])
    .where('id', 'in', [...ids])
    .execute()
  return new Map(
    rows.map((r) => [
      r.id,
      {
        personKey: null,
        label: r.name,
        detail: `${regionName(r.region_code)}${r.uscc ? ` · ${r.uscc}` : ''}`,
      },
    ]),
  )
}

const audit = (
  trx: Transaction<DB>,
  p: Principal,
  action: string,
  id: string,
  after: unknown,
  before?: unknown,
  personKey?: string,
) =>
  recordAudit(trx, {
    actor: who(p),
    actorOrganisationId: p.organisationId,
    action,
    entity: 'spot_check',
    entityId: id,
    before,
    after,
    ...(personKey ? { personKey } : {}),
  })

/**
 * Draws a spot check in the caller's oversight (青人社字〔2023〕14号 六（三）): the population listed by id,
 * stratified as asked, the seed (given or drawn) and the population's size and hash recorded with the
 * allocation per stratum, the sampled items stored with what they were when drawn. Audited.
 */
export async function drawSpotCheck(db: Kysely<DB>, p: Principal, o: Oversight, r: DrawRequest) {
  if (r.stratifyBy !== undefined && !STRATA_OF[r.population].includes(r.stratifyBy))
    throw new InvalidInputError('stratifyBy', `该抽查对象只能按${STRATA_OF[r.population].join('、')}分层`)
  if (r.population === 'entries' && r.year === undefined)
    throw new InvalidInputError('year', '抽查学时记录须指定年度')
  if (r.sampleSize < 1 || r.sampleSize > MAX_SAMPLE)
    throw new InvalidInputError('sampleSize', `样本量为1至${MAX_SAMPLE}`)
  const definition: Definition = {
    population: r.population,
    regionCode: o.regionCode,
    industry: o.industry ?? null,
    year: r.population === 'entries' ? (r.year as number) : null,
    stratifyBy: r.stratifyBy ?? null,
  }
  const seed = r.seed ?? randomInt(1, MAX_SEED + 1)
  return transact(db, async (trx) => {
    const members = await listPopulation(trx, definition)
    const { allocation, sample } = drawSample(members, seed, r.sampleSize)
    const hash = populationHash(members)
    const row = await trx
      .insertInto('spot_check')
      .values({
        organisation_id: p.organisationId as string,
        title: r.title,
        population: r.population,
        definition: JSON.stringify(definition),
        seed,
        sample_size: sample.length,
        population_size: members.length,
        population_hash: hash,
        allocation: JSON.stringify(allocation),
        created_by: who(p),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const listed = await describe(
      trx,
      definition.population,
      sample.map((m) => m.id),
    )
    if (sample.length > 0)
      await trx
        .insertInto('spot_check_item')
        .values(
          sample.map((m, i) => {
            const l = listed.get(m.id) as Described
            return {
              spot_check_id: row.id,
              position: i + 1,
              stratum: m.stratum,
              subject_id: m.id,
              person_key: l.personKey,
              label: l.label,
              detail: l.detail,
            }
          }),
        )
        .execute()
    await audit(trx, p, 'spot_check.draw', row.id, {
      title: r.title,
      definition,
      seed,
      populationSize: members.length,
      populationHash: hash,
      allocation,
      items: sample.map((m) => m.id),
    })
    return findSpotCheck(trx, p, row.id)
  })
}

type CheckRow = {
  id: string
  title: string
  population: Population
  definition: unknown
  seed: string
  sample_size: number
  population_size: number
  population_hash: string
  allocation: unknown
  state: 'open' | 'closed'
  conclusion: string | null
  created_by: string
  created_at: Date
  closed_by: string | null
  closed_at: Date | null
}

function shapeCheck(r: CheckRow, progress: { checked: number; findings: number }) {
  const definition = r.definition as Definition
  return {
    id: r.id,
    title: r.title,
    population: r.population,
    definition,
    regionName: definition.regionCode === null ? '全国' : regionName(definition.regionCode),
    seed: Number(r.seed),
    sampleSize: r.sample_size,
    populationSize: r.population_size,
    populationHash: r.population_hash,
    allocation: (r.allocation as Allocation[]).map((a) => ({
      ...a,
      label: stratumLabel(definition.stratifyBy, a.stratum),
    })),
    state: r.state,
    conclusion: r.conclusion,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    closedBy: r.closed_by,
    closedAt: r.closed_at?.toISOString() ?? null,
    checked: progress.checked,
    findings: progress.findings,
  }
}

export type SpotCheck = ReturnType<typeof shapeCheck>

async function progressOf(db: Kysely<DB>, ids: readonly string[]) {
  const rows =
    ids.length === 0
      ? []
      : await db
          .selectFrom('spot_check_item')
          .select((eb) => [
            'spot_check_id',
            eb.fn.count<string>('checked_at').as('checked'),
            eb.fn.count<string>('finding').as('findings'),
          ])
          .where('spot_check_id', 'in', ids)
          .groupBy('spot_check_id')
          .execute()
  const m = new Map(
    rows.map((r) => [r.spot_check_id, { checked: Number(r.checked), findings: Number(r.findings) }]),
  )
  return (id: string) => m.get(id) ?? { checked: 0, findings: 0 }
}

/** The caller organisation's spot checks, newest first. */
export async function listSpotChecks(db: Kysely<DB>, p: Principal, page: PageQuery) {
  const q = db.selectFrom('spot_check').where('organisation_id', '=', p.organisationId as string)
  const [rows, total] = await Promise.all([
    q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute(),
    countRows(q),
  ])
  const progress = await progressOf(
    db,
    rows.map((r) => r.id),
  )
  return listPage(
    rows.map((r) => shapeCheck(r as CheckRow, progress(r.id))),
    total,
    page,
  )
}

async function ownCheck(db: Kysely<DB>, p: Principal, id: string, lock = false) {
  let q = db
    .selectFrom('spot_check')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', p.organisationId as string)
  if (lock) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  if (!row) throw new NotFoundError('spot check', id)
  return row as CheckRow
}

/** One of the caller organisation's spot checks (another's is not found). */
export async function findSpotCheck(db: Kysely<DB>, p: Principal, id: string) {
  const row = await ownCheck(db, p, id)
  return shapeCheck(row, (await progressOf(db, [id]))(id))
}

type ItemRow = Selectable<SpotCheckItemTable>
const itemRows = (db: Kysely<DB>, spotCheckId: string) =>
  db
    .selectFrom('spot_check_item')
    .selectAll()
    .where('spot_check_id', '=', spotCheckId)
    .orderBy('position')
    .execute()

const shapeItem = (by: StratifyBy | null, r: ItemRow) => ({
  id: r.id,
  position: r.position,
  stratum: r.stratum,
  stratumLabel: stratumLabel(by, r.stratum),
  subjectId: r.subject_id,
  personKey: r.person_key,
  label: r.label,
  detail: r.detail,
  evidenceSeen: r.evidence_seen,
  matchesRecord: r.matches_record,
  finding: r.finding,
  action: r.action as 'none' | 'revocation' | 'warning' | 'criticism',
  actionRef: r.action_ref,
  checkedBy: r.checked_by,
  checkedAt: r.checked_at?.toISOString() ?? null,
})

/**
 * A page of a spot check's sample, in the order drawn; another organisation's (or an unknown) spot check has
 * none, like every list of things the caller may not see.
 */
export async function listItems(db: Kysely<DB>, p: Principal, id: string, page: PageQuery) {
  const check = await db
    .selectFrom('spot_check')
    .select('definition')
    .where('id', '=', id)
    .where('organisation_id', '=', p.organisationId as string)
    .executeTakeFirst()
  if (!check) return listPage([], 0, page)
  const q = db.selectFrom('spot_check_item').where('spot_check_id', '=', id)
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('position').limit(page.pageSize).offset(offsetOf(page)).execute(),
    countRows(q),
  ])
  const by = (check.definition as Definition).stratifyBy
  return listPage(
    rows.map((r) => shapeItem(by, r)),
    total,
    page,
  )
}

/**
 * Draws the sample again from the recorded definition and seed against today's data: whether the population
 * is still the one drawn from (its size and hash), and whether the same items come out.
 */
export async function redraw(db: Kysely<DB>, p: Principal, id: string) {
  const check = await ownCheck(db, p, id)
  const definition = check.definition as Definition
  const members = await listPopulation(db, definition)
  const hash = populationHash(members)
  const { sample } = drawSample(members, Number(check.seed), check.sample_size)
  const drawn = (await itemRows(db, id)).map((r) => r.subject_id)
  const now = sample.map((m) => m.id)
  return {
    seed: Number(check.seed),
    populationSize: members.length,
    populationHash: hash,
    populationChanged: hash !== check.population_hash,
    sameItems: now.length === drawn.length && now.every((x, i) => x === drawn[i]),
    items: now,
  }
}

/** Whether an item's subject is still in the caller's oversight (a write refuses it otherwise). */
async function assertItemInScope(db: Kysely<DB>, o: Oversight, d: Definition, item: ItemRow): Promise<void> {
  const refuse = () => {
    throw new ForbiddenItem()
  }
  if (item.person_key !== null) {
    if (!(await personsOverseen(db, o, [item.person_key])).has(item.person_key)) refuse()
    return
  }
  const org = await db
    .selectFrom('organisation')
    .select(['region_code', 'industry'])
    .where('id', '=', item.subject_id)
    .executeTakeFirst()
  if (!org) refuse()
  if (o.regionCode !== null && !org?.region_code.startsWith(regionPrefix(o.regionCode))) refuse()
  if (o.industry !== undefined && d.population === 'employers' && org?.industry !== o.industry) refuse()
}

class ForbiddenItem extends ForbiddenError {
  constructor() {
    super('该抽查对象不在本部门的监管范围内', { en: "the item is outside the caller's oversight" })
  }
}

export interface ItemResult {
  evidenceSeen: boolean
  matchesRecord: boolean
  finding?: string
  action?: 'none' | 'warning' | 'criticism'
}

async function openItem(trx: Transaction<DB>, p: Principal, o: Oversight, itemId: string) {
  const item = await trx
    .selectFrom('spot_check_item')
    .selectAll()
    .where('id', '=', itemId)
    .forUpdate()
    .executeTakeFirst()
  if (!item) throw new NotFoundError('spot check item', itemId)
  const check = await ownCheck(trx, p, item.spot_check_id, true).catch(() => {
    throw new NotFoundError('spot check item', itemId)
  })
  if (check.state === 'closed')
    throw new ConflictError('该抽查已结束，不能再修改检查结果', { en: 'the spot check is closed' })
  const definition = check.definition as Definition
  await assertItemInScope(trx, o, definition, item)
  return { item, check, definition }
}

/**
 * Records an item's checklist: evidence seen, whether it matches the record, the finding (required when it
 * does not match), and the action the finding calls for (an institution's warning or criticism, 江西 第二十五条).
 */
export async function recordItem(db: Kysely<DB>, p: Principal, o: Oversight, itemId: string, r: ItemResult) {
  const finding = r.finding?.trim() || null
  if (!r.matchesRecord && finding === null)
    throw new InvalidInputError('finding', '与登记不一致时须填写发现的问题')
  const action = r.action ?? 'none'
  if (action !== 'none' && finding === null)
    throw new InvalidInputError('finding', '提出处理建议须填写发现的问题')
  return transact(db, async (trx) => {
    const { item, check, definition } = await openItem(trx, p, o, itemId)
    if (action !== 'none' && check.population !== 'institutions')
      throw new InvalidInputError('action', '警告或通报批评只适用于抽查继续教育机构')
    const keep = item.action === 'revocation' ? 'revocation' : action
    const row = await trx
      .updateTable('spot_check_item')
      .set({
        evidence_seen: r.evidenceSeen,
        matches_record: r.matchesRecord,
        finding,
        action: keep,
        checked_by: who(p),
        checked_at: new Date(),
      })
      .where('id', '=', itemId)
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      p,
      'spot_check.item',
      check.id,
      {
        item: itemId,
        position: item.position,
        evidenceSeen: r.evidenceSeen,
        matchesRecord: r.matchesRecord,
        finding,
        action: keep,
      },
      {
        evidenceSeen: item.evidence_seen,
        matchesRecord: item.matches_record,
        finding: item.finding,
        action: item.action,
      },
      item.person_key ?? undefined,
    )
    return shapeItem(definition.stratifyBy, row)
  })
}

/**
 * A finding on a sampled credit starts its revocation (the existing flow, services/revocations.ts): the credit
 * reversed with the reason, the person and employer notified, and the reversal linked to the finding.
 */
export async function revokeFromItem(
  db: Kysely<DB>,
  p: Principal,
  o: Oversight,
  itemId: string,
  ground: RevocationGround,
  reason: string,
) {
  return transact(db, async (trx) => {
    const { item, check, definition } = await openItem(trx, p, o, itemId)
    if (check.population !== 'entries' || item.person_key === null)
      throw new InvalidInputError('item', '只有抽查学时记录时才能从抽查结果撤销学时')
    const reversal = await revokeHours(trx, p, item.person_key, item.subject_id, ground, reason)
    const row = await trx
      .updateTable('spot_check_item')
      .set({
        action: 'revocation',
        action_ref: reversal.id,
        finding: item.finding ?? reason.trim(),
        matches_record: false,
        evidence_seen: item.evidence_seen ?? false,
        checked_by: who(p),
        checked_at: new Date(),
      })
      .where('id', '=', itemId)
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      p,
      'spot_check.revocation',
      check.id,
      { item: itemId, ground, reversal: reversal.id },
      undefined,
      item.person_key,
    )
    return shapeItem(definition.stratifyBy, row)
  })
}

/**
 * Links the warning or criticism issued for a finding (POST /api/institutions/:id/warnings with this spot
 * check's id, 江西 第二十五条) to the item: it must be of the sampled institution and name this spot check.
 */
export async function linkWarning(
  db: Kysely<DB>,
  p: Principal,
  o: Oversight,
  itemId: string,
  warningId: string,
) {
  return transact(db, async (trx) => {
    const { item, check, definition } = await openItem(trx, p, o, itemId)
    const sanction = await trx
      .selectFrom('institution_sanction')
      .select(['id', 'kind'])
      .where('id', '=', warningId)
      .where('institution_id', '=', item.subject_id)
      .where('spot_check_id', '=', check.id)
      .executeTakeFirst()
    if (
      check.population !== 'institutions' ||
      !sanction ||
      (sanction.kind !== 'warning' && sanction.kind !== 'criticism')
    )
      throw new InvalidInputError('warningId', '不是对该抽查机构、依本次抽查作出的警告或通报批评')
    const row = await trx
      .updateTable('spot_check_item')
      .set({ action: sanction.kind, action_ref: sanction.id })
      .where('id', '=', itemId)
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      p,
      'spot_check.warning',
      check.id,
      { item: itemId, sanction: sanction.id, kind: sanction.kind },
      { action: item.action, actionRef: item.action_ref },
    )
    return shapeItem(definition.stratifyBy, row)
  })
}

/** Finishes a spot check once every item is checked, with its conclusion; closed, it no longer changes. */
export async function closeSpotCheck(db: Kysely<DB>, p: Principal, id: string, conclusion: string) {
  const text = conclusion.trim()
  if (!text) throw new InvalidInputError('conclusion', '请填写抽查结论')
  return transact(db, async (trx) => {
    const check = await ownCheck(trx, p, id, true)
    if (check.state === 'closed')
      throw new ConflictError('该抽查已结束', { en: 'the spot check is already closed' })
    const open = await countRows(
      trx.selectFrom('spot_check_item').where('spot_check_id', '=', id).where('checked_at', 'is', null),
    )
    if (open > 0)
      throw new ConflictError(`还有${open}个样本未检查，全部检查后才能结束抽查`, {
        en: `${open} items are not checked yet`,
      })
    await trx
      .updateTable('spot_check')
      .set({ state: 'closed', conclusion: text, closed_by: who(p), closed_at: new Date() })
      .where('id', '=', id)
      .execute()
    await audit(trx, p, 'spot_check.close', id, { conclusion: text }, { state: 'open' })
    return findSpotCheck(trx, p, id)
  })
}

const POPULATION_NAMES: Record<Population, string> = {
  persons: '专业技术人员',
  entries: '学时记录',
  employers: '用人单位',
  institutions: '继续教育机构',
}
const STRATA_NAMES: Record<StratifyBy, string> = {
  district: '区（县、市）',
  series: '职称系列',
  source: '来源',
}
const ACTIONS = { none: '', revocation: '撤销学时', warning: '警告', criticism: '通报批评' } as const
const yesNo = (b: boolean | null) => (b === null ? '' : b ? '是' : '否')

/** The spot check as an xlsx workbook: how it was drawn (to redraw it), then the sample with each item's result. */
export async function spotCheckXlsx(db: Kysely<DB>, p: Principal, id: string) {
  const c = await findSpotCheck(db, p, id)
  const items = (await itemRows(db, id)).map((r) => shapeItem(c.definition.stratifyBy, r))
  const book = new ExcelJS.Workbook()
  const about = book.addWorksheet('抽查说明')
  about.columns = [{ width: 22 }, { width: 70 }]
  about.addRow([neutralise(c.title)]).font = { bold: true }
  const d = c.definition
  for (const [k, v] of [
    ['依据', '青人社字〔2023〕14号 六（三）；鲁人社发〔2016〕10号 （十五）'],
    ['抽查对象', POPULATION_NAMES[c.population]],
    ['地区', c.regionName],
    ['行业', d.industry ?? '全部'],
    ['年度', d.year === null ? '—' : String(d.year)],
    ['分层', d.stratifyBy === null ? '不分层' : STRATA_NAMES[d.stratifyBy]],
    ['随机种子', String(c.seed)],
    ['总体数量', String(c.populationSize)],
    ['总体指纹（SHA-256）', c.populationHash],
    ['样本量', String(c.sampleSize)],
    [
      '抽样方法',
      '总体按编号排序、按层分组（层按代码排序）；各层按比例分配样本（最大余数法）；以随机种子初始化 mulberry32 伪随机数，逐层部分 Fisher–Yates 抽取。',
    ],
    ['状态', c.state === 'closed' ? '已结束' : '进行中'],
    ['结论', c.conclusion ?? ''],
    ['抽取人', c.createdBy],
    ['抽取时间', c.createdAt],
  ])
    about.addRow([k, neutralise(v as string)])
  about.addRow([])
  about.addRow(['层', '总体数量 / 样本量']).font = { bold: true }
  for (const a of c.allocation) about.addRow([neutralise(a.label), `${a.population} / ${a.sample}`])
  const sheet = book.addWorksheet('样本与结果')
  const heads = [
    '序号',
    '层',
    '抽查对象',
    '说明',
    '编号',
    '已查看证明材料',
    '与登记一致',
    '发现的问题',
    '处理',
    '检查人',
    '检查时间',
  ]
  sheet.columns = heads.map((h, i) => ({
    width: [6, 14, 28, 50, 38, 14, 12, 40, 12, 14, 24][i] ?? Math.max(10, h.length * 2),
  }))
  sheet.addRow(heads).font = { bold: true }
  for (const i of items)
    sheet.addRow([
      i.position,
      neutralise(i.stratumLabel),
      neutralise(i.label),
      neutralise(i.detail),
      i.subjectId,
      yesNo(i.evidenceSeen),
      yesNo(i.matchesRecord),
      neutralise(i.finding ?? ''),
      ACTIONS[i.action],
      i.checkedBy ?? '',
      i.checkedAt ?? '',
    ])
  return { name: `随机抽查-${c.title}.xlsx`, book: Buffer.from(await book.xlsx.writeBuffer()) }
}
