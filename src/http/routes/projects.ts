import { z } from 'zod'
import { pageOf } from '../../domain/pages.js'
import { transact } from '../../services/audit.js'
import { InvalidInputError, InvalidRowsError, NotFoundError, TooLargeError } from '../../services/errors.js'
import { FILE_LIMITS } from '../../services/file-limits.js'
import { listProjects, publishProject, toProject } from '../../services/projects.js'
import { isXlsx } from '../../services/roster-files.js'
import { annotateRosterFile, readRosterFile, readRosterJson } from '../../services/roster-reader.js'
import { rosterTemplate } from '../../services/roster-xlsx.js'
import { confirmRoster, rosterDeadlines, uploadRoster } from '../../services/rosters.js'
import { csvLineCount, trackUpload } from '../../services/upload-progress.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import {
  file,
  PublishedProject,
  RosterConfirmed,
  RosterDeadline,
  RosterRefused,
  RosterUploaded,
} from '../responses.js'
import { Errors, listOf, Page } from '../schemas.js'

const ProjectBody = z.object({
  title: z.string().min(1).max(200).describe('培训科目 subject of the training'),
  subject: z.enum(['public', 'professional']).describe('公需 / 专业'),
  way: z
    .enum(['face_to_face', 'online', 'public_course_exam'])
    .describe('学习方式 way of learning (public_course_exam: 公需科目学习并考试)'),
  startDate: z.string().describe('开班日期 YYYY-MM-DD'),
  endDate: z.string().describe('结业日期 YYYY-MM-DD'),
  schedule: z.string().min(1).max(2000).describe('课程安排 schedule'),
  venue: z.string().min(1).max(500).describe('时间场地安排 venue'),
  faculty: z.string().min(1).max(2000).describe('师资 faculty'),
  rules: z.string().min(1).max(2000).describe('教学管理要求 management rules'),
  hours: z.number().positive().max(1000).describe('培训学时 hours'),
  fees: z
    .string()
    .max(500)
    .optional()
    .describe(
      '收费项目及标准（工程技术人员继续教育规定 第十五条）；人社部门、行业主管部门直接举办的活动不得收费（第十二条）fees',
    ),
  advancedSeminar: z.boolean().optional().describe('高级研修项目（结业后20个工作日内报送）'),
})

/** The largest roster file or JSON body accepted. */
const ROSTER_BYTES = 64 * 1024 * 1024

/** Institutions report rosters for confirmation; HR departments and authorities grant their own activities' hours. */
const ORGANISERS = ['institution', 'hr_department', 'authority'] as const

