import '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Principal, resolveApiToken, resolveSession } from '../services/accounts.js'
import { UnauthorizedError } from '../services/errors.js'
import type { AppContext } from './context.js'
import { auditDenial } from './errors.js'

export const SESSION_COOKIE = 'xueshi_session'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } })
}

/**
 * Resolves the caller (session cookie or `Authorization: Bearer xs_…` token) and enforces each route's
 * access rule before anything else runs: default deny, CSRF for cookie-authenticated writes, the second
 * factor, and (XUESHI_REQUIRE_2FA) enrolment for organisation accounts.
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config
    const access = config?.access
    if (request.routeOptions.url === undefined) return // 404s pass to the not-found handler
    const bearer = request.headers.authorization?.match(/^Bearer (xs_[\w-]+)$/)?.[1]
    if (bearer) request.principal = await resolveApiToken(ctx.db, bearer)
    else {
      const cookie = request.cookies[SESSION_COOKIE]
      if (cookie) request.principal = await resolveSession(ctx.db, cookie)
    }
    if (access === 'public') return
    if (access === undefined) {
      await auditDenial(ctx, request, 'route has no access rule')
      return refuse(reply, 403, 'forbidden', '该接口未开放')
    }
    const p = request.principal
    if (!p) return refuse(reply, 401, 'unauthorized', '请先登录')
    if (config.sessionOnly && p.via !== 'session') {
      await auditDenial(ctx, request, 'API token on a session-only route')
      return refuse(reply, 403, 'session_required', '该功能须登录账户后使用，接口令牌不能调用')
    }
    if (p.via === 'session' && !SAFE.has(request.method) && request.headers['x-csrf-token'] !== p.csrfToken) {
      await auditDenial(ctx, request, 'missing or wrong CSRF token')
      return refuse(reply, 403, 'csrf', '请求缺少有效的 X-CSRF-Token')
    }
    if (!config.beforeSecondFactor) {
      if (!p.secondFactorDone) return refuse(reply, 401, 'second_factor_required', '请先完成动态口令验证')
      if (
        ctx.require2fa &&
        !config.beforeEnrolment &&
        p.role !== 'person' &&
        p.via === 'session' &&
        !p.totpEnabled
      ) {
        return refuse(
          reply,
          403,
          'second_factor_enrolment_required',
          '本系统要求单位账户启用动态口令，请先绑定',
        )
      }
    }
    if (p.mustChangePassword && !config.beforePasswordChange)
      return refuse(reply, 403, 'password_change_required', '请先修改一次性密码，之后才能使用其他功能')
    const maxAge = ctx.passwordMaxAgeDays
    if (
      maxAge &&
      p.passwordChangedAt &&
      !config.beforeSecondFactor &&
      !config.beforeEnrolment &&
      request.routeOptions.url !== '/api/auth/password'
    ) {
      if (Date.now() - p.passwordChangedAt.getTime() > maxAge * 86_400_000) {
        return refuse(reply, 403, 'password_expired', `密码已超过${maxAge}天，请先修改密码`)
      }
    }
    if (access !== 'signed-in' && !access.includes(p.role)) {
      await auditDenial(ctx, request, `role ${p.role} not allowed`)
      return refuse(reply, 403, 'forbidden', '当前角色无权使用该功能')
    }
    if (config.adminOnly && !p.isAdmin) {
      await auditDenial(ctx, request, 'not an administrator')
      return refuse(reply, 403, 'admin_required', config.adminOnly)
    }
  })
}

/** The signed-in caller of a route whose access rule already required one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError('请先登录')
  return request.principal
}
