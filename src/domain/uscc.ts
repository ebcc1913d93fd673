/** GB 32100-2015 unified social credit code (统一社会信用代码): 17 characters and a check character. */
import { InvalidArgumentError } from './errors.js'

// GB 32100-2015 表1: digits and capitals without I, O, S, V, Z; a character's value is its index (0–30).
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
// GB 32100-2015 5.2: weight of position i is 3^i mod 31.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/**
 * The check character: 31 − (Σ value × weight mod 31), where 31 is written 0.
 * Throws `InvalidArgumentError` unless given 17 characters of the code's character set.
 *
 * @example usccCheckChar('91350100M000100Y4') // '3'
 */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17 || ![...first17].every((c) => CHARS.includes(c)))
    throw new InvalidArgumentError('first17', `must be 17 characters of ${CHARS}`)
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CHARS.indexOf(first17[i] as string) * (WEIGHTS[i] as number)
  return CHARS[(31 - (sum % 31)) % 31] as string
}

export type UsccResult = { ok: true; code: string; regionCode: string } | { ok: false; reason: string }

/**
 * Checks a unified social credit code. Surrounding spaces are dropped and letters read as capitals.
 * A refusal's reason names the problem in plain Chinese: 长度不是18位, 含非法字符 (with the position),
 * 校验码错误. The region (characters 3–8) must be digits but is not looked up.
 *
 * @example
 * parseUscc('91350100M000100Y43') // { ok: true, code: '91350100M000100Y43', regionCode: '350100' }
 */
export function parseUscc(input: string): UsccResult {
  const code = input.trim().toUpperCase()
  const chars = Array.from(code)
  if (chars.length !== 18) return { ok: false, reason: `长度不是18位（${chars.length}位）` }
  const bad = chars.findIndex((c) => !CHARS.includes(c))
  if (bad >= 0)
    return {
      ok: false,
      reason: `含非法字符（第${bad + 1}位；代码由数字和除I、O、S、V、Z以外的大写字母组成）`,
    }
  if (!/^\d{6}$/.test(code.slice(2, 8)))
    return { ok: false, reason: '含非法字符（第3至8位为登记管理机关行政区划码，须为数字）' }
  const check = usccCheckChar(code.slice(0, 17))
  if (code[17] !== check) return { ok: false, reason: `校验码错误，应为${check}` }
  return { ok: true, code, regionCode: code.slice(2, 8) }
}

/**
 * A valid code from its first 17 characters — for demo data and tests.
 * Throws `InvalidArgumentError` as `usccCheckChar` does.
 *
 * @example makeUscc('91350100M000100Y4') // '91350100M000100Y43'
 */
export function makeUscc(first17: string): string {
  return first17 + usccCheckChar(first17)
}
