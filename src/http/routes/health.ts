import { z } from 'zod'
import type { Api } from '../app.js'
import type { AppContext } from '../context.js'
import { Errors } from '../schemas.js'

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
}
