/** GB/T 2260 administrative divisions: names and the county → city → province chain. */
import { InvalidArgumentError } from './errors.js'

export interface RegionRow {
  code: string
  name: string
}

export type RegionLevel = 'province' | 'city' | 'county'

export interface RegionIndex {
  /** Whether the code is one of the rows. */
  has(code: string): boolean
  name(code: string): string | undefined
  /** From the code's shape: ..0000 province, ....00 city, else county. Throws on a code that is not 6 digits. */
  level(code: string): RegionLevel
  /**
   * The enclosing division among the rows: a county's city, or its province when there is no city row
   * (a municipality's district: 110101 → 110000); a city's province. Throws on a code that is not 6 digits.
   */
  parent(code: string): string | undefined
  /** The code and its enclosing divisions among the rows, most specific first; [] for a malformed code. */
  chain(code: string): string[]
  /** 江苏省常州市新北区, without placeholder levels such as 省直辖县级行政区划; undefined for an unknown code. */
  fullName(code: string): string | undefined
  /** Every row, in the order given. */
  all(): RegionRow[]
}

const CODE = /^\d{6}$/

// GB/T 2260 placeholder levels, which are not part of a place's name: 市辖区, 县 (old municipality rows),
// 省直辖县级行政区划 / 自治区直辖县级行政区划 (province-administered county-level cities such as 济源).
const PLACEHOLDER = /^(市辖区|县)$|直辖县级行政区划$/

function assertCode(code: string): void {
  if (!CODE.test(code)) throw new InvalidArgumentError('code', 'must be a 6-digit GB/T 2260 code')
}

/** A region's level, read from the code's shape. Throws `InvalidArgumentError` unless given 6 digits. */
export function regionLevel(code: string): RegionLevel {
  assertCode(code)
  return code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'county'
}

/**
 * An index over GB/T 2260 rows. The caller supplies the rows (see `region-data.ts`), so this module does
 * no I/O and bundles for the browser. Throws `InvalidArgumentError` on a row whose code is not 6 digits
 * or that repeats a code.
 *
 * @example
 * const index = buildRegionIndex([{ code: '320000', name: '江苏省' }, { code: '320400', name: '常州市' }])
 * index.chain('320412') // ['320400', '320000'] (320412 itself is not a row)
 */
export function buildRegionIndex(rows: readonly RegionRow[]): RegionIndex {
  const names = new Map<string, string>()
  for (const row of rows) {
    assertCode(row.code)
    if (names.has(row.code)) throw new InvalidArgumentError('rows', `code ${row.code} appears twice`)
    names.set(row.code, row.name)
  }

  const parent = (code: string): string | undefined => {
    const level = regionLevel(code)
    if (level === 'province') return undefined
    const city = `${code.slice(0, 4)}00`
    if (level === 'county' && names.has(city)) return city
    const province = `${code.slice(0, 2)}0000`
    return names.has(province) ? province : undefined
  }

  const chain = (code: string): string[] => {
    if (!CODE.test(code)) return []
    const out = names.has(code) ? [code] : []
    for (let c = parent(code); c !== undefined; c = parent(c)) out.push(c)
    return out
  }

  return {
    has: (code) => names.has(code),
    name: (code) => names.get(code),
    level: regionLevel,
    parent,
    chain,
    fullName: (code) =>
      names.has(code)
        ? chain(code)
            .reverse()
            .map((c) => names.get(c) as string)
            .filter((name, i, all) => i === all.length - 1 || !PLACEHOLDER.test(name))
            .join('')
        : undefined,
    all: () => [...names].map(([code, name]) => ({ code, name })),
  }
}
