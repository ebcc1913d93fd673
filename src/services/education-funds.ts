import ExcelJS from 'exceljs'
import { type Kysely, sql } from 'kysely'
import { regionPrefix } from '../db/compliance.js'
import { countRows } from '../db/count.js'
import type { DB } from '../db/schema.js'
import { formatYuan, parseYuan, percentOf, perMilleUp } from '../domain/money.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import type { Principal } from './accounts.js'
import { recordAudit, transact } from './audit.js'
import { ForbiddenError, InvalidInputError, NotFoundError } from './errors.js'
import { regionName } from './overview.js'
import { neutralise } from './roster-annotate.js'
import type { Oversight } from './scope.js'

/**
 * 鲁人社发〔2016〕10号 （二十三）: 「一般企业按照职工工资总额的1.5%足额提取职工教育经费，从业人员技术素质要求高、
 * 培训任务重、经济效益较好的企业可按2.5%提取…事业单位可参照企业相关规定」. The shares in per mille, for exact
 * comparison: spending · 1000 < payroll · 15 (or 25) is below.
 */
export const BASIS = '鲁人社发〔2016〕10号 （二十三）'
const PER_MILLE = { general: 15n, high: 25n } as const
const NO_INDUSTRY = '未登记行业'
type Threshold = '1.5' | '2.5'

const who = (p: Principal) => p.userId ?? p.username

/** An amount given as text, in whole fen; the field named when it is not one. */
function amount(field: string, text: string): bigint {
  const fen = parseYuan(text.trim())
  if (fen === undefined)
    throw new InvalidInputError(field, '须为不小于0的金额（元），最多两位小数，如 1234567.89')
  return fen
}

/** A report's figures: the share of payroll spent, the share required, the least amount that meets it. */
export function assess(payrollText: string, spendingText: string, high: boolean) {
  const payroll = parseYuan(payrollText) as bigint
  const spending = parseYuan(spendingText) as bigint
  const perMille = high ? PER_MILLE.high : PER_MILLE.general
  const required = perMilleUp(payroll, perMille)
  return {
    payroll: formatYuan(payroll),
    spending: formatYuan(spending),
    share: percentOf(spending, payroll),
    threshold: (high ? '2.5' : '1.5') as Threshold,
    required: formatYuan(required),
    shortfall: formatYuan(spending < required ? required - spending : 0n),
    below: spending * 1000n < payroll * perMille,
  }
}

async function highNeed(db: Kysely<DB>, organisationId: string): Promise<boolean> {
  const r = await db
    .selectFrom('education_fund_rate')
    .select('high_training_need')
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst()
  return r?.high_training_need ?? false
}

const reportOf = (
  r: {
    year: number
    payroll: string
    spending: string
    revision: number
    reported_by: string
    reported_at: Date
  },
  high: boolean,
) => ({
  year: r.year,
  ...assess(r.payroll, r.spending, high),
  revision: r.revision,
  reportedBy: r.reported_by,
  reportedAt: r.reported_at.toISOString(),
})

export type FundReport = ReturnType<typeof reportOf>

/** The share that applies to the employer now, and the clause. */
export async function ownThreshold(db: Kysely<DB>, p: Principal) {
  const high = await highNeed(db, p.organisationId as string)
  return { highTrainingNeed: high, threshold: (high ? '2.5' : '1.5') as Threshold, basis: BASIS }
}

/** The employer's own reports, newest year first, with the threshold that applies to it. */
export async function ownReports(db: Kysely<DB>, p: Principal, page: PageQuery) {
  const org = p.organisationId as string
  const high = await highNeed(db, org)
  const q = db.selectFrom('education_fund_report').where('organisation_id', '=', org)
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('year', 'desc').limit(page.pageSize).offset(offsetOf(page)).execute(),
    countRows(q),
  ])
  return {
    ...listPage(
      rows.map((r) => reportOf(r, high)),
      total,
      page,
    ),
    threshold: (high ? '2.5' : '1.5') as Threshold,
    basis: BASIS,
  }
}

