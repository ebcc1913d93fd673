import { z } from 'zod'
import { pageOf } from '../../domain/pages.js'
import {
  getRegion,
  organisationTree,
  regionChildren,
  regionInScope,
  regionLookup,
  TREE_LIMIT,
} from '../../services/regions.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { Errors, listOf, Page } from '../schemas.js'

const Code = z.string().regex(/^\d{6}$/, '须为6位行政区划代码（GB/T 2260）')
const Level = z.enum(['province', 'city', 'county'])
const Kind = z.enum(['hr_department', 'authority', 'institution', 'employer', 'agency'])

const Region = z.object({
  code: z.string(),
  name: z.string(),
  level: Level,
  leaf: z.boolean().describe('其下没有行政区划 nothing below it'),
})
const RegionWithPath = Region.extend({
  fullName: z.string().describe('全称，如 江苏省常州市新北区'),
  path: z
    .array(z.object({ code: z.string(), name: z.string(), level: Level }))
    .describe('自省级起至本级 from the province down to the region'),
})

// Reference data that changes only with a new release: browsers and proxies may keep it a day.
const CACHED = 'public, max-age=86400'
// The picker asks once per opened level and once per search pause; a form needs a few dozen at most.
const PUBLIC_LIMIT = { max: 300, timeWindow: '1 minute' }

const OrganisationItem = z.object({
  id: z.string(),
  kind: Kind,
  name: z.string(),
  uscc: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  level: z.string().nullable(),
  industry: z.string().nullable(),
  isBase: z.boolean(),
  occupationCategories: z.array(z.string()),
})

export function regionRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/regions',
    {
      config: { access: 'public', rateLimit: PUBLIC_LIMIT },
      schema: {
        summary: '下级行政区划 Regions below a region',
        description:
          '按 GB/T 2260 列出某地区的直接下级（省→市→区县；直辖市的区直接在市下），不带 parent 时列出各省级行政区。' +
          'The divisions directly below a region (GB/T 2260); the provinces without parent.',
        tags: ['regions'],
        security: [],
        querystring: Page.extend({ parent: Code.optional().describe('上级行政区划代码') }),
        response: {
          200: listOf(Region).describe('下级行政区划，按代码排列 By code'),
          ...Errors,
        },
      },
    },
    async (request, reply) => {
      const { parent, ...page } = request.query
      const children = regionChildren(parent)
      reply.header('cache-control', CACHED)
      return pageOf(children, page)
    },
  )
  api.get(
    '/regions/search',
    {
      config: { access: 'public', rateLimit: PUBLIC_LIMIT },
      schema: {
        summary: '按名称查找行政区划 Search regions by name',
        description:
          '名称包含查询词的行政区划（多个词以空格分隔，依次缩小范围，如“江苏 新北”；数字按代码开头查找），最相符的在前，分页给出。' +
          'Regions whose name contains the words (digits: the start of the code), best first, a page at a time.',
        tags: ['regions'],
        security: [],
        querystring: Page.extend({
          q: z.string().trim().min(1, '请输入地区名称').max(30).describe('地区名称（部分）或代码开头'),
          within: Code.optional().describe('只在该地区及其下级中查找'),
        }),
        response: {
          200: listOf(RegionWithPath).describe('找到的行政区划，最相符的在前 Regions found, best first'),
          ...Errors,
        },
      },
    },
    async (request, reply) => {
      const { q, within, ...page } = request.query
      reply.header('cache-control', CACHED)
      const found = regionLookup.search(q, { limit: Number.POSITIVE_INFINITY, ...(within ? { within } : {}) })
      return pageOf(found, page)
    },
  )
  api.get(
    '/regions/scope',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '本部门辖区 The region in scope',
        description:
          '本人社部门所辖的行政区划（全国的人社部门为空），本部门表单的地区选择只在其中。' +
          "The HR department's own region (null for the national one); its forms pick regions within it.",
        tags: ['regions'],
        response: {
          200: z.object({ region: RegionWithPath.nullable() }).describe('辖区 The region'),
          ...Errors,
        },
      },
    },
    async (request) => ({ region: await regionInScope(ctx.db, principalOf(request)) }),
  )
  api.get(
    '/regions/:code',
    {
      config: { access: 'public', rateLimit: PUBLIC_LIMIT },
      schema: {
        summary: '行政区划 A region',
        description: '某行政区划的名称、全称和自省级起的路径。A region, its full name and its path.',
        tags: ['regions'],
        security: [],
        params: z.object({ code: Code }),
        response: { 200: RegionWithPath.describe('行政区划 The region'), ...Errors },
      },
    },
    async (request, reply) => {
      const region = getRegion(request.params.code)
      reply.header('cache-control', CACHED)
      return region
    },
  )
  api.get(
    '/organisations/tree',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '本辖区单位树 The organisation tree of the region',
        description:
          `本辖区（市级人社部门：本市及所辖区县）已登记的单位，按地区（省→市→区县）分层：有单位的地区及其上级、各地区各类单位数（含下级）、单位本身（至多 ${TREE_LIMIT} 个）。` +
          `The approved organisations of the caller's region by region: the regions holding some and those above them, counts by region and kind, and the organisations (at most ${TREE_LIMIT}).`,
        tags: ['organisations'],
        response: {
          200: z
            .object({
              root: RegionWithPath.nullable().describe('本部门辖区（全国为空）'),
              regions: z.array(
                z.object({
                  code: z.string(),
                  name: z.string(),
                  level: Level,
                  parentCode: z.string().nullable().describe('上级（树顶为空）'),
                }),
              ),
              counts: z.array(
                z.object({
                  regionCode: z.string(),
                  kind: Kind,
                  count: z.number().int().describe('本地区（不含下级）该类单位数'),
                }),
              ),
              organisations: z.array(OrganisationItem),
              total: z.number().int().describe('本辖区单位总数'),
              truncated: z.boolean().describe(`单位超过 ${TREE_LIMIT} 个，只给出前 ${TREE_LIMIT} 个`),
            })
            .describe('单位树 The tree'),
          ...Errors,
        },
      },
    },
    async (request) => organisationTree(ctx.db, principalOf(request)),
  )
}
