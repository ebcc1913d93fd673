import type { FastifySchemaCompiler } from 'fastify'
import type { z } from 'zod'

/** A request part that failed its zod schema (Fastify adds `validationContext`: body, querystring, params …). */
export class RequestSchemaError extends Error {
  override name = 'RequestSchemaError'
  declare validationContext?: string
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(issues[0]?.message ?? 'invalid request')
  }
}

/**
 * fastify-type-provider-zod's validator, but each issue keeps its input (`reportInput`), so the answer can
 * tell a missing field from a wrong one (zod-messages.ts).
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true })
    return result.success ? { value: result.data } : { error: new RequestSchemaError(result.error.issues) }
  }
