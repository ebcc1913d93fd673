import { z } from 'zod'
import { ForbiddenError } from '../../services/errors.js'
import {
  createSavedQuery,
  deleteSavedQuery,
  listSavedQueries,
  updateSavedQuery,
} from '../../services/saved-queries.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { regionScope } from '../region-scope.js'
import { Errors, listOf, Ok, Page } from '../schemas.js'
import { Definition } from './statistics.js'

const SavedQuery = z
  .object({
    id: z.string(),
    name: z.string(),
    definition: Definition,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('常用查询 A saved statistics query')

const Body = z.object({
  name: z.string().trim().min(1, '请填写名称').max(40, '名称最多40个字').describe('名称（本单位内不重名）'),
  definition: Definition,
})

const access = ['hr_department', 'authority'] as const

/**
 * 常用查询: an HR department's or authority's saved statistics views (grouping, scope, measures; no year, so
 * the same query reruns next year). Only its own organisation sees or changes them; a definition outside the
 * caller's statistics scope is refused as the statistics themselves would be.
 */
export function savedQueryRoutes(api: Api, ctx: AppContext): void {
  /** The definition's scope, checked exactly as GET /api/statistics checks it. */
  async function inScope(request: Parameters<typeof regionScope>[1], d: z.infer<typeof Definition>) {
    try {
      await regionScope(ctx, request, d.regionCode, d.industry)
    } catch (e) {
      if (e instanceof ForbiddenError)
        throw new ForbiddenError(`不能保存本部门统计范围以外的查询：${e.message}`, {
          en: "the query is outside the caller's statistics scope",
        })
      throw e
    }
  }

  api.get(
    '/statistics/queries',
    {
      config: { access: [...access] },
      schema: {
        summary: '常用查询 Saved statistics queries',
        description:
          "本单位保存的统计查询（不含年度）。The organisation's saved statistics queries (without a year).",
        tags: ['statistics'],
        querystring: Page,
        response: { 200: listOf(SavedQuery).describe('常用查询（一页）'), ...Errors },
      },
    },
    async (request) => listSavedQueries(ctx.db, principalOf(request), request.query),
  )

  api.post(
    '/statistics/queries',
    {
      config: { access: [...access] },
      schema: {
        summary: '保存常用查询 Save a statistics query',
        description:
          '保存分组、地区、行业、职称系列和显示指标（不含年度）；超出本部门统计范围的查询不能保存。Saves the grouping, scope and measures (no year); a query outside the caller’s scope is refused.',
        tags: ['statistics'],
        body: Body,
        response: { 200: SavedQuery, ...Errors },
      },
    },
    async (request) => {
      await inScope(request, request.body.definition)
      return createSavedQuery(ctx.db, principalOf(request), request.body)
    },
  )

  api.put(
    '/statistics/queries/:id',
    {
      config: { access: [...access] },
      schema: {
        summary: '修改常用查询 Rename or change a saved query',
        description: '只能修改本单位的常用查询。Only the organisation’s own.',
        tags: ['statistics'],
        params: z.object({ id: z.uuid() }),
        body: Body,
        response: { 200: SavedQuery, ...Errors },
      },
    },
    async (request) => {
      await inScope(request, request.body.definition)
      return updateSavedQuery(ctx.db, principalOf(request), request.params.id, request.body)
    },
  )

  api.delete(
    '/statistics/queries/:id',
    {
      config: { access: [...access] },
      schema: {
        summary: '删除常用查询 Delete a saved query',
        description: '只能删除本单位的常用查询。Only the organisation’s own.',
        tags: ['statistics'],
        params: z.object({ id: z.uuid() }),
        response: { 200: Ok, ...Errors },
      },
    },
    async (request) => {
      await deleteSavedQuery(ctx.db, principalOf(request), request.params.id)
      return { ok: true as const }
    },
  )
}
