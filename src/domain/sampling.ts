import { createHash } from 'node:crypto'
import { seededRandom } from './random.js'

/** One member of a population: its id, and the stratum it falls in ('' when the sample is not stratified). */
export interface Member {
  id: string
  stratum: string
}

/** How many of a stratum's members the sample takes. */
export interface Allocation {
  stratum: string
  population: number
  sample: number
}

/** Strata in a fixed order, independent of the locale: by their key's UTF-16 code units. */
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Proportional allocation by largest remainders (Hamilton): each stratum gets ⌊n·Nₕ/N⌋, and the members
 * left over go one each to the strata with the largest remainders n·Nₕ mod N (ties: the stratum first in key
 * order). Whole-number arithmetic throughout, so no rounding differs between machines; a stratum never gets
 * more than it has (n ≤ N).
 */
export function allocate(sampleSize: number, sizes: ReadonlyMap<string, number>): Allocation[] {
  const strata = [...sizes.keys()].sort(byKey)
  const total = strata.reduce((s, k) => s + (sizes.get(k) as number), 0)
  const n = Math.min(sampleSize, total)
  if (total === 0) return strata.map((stratum) => ({ stratum, population: 0, sample: 0 }))
  const lines = strata.map((stratum) => {
    const population = sizes.get(stratum) as number
    const exact = BigInt(n) * BigInt(population)
    return {
      stratum,
      population,
      sample: Number(exact / BigInt(total)),
      remainder: exact % BigInt(total),
    }
  })
  let left = n - lines.reduce((s, l) => s + l.sample, 0)
  const order = [...lines].sort((a, b) =>
    a.remainder === b.remainder ? byKey(a.stratum, b.stratum) : a.remainder > b.remainder ? -1 : 1,
  )
  for (const l of order) {
    if (left === 0) break
    l.sample += 1
    left -= 1
  }
  return lines.map(({ stratum, population, sample }) => ({ stratum, population, sample }))
}

/**
 * The population's fingerprint: SHA-256 over its members in the order listed (stratum TAB id, one a line).
 * A redraw compares it to tell whether the population changed since the draw.
 */
export const populationHash = (members: readonly Member[]): string => {
  const h = createHash('sha256')
  for (const m of members) h.update(`${m.stratum}\t${m.id}\n`)
  return h.digest('hex')
}

/**
 * A reproducible stratified random sample: the members listed in a stable order (the caller lists them by
 * id), grouped by stratum in key order; one mulberry32 stream from `seed` draws each stratum's allocation by
 * a partial Fisher–Yates shuffle over the stratum's members, stratum after stratum. The same members, seed and
 * size give the same sample on every machine.
 */
export function drawSample(
  members: readonly Member[],
  seed: number,
  sampleSize: number,
): { allocation: Allocation[]; sample: Member[] } {
  const groups = new Map<string, Member[]>()
  for (const m of members) {
    const g = groups.get(m.stratum)
    if (g) g.push(m)
    else groups.set(m.stratum, [m])
  }
  const allocation = allocate(sampleSize, new Map([...groups].map(([k, g]) => [k, g.length])))
  const rand = seededRandom(seed)
  const sample: Member[] = []
  for (const a of allocation) {
    const g = [...(groups.get(a.stratum) ?? [])]
    for (let i = 0; i < a.sample; i++) {
      const j = i + Math.floor(rand() * (g.length - i))
      ;[g[i], g[j]] = [g[j] as Member, g[i] as Member]
      sample.push(g[i] as Member)
    }
  }
  return { allocation, sample }
}
