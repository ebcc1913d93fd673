/** GB/T 2260 administrative divisions: names and the county → city → province chain. */

export interface RegionRow {
  code: string
  name: string
}

export type RegionLevel = 'province' | 'city' | 'county'

export interface RegionIndex {
  has(code: string): boolean
  name(code: string): string | undefined
  level(code: string): RegionLevel
  /** The enclosing division that exists: county → city (or the province for a municipality's district). */
  parent(code: string): string | undefined
  /** The code and its enclosing divisions that exist, most specific first. */
  chain(code: string): string[]
  /** 江苏省常州市新北区 */
  fullName(code: string): string | undefined
  all(): RegionRow[]
}

export const levelOf = (code: string): RegionLevel =>
  code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'county'

export function buildRegionIndex(rows: readonly RegionRow[]): RegionIndex {
  const names = new Map(rows.map((r) => [r.code, r.name]))
  const parent = (code: string): string | undefined => {
    const level = levelOf(code)
    if (level === 'province') return undefined
    const city = `${code.slice(0, 4)}00`
    if (level === 'county' && names.has(city)) return city
    return `${code.slice(0, 2)}0000`
  }
  const chain = (code: string): string[] => {
    const out: string[] = []
    for (let c: string | undefined = code; c !== undefined; c = parent(c)) if (names.has(c)) out.push(c)
    return out
  }
  return {
    has: (code) => names.has(code),
    name: (code) => names.get(code),
    level: levelOf,
    parent,
    chain,
    fullName: (code) =>
      names.has(code)
        ? chain(code)
            .reverse()
            .map((c) => names.get(c))
            .join('')
        : undefined,
    all: () => [...names].map(([code, name]) => ({ code, name })),
  }
}
