import type { FastifyInstance } from 'fastify'

/**
 * JSON bodies as Fastify parses them (prototype poisoning refused), except on routes marked
 * `config: { jsonInWorker: true }`: those receive the body's bytes as a Buffer and parse it off the
 * event loop themselves (a 64 MB roster takes seconds to parse, walk and check).
 */
export function registerJsonBody(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (request.routeOptions.config.jsonInWorker) return done(null, body)
    parse(request, (body as Buffer).toString('utf8'), done)
  })
}
