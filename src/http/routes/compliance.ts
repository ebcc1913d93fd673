import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  COMPLIANCE_SORTS,
  type ComplianceFilter,
  complianceAll,
  complianceCounts,
  complianceList,
  regionPrefix,
} from '../../db/compliance.js'
import { decodeCursor, rollCounts, rollPage } from '../../db/compliance-keyset.js'
import { rollYearOpen } from '../../db/compliance-roll.js'
import { findOrganisation } from '../../db/organisations.js'
import { complianceXlsx, withShortfall } from '../../services/compliance.js'
import { ForbiddenError, InvalidInputError } from '../../services/errors.js'
import { personKeyOfIdNumber } from '../../services/persons.js'
import { policySettingsOf } from '../../services/policy-settings.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import { attachment } from '../content-disposition.js'
import type { AppContext } from '../context.js'
import { industryOf } from '../region-scope.js'
import { ComplianceRow, ComplianceSummary, file } from '../responses.js'
import { Errors, IdNumberQuery, listOf, Page, wholeNumber } from '../schemas.js'
import { IdHeader, SeriesQuery } from './staff.js'

const ROLES = ['employer', 'agency', 'authority', 'hr_department'] as const
/** The most rows one export writes; a bigger list must be narrowed first. */
export const EXPORT_ROWS = 50_000

/** The filters every compliance view takes (the list, its summary, its export). */
const Filters = z.object({
  year: wholeNumber(1990, 2200),
  name: z.string().max(30).optional(),
  idNumber: IdNumberQuery,
  series: SeriesQuery,
  department: z.string().min(1).max(50).optional().describe('部门（仅单位名单）'),
  regionCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
})
const Sorted = Filters.extend({
  compliant: z.enum(['true', 'false']).optional(),
  sort: z.enum(COMPLIANCE_SORTS).optional().describe('排序字段，默认总学时'),
  order: z.enum(['asc', 'desc']).optional().describe('默认升序'),
})

type Query = z.infer<typeof Sorted>

const Cursor = z.string().min(1).max(400).optional()
const Paged = Sorted.extend(Page.shape).extend({
  after: Cursor.describe('上一页返回的 next：取其后一页（按总学时排序、未按部门或姓名筛选时）'),
  before: Cursor.describe('本页返回的 previous：取其前一页'),
})

