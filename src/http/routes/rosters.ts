import { z } from 'zod'
import { transact } from '../../services/audit.js'
import { BULK_ROSTERS, bulkSummary, confirmRosters } from '../../services/roster-bulk.js'
import { rosterDetail, rosterLines } from '../../services/roster-detail.js'
import { rostersAwaiting } from '../../services/roster-queue.js'
import { returnRoster } from '../../services/roster-return.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import {
  RosterAwaiting,
  RosterBulkConfirmed,
  RosterBulkSummary,
  RosterDetail,
  RosterLine,
  RosterReturned,
} from '../responses.js'
import { Errors, listOf, Page } from '../schemas.js'

const CONFIRMERS = { access: ['authority', 'employer'] } as const
const Ids = z.object({
  ids: z
    .array(z.uuid())
    .min(1)
    .max(BULK_ROSTERS)
    .describe(`花名册编号（至多${BULK_ROSTERS}份）Roster ids, at most ${BULK_ROSTERS}`),
})

export function rosterRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/rosters',
    {
      config: CONFIRMERS,
      schema: {
        summary: '待确认的花名册 Rosters awaiting confirmation',
        description:
          '行业主管部门：本地区继续教育机构报送的花名册；用人单位：含本单位在职人员的花名册（第二十一条）。status 默认 pending（尚有待本单位确认的行），也可查 confirmed、returned；sort=submitted（报送时间，默认最新在前）或 deadline（报送期限，高级研修项目按苏人社函〔2023〕308号 五（二）计算，最近在前，无期限的在后）。Rosters for the caller to confirm (or confirmed, or returned), by submission date or deadline.',
        tags: ['projects'],
        response: {
          200: listOf(RosterAwaiting).describe('花名册（一页）A page of rosters'),
          ...Errors,
        },
        querystring: Page.extend({
          projectTitle: z.string().max(100).optional(),
          status: z.enum(['pending', 'confirmed', 'returned']).optional().describe('状态，默认 pending'),
          sort: z.enum(['submitted', 'deadline']).optional().describe('排序，默认 submitted'),
          order: z.enum(['asc', 'desc']).optional().describe('submitted 默认 desc，deadline 默认 asc'),
        }),
      },
    },
    async (request) => rostersAwaiting(ctx.db, principalOf(request), request.query),
  )
  api.get(
    '/rosters/:id',
    {
      config: CONFIRMERS,
      schema: {
        summary: '花名册 A roster',
        description:
          '确认前查看：项目、机构名称、状态、报送期限，及待本单位确认的行数、人数和报送学时。A roster with its project and institution, and what waits for the caller.',
        tags: ['projects'],
        response: { 200: RosterDetail, ...Errors },
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request) => rosterDetail(ctx.db, principalOf(request), request.params.id),
  )
  api.get(
    '/rosters/:id/lines',
    {
      config: CONFIRMERS,
      schema: {
        summary: '花名册人员 The lines of a roster',
        description:
          '按文件行序，身份证号脱敏；用人单位只见本单位在职人员。In file order, ID numbers masked; an employer sees its staff only.',
        tags: ['projects'],
        response: { 200: listOf(RosterLine).describe('花名册人员（一页）A page of lines'), ...Errors },
        params: z.object({ id: z.uuid() }),
        querystring: Page,
      },
    },
    async (request) => rosterLines(ctx.db, principalOf(request), request.params.id, request.query),
  )
  api.post(
    '/rosters/:id/return',
    {
      config: { access: ['authority'] },
      schema: {
        summary: '退回花名册 Return a roster',
        description:
          '行业主管部门不予确认时退回机构并说明理由，机构修改后重新报送（第二十一条）；已确认的行不受影响。The authority returns a roster to the institution with its reason.',
        tags: ['projects'],
        response: { 200: RosterReturned, ...Errors },
        params: z.object({ id: z.uuid() }),
        body: z.object({ reason: z.string().max(500).describe('退回理由 Why') }),
      },
    },
    async (request) =>
      transact(ctx.db, (trx) =>
        returnRoster(trx, principalOf(request), request.params.id, request.body.reason),
      ),
  )
  api.post(
    '/rosters/bulk-confirm/summary',
    {
      config: CONFIRMERS,
      schema: {
        summary: '批量确认前的汇总 What a bulk confirmation would confirm',
        description:
          '所选花名册中待本单位确认的份数、行数、人数（去重）和报送学时；不写入任何数据。The rosters, lines, persons and reported hours a bulk confirmation would confirm; writes nothing.',
        tags: ['projects'],
        response: { 200: RosterBulkSummary, ...Errors },
        body: Ids,
      },
    },
    async (request) => bulkSummary(ctx.db, principalOf(request), request.body.ids),
  )
  api.post(
    '/rosters/bulk-confirm',
    {
      config: CONFIRMERS,
      schema: {
        summary: '批量确认花名册 Confirm several rosters',
        description:
          '逐份按“确认花名册”处理，全部成功才生效（第二十一条）。Each roster as POST /rosters/{id}/confirm; all or none.',
        tags: ['projects'],
        response: { 200: RosterBulkConfirmed, ...Errors },
        body: Ids,
      },
    },
    async (request) => transact(ctx.db, (trx) => confirmRosters(trx, principalOf(request), request.body.ids)),
  )
}
