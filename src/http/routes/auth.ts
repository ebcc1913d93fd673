import { z } from 'zod'
import {
  accountSummary,
  changePassword,
  enableTotp,
  login,
  logout,
  regenerateRecoveryCodes,
  setupTotp,
  verifySecondFactor,
} from '../../services/accounts.js'
import type { Api } from '../app.js'
import { principalOf, SESSION_COOKIE } from '../auth.js'
import type { AppContext } from '../context.js'
import { Errors, Ok } from '../schemas.js'

const Session = z.object({
  username: z.string(),
  role: z.string(),
  organisationId: z.string().nullable(),
  personKey: z.string().nullable(),
  csrfToken: z.string().optional(),
  secondFactorDone: z.boolean(),
  totpEnabled: z.boolean(),
  organisationName: z
    .string()
    .nullable()
    .describe('单位名称（个人账户为空）The organisation, null for a person'),
  organisationLevel: z
    .enum(['national', 'province', 'city', 'district'])
    .nullable()
    .describe(
      "人社部门层级：国家、省、设区的市、县区（其他单位及个人账户为空）An HR department's level, null for other organisations and persons",
    ),
  recoveryCodesLeft: z
    .number()
    .int()
    .nullable()
    .describe('剩余恢复码数（未绑定动态口令为空）Recovery codes left, null without a second factor'),
  isAdmin: z.boolean().describe('本单位管理员 an administrator of the organisation'),
  passwordChangeRequired: z
    .boolean()
    .describe('须先修改一次性密码 the one-time password must be changed first'),
})

