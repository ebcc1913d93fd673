import { z } from 'zod'
import { regionName } from '../../services/overview.js'
import { institutionStatistics, statistics, TREND_YEARS, trend } from '../../services/statistics.js'
import {
  INSTITUTION_NOTE,
  institutionsXlsx,
  MEASURES,
  statisticsXlsx,
} from '../../services/statistics-xlsx.js'
import type { Api } from '../app.js'
import { attachment } from '../content-disposition.js'
import type { AppContext } from '../context.js'
import { regionScope } from '../region-scope.js'
import { file } from '../responses.js'
import { Errors, wholeNumber } from '../schemas.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** Years of the trend sheet in an export: the year asked for and the four before it. */
const EXPORT_TREND_YEARS = 5

const Scope = {
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '地区代码为6位数字')
    .optional()
    .describe('地区（默认本部门所在地区；下钻时为下级地区）'),
  industry: z.string().min(1).max(50).optional().describe('行业（行业主管部门只能是本行业）'),
  series: z.string().min(1).max(50).optional().describe('职称系列'),
}

/** What a view is of, without its year: the grouping and the scope (a saved query keeps these). */
const Dimensions = {
  by: z
    .enum(['region', 'industry', 'series', 'employer'])
    .describe('分组：下一级地区、行业、职称系列、工作单位'),
  ...Scope,
}

const Query = z.object({ year: wholeNumber(1990, 2200).describe('年度'), ...Dimensions })

const Measure = z.enum(MEASURES)

const ExportQuery = Query.extend({
  measures: z
    .string()
    .max(200)
    .transform((s) => s.split(','))
    .pipe(z.array(Measure).min(1))
    .optional()
    .describe(`显示指标，逗号分隔（默认全部）：${MEASURES.join(', ')}`),
})

