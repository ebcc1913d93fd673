import { describe, expect, it } from 'vitest'
import { canonicalJson, MAX_CANONICAL_DEPTH, NestingTooDeepError } from './canonical-json.js'
import { InvalidInputError } from './errors.js'

const nested = (levels: number): unknown => {
  let v: unknown = 1
  for (let i = 0; i < levels; i++) v = [v]
  return v
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined, b: new Date(0) }] })).toBe(
      '{"a":[{"b":"1970-01-01T00:00:00.000Z","d":2}],"b":1}',
    )
  })

  it(`${MAX_CANONICAL_DEPTH} levels are written`, () => {
    expect(canonicalJson(nested(MAX_CANONICAL_DEPTH))).toBe(
      `${'['.repeat(MAX_CANONICAL_DEPTH)}1${']'.repeat(MAX_CANONICAL_DEPTH)}`,
    )
  })

  it('deeper nesting is a named input error (400), never a stack overflow', () => {
    expect(() => canonicalJson(nested(MAX_CANONICAL_DEPTH + 1))).toThrow(NestingTooDeepError)
    const deep = JSON.parse(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)
    expect(() => canonicalJson(deep)).toThrow(InvalidInputError)
  })
})
