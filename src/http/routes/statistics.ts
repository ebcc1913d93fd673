import { z } from 'zod'
import { statistics, TREND_YEARS, trend } from '../../services/statistics.js'
import type { Api } from '../app.js'
import type { AppContext } from '../context.js'
import { regionScope } from '../region-scope.js'
import { Errors, wholeNumber } from '../schemas.js'

const Scope = {
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '地区代码为6位数字')
    .optional()
    .describe('地区（默认本部门所在地区；下钻时为下级地区）'),
  industry: z.string().min(1).max(50).optional().describe('行业（行业主管部门只能是本行业）'),
  series: z.string().min(1).max(50).optional().describe('职称系列'),
}

const Query = z.object({
  year: wholeNumber(1990, 2200).describe('年度'),
  by: z
    .enum(['region', 'industry', 'series', 'employer'])
    .describe('分组：下一级地区、行业、职称系列、工作单位'),
  ...Scope,
})

const TrendQuery = z.object({
  from: wholeNumber(1990, 2200).describe('起始年度'),
  to: wholeNumber(1990, 2200).describe(`结束年度（最多${TREND_YEARS}个年度）`),
  ...Scope,
})

const Line = z.object({
  key: z.string().describe('地区代码、行业、职称系列、单位编号或年度'),
  label: z.string(),
  persons: z.number().describe('登记人数'),
  compliant: z.number().describe('达标人数'),
  rate: z.number().describe('达标率（%）'),
  public: z.number().describe('公需科目学时'),
  professional: z.number().describe('专业科目学时'),
  total: z.number().describe('总学时'),
  shortfall: z
    .object({
      from75: z.number().describe('未达标，已达要求总学时75%及以上'),
      from50: z.number().describe('未达标，50%至75%'),
      from25: z.number().describe('未达标，25%至50%'),
      above0: z.number().describe('未达标，不足25%'),
      none: z.number().describe('没有学时（含没有任何记录的人员）'),
    })
    .describe('未达标人员按完成程度分布'),
})

const Statistics = z
  .object({
    year: z.number(),
    by: z.enum(['region', 'industry', 'series', 'employer']),
    lines: z.array(Line),
    all: Line.describe('合计'),
  })
  .describe('继续教育统计 Statistics')

export function statisticsRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/statistics',
    {
      config: { access: ['hr_department', 'authority'] },
      schema: {
        summary: '继续教育统计 Statistics',
        description:
          '本地区（或下级地区）某年度的人数、达标人数、达标率、学时和未达标分布，按下一级地区、行业、职称系列或工作单位分组；行业主管部门只含本行业。Persons, compliance, hours and the shortfall distribution of a year, grouped by the divisions below the region, industry, series or employer; an industry authority sees its industry only.',
        tags: ['statistics'],
        response: { 200: Statistics, ...Errors },
        querystring: Query,
      },
    },
    async (request) => {
      const q = request.query
      const scope = await regionScope(ctx, request, q.regionCode, q.industry)
      return statistics(ctx.db, q.year, { ...scope, series: q.series }, q.by)
    },
  )

  api.get(
    '/statistics/trend',
    {
      config: { access: ['hr_department', 'authority'] },
      schema: {
        summary: '继续教育统计趋势 Statistics over the years',
        description:
          '与统计相同的数字，逐年（按人员当前所在地区、行业和单位）。The same figures year by year (persons under their current region, industry and employer).',
        tags: ['statistics'],
        response: { 200: z.object({ lines: z.array(Line) }), ...Errors },
        querystring: TrendQuery,
      },
    },
    async (request) => {
      const q = request.query
      const scope = await regionScope(ctx, request, q.regionCode, q.industry)
      return { lines: await trend(ctx.db, q.from, q.to, { ...scope, series: q.series }) }
    },
  )
}
