import { z } from 'zod'
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/accounts.js'
import { NotFoundError } from '../../services/errors.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import { type AppContext, ORGANISATION_ROLES } from '../context.js'
import { Errors, listOf, Ok, Page } from '../schemas.js'

export function tokenRoutes(api: Api, ctx: AppContext): void {
  const access = ORGANISATION_ROLES
  api.get(
    '/tokens',
    {
      config: { access, sessionOnly: true },
      schema: {
        summary: '接口令牌列表 API tokens',
        description: "本单位的接口令牌（不含令牌本身）。The organisation's API tokens (never the secret).",
        tags: ['tokens'],
        querystring: Page,
        response: {
          200: listOf(
            z.object({
              id: z.string(),
              name: z.string(),
              createdAt: z.string(),
              lastUsedAt: z.string().nullable(),
              revoked: z.boolean(),
              expiresOn: z
                .string()
                .nullable()
                .describe('有效期至（含当日，北京时间；null：吊销前一直有效）last valid day'),
              expired: z.boolean().describe('已过有效期 past its last valid day'),
            }),
          ).describe('接口令牌（一页）A page of API tokens'),
          ...Errors,
        },
      },
    },
    async (request) => listApiTokens(ctx.db, principalOf(request), request.query),
  )
  api.post(
    '/tokens',
    {
      config: { access, sessionOnly: true, adminOnly: '只有本单位管理员可以创建接口令牌' },
      schema: {
        summary: '创建接口令牌 Create an API token',
        description:
          "供机构、系统对接使用，只显示一次；仅本单位管理员可创建。For institutions' and systems' integrations; shown once; administrators only.",
        tags: ['tokens'],
        body: z.object({
          name: z.string().min(1).max(100),
          expiresOn: z
            .string()
            .max(10)
            .optional()
            .describe(
              '有效期至 YYYY-MM-DD（含当日，北京时间）；不填则吊销前一直有效 last valid day; none: until revoked',
            ),
        }),
        response: {
          200: z
            .object({ id: z.string(), token: z.string(), expiresOn: z.string().nullable() })
            .describe('新令牌，只显示这一次 The new token, shown this once'),
          ...Errors,
        },
      },
    },
    async (request) =>
      createApiToken(ctx.db, principalOf(request), request.body.name, request.body.expiresOn),
  )
  api.delete(
    '/tokens/:id',
    {
      config: { access, sessionOnly: true, adminOnly: '只有本单位管理员可以吊销接口令牌' },
      schema: {
        summary: '吊销接口令牌 Revoke an API token',
        description: '吊销后立即失效。Revoked tokens stop working at once.',
        tags: ['tokens'],
        params: z.object({ id: z.uuid() }),
        response: { 200: Ok, ...Errors },
      },
    },
    async (request) => {
      if (!(await revokeApiToken(ctx.db, principalOf(request), request.params.id)))
        throw new NotFoundError('api token', request.params.id)
      return { ok: true as const }
    },
  )
}
