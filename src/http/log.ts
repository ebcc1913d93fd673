import type { FastifyRequest } from 'fastify'
import { maskResidentId } from '../domain/mask.js'

/** A request URL as the log records it: an ID number searched by (idNumber=…) masked, as on screen. */
export function loggedUrl(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const params = new URLSearchParams(url.slice(q + 1))
  const ids = params.getAll('idNumber')
  if (ids.length === 0) return url
  params.delete('idNumber')
  for (const id of ids) params.append('idNumber', maskResidentId(id.trim()))
  return `${url.slice(0, q)}?${params}`
}

/** Fastify's request serializer, with loggedUrl: searches by ID number must not put the number in the log. */
export const logSerializers = {
  req: (req: FastifyRequest) => ({
    method: req.method,
    url: loggedUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
}
