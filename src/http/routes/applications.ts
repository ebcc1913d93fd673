import { z } from 'zod'
import { KINDS } from '../../policy/records.js'
import {
  decide,
  getApplication,
  listApplications,
  resubmit,
  submitApplication,
} from '../../services/applications.js'
import { transact } from '../../services/audit.js'
import { ForbiddenError, InvalidInputError } from '../../services/errors.js'
import { attachEvidence, readEvidence } from '../../services/evidence.js'
import { previewCredit } from '../../services/ledger.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import { inline } from '../content-disposition.js'
import type { AppContext } from '../context.js'
import {
  Application,
  ApplicationDetail,
  ApplicationListItem,
  Evidence,
  file,
  Preview,
  Submitted,
} from '../responses.js'
import { ActivityRecordBody, Errors, listOf, Page, PersonKeyParam } from '../schemas.js'

const Status = z.enum(['submitted', 'returned', 'rejected', 'approved', 'awaiting_confirmation'])
const ApplicationParams = PersonKeyParam.extend({ id: z.uuid() })
const REVIEWERS = ['employer', 'agency'] as const

export function applicationRoutes(api: Api, ctx: AppContext): void {
  api.post(
    '/preview',
    {
      config: { access: ['person'] },
      schema: {
        summary: '学时预估 What would this earn?',
        description:
          "按本人适用政策预估一条记录的学时及依据条款，不保存。The engine's proposed hours and clause for a record, before submitting; nothing is saved.",
        tags: ['applications'],
        response: { 200: Preview, ...Errors },
        body: ActivityRecordBody,
      },
    },
    async (request) => previewCredit(ctx.db, principalOf(request).personKey as string, request.body),
  )
  api.post(
    '/applications',
    {
      config: { access: ['person'] },
      schema: {
        summary: '申请学时登记 Apply for registration',
        description:
          "提交到所在单位（自由职业者提交到存档的人力资源服务机构）审核。Goes to the employer's queue (freelancers: their HR service agency).",
        tags: ['applications'],
        response: { 201: Submitted, ...Errors },
        body: ActivityRecordBody,
      },
    },
    async (request, reply) => {
      const p = principalOf(request)
      const application = await transact(ctx.db, (trx) => submitApplication(trx, p, request.body))
      const preview = await previewCredit(ctx.db, p.personKey as string, request.body)
      return reply.code(201).send({ application, preview })
    },
  )
  api.get(
    '/applications',
    {
      config: { access: ['person', ...REVIEWERS] },
      schema: {
        summary: '申请列表 Applications',
        description:
          "本人的申请，或本单位的审核队列（status=submitted&order=oldest：等待最久的在前）；待审核的附拟认定学时。A person's own applications, or the reviewer's queue (status=submitted&order=oldest: longest waiting first); waiting ones carry the proposed hours.",
        tags: ['applications'],
        response: {
          200: listOf(ApplicationListItem).describe('申请（一页）A page of applications'),
          ...Errors,
        },
        querystring: Page.extend({
          status: Status.optional(),
          kind: z.enum(KINDS).optional().describe('继续教育方式 the kind of activity'),
          order: z
            .enum(['newest', 'oldest'])
            .default('newest')
            .describe('按提交时间：newest 最新在前（默认），oldest 最早在前（审核队列）by time submitted'),
        }),
      },
    },
    async (request) => listApplications(ctx.db, principalOf(request), request.query),
  )
  api.get(
    '/applications/:personKey/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: '申请详情 Application',
        description: '记录、证明材料与每一步处理。The record, its evidence and every step taken.',
        tags: ['applications'],
        response: { 200: ApplicationDetail, ...Errors },
        params: ApplicationParams,
      },
    },
    async (request) =>
      getApplication(ctx.db, principalOf(request), request.params.personKey, request.params.id),
  )
  api.put(
    '/applications/:personKey/:id',
    {
      config: { access: ['person'] },
      schema: {
        summary: '修改后重新提交 Resubmit',
        description: '被退回的申请修改后重新提交。A returned application, corrected and submitted again.',
        tags: ['applications'],
        response: { 200: Application, ...Errors },
        params: ApplicationParams,
        body: ActivityRecordBody,
      },
    },
    async (request) => {
      const p = principalOf(request)
      if (p.personKey !== request.params.personKey) throw new ForbiddenError('只能修改本人的申请')
      return transact(ctx.db, (trx) => resubmit(trx, p, request.params.id, request.body))
    },
  )
  api.post(
    '/applications/:personKey/:id/evidence',
    {
      config: { access: ['person'], rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        summary: '上传证明材料 Upload evidence',
        description:
          'PDF、JPG、PNG，按内容识别类型，单个不超过10 MB（multipart/form-data，字段 file）。PDF/JPG/PNG sniffed from content, up to 10 MB (multipart field "file").',
        tags: ['applications'],
        response: { 201: Evidence, ...Errors },
        params: ApplicationParams,
        consumes: ['multipart/form-data'],
      },
    },
    async (request, reply) => {
      const p = principalOf(request)
      if (p.personKey !== request.params.personKey) throw new ForbiddenError('只能为本人的申请上传材料')
      if (!request.isMultipart()) throw new InvalidInputError('file', '请以 multipart/form-data 上传文件')
      const file = await request.file()
      if (!file) throw new InvalidInputError('file', '没有收到文件')
      let bytes: Buffer
      try {
        bytes = await file.toBuffer()
      } catch {
        throw new InvalidInputError('file', '文件超过 10 MB')
      }
      const row = await transact(ctx.db, (trx) =>
        attachEvidence(
          trx,
          ctx.dataDir,
          { id: p.userId ?? p.username, organisationId: p.organisationId },
          {
            personKey: p.personKey as string,
            recordId: request.params.id,
            filename: file.filename,
            bytes,
          },
        ),
      )
      return reply.code(201).send({
        id: row.id,
        sha256: row.sha256,
        size: row.size,
        mediaType: row.media_type,
        filename: row.filename,
      })
    },
  )
  api.get(
    '/applications/:personKey/:id/evidence/:evidenceId',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: '下载证明材料 Download evidence',
        description:
          "在审核页面内直接显示（Content-Disposition: inline，类型按上传时的文件内容识别，X-Content-Type-Options: nosniff；只允许本站页面内嵌：frame-ancestors 'self'，文件本身不得加载任何内容）。Shown inline on the review page: inline, the type sniffed on upload, nosniff; framed only by this site's own pages, and the file itself may load nothing.",
        tags: ['applications'],
        response: {
          200: file('证明材料 The evidence file', 'application/pdf', 'image/jpeg', 'image/png'),
          ...Errors,
        },
        params: ApplicationParams.extend({ evidenceId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const { personKey, id, evidenceId } = request.params
      const file = await readEvidence(ctx.db, ctx.dataDir, principalOf(request), personKey, id, evidenceId)
      return (
        reply
          .header('content-type', file.mediaType)
          .header('content-disposition', inline(file.filename))
          .header('x-content-type-options', 'nosniff')
          // Only PDF, JPEG and PNG get here (sniffed on upload); framed by our own pages only, loading nothing.
          .header('content-security-policy', "default-src 'none'; frame-ancestors 'self'")
          .header('x-frame-options', 'SAMEORIGIN')
          .send(file.bytes)
      )
    },
  )
  const decision = (action: 'approve' | 'return' | 'reject', summary: string, description: string) =>
    api.post(
      `/applications/:personKey/:id/${action}`,
      {
        config: { access: REVIEWERS },
        schema: {
          summary,
          description,
          tags: ['applications'],
          response: { 200: Application, ...Errors },
          params: ApplicationParams,
          body:
            action === 'approve'
              ? z.object({ hours: z.number().min(0).optional(), reason: z.string().max(500).optional() })
              : z.object({ reason: z.string().min(1).max(500) }),
        },
      },
      async (request) => {
        const body = request.body as { hours?: number; reason?: string }
        const d =
          action === 'approve'
            ? { action, hours: body.hours, reason: body.reason }
            : { action, reason: body.reason as string }
        return transact(ctx.db, (trx) =>
          decide(trx, principalOf(request), request.params.personKey, request.params.id, d),
        )
      },
    )
  decision(
    'approve',
    '审核通过 Approve',
    '按拟认定学时通过，或核减并说明理由；同一事务写入学时账本。As proposed, or lower with a reason; the ledger entry is written in the same transaction.',
  )
  decision(
    'return',
    '退回修改 Return',
    '退回本人修改并说明理由。Back to the person for correction, with a reason.',
  )
  decision('reject', '不予通过 Reject', '不予登记并说明理由。Refused, with a reason.')
}
