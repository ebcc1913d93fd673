import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { DuplicateCreditError } from '../db/ledger.js'
import { InputError, InvalidRecordError } from '../policy/errors.js'
import { recordAudit, transact } from '../services/audit.js'
import {
  BusyError,
  ConfigurationError,
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  InvalidRowsError,
  LockedError,
  NotFoundError,
  TooLargeError,
  UnauthorizedError,
} from '../services/errors.js'
import { zhInputProblem } from '../services/record-problems.js'
import type { AppContext } from './context.js'
import { zhFrameworkError } from './framework-errors.js'
import { prefersEnglish } from './language.js'
import { RequestSchemaError } from './validation.js'
import { describeIssue } from './zod-messages.js'

interface ErrorBody {
  error: {
    code: string
    message: string
    field?: string
    rows?: { row: number; column: string; reason: string }[]
  }
}

const answer = (code: string, message: string, field?: string): ErrorBody => ({
  error: { code, message, ...(field ? { field } : {}) },
})

/** PostgreSQL's deadlock_detected and serialization_failure. */
const conflictCodes = new Set(['40P01', '40001'])

/** One table from domain errors to HTTP answers; plain words, never a stack trace. Chinese unless `english`. */
export function toHttp(e: unknown, english = false): [number, ErrorBody] {
  const say = (zh: string, en?: string) => (english && en ? en : zh)
  if (e instanceof InvalidRowsError)
    return [400, { error: { code: 'invalid_rows', message: e.message, rows: e.rows } }]
  // The engine's messages stay English (the CLI's contract): translated here.
  if (e instanceof InvalidRecordError)
    return [400, answer('invalid_record', say(zhInputProblem(e), e.message), e.field)]
  if (e instanceof TooLargeError) return [413, answer('too_large', e.message, e.field)]
  if (e instanceof InvalidInputError) return [400, answer('invalid_input', e.message, e.field)]
  if (e instanceof InputError) return [400, answer('invalid_input', say(zhInputProblem(e), e.message))]
  if (e instanceof UnauthorizedError) return [401, answer('unauthorized', say(e.message, e.en))]
  if (e instanceof ForbiddenError) return [403, answer(e.code ?? 'forbidden', say(e.message, e.en))]
  if (e instanceof NotFoundError) return [404, answer('not_found', say(e.message, e.en))]
  if (e instanceof ConflictError) return [409, answer('conflict', say(e.message, e.en), e.field)]
  if (e instanceof DuplicateCreditError) return [409, answer('conflict', e.message)]
  if (e instanceof LockedError) return [423, answer('locked', say(e.message, e.en))]
  if (e instanceof BusyError) return [503, answer('busy', say(e.message, e.en))]
  // Two transactions waiting on each other's rows (PostgreSQL ends one), or a serialisation failure: the
  // request's transaction rolled back whole, so nothing was saved and the same request may simply be retried.
  if (conflictCodes.has((e as { code?: unknown } | null)?.code as string))
    return [
      503,
      answer(
        'busy',
        say(
          '与同时进行的另一项操作冲突，本次操作未保存任何更改，请稍后重试',
          'conflicted with another operation at the same time; nothing was saved, try again',
        ),
      ),
    ]
  // The missing setting is the operator's business: it goes to the log, not to the user.
  if (e instanceof ConfigurationError)
    return [
      500,
      answer('configuration', say('服务器配置不完整，请联系系统管理员', 'the server is not configured')),
    ]
  return [
    500,
    answer('internal', say('服务器内部错误，请稍后再试', 'internal server error, try again later')),
  ]
}

/** A Fastify or plugin refusal of the request itself (a 4xx status, FST_* codes), or undefined for any other error. */
function frameworkAnswer(error: FastifyError, request: FastifyRequest, english: boolean) {
  const status = error.statusCode
  if (!status || status < 400 || status >= 500 || error instanceof DomainError) return undefined
  if (status === 429)
    return [
      429,
      answer('rate_limited', english ? 'too many requests, try again later' : '请求过于频繁，请稍后再试'),
    ] as const
  const message = english ? error.message : zhFrameworkError(error.code, request.routeOptions.bodyLimit)
  return [status, answer('bad_request', message)] as const
}

export function errorHandler(ctx: AppContext) {
  return async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const english = prefersEnglish(request.headers['accept-language'])
    if (error instanceof RequestSchemaError) {
      const issue = error.issues[0] as z.core.$ZodIssue
      const field = issue.path.map(String).join('.') || undefined
      const message = describeIssue(error.validationContext ?? 'request', issue, english)
      return reply.code(400).send(answer('invalid_input', message, field))
    }
    const framework = frameworkAnswer(error, request, english)
    if (framework) return reply.code(framework[0]).send(framework[1])
    const [status, body] = toHttp(error, english)
    if (status === 403) await auditDenial(ctx, request, body.error.message)
    if (status === 500) request.log.error({ err: error }, 'request failed')
    return reply.code(status).send(body)
  }
}

/** Every permission denial goes to the audit trail. */
export async function auditDenial(ctx: AppContext, request: FastifyRequest, reason: string): Promise<void> {
  const p = request.principal
  await transact(ctx.db, (trx) =>
    recordAudit(trx, {
      actor: p?.userId ?? p?.username ?? 'anonymous',
      actorOrganisationId: p?.organisationId,
      action: 'auth.denied',
      entity: 'route',
      entityId: `${request.method} ${request.routeOptions.url ?? request.url}`,
      after: { ip: request.ip, reason },
    }),
  )
}
