import { z } from 'zod'
import { batchEntries } from '../../services/ledger-batches.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { BatchEntry } from '../responses.js'
import { Errors, listOf, Page } from '../schemas.js'

export function ledgerBatchRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/ledger/batches/:id',
    {
      config: { access: ['hr_department', 'authority'] },
      schema: {
        summary: '入账批次明细 What a bulk write credited',
        description:
          '审计事件 ledger.credit_bulk 所指批次（花名册确认、直接授予、数据导入）记入的每条学时，仅列出本部门可查看的人员。The ledger entries one bulk write credited (its audit event names the batch), for the persons the caller may see.',
        tags: ['persons'],
        response: {
          200: listOf(BatchEntry).describe(
            '该批次记入的学时（一页）A page of the entries the batch credited',
          ),
          ...Errors,
        },
        params: z.object({ id: z.uuid() }),
        querystring: Page,
      },
    },
    async (request) => batchEntries(ctx.db, principalOf(request), request.params.id, request.query),
  )
}
