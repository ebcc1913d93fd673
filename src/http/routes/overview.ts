import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { OverviewFilter } from '../../db/overview.js'
import { complianceOverview, overviewXlsx } from '../../services/overview.js'
import type { Api } from '../app.js'
import { attachment } from '../content-disposition.js'
import type { AppContext } from '../context.js'
import { regionScope } from '../region-scope.js'
import { file } from '../responses.js'
import { Errors, wholeNumber } from '../schemas.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const Query = z.object({
  year: wholeNumber(1990, 2200).describe('年度'),
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '地区代码为6位数字')
    .optional()
    .describe('地区（默认本部门所在地区；下钻时为下级地区）'),
})

const Line = z.object({
  key: z.string(),
  name: z.string(),
  total: z.number(),
  compliant: z.number(),
  notCompliant: z.number(),
  rate: z.number().describe('达标率（%）'),
  drillable: z.boolean().optional().describe('可下钻到下级地区'),
})

const Overview = z
  .object({
    year: z.number(),
    regionCode: z.string().nullable(),
    regionName: z.string(),
    total: z.number(),
    compliant: z.number(),
    byRegion: z.array(Line).describe('按下一级地区'),
    bySeries: z.array(Line).describe('按职称系列'),
    byIndustry: z.array(Line).describe('按行业'),
    byYear: z.array(Line).describe('本年度及前四年'),
  })
  .describe('地区达标概况 The region overview')

export function overviewRoutes(api: Api, ctx: AppContext): void {
  async function filterOf(request: FastifyRequest, q: z.infer<typeof Query>): Promise<OverviewFilter> {
    return { year: q.year, ...(await regionScope(ctx, request, q.regionCode)) }
  }

  api.get(
    '/compliance/overview',
    {
      config: { access: ['hr_department', 'authority'] },
      schema: {
        summary: '地区达标概况 Region overview',
        description:
          '本地区（或其下级地区）某年度的达标人数：按下一级地区、职称系列、行业，以及近五年；行业主管部门只含本行业。Compliance of a region by the divisions below it, series, industry and the last five years; an industry authority sees its industry only.',
        tags: ['compliance'],
        response: { 200: Overview, ...Errors },
        querystring: Query,
      },
    },
    async (request) => complianceOverview(ctx.db, await filterOf(request, request.query)),
  )

  api.get(
    '/compliance/overview/export',
    {
      config: { access: ['hr_department', 'authority'] },
      schema: {
        summary: '导出地区达标概况 Export the region overview',
        description:
          '与概况相同的数据，每张图一个工作表（xlsx）。The overview as a workbook, one sheet per chart.',
        tags: ['compliance'],
        response: { 200: file('地区达标概况 xlsx', XLSX), ...Errors },
        querystring: Query,
      },
    },
    async (request, reply) => {
      const o = await complianceOverview(ctx.db, await filterOf(request, request.query))
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment(`达标概况-${o.regionName}-${o.year}年度.xlsx`))
        .header('cache-control', 'no-store')
        .send(await overviewXlsx(o))
    },
  )
}
