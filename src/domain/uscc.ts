/** GB 32100-2015 unified social credit code (统一社会信用代码): 17 characters and a check character. */

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The check character: 31 − (Σ value × weight mod 31), 31 written as 0. */
export function usccCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CHARS.indexOf(first17[i] as string) * (WEIGHTS[i] as number)
  return CHARS[(31 - (sum % 31)) % 31] as string
}

export type UsccResult = { ok: true; code: string; regionCode: string } | { ok: false; reason: string }

export function parseUscc(input: string): UsccResult {
  const code = input.trim().toUpperCase()
  if (code.length !== 18) return { ok: false, reason: `长度不是18位（${code.length}位）` }
  if (![...code].every((c) => CHARS.includes(c)) || !/^[0-9A-Z]{2}\d{6}/.test(code)) {
    return { ok: false, reason: '含非法字符（不使用I、O、S、V、Z，第3至8位为行政区划代码）' }
  }
  const check = usccCheckChar(code)
  if (code[17] !== check) return { ok: false, reason: `校验码错误，应为${check}` }
  return { ok: true, code, regionCode: code.slice(2, 8) }
}

/** A valid code from its first 17 characters — for demo data. */
export function makeUscc(first17: string): string {
  return first17 + usccCheckChar(first17)
}