/** A saved query's definition: the statistics query without the year, and the measures shown. */
export const Definition = z.object({
  ...Dimensions,
  measures: z
    .array(Measure)
    .min(1)
    .max(MEASURES.length)
    .describe(`显示指标（至少一项）：${MEASURES.join(', ')}`),
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

const HoursLine = z.object({
  key: z.string().describe('学习形式（活动类型 kind）或来源（application、roster、grant、import）'),
  label: z.string(),
  credits: z.number().describe('有效学时记录数（记入且未冲销）'),
  public: z.number().describe('公需科目学时（逐条记入的学时，年度封顶前）'),
  professional: z.number().describe('专业科目学时（逐条记入的学时，年度封顶前）'),
  total: z.number().describe('合计学时（逐条记入的学时，年度封顶前）'),
})

const Hours = z
  .object({
    byWay: z.array(HoursLine).describe('按学习形式（活动类型），学时多的在前'),
    byDoor: z.array(HoursLine).describe('按来源：个人申报、机构上报、单位或主管部门登记、系统导入'),
    all: HoursLine.describe('合计'),
  })
  .describe(
    '学时构成：本年度有效学时记录（记入且未冲销；冲销从被冲销记录的形式和来源中减去）及其逐条记入的学时，即学时账户记入的学时，未按年度政策封顶，可能多于上面按年度核算的学时。The make-up of the hours: live credits (credited and not reversed) and the hours the ledger credited them entry by entry, before the annual caps the engine applies — so they may exceed the year figures above.',
  )

const Statistics = z
  .object({
    year: z.number(),
    by: z.enum(['region', 'industry', 'series', 'employer']),
    regionName: z.string().describe('统计范围的地区名称（全国部门未指定地区时为“全国”）'),
    lines: z.array(Line),
    all: Line.describe('合计'),
    hours: Hours,
  })
  .describe('继续教育统计 Statistics')

const InstitutionQuery = z.object({ year: wholeNumber(1990, 2200).describe('年度'), ...Scope })

const InstitutionLine = HoursLine.extend({
  key: z.string().describe('培训机构的单位编号（无培训机构时为空）'),
  label: z.string().describe('机构名称'),
})

/** The most institutions one answer lists (the export lists them all). */
const TOP = 200

const Institutions = z
  .object({
    year: z.number(),
    regionName: z.string().describe('统计范围的地区名称（全国部门未指定地区时为“全国”）'),
    count: z.number().describe('有学时记录的培训机构数（全部，不限于列出的前若干家）'),
    lines: z.array(InstitutionLine).describe('学时最多的前若干家培训机构，学时多的在前'),
    all: InstitutionLine.describe('各培训机构合计'),
    none: InstitutionLine.describe(
      '无培训机构：个人申报、主管部门授予、导入等其他来源的有效学时记录（不参加排序）',
    ),
  })
  .describe(
    `按培训机构统计：${INSTITUTION_NOTE} Live credits by the training institution whose confirmed roster credited them, hours as credited before the annual caps, counted under the persons' region; credits from the other doors (applications, grants, imports) have no institution and are given apart as none.`,
  )

/** The name of the region the figures cover. */
const scopeName = (code: string | undefined) => (code === undefined ? '全国' : regionName(code))

export function statisticsRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/statistics',
    {
      config: { access: ['hr_department', 'authority'] },
      schema: {
        summary: '继续教育统计 Statistics',
        description:
          '本地区（或下级地区）某年度的人数、达标人数、达标率、学时和未达标分布，按下一级地区、行业、职称系列或工作单位分组；另附同一范围的学时构成（按学习形式、按来源的有效学时记录和逐条记入的学时，年度封顶前）；行业主管部门只含本行业。Persons, compliance, hours and the shortfall distribution of a year, grouped by the divisions below the region, industry, series or employer; with the same scope’s make-up of the hours (live credits and their hours as credited, before the annual caps, by way and by door); an industry authority sees its industry only.',
        tags: ['statistics'],
        response: { 200: Statistics, ...Errors },
        querystring: Query,
      },
    },
    async (request) => {
      const q = request.query
      const scope = await regionScope(ctx, request, q.regionCode, q.industry)
      const figures = await statistics(ctx.db, q.year, { ...scope, series: q.series }, q.by)
      return { ...figures, regionName: scopeName(scope.regionCode) }
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

  api.get(
    '/statistics/institutions',
    {
      config: { access: ['hr_department', 'authority'] },
      schema: {
        summary: '按培训机构统计 Statistics by training institution',
        description:
          '本地区（或下级地区）人员某年度经培训机构花名册确认记入的有效学时记录和学时，按培训机构，学时最多的前若干家；行业主管部门只含本行业人员。另附各机构合计和无培训机构（其他来源）的学时。The year’s live credits of the persons in scope by training institution, the top institutions by hours (count: how many in all); an industry authority sees its industry’s persons only.',
        tags: ['statistics'],
        response: { 200: Institutions, ...Errors },
        querystring: InstitutionQuery.extend({
          top: wholeNumber(1, TOP)
            .default(20)
            .describe(`列出学时最多的前若干家（1–${TOP}，默认20；导出含全部）`),
        }),
      },
    },
    async (request) => {
      const { year, regionCode, industry, series, top } = request.query
      const scope = await regionScope(ctx, request, regionCode, industry)
      const figures = await institutionStatistics(ctx.db, year, { ...scope, series }, top)
      return { ...figures, regionName: scopeName(scope.regionCode) }
    },
  )

  api.get(
    '/statistics/institutions/export',
    {
      config: { access: ['hr_department', 'authority'] },
      schema: {
        summary: '导出按培训机构统计 Export the statistics by training institution',
        description:
          '与按培训机构统计相同的数字（xlsx），全部机构，学时多的在前，另附合计和无培训机构。The statistics by training institution as a workbook: every institution, most hours first, with the total and the credits of no institution.',
        tags: ['statistics'],
        response: { 200: file('按培训机构统计 xlsx', XLSX), ...Errors },
        querystring: InstitutionQuery,
      },
    },
    async (request, reply) => {
      const q = request.query
      const scope = await regionScope(ctx, request, q.regionCode, q.industry)
      const s = await institutionStatistics(ctx.db, q.year, { ...scope, series: q.series })
      const where = scopeName(scope.regionCode)
      const title = `${where}${scope.industry ? `（${scope.industry}）` : ''} ${q.year}年度继续教育统计（按培训机构）`
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment(`继续教育统计-按培训机构-${where}-${q.year}年度.xlsx`))
        .header('cache-control', 'no-store')
        .send(await institutionsXlsx(title, s.lines, s.all, s.none))
    },
  )

  api.get(
    '/statistics/export',
    {
      config: { access: ['hr_department', 'authority'] },
      schema: {
        summary: '导出继续教育统计 Export the statistics',
        description: `与统计相同的数字（xlsx）：按所选分组一张表（只含所选指标），学时构成（按学习形式、按来源）一张表，另附近${EXPORT_TREND_YEARS}年趋势。The statistics as a workbook: the grouped table, the make-up of the hours by way and by door, and the last ${EXPORT_TREND_YEARS} years.`,
        tags: ['statistics'],
        response: { 200: file('继续教育统计 xlsx', XLSX), ...Errors },
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const q = request.query
      const scope = await regionScope(ctx, request, q.regionCode, q.industry)
      const filter = { ...scope, series: q.series }
      const [s, years] = await Promise.all([
        statistics(ctx.db, q.year, filter, q.by),
        trend(ctx.db, q.year - EXPORT_TREND_YEARS + 1, q.year, filter),
      ])
      const where = scopeName(scope.regionCode)
      const title = `${where}${scope.industry ? `（${scope.industry}）` : ''} ${q.year}年度继续教育统计`
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment(`继续教育统计-${where}-${q.year}年度.xlsx`))
        .header('cache-control', 'no-store')
        .send(await statisticsXlsx(title, q.by, s.lines, s.all, years, s.hours, q.measures))
    },
  )
}
