import { z } from 'zod'
import { SERIES, TITLE_LEVELS } from '../../domain/series.js'
import {
  decideEmploymentRequest,
  listEmploymentRequests,
  organisationsToChoose,
  signUp,
} from '../../services/signup.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { Errors, listOf, Ok, Page } from '../schemas.js'

const EMPLOYERS = ['employer', 'agency'] as const
const IdParam = z.object({ id: z.uuid('申请标识须为 UUID') })

export function signupRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/signup/organisations',
    {
      config: { access: 'public' },
      schema: {
        summary: '可选择的单位 Employers and agencies to choose',
        description:
          '已注册的用人单位和人力资源服务机构，按名称查找，供专业技术人员注册时选择。Approved employers and agencies, searchable by name, for a professional signing up.',
        tags: ['signup'],
        security: [],
        querystring: Page.extend({ name: z.string().max(50).optional().describe('单位名称（部分）') }),
        response: {
          200: listOf(
            z.object({
              id: z.string(),
              kind: z.enum(['employer', 'agency']),
              name: z.string(),
              regionName: z.string(),
            }),
          ).describe('单位（一页）A page of organisations'),
          ...Errors,
        },
      },
    },
    async (request) => organisationsToChoose(ctx.db, request.query),
  )
  api.post(
    '/signup',
    {
      config: {
        access: 'public',
        rateLimit: { max: ctx.registrationRateLimit ?? 5, timeWindow: '1 minute' },
      },
      schema: {
        summary: '专业技术人员注册 Professional sign-up',
        description:
          '以姓名和居民身份证号（按 GB 11643 校验）注册账户并选择所在单位；身份证号已登记的，关联到同一人员，且须经所选单位核实本人身份后方可登录（仅凭姓名和身份证号不能认领他人的学时）。单位确认前不能看到本人信息。' +
          'Signs up with name and resident ID number (checked by GB 11643) and chooses the employer or agency; an ID number already registered links to that person, and the account signs in only once that organisation has checked who signed up (a name and an ID number do not claim anyone’s hours). The organisation sees them only once it confirms.',
        tags: ['signup'],
        security: [],
        body: z.object({
          name: z.string().min(1).max(30).describe('姓名'),
          idNumber: z.string().min(15).max(18).describe('居民身份证号'),
          username: z.string().min(3).max(64).describe('用户名：3至64位字母、数字或 . _ -'),
          password: z.string().min(1).max(128).describe('密码：至少8位，3类字符'),
          organisationId: z.uuid('请选择所在单位').describe('所在用人单位或人力资源服务机构'),
          series: z
            .enum(Object.keys(SERIES) as [keyof typeof SERIES, ...(keyof typeof SERIES)[]])
            .describe('职称系列'),
          titleLevel: z
            .enum(Object.keys(TITLE_LEVELS) as [keyof typeof TITLE_LEVELS, ...(keyof typeof TITLE_LEVELS)[]])
            .default('none')
            .describe('职称级别'),
        }),
        response: {
          201: z
            .object({
              username: z.string(),
              account: z
                .enum(['active', 'awaiting_confirmation'])
                .describe(
                  'active 可以登录（任职待单位确认） / awaiting_confirmation 该身份证号已有学时记录，单位核实本人身份后方可登录',
                ),
            })
            .describe('已注册 Signed up'),
          ...Errors,
        },
      },
    },
    async (request, reply) => reply.code(201).send(await signUp(ctx.db, ctx.secrets, request.body)),
  )
  api.get(
    '/staff/requests',
    {
      config: { access: EMPLOYERS },
      schema: {
        summary: '待确认人员 Employment requests',
        description:
          '注册时选择本单位、等待确认的专业技术人员（姓名与脱敏身份证号）。Professionals who chose the organisation at sign-up, waiting for confirmation.',
        tags: ['signup'],
        querystring: Page,
        response: {
          200: listOf(
            z.object({
              id: z.string(),
              name: z.string(),
              idMasked: z.string(),
              series: z.string(),
              titleLevel: z.string(),
              requestedAt: z.string(),
              claimsAccount: z
                .boolean()
                .describe('该身份证号已有学时记录：确认即同时核实账户属于本人，不予确认则删除该账户'),
            }),
          ).describe('待确认（一页）A page of requests'),
          ...Errors,
        },
      },
    },
    async (request) => listEmploymentRequests(ctx.db, principalOf(request), request.query),
  )
  api.post(
    '/staff/requests/:id/confirm',
    {
      config: { access: EMPLOYERS },
      schema: {
        summary: '确认人员 Confirm an employment',
        description:
          '确认后自今日起为本单位人员，单位可查看其学时；认领已有学时记录的账户自此可以登录。From today the person is staff and the organisation sees their hours; an account claiming hours already registered signs in from now on.',
        tags: ['signup'],
        params: IdParam,
        response: { 200: Ok, ...Errors },
      },
    },
    async (request) => {
      await decideEmploymentRequest(ctx.db, principalOf(request), request.params.id, { confirm: true })
      return { ok: true as const }
    },
  )
  api.post(
    '/staff/requests/:id/decline',
    {
      config: { access: EMPLOYERS },
      schema: {
        summary: '不予确认 Decline an employment',
        description:
          '须说明理由，本人可见；认领已有学时记录的账户随之删除，本人可重新注册。With a reason, shown to the person; an account claiming hours already registered is removed, so that the real person can sign up.',
        tags: ['signup'],
        params: IdParam,
        body: z.object({ reason: z.string().min(1).max(500).describe('理由') }),
        response: { 200: Ok, ...Errors },
      },
    },
    async (request) => {
      await decideEmploymentRequest(ctx.db, principalOf(request), request.params.id, {
        confirm: false,
        reason: request.body.reason,
      })
      return { ok: true as const }
    },
  )
}