export function complianceRoutes(api: Api, ctx: AppContext): void {
  /** The caller's scope and the filters asked for, as one filter for the database. */
  async function filterOf(
    request: FastifyRequest,
    q: Query,
  ): Promise<Omit<ComplianceFilter, 'page' | 'pageSize'>> {
    const p = principalOf(request)
    const org = await findOrganisation(ctx.db, p.organisationId as string)
    if (!org) throw new ForbiddenError('没有所属单位')
    const headerId = request.headers['x-id-number']
    const idNumber = q.idNumber ?? (typeof headerId === 'string' ? headerId : undefined)
    const filter = {
      year: q.year,
      name: q.name,
      series: q.series,
      personKey: idNumber === undefined ? undefined : personKeyOfIdNumber(ctx.secrets, idNumber),
      sort: q.sort,
      order: q.order,
      compliant: q.compliant === undefined ? undefined : q.compliant === 'true',
    }
    if (p.role === 'employer' || p.role === 'agency')
      return { ...filter, department: q.department, organisationId: org.id }
    const region = q.regionCode ?? org.regionCode
    const national = p.role === 'hr_department' && org.level === 'national'
    if (!national && !region.startsWith(regionPrefix(org.regionCode)))
      throw new ForbiddenError('只能查看本地区及下级地区')
    return {
      ...filter,
      regionCode: national && q.regionCode === undefined ? undefined : region,
      industry: p.role === 'authority' ? industryOf(org) : undefined,
    }
  }

  /** A list's scope on the compliance roll. */
  const rollScope = (f: Omit<ComplianceFilter, 'page' | 'pageSize'>) => ({
    year: f.year,
    regionCode: f.regionCode,
    industry: f.industry,
    employer: f.organisationId,
    series: f.series,
  })

  /** How many a list holds: a name search over an open year counts on the roll, the rest as before. */
  const listCounts = async (f: Omit<ComplianceFilter, 'page' | 'pageSize' | 'compliant'>) =>
    f.name && f.department === undefined && f.personKey === undefined && (await rollYearOpen(ctx.db, f.year))
      ? rollCounts(ctx.db, { ...rollScope(f), name: f.name })
      : complianceCounts(ctx.db, f)

  api.get(
    '/compliance',
    {
      config: { access: [...ROLES] },
      schema: {
        summary: '达标情况 Compliance list',
        description:
          '本单位人员，或本地区（及下级）人员的年度学时达标情况，可按姓名、身份证号（查询参数或 X-Id-Number 请求头，只显示脱敏号码）、职称系列、部门、是否达标筛选，排序、分页。Staff of the employer, or persons of the region and below, for a year; filter by name, ID number (query or X-Id-Number header; shown masked), series, department, compliance; sort and page.',
        tags: ['compliance'],
        response: {
          200: listOf(ComplianceRow)
            .extend({
              next: z.string().nullable().optional().describe('下一页的位置（按位置翻页时）'),
              previous: z.string().nullable().optional().describe('上一页的位置（按位置翻页时）'),
            })
            .describe('达标情况（一页）A page of persons and their year'),
          ...Errors,
        },
        querystring: Paged,
        headers: IdHeader,
      },
    },
    async (request) => {
      const q = request.query
      const filter = await filterOf(request, q)
      const settings = await policySettingsOf(ctx.db)
      const cursor = q.after ?? q.before
      // A region's, an industry's or an employer's list by total hours walks the compliance roll from a
      // cursor: its cost is the page's, not the region's; a name search walks it too, counted on it. Other
      // lists (a department, an ID number, another sort) count and sort.
      const walkable =
        filter.department === undefined &&
        filter.personKey === undefined &&
        (filter.sort ?? 'total') === 'total' &&
        (await rollYearOpen(ctx.db, q.year))
      if (cursor !== undefined && !walkable)
        throw new InvalidInputError(
          q.after !== undefined ? 'after' : 'before',
          '此名单不能按位置翻页（按部门、身份证号查找或其他排序时请用页码）',
        )
      if (walkable && (cursor !== undefined || q.page === 1)) {
        const { compliant: _, sort: __, order: ___, ...counted } = filter
        const [walk, counts] = await Promise.all([
          rollPage(ctx.db, {
            ...rollScope(filter),
            name: filter.name,
            compliant: filter.compliant,
            order: filter.order ?? 'asc',
            pageSize: q.pageSize,
            after: q.after === undefined ? undefined : decodeCursor('after', q.after),
            before: q.before === undefined ? undefined : decodeCursor('before', q.before),
          }),
          listCounts(counted),
        ])
        const total =
          filter.compliant === undefined
            ? counts.total
            : filter.compliant
              ? counts.compliant
              : counts.notCompliant
        return {
          items: walk.items.map((r) => withShortfall(r, q.year, settings)),
          total,
          page: q.page,
          pageSize: q.pageSize,
          next: walk.next,
          previous: walk.previous,
        }
      }
      const page = await complianceList(ctx.db, { ...filter, page: q.page, pageSize: q.pageSize })
      return { ...page, items: page.items.map((r) => withShortfall(r, q.year, settings)) }
    },
  )

  api.get(
    '/compliance/summary',
    {
      config: { access: [...ROLES] },
      schema: {
        summary: '达标人数 Compliance summary',
        description:
          '与达标情况列表相同的筛选（不含是否达标）下的总人数、达标人数、未达标人数。How many persons the list’s filters match, and how many of them comply.',
        tags: ['compliance'],
        response: { 200: ComplianceSummary, ...Errors },
        querystring: Filters,
        headers: IdHeader,
      },
    },
    async (request) => {
      const q = request.query
      const { compliant: _, sort: __, order: ___, ...filter } = await filterOf(request, q)
      return { year: q.year, ...(await listCounts(filter)) }
    },
  )

  api.get(
    '/compliance/export',
    {
      config: { access: [...ROLES] },
      schema: {
        summary: '导出达标情况 Export the compliance list',
        description: `与列表相同的筛选和排序下的全部人员（不分页），xlsx，中文表头，身份证号脱敏；超过${EXPORT_ROWS}人请先缩小范围。The whole filtered list, in the list's order, as xlsx; at most ${EXPORT_ROWS} rows.`,
        tags: ['compliance'],
        response: {
          200: file(
            '达标情况 xlsx The list as a workbook',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ),
          ...Errors,
        },
        querystring: Sorted,
        headers: IdHeader,
      },
    },
    async (request, reply) => {
      const q = request.query
      const rows = await complianceAll(ctx.db, await filterOf(request, q), EXPORT_ROWS + 1)
      if (rows.length > EXPORT_ROWS)
        throw new InvalidInputError(
          'year',
          `超过${EXPORT_ROWS}人，请按部门、职称系列或是否达标缩小范围后导出`,
        )
      const settings = await policySettingsOf(ctx.db)
      const book = await complianceXlsx(
        rows.map((r) => withShortfall(r, q.year, settings)),
        q.year,
      )
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachment(`达标情况-${q.year}年度.xlsx`))
        .header('cache-control', 'no-store')
        .send(book)
    },
  )
}
