import ExcelJS from 'exceljs'
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely'
import { countRows } from '../db/count.js'
import { containing } from '../db/like.js'
import { findOrganisation } from '../db/organisations.js'
import type { AdviserTable, DB } from '../db/schema.js'
import { chinaToday, isCalendarDate } from '../domain/china-date.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { regions } from '../domain/region-data.js'
import type { Principal } from './accounts.js'
import { recordAudit, transact } from './audit.js'
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.js'
import { isSameOrAbove, prefixOf } from './institution-oversight.js'
import { neutralise } from './roster-annotate.js'

/**
 * 青人社字〔2023〕14号 六（一）「市人力资源社会保障部门将成立全市专业技术人员继续教育专家咨询委员会…建立专业技术人员
 * 继续教育学监制度，聘请有威望的高层次专家学者担任继续教育学监，对全市专业技术人员继续教育工作给予指导和监督」: the
 * register of the committee's members and the supervisors (学监), appointed by an HR department of a city or above
 * for its region, each with the appointing document and term, published; an appointment ends early only with a
 * reason, which the register keeps.
 */
export const BASIS = '青人社字〔2023〕14号 六（一）'

export type AdviserKind = AdviserTable['kind']
export const KIND_LABEL: Record<AdviserKind, string> = {
  committee: '专家咨询委员会委员',
  supervisor: '继续教育学监',
}

/** serving: in term; expired: the term is over; ended: ended early, with a reason. */
export type AdviserStatus = 'serving' | 'expired' | 'ended'
const STATUS_LABEL: Record<AdviserStatus, string> = { serving: '在聘', expired: '聘期届满', ended: '已解聘' }

const who = (p: Principal) => p.userId ?? p.username

type Row = Selectable<AdviserTable> & { appointedByName: string }

const statusOf = (r: Pick<Row, 'ended_at' | 'term_to'>, today: string): AdviserStatus =>
  r.ended_at ? 'ended' : r.term_to !== null && r.term_to < today ? 'expired' : 'serving'

const adviserView = (r: Row, today = chinaToday()) => ({
  id: r.id,
  kind: r.kind,
  kindLabel: KIND_LABEL[r.kind],
  name: r.name,
  title: r.title,
  employer: r.employer,
  field: r.field,
  termFrom: r.term_from,
  termTo: r.term_to,
  document: r.document,
  regionCode: r.region_code,
  regionName: regions.fullName(r.region_code) ?? r.region_code,
  appointedBy: r.appointedByName,
  appointedAt: r.appointed_at.toISOString(),
  status: statusOf(r, today),
  endedAt: r.ended_at?.toISOString() ?? null,
  endReason: r.end_reason,
  citation: BASIS,
})
export type AdviserView = ReturnType<typeof adviserView>

/** The public sees who serves and on what appointment; not who keyed it in, nor early endings' reasons. */
const publicView = ({ endedAt: _e, endReason: _r, appointedAt: _a, status: _s, ...v }: AdviserView) => v

function rows(db: Kysely<DB>) {
  return db
    .selectFrom('adviser as a')
    .innerJoin('organisation as o', 'o.id', 'a.appointed_by_organisation_id')
    .selectAll('a')
    .select('o.name as appointedByName')
}

/** The HR department calling, of a city or above (六（一）: 市人力资源社会保障部门). */
async function appointerOf(db: Kysely<DB>, p: Principal) {
  if (p.role !== 'hr_department') throw new ForbiddenError('专家咨询委员会和学监由人社部门聘请')
  const org = p.organisationId ? await findOrganisation(db, p.organisationId) : undefined
  if (!org) throw new ForbiddenError('没有所属单位')
  return org
}

export interface Appointment {
  kind: AdviserKind
  name: string
  title: string
  employer: string
  field?: string
  termFrom: string
  termTo?: string
  document: string
}

function required(field: string, text: string, max: number, label: string): string {
  const value = text.trim()
  if (!value) throw new InvalidInputError(field, `请填写${label}`)
  if (value.length > max) throw new InvalidInputError(field, `${label}不超过${max}字`)
  return value
}

