import { z } from 'zod'
import {
  createAccount,
  listAccounts,
  resetAccountPassword,
  resetOrganisationAdminPassword,
  resetStaffPassword,
  setAccountDisabled,
} from '../../services/account-admin.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import { type AppContext, ORGANISATION_ROLES } from '../context.js'
import { Errors, listOf, Ok, Page, PersonKeyParam } from '../schemas.js'

const ADMIN_ONLY = '只有本单位管理员可以管理账户'

const Account = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string().nullable(),
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  passwordChangeRequired: z.boolean().describe('尚未修改一次性密码 the one-time password is still unchanged'),
  totpEnabled: z.boolean(),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable().describe('最近登录时间（从未登录为空）the last sign-in, null if never'),
})

const Handover = z
  .object({
    oneTimePassword: z
      .string()
      .nullable()
      .describe('一次性密码，只显示这一次，请当面交给本人 shown this once, hand it over in person'),
    sentVia: z
      .string()
      .nullable()
      .describe('已经由此渠道发送（本系统未接入短信或邮件）the channel that sent it, if any'),
  })
  .describe('新的一次性密码，下次登录须修改 A new one-time password, to be changed at the next sign-in')

const IdParam = z.object({ id: z.uuid('账户标识须为 UUID') })

export function accountRoutes(api: Api, ctx: AppContext): void {
  const config = { access: ORGANISATION_ROLES, sessionOnly: true, adminOnly: ADMIN_ONLY } as const
  api.get(
    '/accounts',
    {
      config,
      schema: {
        summary: '本单位账户 Accounts of the organisation',
        description: "本单位的全部账户（仅管理员）。The organisation's accounts (administrators only).",
        tags: ['accounts'],
        querystring: Page,
        response: { 200: listOf(Account).describe('账户（一页）A page of accounts'), ...Errors },
      },
    },
    async (request) => listAccounts(ctx.db, principalOf(request), request.query),
  )
  api.post(
    '/accounts',
    {
      config,
      schema: {
        summary: '新建账户 Create an account',
        description:
          '为本单位新建经办人（或管理员）账户，返回一次性密码（只显示一次，首次登录须修改）。' +
          'Creates a clerk (or administrator) account of the organisation; its one-time password is shown once and must be changed at first sign-in.',
        tags: ['accounts'],
        body: z.object({
          username: z.string().min(3).max(64).describe('用户名：3至64位字母、数字或 . _ -'),
          displayName: z.string().max(50).optional().describe('姓名'),
          isAdmin: z.boolean().optional().describe('是否为管理员（默认经办人）'),
        }),
        response: {
          201: z
            .object({ id: z.string(), username: z.string(), oneTimePassword: z.string() })
            .describe(
              '新账户及一次性密码（只显示这一次）The account and its one-time password, shown this once',
            ),
          ...Errors,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createAccount(ctx.db, principalOf(request), request.body)),
  )
  for (const [action, disabled, summary, description] of [
    [
      'disable',
      true,
      '停用账户 Disable an account',
      '停用后不能登录，已登录的会话和它创建的接口令牌立即失效。It cannot sign in; its sessions and the API tokens it made stop working.',
    ],
    ['enable', false, '启用账户 Enable an account', '恢复停用的账户。Enables a disabled account again.'],
  ] as const) {
    api.post(
      `/accounts/:id/${action}`,
      {
        config,
        schema: {
          summary,
          description,
          tags: ['accounts'],
          params: IdParam,
          response: { 200: Ok, ...Errors },
        },
      },
      async (request) => {
        await setAccountDisabled(ctx.db, principalOf(request), request.params.id, disabled)
        return { ok: true as const }
      },
    )
  }
  api.post(
    '/accounts/:id/reset-password',
    {
      config,
      schema: {
        summary: '重置密码 Reset a password',
        description:
          '为本单位另一账户生成新的一次性密码，下次登录须修改；其会话随之退出。' +
          'A new one-time password for another account of the organisation, to be changed at the next sign-in; its sessions end.',
        tags: ['accounts'],
        params: IdParam,
        response: { 200: Handover, ...Errors },
      },
    },
    async (request) =>
      resetAccountPassword(ctx.db, principalOf(request), request.params.id, ctx.oneTimePasswordChannel),
  )
  api.post(
    '/staff/:personKey/reset-password',
    {
      config: {
        access: ['employer', 'agency'],
        sessionOnly: true,
        adminOnly: '只有本单位管理员可以重置人员的密码',
      },
      schema: {
        summary: '重置本单位人员的密码 Reset a professional’s password',
        description:
          '专业技术人员忘记密码时，由其所在用人单位（或存档的人力资源服务机构）的管理员重置，仅限在职人员。' +
          "A professional's forgotten password, reset by the administrator of their current employer (or agency); current staff only.",
        tags: ['accounts'],
        params: PersonKeyParam,
        response: { 200: Handover, ...Errors },
      },
    },
    async (request) =>
      resetStaffPassword(ctx.db, principalOf(request), request.params.personKey, ctx.oneTimePasswordChannel),
  )
  api.post(
    '/organisations/:id/reset-admin-password',
    {
      config: {
        access: ['hr_department'],
        sessionOnly: true,
        adminOnly: '只有本部门管理员可以重置单位管理员的密码',
      },
      schema: {
        summary: '重置单位管理员的密码 Reset an organisation administrator’s password',
        description:
          '单位（如唯一的）管理员忘记密码、本单位无人可重置时，由辖区人社部门的管理员说明理由后重置：生成一次性密码（只显示一次，下次登录须修改），其会话随之退出，记入审计并通知该单位。' +
          '本部门自己的账户在「账户管理」中重置；不能重置其他地区的单位。' +
          "When an organisation's (e.g. only) administrator forgot their password, the administrator of the HR department whose region holds it resets it with a reason: a one-time password shown once, to be changed at the next sign-in; its sessions end; audited and notified to the organisation. Not for the department's own accounts, nor another region's organisations.",
        tags: ['accounts'],
        params: z.object({ id: z.uuid('单位标识须为 UUID') }),
        body: z.object({
          accountId: z
            .uuid('管理员账户标识须为 UUID')
            .describe('该单位管理员的账户标识（见单位列表 administrators）'),
          reason: z.string().min(1).max(500).describe('重置理由，如 管理员电话申请、已核实身份'),
        }),
        response: { 200: Handover, ...Errors },
      },
    },
    async (request) =>
      resetOrganisationAdminPassword(
        ctx.db,
        principalOf(request),
        request.params.id,
        request.body,
        ctx.oneTimePasswordChannel,
      ),
  )
}
