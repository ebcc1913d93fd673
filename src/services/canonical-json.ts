import { InvalidInputError } from './errors.js'

/**
 * How deep canonicalJson goes: above what the doors let in (MAX_JSON_DEPTH, 32) wrapped in the
 * envelopes stored around it, and far below what would overflow the stack.
 */
export const MAX_CANONICAL_DEPTH = 64

/** A value nested deeper than MAX_CANONICAL_DEPTH (400 / exit 2). */
export class NestingTooDeepError extends InvalidInputError {
  override name = 'NestingTooDeepError'
  constructor() {
    super('json', `嵌套超过 ${MAX_CANONICAL_DEPTH} 层`)
  }
}

/** JSON with object keys sorted at every level, so equal values always give the same text (and hash). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, 0))
}

function sortKeys(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Date) return value.toISOString()
  if (depth >= MAX_CANONICAL_DEPTH) throw new NestingTooDeepError()
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key]
    if (v !== undefined) out[key] = sortKeys(v, depth + 1)
  }
  return out
}