function termOf(a: Appointment) {
  if (!isCalendarDate(a.termFrom)) throw new InvalidInputError('termFrom', '聘期起始须为日期，如 2026-01-01')
  if (a.termTo !== undefined && !isCalendarDate(a.termTo))
    throw new InvalidInputError('termTo', '聘期截止须为日期，如 2028-12-31')
  if (a.termTo !== undefined && a.termTo < a.termFrom)
    throw new InvalidInputError('termTo', '聘期截止不能早于聘期起始')
  return { term_from: a.termFrom, term_to: a.termTo ?? null }
}

/** 六（一）: appoints a member of the caller's committee or a supervisor for the caller's region. */
export async function appointAdviser(db: Kysely<DB>, p: Principal, a: Appointment) {
  const org = await appointerOf(db, p)
  if (!['city', 'province', 'national'].includes(org.level ?? ''))
    throw new ForbiddenError(`专家咨询委员会和继续教育学监由市人力资源社会保障部门设立和聘请（${BASIS}）`)
  const values = {
    region_code: org.regionCode,
    kind: a.kind,
    name: required('name', a.name, 50, '姓名'),
    title: required('title', a.title, 100, '职称或职务'),
    employer: required('employer', a.employer, 100, '工作单位'),
    field: a.field?.trim() ? required('field', a.field, 100, '专业领域') : null,
    ...termOf(a),
    document: required('document', a.document, 200, '聘任文件'),
    appointed_by_organisation_id: org.id,
    appointed_by: who(p),
  }
  return transact(db, async (trx) => {
    const live = await trx
      .selectFrom('adviser')
      .select('id')
      .where('region_code', '=', values.region_code)
      .where('kind', '=', values.kind)
      .where('name', '=', values.name)
      .where('employer', '=', values.employer)
      .where('ended_at', 'is', null)
      .executeTakeFirst()
    if (live)
      throw new ConflictError(`${values.name}（${values.employer}）已是本地区的${KIND_LABEL[values.kind]}`)
    const { id } = await trx.insertInto('adviser').values(values).returning('id').executeTakeFirstOrThrow()
    const view = adviserView(await rows(trx).where('a.id', '=', id).executeTakeFirstOrThrow())
    await recordAudit(trx, {
      actor: who(p),
      actorOrganisationId: p.organisationId,
      action: 'adviser.appoint',
      entity: 'adviser',
      entityId: id,
      after: view,
    })
    return view
  })
}

/** Ends an appointment early, with its reason: the appointing department, or one above it. */
export async function endAppointment(db: Kysely<DB>, p: Principal, adviserId: string, reason: string) {
  const org = await appointerOf(db, p)
  const why = required('reason', reason, 500, '解聘理由')
  return transact(db, async (trx) => {
    const row = await rows(trx)
      .select(['o.level as appointerLevel', 'o.region_code as appointerRegion'])
      .where('a.id', '=', adviserId)
      .forUpdate('a')
      .executeTakeFirst()
    if (!row?.region_code.startsWith(prefixOf(org))) throw new NotFoundError('adviser', adviserId)
    const appointer = {
      id: row.appointed_by_organisation_id,
      level: row.appointerLevel,
      region_code: row.appointerRegion,
    }
    if (!isSameOrAbove(org, appointer))
      throw new ForbiddenError(`解聘由聘请部门（${row.appointedByName}）或其上级人社部门办理`)
    if (row.ended_at) throw new ConflictError('该聘任已解除')
    const before = adviserView(row)
    await trx
      .updateTable('adviser')
      .set({ ended_at: new Date(), ended_by: who(p), end_reason: why })
      .where('id', '=', adviserId)
      .execute()
    const after = adviserView(await rows(trx).where('a.id', '=', adviserId).executeTakeFirstOrThrow())
    await recordAudit(trx, {
      actor: who(p),
      actorOrganisationId: p.organisationId,
      action: 'adviser.end',
      entity: 'adviser',
      entityId: adviserId,
      before,
      after,
    })
    return after
  })
}

export interface AdviserFilter {
  kind?: AdviserKind
  /** Text the name, employer or field contains. */
  q?: string
  status?: AdviserStatus
}

type Where = ExpressionBuilder<DB & { a: AdviserTable }, 'a'>

