import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  BASIS,
  fundSummary,
  fundsXlsx,
  listFunds,
  ownReports,
  ownThreshold,
  reportFunds,
  setTrainingNeed,
} from '../../services/education-funds.js'
import type { Oversight } from '../../services/scope.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import { attachment } from '../content-disposition.js'
import type { AppContext } from '../context.js'
import { regionScope } from '../region-scope.js'
import { file } from '../responses.js'
import { Errors, listOf, Page, wholeNumber } from '../schemas.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const overseers = ['hr_department', 'authority'] as const
const Money = z.string().describe('金额（元），两位小数')
const Percent = z.string().describe('百分比，两位小数')

const Report = z
  .object({
    year: z.number(),
    payroll: Money.describe('职工工资总额（元）'),
    spending: Money.describe('职工教育经费（元）'),
    share: Percent.describe('提取比例（%）'),
    threshold: z.enum(['1.5', '2.5']).describe('适用比例（%）'),
    required: Money.describe('按适用比例应提取的最低金额（元，进位到分）'),
    shortfall: Money.describe('差额（元）'),
    below: z.boolean().describe('低于适用比例'),
    revision: z.number().describe('第几次报告（更正后递增）'),
    reportedBy: z.string(),
    reportedAt: z.string(),
  })
  .describe('职工教育经费报告 A yearly education-fund report')

const Line = z
  .object({
    organisationId: z.string(),
    name: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
    industry: z.string().nullable(),
    highTrainingNeed: z.boolean().describe('培训任务重（适用2.5%）'),
    threshold: z.enum(['1.5', '2.5']),
    status: z.enum(['below', 'met', 'missing']).describe('below 低于比例 / met 达到比例 / missing 未报告'),
    payroll: Money.nullable(),
    spending: Money.nullable(),
    share: Percent.nullable(),
    required: Money.nullable(),
    shortfall: Money.nullable(),
    revision: z.number().nullable(),
    reportedAt: z.string().nullable(),
  })
  .describe('用人单位的职工教育经费 An employer’s share')

const SummaryLine = z.object({
  key: z.string(),
  label: z.string(),
  employers: z.number(),
  reported: z.number(),
  below: z.number(),
  payroll: Money,
  spending: Money,
  share: Percent.nullable(),
})

const lastYear = () => new Date().getUTCFullYear() - 1
const Year = wholeNumber(1990, 2200).optional().describe('年度（默认上一年度）')
const Scope = {
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '地区代码为6位数字')
    .optional()
    .describe('地区（默认本部门所在地区）'),
  industry: z.string().min(1).max(50).optional().describe('行业（行业主管部门只能是本行业）'),
}

/**
 * 职工教育经费 (鲁人社发〔2016〕10号 （二十三）): employers report their payroll and staff-education spending each
 * year; HR departments and industry authorities see who is below 1.5 % (2.5 % for enterprises with high
 * training needs, which the HR department marks).
 */
