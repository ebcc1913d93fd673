import { z } from 'zod'
import {
  decideRegistration,
  listOrganisations,
  listRegistrations,
  registerOrganisation,
  requestRegistration,
} from '../../services/registrations.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { Errors, listOf, Ok, Page } from '../schemas.js'

const RegionCode = z.string().regex(/^\d{6}$/, '须为6位行政区划代码（GB/T 2260）')
const Username = z.string().min(3).max(64).describe('管理员用户名：3至64位字母、数字或 . _ -')
const Status = z.enum(['pending', 'approved', 'rejected'])
const IdParam = z.object({ id: z.uuid('申请标识须为 UUID') })

const Registration = z.object({
  id: z.string(),
  kind: z.enum(['employer', 'agency']),
  kindName: z.string(),
  name: z.string(),
  uscc: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  username: z.string().describe('申请人设定的管理员用户名'),
  requestedAt: z.string(),
  status: Status,
  reason: z.string().nullable().describe('驳回理由'),
  decidedAt: z.string().nullable(),
})

const OrganisationItem = z.object({
  id: z.string(),
  kind: z.enum(['employer', 'agency', 'institution', 'authority', 'hr_department']),
  name: z.string(),
  uscc: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  level: z.string().nullable(),
  industry: z.string().nullable(),
  isBase: z.boolean(),
  occupationCategories: z.array(z.string()),
})

const Name = z.string().min(1).max(100).describe('单位名称')

const LowerOrganisation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hr_department'), name: Name, regionCode: RegionCode, username: Username }),
  z.object({
    kind: z.literal('authority'),
    name: Name,
    regionCode: RegionCode,
    industry: z.string().min(1).max(50).describe('所管行业，如 建筑、卫生'),
    uscc: z.string().max(30).optional(),
    username: Username,
  }),
  z.object({
    kind: z.literal('institution'),
    name: Name,
    regionCode: RegionCode,
    level: z.enum(['national', 'provincial', 'city']).describe('机构级别'),
    occupationCategories: z
      .array(z.string().min(1).max(50))
      .max(50)
      .default([])
      .describe('培训的职业（专业）类别'),
    isBase: z.boolean().default(false).describe('是否为继续教育基地（江西 第十九条）'),
    uscc: z.string().max(30).optional(),
    username: Username,
  }),
])

export function registrationRoutes(api: Api, ctx: AppContext): void {
  api.post(
    '/registrations',
    {
      config: {
        access: 'public',
        rateLimit: { max: ctx.registrationRateLimit ?? 5, timeWindow: '1 minute' },
      },
      schema: {
        summary: '单位注册申请 Request registration',
        description:
          '用人单位、人力资源服务机构自行申请注册（统一社会信用代码按 GB 32100 校验），由所在地区人社部门审核；审核通过前管理员账户不能登录。' +
          "An employer or agency asks to be registered (credit code checked by GB 32100); the HR department of its region decides; until then its administrator's account cannot sign in.",
        tags: ['registrations'],
        security: [],
        body: z.object({
          kind: z.enum(['employer', 'agency']).describe('employer 用人单位 / agency 人力资源服务机构'),
          name: Name,
          uscc: z.string().min(1).max(30).describe('统一社会信用代码'),
          regionCode: RegionCode.describe('单位所在地行政区划代码'),
          contactName: z.string().min(1).max(50).describe('联系人'),
          contactPhone: z.string().min(1).max(20).describe('联系电话'),
          username: Username,
          password: z.string().min(1).max(128).describe('管理员密码：至少8位，3类字符'),
        }),
        response: {
          201: z
            .object({ id: z.string(), status: z.literal('pending') })
            .describe('已提交，等待审核 Submitted, waiting for the HR department'),
          ...Errors,
        },
      },
    },
    async (request, reply) => reply.code(201).send(await requestRegistration(ctx.db, request.body)),
  )
  api.get(
    '/registrations',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '单位注册申请列表 Registration requests',
        description:
          '本辖区的单位注册申请（默认待审核），按提交时间排列。Requests of the region (pending by default), oldest first.',
        tags: ['registrations'],
        querystring: Page.extend({ status: Status.default('pending') }),
        response: { 200: listOf(Registration).describe('申请（一页）A page of requests'), ...Errors },
      },
    },
    async (request) => listRegistrations(ctx.db, principalOf(request), request.query),
  )
  api.post(
    '/registrations/:id/approve',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '通过注册申请 Approve a request',
        description:
          '本辖区的申请才能审核；通过后该单位的管理员即可登录。Only requests of the region; its administrator can then sign in.',
        tags: ['registrations'],
        params: IdParam,
        response: { 200: Ok, ...Errors },
      },
    },
    async (request) => {
      await decideRegistration(ctx.db, principalOf(request), request.params.id, { approve: true })
      return { ok: true as const }
    },
  )
  api.post(
    '/registrations/:id/reject',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '驳回注册申请 Reject a request',
        description: '须说明理由，申请单位登录时可见。With a reason, shown to the applicant at sign-in.',
        tags: ['registrations'],
        params: IdParam,
        body: z.object({ reason: z.string().min(1).max(500).describe('驳回理由') }),
        response: { 200: Ok, ...Errors },
      },
    },
    async (request) => {
      await decideRegistration(ctx.db, principalOf(request), request.params.id, {
        approve: false,
        reason: request.body.reason,
      })
      return { ok: true as const }
    },
  )
  api.get(
    '/organisations',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '本辖区单位 Organisations of the region',
        description:
          '本辖区及下级地区已登记的单位，按地区、类型、名称排列。Registered organisations of the region and below.',
        tags: ['organisations'],
        querystring: Page.extend({
          kind: z.enum(['employer', 'agency', 'institution', 'authority', 'hr_department']).optional(),
        }),
        response: {
          200: listOf(
            OrganisationItem.extend({
              administrators: z
                .array(z.object({ id: z.string(), username: z.string(), displayName: z.string().nullable() }))
                .describe('该单位未停用的管理员账户 the enabled administrator accounts'),
            }),
          ).describe('单位（一页）A page of organisations'),
          ...Errors,
        },
      },
    },
    async (request) => listOrganisations(ctx.db, principalOf(request), request.query),
  )
  api.post(
    '/organisations',
    {
      config: { access: ['hr_department'], adminOnly: '只有本部门管理员可以登记单位' },
      schema: {
        summary: '登记本辖区单位 Register an organisation',
        description:
          '人社部门登记本辖区下级人社部门（市、区县）、行业主管部门（须填行业）、继续教育机构或基地，并为其创建首个管理员（一次性密码只显示一次）。' +
          'An HR department registers a lower HR department, an industry authority or an institution of its region, with a first administrator (one-time password shown once).',
        tags: ['organisations'],
        body: LowerOrganisation,
        response: {
          201: z
            .object({
              organisation: OrganisationItem.omit({ regionName: true }),
              username: z.string(),
              oneTimePassword: z.string().describe('一次性密码，只显示这一次'),
            })
            .describe('已登记 Registered'),
          ...Errors,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await registerOrganisation(ctx.db, principalOf(request), request.body)),
  )
}
