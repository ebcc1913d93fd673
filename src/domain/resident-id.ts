/** GB 11643-1999 citizen identity number (居民身份证号码): 6-digit region, birth date, sequence, check. */
import { InvalidArgumentError } from './errors.js'

// GB 11643-1999 7.2 / ISO 7064 MOD 11-2: weight of position i is 2^(17−i) mod 11.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
// Σ mod 11 = 0, 1, 2, … 10 → this character.
const CHECK = '10X98765432'

/**
 * The ISO 7064 MOD 11-2 check character of the first 17 digits.
 * Throws `InvalidArgumentError` unless given exactly 17 ASCII digits.
 *
 * @example residentIdCheckChar('11010519491231002') // 'X'
 */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new InvalidArgumentError('first17', 'must be 17 digits')
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number)
  return CHECK[sum % 11] as string
}

export type Sex = 'male' | 'female'

export type ResidentIdResult =
  | { ok: true; id: string; birthDate: string; sex: Sex; regionCode: string; warnings: string[] }
  | { ok: false; reason: string }

export interface ResidentIdOptions {
  /** YYYY-MM-DD; a birth date after it is refused. Domain code has no clock: the caller passes it. */
  today?: string
  /** Whether a region code is known; an unknown one is only a warning. */
  knownRegion?: (code: string) => boolean
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  return d <= (days[m - 1] as number)
}

function assertToday(today: string): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today)
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3])))
    throw new InvalidArgumentError('today', 'must be a date written YYYY-MM-DD')
}

const refuse = (reason: string): ResidentIdResult => ({ ok: false, reason })

/**
 * Checks a resident ID number and reads birth date and sex from it. Surrounding spaces are dropped and a
 * lowercase x is read as X. A refusal's reason names the problem in plain Chinese and never repeats the
 * number (reasons reach logs). A region prefix `knownRegion` does not know is a warning, never a refusal:
 * people keep numbers whose county was abolished long ago.
 *
 * @example
 * parseResidentId('11010519491231002X', { today: '2026-01-01' })
 * // { ok: true, id: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', regionCode: '110105', warnings: [] }
 * parseResidentId('110105194912310021') // { ok: false, reason: '校验码错误，应为X' }
 */
export function parseResidentId(input: string, options: ResidentIdOptions = {}): ResidentIdResult {
  if (options.today !== undefined) assertToday(options.today)
  const id = input.trim().replace(/x$/, 'X')
  const length = Array.from(id).length
  if (length !== 18) return refuse(`长度不是18位（${length}位）`)
  const bad = Array.from(id).findIndex((c, i) => !(/\d/.test(c) || (i === 17 && c === 'X')))
  if (bad >= 0) return refuse(`含非法字符（第${bad + 1}位；前17位须为数字，第18位为数字或X）`)

  const [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)]
  // Nobody born before 1900 holds a GB 11643-1999 number.
  if (Number(y) < 1900 || !isRealDate(Number(y), Number(m), Number(d)))
    return refuse('出生日期无效（第7至14位不是有效日期）')
  const birthDate = `${y}-${m}-${d}`
  if (options.today !== undefined && birthDate > options.today) return refuse('出生日期晚于今天')

  const check = residentIdCheckChar(id.slice(0, 17))
  if (id[17] !== check) return refuse(`校验码错误，应为${check}`)

  const regionCode = id.slice(0, 6)
  const warnings =
    options.knownRegion && !options.knownRegion(regionCode)
      ? [`行政区划代码 ${regionCode} 不在已知代码中`]
      : []
  // GB 11643-1999 6.2.3: an odd sequence code is a man, an even one a woman.
  const sex: Sex = Number(id[16]) % 2 === 1 ? 'male' : 'female'
  return { ok: true, id, birthDate, sex, regionCode, warnings }
}

/**
 * A number for a region, a birth date (YYYYMMDD) and a sequence 0–999 (odd: male), with the right check
 * character — for demo data and tests. The date is not checked for being real, so tests can build numbers
 * whose only fault is the date. Throws `InvalidArgumentError` on a malformed region, date or sequence.
 *
 * @example makeResidentId('110105', '19491231', 2) // '11010519491231002X'
 */
export function makeResidentId(region: string, birth: string, seq: number): string {
  if (!/^\d{6}$/.test(region)) throw new InvalidArgumentError('region', 'must be 6 digits')
  if (!/^\d{8}$/.test(birth)) throw new InvalidArgumentError('birth', 'must be 8 digits, YYYYMMDD')
  if (!Number.isInteger(seq) || seq < 0 || seq > 999)
    throw new InvalidArgumentError('seq', 'must be an integer from 0 to 999')
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`
  return first17 + residentIdCheckChar(first17)
}