export function educationFundRoutes(api: Api, ctx: AppContext): void {
  async function oversight(request: FastifyRequest, regionCode?: string, industry?: string) {
    const s = await regionScope(ctx, request, regionCode, industry)
    const o: Oversight = { regionCode: s.regionCode ?? null }
    if (principalOf(request).role === 'authority' && s.industry !== undefined) o.industry = s.industry
    return { o, industry: principalOf(request).role === 'authority' ? undefined : s.industry }
  }

  api.get(
    '/education-funds/own',
    {
      config: { access: ['employer'] },
      schema: {
        summary: '本单位职工教育经费报告 The employer’s reports',
        description: `本单位各年度报告及适用比例（${BASIS}）。The employer's yearly reports, newest first.`,
        tags: ['education-funds'],
        querystring: Page,
        response: { 200: listOf(Report).describe('历年报告（一页）'), ...Errors },
      },
    },
    async (request) => ownReports(ctx.db, principalOf(request), request.query),
  )

  api.get(
    '/education-funds/own/threshold',
    {
      config: { access: ['employer'] },
      schema: {
        summary: '本单位适用比例 The employer’s share',
        description: `一般企业1.5%，人社部门设为培训任务重的企业2.5%（${BASIS}）。1.5 %, or 2.5 % when marked.`,
        tags: ['education-funds'],
        response: {
          200: z.object({
            highTrainingNeed: z.boolean(),
            threshold: z.enum(['1.5', '2.5']),
            basis: z.string(),
          }),
          ...Errors,
        },
      },
    },
    async (request) => ownThreshold(ctx.db, principalOf(request)),
  )

  api.put(
    '/education-funds/own/:year',
    {
      config: { access: ['employer'] },
      schema: {
        summary: '报告职工教育经费 Report a year',
        description:
          '报告一个年度的职工工资总额和职工教育经费（元，最多两位小数；工资总额须大于0）；同一年度再次报告即为更正，替换原报告并记入审计。One report per year; a second replaces it as an audited correction.',
        tags: ['education-funds'],
        params: z.object({ year: wholeNumber(1990, 2200).describe('年度') }),
        body: z.object({
          payroll: z.string().max(20).describe('职工工资总额（元），如 "12000000.00"'),
          spending: z.string().max(20).describe('职工教育经费（元），如 "180000.00"'),
        }),
        response: { 200: Report, ...Errors },
      },
    },
    async (request) => reportFunds(ctx.db, principalOf(request), request.params.year, request.body),
  )

  api.get(
    '/education-funds',
    {
      config: { access: [...overseers] },
      schema: {
        summary: '用人单位职工教育经费 Employers’ shares',
        description:
          '本地区（行业主管部门：本行业）的用人单位及其年度提取比例；status=below 只看低于比例的。The employers in scope with the year’s share; filter by status.',
        tags: ['education-funds'],
        querystring: Page.extend({
          year: Year,
          ...Scope,
          status: z
            .enum(['below', 'met', 'missing'])
            .optional()
            .describe('below 低于比例 / met 达到比例 / missing 未报告'),
        }),
        response: { 200: listOf(Line).describe('用人单位（一页）'), ...Errors },
      },
    },
    async (request) => {
      const q = request.query
      const { o, industry } = await oversight(request, q.regionCode, q.industry)
      return listFunds(ctx.db, o, {
        page: q.page,
        pageSize: q.pageSize,
        year: q.year ?? lastYear(),
        status: q.status,
        ...(industry === undefined ? {} : { industry }),
      })
    },
  )

  api.get(
    '/education-funds/summary',
    {
      config: { access: [...overseers] },
      schema: {
        summary: '职工教育经费汇总 Summary by district or industry',
        description: '按区县或行业汇总：单位数、已报告、低于比例、金额合计及比例。',
        tags: ['education-funds'],
        querystring: z.object({
          year: Year,
          by: z.enum(['region', 'industry']).default('region').describe('region 按地区 / industry 按行业'),
          ...Scope,
        }),
        response: {
          200: z.object({
            year: z.number(),
            by: z.enum(['region', 'industry']),
            basis: z.string(),
            regionName: z.string(),
            lines: z.array(SummaryLine),
            all: SummaryLine,
          }),
          ...Errors,
        },
      },
    },
    async (request) => {
      const q = request.query
      const { o, industry } = await oversight(request, q.regionCode, q.industry)
      return fundSummary(ctx.db, o, q.year ?? lastYear(), q.by, industry)
    },
  )

  api.get(
    '/education-funds/export',
    {
      config: { access: [...overseers] },
      schema: {
        summary: '导出职工教育经费 Export as xlsx',
        description: '各用人单位的提取比例，及按地区、按行业的汇总。',
        tags: ['education-funds'],
        querystring: z.object({ year: Year, ...Scope }),
        response: { 200: file('职工教育经费 as xlsx', XLSX), ...Errors },
      },
    },
    async (request, reply) => {
      const q = request.query
      const { o, industry } = await oversight(request, q.regionCode, q.industry)
      const { name, book } = await fundsXlsx(ctx.db, o, q.year ?? lastYear(), industry)
      return reply.header('content-type', XLSX).header('content-disposition', attachment(name)).send(book)
    },
  )

  api.put(
    '/organisations/:id/training-need',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '设置培训任务重 Mark high training needs',
        description: `从业人员技术素质要求高、培训任务重、经济效益较好的企业可按2.5%提取（${BASIS}）；本地区的用人单位。`,
        tags: ['education-funds'],
        params: z.object({ id: z.uuid() }),
        body: z.object({ highTrainingNeed: z.boolean().describe('适用2.5%') }),
        response: {
          200: z.object({
            organisationId: z.string(),
            highTrainingNeed: z.boolean(),
            threshold: z.enum(['1.5', '2.5']),
          }),
          ...Errors,
        },
      },
    },
    async (request) => {
      const { o } = await oversight(request)
      return setTrainingNeed(
        ctx.db,
        principalOf(request),
        o,
        request.params.id,
        request.body.highTrainingNeed,
      )
    },
  )
}
