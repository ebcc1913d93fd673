/** GB 11643-1999 citizen identity number (居民身份证号码): 6-digit region, birth date, sequence, check. */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number)
  return CHECK[sum % 11] as string
}

export type ResidentIdResult =
  | {
      ok: true
      id: string
      birthDate: string
      sex: 'male' | 'female'
      regionCode: string
      warnings: string[]
    }
  | { ok: false; reason: string }

export interface ResidentIdOptions {
  /** YYYY-MM-DD; a birth date after it is refused. */
  today?: string
  /** Whether a region code ever existed; an unknown one is only a warning. */
  knownRegion?: (code: string) => boolean
}

function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const days = [
    31,
    (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ]
  return d <= (days[m - 1] as number)
}

/**
 * Checks a resident ID number. The reasons name the problem in plain Chinese and never repeat the
 * number (errors reach logs). A region prefix that is not known is a warning, never a refusal: people
 * keep numbers whose county was abolished long ago.
 */
export function parseResidentId(input: string, options: ResidentIdOptions = {}): ResidentIdResult {
  const id = input.trim().toUpperCase()
  if (id.length !== 18) return { ok: false, reason: `长度不是18位（${id.length}位）` }
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: '含非法字符（前17位须为数字，末位为数字或X）' }
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  if (y < 1900 || !realDate(y, m, d)) return { ok: false, reason: '出生日期无效' }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  if (options.today !== undefined && birthDate > options.today)
    return { ok: false, reason: '出生日期晚于今天' }
  const check = residentIdCheckChar(id)
  if (id[17] !== check) return { ok: false, reason: `校验码错误，应为${check}` }
  const regionCode = id.slice(0, 6)
  const warnings =
    options.knownRegion && !options.knownRegion(regionCode)
      ? [`行政区划代码 ${regionCode} 不在已知代码中`]
      : []
  return {
    ok: true,
    id,
    birthDate,
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    regionCode,
    warnings,
  }
}

/** A valid number for a region, birth date (YYYYMMDD) and sequence (odd: male) — for demo data. */
export function makeResidentId(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth}${String(seq % 1000).padStart(3, '0')}`
  return first17 + residentIdCheckChar(first17)
}
