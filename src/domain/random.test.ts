import { describe, expect, it } from 'vitest'
import { intBetween, pick, seededRandom } from './random.js'

describe('seededRandom', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = seededRandom(7)
    const b = seededRandom(7)
    const xs = Array.from({ length: 1000 }, () => a())
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()))
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
    expect(seededRandom(8)()).not.toBe(seededRandom(7)())
  })
  it('intBetween includes both ends; pick picks from the list', () => {
    const rand = seededRandom(1)
    const seen = new Set(Array.from({ length: 500 }, () => intBetween(rand, 3, 5)))
    expect([...seen].sort()).toEqual([3, 4, 5])
    expect(['a', 'b']).toContain(pick(rand, ['a', 'b']))
  })
})
