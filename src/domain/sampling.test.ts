import { describe, expect, it } from 'vitest'
import { allocate, drawSample, type Member, populationHash } from './sampling.js'

const members = (n: number, strata: string[]): Member[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `m${String(i).padStart(4, '0')}`,
    stratum: strata[i % strata.length] as string,
  }))

describe('allocate (proportional, largest remainders)', () => {
  it('gives each stratum ⌊n·Nₕ/N⌋ and the rest to the largest remainders', () => {
    // N = 100 (50, 30, 20), n = 7: 3.5, 2.1, 1.4 → 3, 2, 1 and the one left to A (remainder .5).
    expect(
      allocate(
        7,
        new Map([
          ['A', 50],
          ['B', 30],
          ['C', 20],
        ]),
      ),
    ).toEqual([
      { stratum: 'A', population: 50, sample: 4 },
      { stratum: 'B', population: 30, sample: 2 },
      { stratum: 'C', population: 20, sample: 1 },
    ])
    // Equal remainders: the stratum first in key order.
    expect(
      allocate(
        1,
        new Map([
          ['b', 5],
          ['a', 5],
        ]),
      ).map((a) => a.sample),
    ).toEqual([1, 0])
  })
  it('never takes more than the population, and sums to n', () => {
    expect(
      allocate(
        50,
        new Map([
          ['A', 3],
          ['B', 2],
        ]),
      ).map((a) => a.sample),
    ).toEqual([3, 2])
    for (let n = 0; n <= 23; n++) {
      const a = allocate(
        n,
        new Map([
          ['A', 11],
          ['B', 7],
          ['C', 5],
        ]),
      )
      expect(a.reduce((s, l) => s + l.sample, 0)).toBe(n)
      for (const l of a) expect(l.sample).toBeLessThanOrEqual(l.population)
    }
  })
})

describe('drawSample', () => {
  const pop = members(200, ['320402', '320404', '320411'])
  it('the same seed draws the same sample; another seed another', () => {
    const a = drawSample(pop, 20260101, 12)
    expect(drawSample(pop, 20260101, 12)).toEqual(a)
    expect(drawSample(pop, 20260102, 12).sample.map((m) => m.id)).not.toEqual(a.sample.map((m) => m.id))
    expect(new Set(a.sample.map((m) => m.id)).size).toBe(12)
    expect(a.allocation.map((l) => l.sample)).toEqual([4, 4, 4])
    for (const m of a.sample) expect(pop).toContainEqual(m)
  })
  it('a sample as large as the population takes everyone', () => {
    expect(
      drawSample(pop, 5, 500)
        .sample.map((m) => m.id)
        .sort(),
    ).toEqual(pop.map((m) => m.id))
  })
  it('the hash changes when the population does', () => {
    expect(populationHash(pop)).toBe(populationHash([...pop]))
    expect(populationHash(pop.slice(1))).not.toBe(populationHash(pop))
  })
})
