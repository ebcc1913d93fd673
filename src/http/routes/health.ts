import { z } from 'zod'
import { pageOf } from '../../domain/pages.js'
import { listPolicies } from '../../policy/registry.js'
import type { Api } from '../app.js'
import type { AppContext } from '../context.js'
import { PolicyInfo } from '../responses.js'
import { Errors, listOf, Page } from '../schemas.js'

export function healthRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        summary: '健康检查 Health check',
        description: '服务与数据库状态。Whether the service is up, and which database it uses.',
        tags: ['system'],
        security: [],
        response: {
          200: z
            .object({ status: z.literal('ok'), database: z.enum(['postgres', 'pglite']) })
            .describe('服务正常 The service is up'),
          ...Errors,
        },
      },
    },
    async () => ({ status: 'ok' as const, database: ctx.kind }),
  )
  api.get(
    '/policies',
    {
      config: { access: 'public' },
      schema: {
        summary: '政策列表 Policies',
        description: '学时认定引擎实现的政策文件。The policies the hours engine implements.',
        tags: ['system'],
        response: { 200: listOf(PolicyInfo).describe('政策（一页）A page of policies'), ...Errors },
        security: [],
        querystring: Page,
      },
    },
    async (request) => pageOf(listPolicies(), request.query),
  )
}