export function authRoutes(api: Api, ctx: AppContext): void {
  api.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: { max: ctx.loginRateLimit ?? 10, timeWindow: '1 minute' } },
      schema: {
        summary: '登录 Log in',
        description:
          '用户名密码登录，5次失败锁定15分钟。Password login; 5 failures lock the account for 15 minutes.',
        tags: ['auth'],
        security: [],
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) }),
        response: {
          200: z
            .object({
              role: z.string(),
              csrfToken: z.string(),
              secondFactorRequired: z.boolean(),
              secondFactorOffered: z.boolean(),
              passwordChangeRequired: z.boolean(),
            })
            .describe('已登录（可能尚需动态口令）Signed in, perhaps with a second factor to go'),
          ...Errors,
        },
      },
    },
    async (request, reply) => {
      const r = await login(ctx.db, request.body.username, request.body.password, request.ip)
      reply.setCookie(SESSION_COOKIE, r.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        path: '/',
      })
      return {
        role: r.role,
        csrfToken: r.csrfToken,
        secondFactorRequired: r.secondFactorRequired,
        secondFactorOffered: r.secondFactorOffered,
        passwordChangeRequired: r.passwordChangeRequired,
      }
    },
  )
  api.post(
    '/auth/logout',
    {
      config: {
        access: 'signed-in',
        sessionOnly: true,
        beforeSecondFactor: true,
        beforePasswordChange: true,
      },
      schema: {
        summary: '退出 Log out',
        description: '结束当前会话。Ends the session.',
        tags: ['auth'],
        response: { 200: Ok, ...Errors },
      },
    },
    async (request, reply) => {
      if (request.principal?.sessionId) await logout(ctx.db, request.principal.sessionId)
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return { ok: true as const }
    },
  )
  api.get(
    '/auth/session',
    {
      config: {
        access: 'signed-in',
        sessionOnly: true,
        beforeSecondFactor: true,
        beforePasswordChange: true,
      },
      schema: {
        summary: '当前会话 Current session',
        description: '当前登录身份与 CSRF 令牌。Who is signed in, and the CSRF token.',
        tags: ['auth'],
        response: { 200: Session.describe('当前会话 The session'), ...Errors },
      },
    },
    async (request) => {
      const p = principalOf(request)
      return {
        ...(await accountSummary(ctx.db, p)),
        username: p.username,
        role: p.role,
        organisationId: p.organisationId,
        personKey: p.personKey,
        csrfToken: p.csrfToken,
        secondFactorDone: p.secondFactorDone,
        totpEnabled: p.totpEnabled,
        isAdmin: p.isAdmin ?? false,
        passwordChangeRequired: p.mustChangePassword ?? false,
      }
    },
  )
  api.post(
    '/auth/totp/setup',
    {
      config: { access: 'signed-in', sessionOnly: true, beforeEnrolment: true },
      schema: {
        summary: '绑定动态口令 Start TOTP enrolment',
        description:
          '生成待确认的动态口令密钥（RFC 6238），须已完成登录（含动态口令）；已启用的动态口令在新密钥确认前仍然有效。' +
          'Creates a pending TOTP secret and its otpauth URI; needs a fully signed-in session. An enabled factor keeps working until the new one is confirmed.',
        tags: ['auth'],
        response: {
          200: z
            .object({ secret: z.string(), uri: z.string() })
            .describe('待确认的密钥及 otpauth URI The pending secret and its URI'),
          ...Errors,
        },
      },
    },
    async (request) => setupTotp(ctx.db, ctx.secrets, principalOf(request)),
  )
  api.post(
    '/auth/totp/enable',
    {
      config: { access: 'signed-in', sessionOnly: true, beforeEnrolment: true },
      schema: {
        summary: '启用动态口令 Confirm TOTP',
        description:
          '以密码和新密钥的一个动态口令确认绑定或更换，返回一次性恢复码，并通知账户本人。' +
          'Confirms enrolment or replacement with the password and a code of the new secret; returns recovery codes (shown once) and notifies the owner.',
        tags: ['auth'],
        body: z.object({ code: z.string().regex(/^\d{6}$/), password: z.string().min(1).max(128) }),
        response: {
          200: z
            .object({ recoveryCodes: z.array(z.string()) })
            .describe('恢复码，只显示这一次 Recovery codes, shown this once'),
          ...Errors,
        },
      },
    },
    async (request) => ({
      recoveryCodes: await enableTotp(
        ctx.db,
        ctx.secrets,
        principalOf(request),
        request.body.code,
        request.body.password,
      ),
    }),
  )
  api.post(
    '/auth/recovery-codes',
    {
      config: { access: 'signed-in', sessionOnly: true },
      schema: {
        summary: '重新生成恢复码 New recovery codes',
        description:
          '以密码确认，为已绑定动态口令的账户生成10个新的恢复码，原有恢复码作废，并通知账户本人。' +
          'With the password again: ten new recovery codes (shown once) for an account with a second factor; the old ones stop working and the owner is notified.',
        tags: ['auth'],
        body: z.object({ password: z.string().min(1).max(128) }),
        response: {
          200: z
            .object({ recoveryCodes: z.array(z.string()) })
            .describe('恢复码，只显示这一次 Recovery codes, shown this once'),
          ...Errors,
        },
      },
    },
    async (request) => ({
      recoveryCodes: await regenerateRecoveryCodes(ctx.db, principalOf(request), request.body.password),
    }),
  )
  api.post(
    '/auth/totp/verify',
    {
      config: {
        access: 'signed-in',
        sessionOnly: true,
        beforeSecondFactor: true,
        beforePasswordChange: true,
        rateLimit: { max: 10, timeWindow: '1 minute' },
      },
      schema: {
        summary: '动态口令验证 Second factor',
        description: "登录第二步：动态口令或恢复码。The login's second step: a TOTP code or a recovery code.",
        tags: ['auth'],
        body: z.object({ code: z.string().min(6).max(16) }),
        response: { 200: Ok, ...Errors },
      },
    },
    async (request) => {
      await verifySecondFactor(ctx.db, ctx.secrets, principalOf(request), request.body.code)
      return { ok: true as const }
    },
  )
  api.post(
    '/auth/password',
    {
      // Before enrolment too: an account signed in with a one-time password changes it first, then enrols.
      config: { access: 'signed-in', sessionOnly: true, beforePasswordChange: true, beforeEnrolment: true },
      schema: {
        summary: '修改密码 Change password',
        description:
          '至少8位、3类字符，不得与当前密码或前5次用过的密码相同；其他会话随之退出。以一次性密码登录的会话须先在此修改密码。' +
          "At least 8 characters of 3 classes, none of the last passwords; the account's other sessions end. A session signed in with a one-time password must change it here first.",
        tags: ['auth'],
        body: z.object({ currentPassword: z.string().min(1), newPassword: z.string().min(1).max(128) }),
        response: { 200: Ok, ...Errors },
      },
    },
    async (request) => {
      await changePassword(
        ctx.db,
        principalOf(request),
        request.body.currentPassword,
        request.body.newPassword,
      )
      return { ok: true as const }
    },
  )
}
