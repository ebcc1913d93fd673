import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { DuplicateCreditError } from '../db/ledger.js'
import { InputError, InvalidRecordError } from '../policy/errors.js'
import { recordAudit } from '../services/audit.js'
import {
  ConfigurationError,
  ConflictError,
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

interface ErrorBody {
  error: {
    code: string
    message: string
    field?: string
    rows?: { row: number; column: string; reason: string }[]
  }
}

/** One table from domain errors to HTTP answers; plain words, never a stack trace. */
export function toHttp(e: unknown): [number, ErrorBody] {
  const body = (code: string, message: string, field?: string): ErrorBody => ({
    error: { code, message, ...(field ? { field } : {}) },
  })
  if (e instanceof InvalidRowsError)
    return [400, { error: { code: 'invalid_rows', message: e.message, rows: e.rows } }]
  // The engine's messages stay English (the CLI's contract): translated here.
  if (e instanceof InvalidRecordError) return [400, body('invalid_record', zhInputProblem(e), e.field)]
  if (e instanceof TooLargeError) return [413, body('too_large', e.message, e.field)]
  if (e instanceof InvalidInputError) return [400, body('invalid_input', e.message, e.field)]
  if (e instanceof InputError) return [400, body('invalid_input', zhInputProblem(e))]
  if (e instanceof UnauthorizedError) return [401, body('unauthorized', e.message)]
  if (e instanceof ForbiddenError) return [403, body('forbidden', e.message)]
  if (e instanceof NotFoundError) return [404, body('not_found', e.message)]
  if (e instanceof ConflictError || e instanceof DuplicateCreditError)
    return [409, body('conflict', e.message)]
  if (e instanceof LockedError) return [423, body('locked', e.message)]
  if (e instanceof ConfigurationError) return [500, body('configuration', e.message)]
  return [500, body('internal', '服务器内部错误，请稍后再试')]
}

export function errorHandler(ctx: AppContext) {
  return async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issue = error.validation[0]
      const field = issue?.instancePath?.replace(/^\//, '').replaceAll('/', '.') || undefined
      return reply.code(400).send({
        error: {
          code: 'invalid_input',
          message:
            `${error.validationContext ?? 'request'} ${field ?? ''}: ${issue?.message ?? 'invalid'}`.trim(),
          ...(field ? { field } : {}),
        },
      })
    }
    if (error.statusCode === 429) {
      return reply.code(429).send({ error: { code: 'rate_limited', message: '请求过于频繁，请稍后再试' } })
    }
    if (
      error.statusCode &&
      error.statusCode >= 400 &&
      error.statusCode < 500 &&
      error.code?.startsWith('FST_')
    ) {
      return reply.code(error.statusCode).send({ error: { code: 'bad_request', message: error.message } })
    }
    const [status, body] = toHttp(error)
    if (status === 403) await auditDenial(ctx, request, body.error.message)
    if (status === 500) request.log.error({ err: error }, 'request failed')
    return reply.code(status).send(body)
  }
}

/** Every permission denial goes to the audit trail. */
export async function auditDenial(ctx: AppContext, request: FastifyRequest, reason: string): Promise<void> {
  const p = request.principal
  await ctx.db.transaction().execute((trx) =>
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
