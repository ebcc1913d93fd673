import { z } from 'zod'
import { NotFoundError } from '../../services/errors.js'
import { ownProjects, publicationRuleFor } from '../../services/own-projects.js'
import { rosterVersions } from '../../services/roster-versions.js'
import { uploadProgress } from '../../services/upload-progress.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { OwnProject, PublicationRuleNow, RosterVersions, UploadProgressBody } from '../responses.js'
import { Errors, listOf, Page } from '../schemas.js'

const ORGANISERS = ['institution', 'hr_department', 'authority'] as const

/** The organiser's own side of projects: its list, the rule it publishes under, its rosters' versions, an upload's progress. */
export function ownProjectRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/projects/mine',
    {
      config: { access: ORGANISERS },
      schema: {
        summary: '本单位的培训项目 My projects',
        description:
          '本单位公布的培训项目，开班日期最新的在前，含状态（已公布、进行中、已结束）和当前花名册；可按名称搜索、按状态筛选。The caller’s projects with their state and current roster.',
        tags: ['projects'],
        response: {
          200: listOf(OwnProject).describe('本单位的培训项目（一页）A page of projects'),
          ...Errors,
        },
        querystring: Page.extend({
          q: z.string().trim().max(100).optional().describe('项目名称包含 title contains'),
          state: z.enum(['published', 'running', 'finished']).optional(),
        }),
      },
    },
    async (request) => ownProjects(ctx.db, principalOf(request), request.query),
  )
  api.get(
    '/projects/publication-rule',
    {
      config: { access: ORGANISERS },
      schema: {
        summary: '公布规则 The publication rule today',
        description:
          '本单位今天公布培训项目所依据的提前公布规则及最早开班日期（江西省人民政府令第259号 第十六条：提前一个月公布）；无此规定的地区为 null。The lead-time rule the caller publishes under today, and the earliest start it allows.',
        tags: ['projects'],
        response: { 200: PublicationRuleNow, ...Errors },
      },
    },
    async (request) => publicationRuleFor(ctx.db, principalOf(request)),
  )
  api.get(
    '/projects/:id/rosters',
    {
      config: { access: ORGANISERS },
      schema: {
        summary: '花名册版本 Roster versions',
        description:
          '本单位培训项目花名册的各版本（最新的在前），每版含状态、人数、更正理由及与上一版的差异（增加、删除、变更的人员）。The versions of the project’s roster with their differences.',
        tags: ['projects'],
        response: { 200: RosterVersions, ...Errors },
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request) => rosterVersions(ctx.db, principalOf(request), request.params.id),
  )
  api.get(
    '/uploads/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: '上传进度 Upload progress',
        description:
          '以请求头 X-Upload-Id 发送的上传（花名册）在服务器上的校验进度：已校验的行数、文件行数（CSV）及阶段。只能查看本人的上传；约10分钟后不再保留。The server-side progress of the caller’s upload sent with X-Upload-Id.',
        tags: ['projects'],
        response: { 200: UploadProgressBody, ...Errors },
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request) => {
      const p = principalOf(request)
      const progress = uploadProgress(p.userId ?? p.username, request.params.id)
      if (!progress) throw new NotFoundError('upload', request.params.id)
      return progress
    },
  )
}
