import { z } from 'zod'
import { importRecords } from '../../services/imports.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { Imported } from '../responses.js'
import { ActivityRecordBody, Errors } from '../schemas.js'

export function importRoutes(api: Api, ctx: AppContext): void {
  api.post(
    '/imports',
    {
      config: { access: ['hr_department', 'authority'], rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        summary: '数据导入 Import records',
        description:
          "其他学时系统年底前导入已认定的记录（苏人社函〔2023〕308号 五（四））：逐行校验，全部正确才导入；同一 Idempotency-Key 或相同内容只导入一次。Another system's records for the year-end exchange: all or nothing, imported once per key or content.",
        tags: ['imports'],
        response: { 200: Imported, 201: Imported, ...Errors },
        headers: z.object({ 'idempotency-key': z.string().max(100).optional() }).passthrough(),
        body: z.object({
          sourceSystem: z
            .string()
            .trim()
            .min(1)
            .max(100)
            .describe(
              '来源系统名称 The system the records come from (with record.id, the natural key of each credit)',
            ),
          rows: z
            .array(
              z
                .object({
                  idNumber: z.string(),
                  name: z.string(),
                  record: ActivityRecordBody.and(
                    z.object({
                      id: z
                        .string()
                        .max(100)
                        .describe('来源系统中的记录编号 The record id in the source system'),
                    }),
                  ),
                })
                .strict(),
            )
            .min(1)
            .max(200_000),
        }),
      },
    },
    async (request, reply) => {
      const result = await importRecords(
        ctx.db,
        ctx.secrets,
        principalOf(request),
        request.body.sourceSystem,
        request.body.rows,
        request.headers['idempotency-key'] as string | undefined,
      )
      return reply.code(result.replayed ? 200 : 201).send(result)
    },
  )
}
