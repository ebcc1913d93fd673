/** Deterministic pseudo-random numbers (mulberry32): demo data and benchmarks are the same on every machine. */
export type Rand = () => number

export function seededRandom(seed: number): Rand {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T

/** A whole number from min to max, both included. */
export const intBetween = (rand: Rand, min: number, max: number): number =>
  min + Math.floor(rand() * (max - min + 1))
