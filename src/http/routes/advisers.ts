import { z } from 'zod'
import {
  advisersXlsx,
  appointAdviser,
  BASIS,
  endAppointment,
  listAdvisers,
  publicAdvisers,
} from '../../services/advisers.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import { attachment } from '../content-disposition.js'
import type { AppContext } from '../context.js'
import { file } from '../responses.js'
import { Errors, listOf, Page } from '../schemas.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const TAGS = ['oversight']
const Kind = z
  .enum(['committee', 'supervisor'])
  .describe('committee 专家咨询委员会委员 / supervisor 继续教育学监')
const Day = z.iso.date('须为日期 YYYY-MM-DD')
const Words = z.string().max(50, '不超过50个字')
// As for the other public lists: enough for people searching, not for scraping.
const PUBLIC_LIMIT = { max: 120, timeWindow: '1 minute' }

const PublicAdviser = z.object({
  id: z.string(),
  kind: Kind,
  kindLabel: z.string(),
  name: z.string().describe('姓名'),
  title: z.string().describe('职称或职务'),
  employer: z.string().describe('工作单位'),
  field: z.string().nullable().describe('专业领域'),
  termFrom: z.string().describe('聘期起始'),
  termTo: z.string().nullable().describe('聘期截止（空为未定期限）'),
  document: z.string().describe('聘任文件'),
  regionCode: z.string(),
  regionName: z.string(),
  appointedBy: z.string().describe('聘请部门'),
  citation: z.string(),
})

const Adviser = PublicAdviser.extend({
  appointedAt: z.string(),
  status: z.enum(['serving', 'expired', 'ended']).describe('serving 在聘 / expired 聘期届满 / ended 已解聘'),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable().describe('解聘理由'),
})

const Filter = z.object({
  kind: Kind.optional(),
  q: Words.optional().describe('姓名、工作单位或专业领域包含的文字'),
  status: z.enum(['serving', 'expired', 'ended']).optional(),
})

/**
 * 专家咨询委员会和学监 (青人社字〔2023〕14号 六（一）): the HR department's register of the expert advisory committee
 * and the continuing-education supervisors, and its public list of those serving.
 */
export function adviserRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/advisers',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '专家咨询委员会委员和学监名册 The advisers register',
        description: `本地区（含下级）人社部门聘请的专家咨询委员会委员和继续教育学监，含聘期届满和已解聘的（${BASIS}）。`,
        tags: TAGS,
        querystring: Page.extend(Filter.shape),
        response: { 200: listOf(Adviser), ...Errors },
      },
    },
    async (request) => listAdvisers(ctx.db, principalOf(request), request.query),
  )

  api.get(
    '/advisers/export',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '导出名册 Export the register as xlsx',
        tags: TAGS,
        querystring: Filter,
        response: { 200: file('专家与学监名册 as xlsx', XLSX), ...Errors },
      },
    },
    async (request, reply) => {
      const { name, book } = await advisersXlsx(ctx.db, principalOf(request), request.query)
      return reply.header('content-type', XLSX).header('content-disposition', attachment(name)).send(book)
    },
  )

  api.post(
    '/advisers',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '聘请专家咨询委员会委员或学监 Appoint an adviser',
        description: `市人力资源社会保障部门成立专家咨询委员会，聘请有威望的高层次专家学者担任继续教育学监（${BASIS}）。聘任记入名册并向社会公布。`,
        tags: TAGS,
        body: z.object({
          kind: Kind,
          name: z.string().max(50, '不超过50字').describe('姓名'),
          title: z.string().max(100, '不超过100字').describe('职称或职务'),
          employer: z.string().max(100, '不超过100字').describe('工作单位'),
          field: z.string().max(100, '不超过100字').optional().describe('专业领域'),
          termFrom: Day.describe('聘期起始'),
          termTo: Day.optional().describe('聘期截止（不填为未定期限）'),
          document: z.string().max(200, '不超过200字').describe('聘任文件，如发文文号'),
        }),
        response: { 201: Adviser, ...Errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await appointAdviser(ctx.db, principalOf(request), request.body)),
  )

  api.post(
    '/advisers/:id/end',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '解聘 End an appointment early',
        description: '由聘请部门或其上级人社部门办理，须写明理由；名册保留原聘任和解聘理由。',
        tags: TAGS,
        params: z.object({ id: z.uuid('须为标识（UUID）') }),
        body: z.object({ reason: z.string().trim().min(1, '请填写理由').max(500, '不超过500字') }),
        response: { 200: Adviser, ...Errors },
      },
    },
    async (request) => endAppointment(ctx.db, principalOf(request), request.params.id, request.body.reason),
  )

  api.get(
    '/public/advisers',
    {
      config: { access: 'public', rateLimit: PUBLIC_LIMIT },
      schema: {
        summary: '继续教育专家咨询委员会和学监 Serving advisers',
        description: `在聘的专家咨询委员会委员和继续教育学监，附聘请部门和聘任文件（${BASIS}）。`,
        tags: ['public'],
        security: [],
        querystring: Page.extend({
          region: z
            .string()
            .regex(/^\d{6}$/, '须为6位行政区划代码（GB/T 2260）')
            .optional()
            .describe('地区（含下级）'),
          kind: Kind.optional(),
          q: Words.optional().describe('姓名、工作单位或专业领域包含的文字'),
        }),
        response: { 200: listOf(PublicAdviser), ...Errors },
      },
    },
    async (request) => {
      const { region, ...rest } = request.query
      return publicAdvisers(ctx.db, { ...rest, regionCode: region })
    },
  )
}