/**
 * The employer reports a year's payroll and spending (payroll > 0; spending may exceed it). One report per
 * employer and year: a second replaces the first as a correction, its revision counted, before and after
 * audited.
 */
export async function reportFunds(
  db: Kysely<DB>,
  p: Principal,
  year: number,
  input: { payroll: string; spending: string },
): Promise<FundReport> {
  const payroll = amount('payroll', input.payroll)
  const spending = amount('spending', input.spending)
  if (payroll <= 0n) throw new InvalidInputError('payroll', '职工工资总额须大于0')
  const thisYear = new Date().getUTCFullYear()
  if (year > thisYear) throw new InvalidInputError('year', '不能报告尚未开始的年度')
  const org = p.organisationId as string
  return transact(db, async (trx) => {
    const before = await trx
      .selectFrom('education_fund_report')
      .selectAll()
      .where('organisation_id', '=', org)
      .where('year', '=', year)
      .forUpdate()
      .executeTakeFirst()
    const values = {
      payroll: formatYuan(payroll),
      spending: formatYuan(spending),
      reported_by: who(p),
      reported_at: new Date(),
    }
    const row = before
      ? await trx
          .updateTable('education_fund_report')
          .set({ ...values, revision: before.revision + 1 })
          .where('organisation_id', '=', org)
          .where('year', '=', year)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('education_fund_report')
          .values({ organisation_id: org, year, ...values })
          .returningAll()
          .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actor: who(p),
      actorOrganisationId: org,
      action: before ? 'education_fund.correct' : 'education_fund.report',
      entity: 'education_fund_report',
      entityId: `${org}:${year}`,
      before: before && { payroll: before.payroll, spending: before.spending, revision: before.revision },
      after: { payroll: values.payroll, spending: values.spending, revision: row.revision },
    })
    return reportOf(row, await highNeed(trx, org))
  })
}

/** The employers an oversight covers (an authority: those registered in its industry), with a year's report. */
function employers(db: Kysely<DB>, o: Oversight, year: number, industry?: string) {
  let q = db
    .selectFrom('organisation as o')
    .leftJoin('education_fund_report as r', (j) =>
      j.onRef('r.organisation_id', '=', 'o.id').on('r.year', '=', year),
    )
    .leftJoin('education_fund_rate as f', 'f.organisation_id', 'o.id')
    .where('o.kind', '=', 'employer')
    .where('o.status', '=', 'approved')
  if (o.regionCode !== null) q = q.where('o.region_code', 'like', `${regionPrefix(o.regionCode)}%`)
  if (o.industry !== undefined) q = q.where('o.industry', '=', o.industry)
  if (industry !== undefined) q = q.where('o.industry', '=', industry)
  return q
}

/** Below the share: spending · 1000 < payroll · 15 (25 for high training needs), exact in numeric. */
const belowSql = sql<boolean>`r.spending * 1000 < r.payroll * (CASE WHEN f.high_training_need THEN 25 ELSE 15 END)`

export type FundStatus = 'below' | 'met' | 'missing'

export interface FundFilter extends PageQuery {
  year: number
  status?: FundStatus
  industry?: string
}

const COLUMNS = [
  'o.id',
  'o.name',
  'o.region_code',
  'o.industry',
  'r.payroll',
  'r.spending',
  'r.revision',
  'r.reported_at',
  'f.high_training_need',
] as const

type EmployerRow = {
  id: string
  name: string
  region_code: string
  industry: string | null
  payroll: string | null
  spending: string | null
  revision: number | null
  reported_at: Date | null
  high_training_need: boolean | null
}

