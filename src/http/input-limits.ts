import type { FastifyInstance } from 'fastify'
import { describeJsonProblem, findJsonProblem } from '../domain/json-limits.js'
import { InvalidInputError } from '../services/errors.js'

/**
 * Before any route validates, refuses a body, query string or path parameter holding a NUL or half a
 * surrogate pair (PostgreSQL refuses both: a 500) or nested deeper than 32 levels: 400 naming the field.
 */
export function registerInputLimits(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    // A body left as bytes (json-body.ts) is checked where it is parsed, off the event loop.
    const body = Buffer.isBuffer(request.body) ? undefined : request.body
    const parts = { body, query: request.query, params: request.params }
    for (const [part, value] of Object.entries(parts)) {
      const found = findJsonProblem(value)
      if (found) throw new InvalidInputError(found.path || part, describeJsonProblem(found))
    }
  })
}