export function projectRoutes(api: Api, ctx: AppContext): void {
  const limits = { ...FILE_LIMITS, maxRows: ctx.maxUploadRows ?? FILE_LIMITS.maxRows }
  api.get(
    '/projects',
    {
      config: { access: 'public' },
      schema: {
        summary: '培训项目 Training projects',
        description:
          "已公布的培训项目（公开），含公布单位名称及所依据的公布规则。Published training projects (public), with the publisher's name and the publication rule they were under.",
        tags: ['projects'],
        response: { 200: listOf(PublishedProject).describe('培训项目（一页）A page of projects'), ...Errors },
        security: [],
        querystring: Page,
      },
    },
    async (request) => listProjects(ctx.db, request.query),
  )
  api.post(
    '/projects',
    {
      config: { access: ORGANISERS },
      schema: {
        summary: '公布培训项目 Publish a project',
        description:
          '江西省内的继续教育机构须提前一个月公布（江西省人民政府令第259号 第十六条），其他地区的文件未规定提前期；公需科目课程（public_course_exam）由人社部门公布，文件规定的地区（青岛）行业主管部门也可公布。回答含所依据的公布规则 publicationRule（或 null）。Institutions in Jiangxi publish a month ahead; public-subject courses are published by HR departments (and authorities where the text says so).',
        tags: ['projects'],
        response: { 201: PublishedProject, ...Errors },
        body: ProjectBody,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await publishProject(ctx.db, principalOf(request), request.body)),
  )
  api.post(
    '/projects/:id/rosters',
    {
      // A 100,000-line roster as JSON is tens of megabytes: it is parsed in the roster worker, like files.
      config: { access: ORGANISERS, rateLimit: { max: 30, timeWindow: '1 minute' }, jsonInWorker: true },
      bodyLimit: ROSTER_BYTES,
      schema: {
        summary: '报送花名册 Report a roster',
        description:
          "JSON 行，或 xlsx / CSV 文件（multipart 字段 file；CSV 为 UTF-8 或 GBK）。逐行校验，全部正确才导入；Idempotency-Key 或相同内容不重复计入；未确认前可更正为新版本。文件不超过64MB、行数不超过部署设定（XUESHI_MAX_UPLOAD_ROWS，默认200000行）、每格不超过32767个字符、不超过 XFD 列，超限时整份拒收（400/413）。JSON lines, or an xlsx or CSV file (UTF-8 or GBK); all or nothing; repeated keys or content are not counted twice. Files: at most 64 MB, the deployment's row limit (default 200,000), 32,767 characters a cell, columns up to XFD; past a limit the file is refused whole (400/413).",
        tags: ['projects'],
        response: { 200: RosterUploaded, 201: RosterUploaded, 400: RosterRefused, ...Errors },
        params: z.object({ id: z.uuid() }),
        headers: z
          .object({
            'idempotency-key': z.string().max(100).optional(),
            'x-upload-id': z
              .uuid()
              .optional()
              .describe('由调用方生成；校验进度见 GET /api/uploads/{id} a token to follow the checking by'),
          })
          .passthrough(),
        querystring: z.object({
          correction: z
            .string()
            .trim()
            .min(1)
            .max(500)
            .optional()
            .describe(
              '更正理由：花名册已（部分）确认后再次报送时必填 Why a roster already (partly) confirmed is corrected',
            ),
        }),
        consumes: ['application/json', 'multipart/form-data'],
      },
    },
    async (request, reply) => {
      const p = principalOf(request)
      let lines:
        | AsyncIterable<{ line: number; values: Record<string, unknown> }>
        | { line: number; values: Record<string, unknown> }[]
      let upload: Buffer | undefined
      if (request.isMultipart()) {
        const file = await request.file({ limits: { fileSize: ROSTER_BYTES } })
        if (!file) throw new InvalidInputError('file', '没有收到文件')
        upload = await file.toBuffer().catch((e: { code?: string }) => {
          if (e.code !== 'FST_REQ_FILE_TOO_LARGE') throw e
          throw new TooLargeError(`文件超过${ROSTER_BYTES / 1024 / 1024}MB`)
        })
        // Read in a worker thread, within the limits: the event loop keeps answering meanwhile.
        lines = readRosterFile(upload, limits)
      } else {
        if (!Buffer.isBuffer(request.body))
          throw new InvalidInputError('body', '须为 JSON（Content-Type: application/json）或 multipart 文件')
        lines = readRosterJson(request.body, limits)
      }
      const key = request.headers['idempotency-key'] as string | undefined
      const uploadId = request.headers['x-upload-id'] as string | undefined
      const tracker =
        uploadId === undefined
          ? undefined
          : trackUpload(
              p.userId ?? p.username,
              uploadId,
              upload ? csvLineCount(upload, isXlsx(upload)) : null,
            )
      if (tracker) lines = tracker.count(lines)
      try {
        const result = await uploadRoster(
          ctx.db,
          ctx.bulk,
          ctx.secrets,
          p,
          request.params.id,
          lines,
          key,
          request.query.correction,
        )
        return reply.code(result.replayed ? 200 : 201).send(result)
      } catch (e) {
        if (!(e instanceof InvalidRowsError) || upload === undefined) throw e
        // A file comes back with an 错误 column, for the institution to fix in Excel and upload again;
        // one too large to send back gets the list of problems only.
        const xlsx = isXlsx(upload)
        const annotated = await annotateRosterFile(upload, e.rows, limits)
        return reply.code(400).send({
          error: { code: 'invalid_rows', message: e.message, rows: e.rows, total: e.total },
          ...(annotated && {
            annotated: {
              filename: xlsx ? '花名册-错误标注.xlsx' : '花名册-错误标注.csv',
              mediaType: xlsx
                ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
                : 'text/csv',
              base64: annotated.toString('base64'),
            },
          }),
        })
      } finally {
        tracker?.done()
      }
    },
  )
  api.get(
    '/projects/:id/roster-template',
    {
      config: { access: ORGANISERS },
      schema: {
        summary: '花名册模板 Roster template',
        description:
          '带列说明和数据有效性的 xlsx 模板。The xlsx template, with column notes and data validation.',
        tags: ['projects'],
        response: {
          200: file(
            '花名册模板 The roster template',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ),
          ...Errors,
        },
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request, reply) => {
      const row = await ctx.db
        .selectFrom('training_project')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirst()
      if (!row) throw new NotFoundError('training project', request.params.id)
      const file = await rosterTemplate(toProject(row))
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`花名册模板-${row.title}.xlsx`)}`,
        )
        .send(file)
    },
  )
  api.post(
    '/rosters/:id/confirm',
    {
      config: { access: ['authority', 'employer'] },
      schema: {
        summary: '确认花名册 Confirm a roster',
        description:
          '行业主管部门确认全部人员，用人单位确认本单位人员；确认后记入学时账本（第二十一条）。The authority confirms every line, an employer its staff; confirmed lines reach the ledger.',
        tags: ['projects'],
        response: { 200: RosterConfirmed, ...Errors },
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request) => transact(ctx.db, (trx) => confirmRoster(trx, principalOf(request), request.params.id)),
  )
  api.get(
    '/rosters/deadlines',
    {
      config: { access: ['institution'] },
      schema: {
        summary: '报送期限 Roster deadlines',
        description:
          '江苏省内的机构：高级研修项目结业后20个工作日内报送（苏人社函〔2023〕308号 五（二）），按节假日安排计算；其他地区的文件未规定期限。Jiangsu institutions: advanced seminars are due within 20 working days after the end.',
        tags: ['projects'],
        response: { 200: listOf(RosterDeadline).describe('报送期限（一页）A page of deadlines'), ...Errors },
        querystring: Page.extend({ today: z.string().optional() }),
      },
    },
    async (request) =>
      pageOf(
        await rosterDeadlines(
          ctx.db,
          principalOf(request).organisationId as string,
          request.query.today ?? new Date().toISOString().slice(0, 10),
        ),
        request.query,
      ),
  )
}
