import { describe, expect, it } from 'vitest'
import { findJsonProblem, MAX_JSON_DEPTH } from './json-limits.js'

/** `levels` arrays, one inside the other, around a 1. */
const nested = (levels: number): unknown => {
  let v: unknown = 1
  for (let i = 0; i < levels; i++) v = [v]
  return v
}

describe('findJsonProblem', () => {
  it('plain values pass', () => {
    expect(findJsonProblem({ rows: [{ name: '王𬌗', hours: 8 }], ok: true, none: null })).toBeUndefined()
  })

  it('a NUL in a string, named by its path', () => {
    expect(findJsonProblem({ rows: [{ name: 'a' }, { name: 'b\u0000' }] })).toEqual({
      path: 'rows.1.name',
      problem: 'nul',
    })
  })

  it('a NUL in a key', () => {
    expect(findJsonProblem({ record: { 'x\u0000': 1 } })).toEqual({ path: 'record.x\u0000', problem: 'nul' })
  })

  it('half a surrogate pair', () => {
    expect(findJsonProblem({ title: 'a\ud800b' })).toEqual({ path: 'title', problem: 'surrogate' })
  })

  it('the first problem in document order', () => {
    expect(findJsonProblem({ a: ['\u0000'], b: '\u0000' })?.path).toBe('a.0')
  })

  it(`${MAX_JSON_DEPTH} levels pass, ${MAX_JSON_DEPTH + 1} do not`, () => {
    expect(findJsonProblem(nested(MAX_JSON_DEPTH))).toBeUndefined()
    expect(findJsonProblem(nested(MAX_JSON_DEPTH + 1))).toMatchObject({ problem: 'depth' })
    expect(findJsonProblem({ a: nested(MAX_JSON_DEPTH) })).toEqual({
      path: `a${'.0'.repeat(MAX_JSON_DEPTH - 1)}`,
      problem: 'depth',
    })
  })

  it('any depth without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(500_000)}${']'.repeat(500_000)}`)
    expect(findJsonProblem(deep)).toMatchObject({ problem: 'depth' })
  })

  it('wide values too', () => {
    expect(findJsonProblem({ rows: Array.from({ length: 300_000 }, () => ({ n: 'x' })) })).toBeUndefined()
  })
})