const lineOf = (r: EmployerRow) => {
  const high = r.high_training_need ?? false
  const figures = r.payroll === null || r.spending === null ? null : assess(r.payroll, r.spending, high)
  return {
    organisationId: r.id,
    name: r.name,
    regionCode: r.region_code,
    regionName: regionName(r.region_code),
    industry: r.industry,
    highTrainingNeed: high,
    threshold: (high ? '2.5' : '1.5') as Threshold,
    status: (figures === null ? 'missing' : figures.below ? 'below' : 'met') as FundStatus,
    payroll: figures?.payroll ?? null,
    spending: figures?.spending ?? null,
    share: figures?.share ?? null,
    required: figures?.required ?? null,
    shortfall: figures?.shortfall ?? null,
    revision: r.revision,
    reportedAt: r.reported_at?.toISOString() ?? null,
  }
}

export type FundLine = ReturnType<typeof lineOf>

/** The employers in the oversight with the year's share, below-threshold (or not reported) first if filtered. */
export async function listFunds(db: Kysely<DB>, o: Oversight, f: FundFilter) {
  let q = employers(db, o, f.year, f.industry)
  if (f.status === 'missing') q = q.where('r.organisation_id', 'is', null)
  if (f.status === 'below') q = q.where('r.organisation_id', 'is not', null).where(belowSql)
  if (f.status === 'met')
    q = q.where('r.organisation_id', 'is not', null).where(sql<boolean>`NOT (${belowSql})`)
  const [rows, total] = await Promise.all([
    q.select(COLUMNS).orderBy('o.name').orderBy('o.id').limit(f.pageSize).offset(offsetOf(f)).execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((r) => lineOf(r as EmployerRow)),
    total,
    f,
  )
}

/** A summary line: employers, reports, those below, the sums and the share of the sums. */
function summarise(key: string, label: string, lines: readonly FundLine[]) {
  let payroll = 0n
  let spending = 0n
  for (const l of lines)
    if (l.payroll !== null && l.spending !== null) {
      payroll += parseYuan(l.payroll) as bigint
      spending += parseYuan(l.spending) as bigint
    }
  return {
    key,
    label,
    employers: lines.length,
    reported: lines.filter((l) => l.status !== 'missing').length,
    below: lines.filter((l) => l.status === 'below').length,
    payroll: formatYuan(payroll),
    spending: formatYuan(spending),
    share: payroll === 0n ? null : percentOf(spending, payroll),
  }
}

export type FundSummaryLine = ReturnType<typeof summarise>

/** The year's figures of every employer in the oversight, grouped by district or by industry, with the total. */
export async function fundSummary(
  db: Kysely<DB>,
  o: Oversight,
  year: number,
  by: 'region' | 'industry',
  industry?: string,
) {
  const rows = await employers(db, o, year, industry).select(COLUMNS).orderBy('o.id').execute()
  const lines = rows.map((r) => lineOf(r as EmployerRow))
  const groups = new Map<string, FundLine[]>()
  for (const l of lines) {
    const key = by === 'region' ? l.regionCode : (l.industry ?? '')
    const g = groups.get(key)
    if (g) g.push(l)
    else groups.set(key, [l])
  }
  const out = [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => summarise(key, by === 'region' ? regionName(key) : key || NO_INDUSTRY, g))
  return {
    year,
    by,
    basis: BASIS,
    regionName: o.regionCode === null ? '全国' : regionName(o.regionCode),
    lines: out,
    all: summarise('', '合计', lines),
  }
}

/**
 * The HR department marks an employer of its region as having high training needs (2.5 %) or not (1.5 %);
 * audited. An employer outside the region is refused.
 */
export async function setTrainingNeed(
  db: Kysely<DB>,
  p: Principal,
  o: Oversight,
  organisationId: string,
  high: boolean,
) {
  return transact(db, async (trx) => {
    const org = await trx
      .selectFrom('organisation')
      .select(['kind', 'region_code'])
      .where('id', '=', organisationId)
      .executeTakeFirst()
    if (org?.kind !== 'employer') throw new NotFoundError('organisation', organisationId)
    if (o.regionCode !== null && !org.region_code.startsWith(regionPrefix(o.regionCode)))
      throw new ForbiddenError('只能设置本地区及下级地区的用人单位', {
        en: "the employer is outside the caller's region",
      })
    const before = await trx
      .selectFrom('education_fund_rate')
      .select('high_training_need')
      .where('organisation_id', '=', organisationId)
      .forUpdate()
      .executeTakeFirst()
    if (before)
      await trx
        .updateTable('education_fund_rate')
        .set({ high_training_need: high, set_by: who(p), set_at: new Date() })
        .where('organisation_id', '=', organisationId)
        .execute()
    else
      await trx
        .insertInto('education_fund_rate')
        .values({ organisation_id: organisationId, high_training_need: high, set_by: who(p) })
        .execute()
    await recordAudit(trx, {
      actor: who(p),
      actorOrganisationId: p.organisationId,
      action: 'education_fund.rate',
      entity: 'organisation',
      entityId: organisationId,
      before: { highTrainingNeed: before?.high_training_need ?? false },
      after: { highTrainingNeed: high },
    })
    return { organisationId, highTrainingNeed: high, threshold: (high ? '2.5' : '1.5') as Threshold }
  })
}

const STATUS_NAMES: Record<FundStatus, string> = { below: '低于比例', met: '达到比例', missing: '未报告' }

/** The year as an xlsx workbook: every employer with its share, then the summaries by district and by industry. */
export async function fundsXlsx(db: Kysely<DB>, o: Oversight, year: number, industry?: string) {
  const rows = await employers(db, o, year, industry)
    .select(COLUMNS)
    .orderBy('o.name')
    .orderBy('o.id')
    .execute()
  const lines = rows.map((r) => lineOf(r as EmployerRow))
  const where = o.regionCode === null ? '全国' : regionName(o.regionCode)
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('用人单位')
  sheet.addRow([
    neutralise(
      `${where} ${year}年度职工教育经费提取情况（依据：${BASIS}，一般企业1.5%，培训任务重的企业2.5%）`,
    ),
  ]).font = {
    bold: true,
  }
  const heads = [
    '单位名称',
    '地区',
    '行业',
    '适用比例（%）',
    '职工工资总额（元）',
    '职工教育经费（元）',
    '提取比例（%）',
    '应提取（元）',
    '差额（元）',
    '状态',
  ]
  sheet.addRow(heads).font = { bold: true }
  sheet.columns = heads.map((h, i) => ({ width: i === 0 ? 32 : Math.max(12, h.length * 2) }))
  for (const l of lines)
    sheet.addRow([
      neutralise(l.name),
      l.regionName,
      neutralise(l.industry ?? NO_INDUSTRY),
      l.threshold,
      l.payroll ?? '',
      l.spending ?? '',
      l.share ?? '',
      l.required ?? '',
      l.shortfall ?? '',
      STATUS_NAMES[l.status],
    ])
  for (const by of ['region', 'industry'] as const) {
    const s = await fundSummary(db, o, year, by, industry)
    const ws = book.addWorksheet(by === 'region' ? '按地区' : '按行业')
    const h = [
      by === 'region' ? '地区' : '行业',
      '用人单位',
      '已报告',
      '低于比例',
      '职工工资总额（元）',
      '职工教育经费（元）',
      '提取比例（%）',
    ]
    ws.addRow(h).font = { bold: true }
    ws.columns = h.map((x) => ({ width: Math.max(12, x.length * 2) }))
    for (const l of [...s.lines, s.all])
      ws.addRow([neutralise(l.label), l.employers, l.reported, l.below, l.payroll, l.spending, l.share ?? ''])
  }
  return { name: `职工教育经费-${where}-${year}年度.xlsx`, book: Buffer.from(await book.xlsx.writeBuffer()) }
}
