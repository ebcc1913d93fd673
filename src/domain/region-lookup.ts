/** Browsing and searching GB/T 2260 regions by name, for a region picker that never holds the whole table. */
import type { RegionIndex, RegionLevel } from './regions.js'

export interface RegionNode {
  code: string
  name: string
  level: RegionLevel
  /** No division below it among the rows (a county, or a province such as 台湾省 without rows below). */
  leaf: boolean
}

export interface RegionStep {
  code: string
  name: string
  level: RegionLevel
}

export interface RegionFound extends RegionNode {
  /** 江苏省常州市新北区 (placeholder levels left out). */
  fullName: string
  /** From the province down to the region itself. */
  path: RegionStep[]
}

export interface RegionLookup {
  /**
   * The divisions directly below `parent` (the provinces without one), by code, without placeholder rows
   * such as 320401 市辖区; undefined for an unknown parent.
   */
  children(parent?: string): RegionNode[] | undefined
  /** The region with its path, or undefined for a code that is not one of the rows. */
  find(code: string): RegionFound | undefined
  /**
   * Regions whose name contains the query, best first: the name itself, then names starting with it, then
   * the rest; provinces before cities before counties. Words separated by spaces narrow by the path
   * ("江苏 新北"). Digits match the start of the code. `within` keeps the region and those below it.
   */
  search(query: string, options: { within?: string; limit: number }): RegionFound[]
}

// GB/T 2260 placeholder rows without anything below them (320401 市辖区): not places anyone is in.
const PLACEHOLDERS = new Set(['市辖区', '县'])
const LEVEL_ORDER: Record<RegionLevel, number> = { province: 0, city: 1, county: 2 }
const DIGITS = /^\d{1,6}$/

/**
 * A lookup over an index, built once (3,682 rows: a map of children and a list to scan).
 *
 * @example
 * const lookup = buildRegionLookup(regions)
 * lookup.search('常州', { limit: 20 })[0]?.fullName // '江苏省常州市'
 */
export function buildRegionLookup(index: RegionIndex): RegionLookup {
  const all = index.all()
  const parents = new Set(all.map((r) => index.parent(r.code)))
  const rows = all.filter((r) => !PLACEHOLDERS.has(r.name) || parents.has(r.code))
  const below = new Map<string, string[]>()
  for (const row of rows) {
    const parent = index.parent(row.code) ?? ''
    const list = below.get(parent)
    if (list) list.push(row.code)
    else below.set(parent, [row.code])
  }
  for (const list of below.values()) list.sort()

  const node = (code: string): RegionNode => ({
    code,
    name: index.name(code) as string,
    level: index.level(code),
    leaf: !below.has(code),
  })
  const found = (code: string): RegionFound => ({
    ...node(code),
    fullName: index.fullName(code) as string,
    path: index
      .chain(code)
      .reverse()
      .map((c) => ({ code: c, name: index.name(c) as string, level: index.level(c) })),
  })

  return {
    children: (parent) => {
      if (parent !== undefined && !index.has(parent)) return undefined
      return (below.get(parent ?? '') ?? []).map(node)
    },
    find: (code) => (index.has(code) ? found(code) : undefined),
    search: (query, { within, limit }) => {
      const words = query.trim().split(/\s+/).filter(Boolean)
      const last = words.at(-1)
      if (last === undefined) return []
      const inside = (code: string) => within === undefined || index.chain(code).includes(within)
      const hits: { code: string; rank: number }[] = []
      for (const row of rows) {
        let rank: number
        if (words.length === 1 && DIGITS.test(last)) {
          if (!row.code.startsWith(last)) continue
          rank = row.code === last ? 0 : 1
        } else {
          if (!row.name.includes(last)) continue
          rank = row.name === last ? 0 : row.name.startsWith(last) ? 1 : 2
          if (words.length > 1) {
            const names = index
              .chain(row.code)
              .map((c) => index.name(c) as string)
              .join('')
            if (!words.slice(0, -1).every((w) => names.includes(w))) continue
          }
        }
        if (inside(row.code)) hits.push({ code: row.code, rank })
      }
      hits.sort(
        (a, b) =>
          a.rank - b.rank ||
          LEVEL_ORDER[index.level(a.code)] - LEVEL_ORDER[index.level(b.code)] ||
          a.code.localeCompare(b.code),
      )
      return hits.slice(0, limit).map((h) => found(h.code))
    },
  }
}