function filtered(db: Kysely<DB>, prefix: string, f: AdviserFilter, today: string) {
  let q = rows(db).where('a.region_code', 'like', `${prefix}%`)
  if (f.kind) q = q.where('a.kind', '=', f.kind)
  if (f.q) {
    const text = containing(f.q)
    q = q.where((eb: Where) =>
      eb.or([eb('a.name', 'like', text), eb('a.employer', 'like', text), eb('a.field', 'like', text)]),
    )
  }
  if (f.status === 'ended') q = q.where('a.ended_at', 'is not', null)
  if (f.status === 'serving')
    q = q
      .where('a.ended_at', 'is', null)
      .where((eb: Where) => eb.or([eb('a.term_to', 'is', null), eb('a.term_to', '>=', today)]))
  if (f.status === 'expired') q = q.where('a.ended_at', 'is', null).where('a.term_to', '<', today)
  return q
}

const ordered = <Q extends ReturnType<typeof filtered>>(q: Q) =>
  q.orderBy('a.kind').orderBy('a.term_from', 'desc').orderBy('a.name').orderBy('a.id')

/** The caller's region's and its lower regions' appointments, every status, for the department that keeps them. */
export async function listAdvisers(db: Kysely<DB>, p: Principal, f: AdviserFilter & PageQuery) {
  const org = await appointerOf(db, p)
  const today = chinaToday()
  const base = filtered(db, prefixOf(org), f, today)
  const [items, total] = await Promise.all([
    ordered(base).limit(f.pageSize).offset(offsetOf(f)).execute(),
    countRows(base.clearSelect().select((eb) => eb.fn.countAll<string>().as('n'))),
  ])
  return listPage(
    items.map((r) => adviserView(r, today)),
    total,
    f,
  )
}

/** 公布: those serving now, of a region and its lower regions (or everywhere), for anyone. */
export async function publicAdvisers(
  db: Kysely<DB>,
  f: Omit<AdviserFilter, 'status'> & PageQuery & { regionCode?: string },
) {
  const today = chinaToday()
  const prefix = f.regionCode ? prefixOf({ level: null, regionCode: f.regionCode, kind: 'region' }) : ''
  const base = filtered(db, prefix, { ...f, status: 'serving' }, today)
  const [items, total] = await Promise.all([
    ordered(base).limit(f.pageSize).offset(offsetOf(f)).execute(),
    countRows(base.clearSelect().select((eb) => eb.fn.countAll<string>().as('n'))),
  ])
  return listPage(
    items.map((r) => publicView(adviserView(r, today))),
    total,
    f,
  )
}

/** The register as a workbook: every appointment the list would show, with its status and any end reason. */
export async function advisersXlsx(db: Kysely<DB>, p: Principal, f: AdviserFilter) {
  const org = await appointerOf(db, p)
  const today = chinaToday()
  const all = await ordered(filtered(db, prefixOf(org), f, today)).execute()
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('专家与学监')
  sheet.addRow([neutralise(`${org.name} 继续教育专家咨询委员会委员和学监名册（依据：${BASIS}）`)]).font = {
    bold: true,
  }
  const heads = [
    '类别',
    '姓名',
    '职称或职务',
    '工作单位',
    '专业领域',
    '聘期起始',
    '聘期截止',
    '聘任文件',
    '地区',
    '聘请部门',
    '状态',
    '解聘理由',
  ]
  sheet.addRow(heads).font = { bold: true }
  sheet.columns = heads.map((h) => ({ width: ['工作单位', '聘任文件', '聘请部门'].includes(h) ? 30 : 14 }))
  for (const r of all) {
    const v = adviserView(r, today)
    sheet.addRow([
      v.kindLabel,
      neutralise(v.name),
      neutralise(v.title),
      neutralise(v.employer),
      neutralise(v.field ?? ''),
      v.termFrom,
      v.termTo ?? '长期',
      neutralise(v.document),
      v.regionName,
      neutralise(v.appointedBy),
      STATUS_LABEL[v.status],
      neutralise(v.endReason ?? ''),
    ])
  }
  return { name: `专家与学监名册-${today}.xlsx`, book: Buffer.from(await book.xlsx.writeBuffer()) }
}
