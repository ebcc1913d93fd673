import { z } from 'zod'
import { InvalidInputError, InvalidRowsError, TooLargeError } from '../../services/errors.js'
import { FILE_LIMITS } from '../../services/file-limits.js'
import { isXlsx } from '../../services/roster-files.js'
import { annotateRosterFile, readRosterFile } from '../../services/roster-reader.js'
import { importStaff, STAFF_COLUMNS } from '../../services/staff-import.js'
import { staffTemplate } from '../../services/staff-import-template.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { file, RosterRefused } from '../responses.js'
import { Errors } from '../schemas.js'

const EMPLOYERS = ['employer', 'agency'] as const

/** The largest staff file accepted: 50,000 lines of the template are about 3 MB as xlsx. */
const STAFF_BYTES = 16 * 1024 * 1024
/** Lines of one staff file (within the deployment's upload limit). */
const STAFF_ROWS = 50_000

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Documents its fields and passes any other on (as responses.ts does), typed as a plain object. */
const open = <T extends z.ZodRawShape>(fields: T) => z.looseObject(fields) as unknown as z.ZodObject<T>

const RowNote = open({ row: z.number(), column: z.string(), reason: z.string() })

const StaffImported = open({
  rows: z.number().describe('读取的行数（不含表头）lines read'),
  created: z.number().describe('新登记的人员 persons registered'),
  linked: z.number().describe('已登记、现无聘用单位，成为本单位人员 registered persons now employed here'),
  unchanged: z.number().describe('已是本单位人员，未作改动 already staff, left as they were'),
  notes: z
    .array(RowNote)
    .describe(
      '读取但未改动之处（如登记的职称与文件不同）what was read but not changed (registered details that differ)',
    ),
}).describe('导入结果 The outcome')

export function staffImportRoutes(api: Api, ctx: AppContext): void {
  const limits = {
    ...FILE_LIMITS,
    maxRows: Math.min(ctx.maxUploadRows ?? FILE_LIMITS.maxRows, STAFF_ROWS),
  }
  api.get(
    '/staff/import-template',
    {
      config: { access: EMPLOYERS },
      schema: {
        summary: '员工导入模板 Staff import template',
        description:
          '带列说明、职称系列和职称级别下拉列表的 xlsx 模板：姓名、公民身份号码、职称系列、职称级别（必填），部门、入职日期（选填）。The xlsx template: name, ID number, title series and level (required), department and start date (optional).',
        tags: ['reviews'],
        response: { 200: file('员工导入模板 The staff template', XLSX), ...Errors },
      },
    },
    async (_request, reply) =>
      reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent('员工导入模板.xlsx')}`,
        )
        .send(await staffTemplate()),
  )

  api.post(
    '/staff/import',
    {
      config: { access: EMPLOYERS, rateLimit: { max: 30, timeWindow: '1 minute' } },
      bodyLimit: STAFF_BYTES,
      schema: {
        summary: '员工导入 Import staff',
        description:
          'xlsx 或 CSV 文件（multipart 字段 file；CSV 为 UTF-8 或 GBK），列同模板。逐行校验，全部正确才导入（一个事务），否则答复每行每列的错误并附标注错误的文件。未登记的身份证号登记为新人员；已登记、现无聘用单位且姓名一致的人员成为本单位人员；已是本单位人员的不作改动，因此同一文件再次上传不会新增任何内容（答复 200，created 与 linked 为 0）。尚在其他单位在职或姓名与登记信息不符的人员属于人员调入，须原单位完成离职审核后办理（鲁人社发〔2016〕10号 （九））。文件不超过16MB、50000行。An xlsx or CSV file of staff, all or nothing: new ID numbers are registered, registered persons employed nowhere join, current staff are left unchanged (the same file twice adds nothing: 200). A person employed elsewhere is a transfer, not an import.',
        tags: ['reviews'],
        response: { 200: StaffImported, 201: StaffImported, 400: RosterRefused, ...Errors },
        consumes: ['multipart/form-data'],
      },
    },
    async (request, reply) => {
      const p = principalOf(request)
      if (!request.isMultipart())
        throw new InvalidInputError('file', '须以 multipart/form-data 上传文件（字段 file）')
      const part = await request.file({ limits: { fileSize: STAFF_BYTES } })
      if (!part) throw new InvalidInputError('file', '没有收到文件')
      const upload = await part.toBuffer().catch((e: { code?: string }) => {
        if (e.code !== 'FST_REQ_FILE_TOO_LARGE') throw e
        throw new TooLargeError(`文件超过${STAFF_BYTES / 1024 / 1024}MB`)
      })
      if (upload.length === 0) throw new InvalidInputError('file', '文件为空')
      try {
        // Read in a worker thread, within the limits: the event loop keeps answering meanwhile.
        const result = await importStaff(
          ctx.db,
          ctx.secrets,
          p,
          readRosterFile(upload, limits, STAFF_COLUMNS),
        )
        return reply.code(result.created + result.linked > 0 ? 201 : 200).send(result)
      } catch (e) {
        if (!(e instanceof InvalidRowsError)) throw e
        // The file comes back with an 错误 column, to fix in Excel and upload again.
        const xlsx = isXlsx(upload)
        const annotated = await annotateRosterFile(upload, e.rows, limits)
        return reply.code(400).send({
          error: { code: 'invalid_rows', message: e.message, rows: e.rows, total: e.total },
          ...(annotated && {
            annotated: {
              filename: xlsx ? '员工导入-错误标注.xlsx' : '员工导入-错误标注.csv',
              mediaType: xlsx ? XLSX : 'text/csv',
              base64: annotated.toString('base64'),
            },
          }),
        })
      }
    },
  )
}
