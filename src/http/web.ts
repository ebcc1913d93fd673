import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** Where `npm run build` puts the web app: dist/web, next to dist/http where this file is built. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url))

/** Vite names every file under assets/ by its content hash: a year's cache, never revalidated. */
const HASHED = '/assets/'
const YEAR = 'public, max-age=31536000, immutable'

/**
 * The built web app at `/`: its files as public routes hidden from the OpenAPI document, and index.html
 * for any other GET that is neither under /api nor a file name (the app's own routes). Returns the
 * fallback, or undefined when there is no build.
 */
export async function registerWeb(
  app: FastifyInstance,
  root: string,
): Promise<((request: FastifyRequest, reply: FastifyReply) => boolean) | undefined> {
  const indexFile = join(root, 'index.html')
  if (!existsSync(indexFile)) return undefined
  const index = readFileSync(indexFile)
  await app.register(async (web) => {
    web.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' }
    })
    await web.register(fastifyStatic, {
      root,
      wildcard: false,
      schemaHide: true,
      cacheControl: false,
      decorateReply: false,
      // The build writes .br and .gz copies of the assets (scripts/compress-web.ts): sent when accepted.
      preCompressed: true,
      setHeaders: (reply, path) => {
        reply.header('cache-control', path.startsWith(join(root, 'assets')) ? YEAR : 'no-cache')
      },
    })
  })
  return (request, reply) => {
    const path = request.url.split('?')[0] ?? ''
    const last = path.slice(path.lastIndexOf('/') + 1)
    if (request.method !== 'GET' && request.method !== 'HEAD') return false
    if (path === '/api' || path.startsWith('/api/') || path.startsWith(HASHED) || last.includes('.'))
      return false
    reply.code(200).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index)
    return true
  }
}
