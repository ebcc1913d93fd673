import { z } from 'zod'
import { rostersAwaiting } from '../../services/roster-queue.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { RosterAwaiting } from '../responses.js'
import { Errors, listOf, Page } from '../schemas.js'

export function rosterRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/rosters',
    {
      config: { access: ['authority', 'employer'] },
      schema: {
        summary: '待确认的花名册 Rosters awaiting confirmation',
        description:
          '行业主管部门：本地区继续教育机构报送、尚未确认的花名册；用人单位：含本单位在职人员待确认行的花名册（第二十一条）。可按项目名称搜索，最新的在前。Rosters waiting for the caller to confirm, newest first.',
        tags: ['projects'],
        response: {
          200: listOf(RosterAwaiting).describe('待确认的花名册（一页）A page of rosters waiting'),
          ...Errors,
        },
        querystring: Page.extend({ projectTitle: z.string().max(100).optional() }),
      },
    },
    async (request) => rostersAwaiting(ctx.db, principalOf(request), request.query),
  )
}
