// Amounts of money in yuan with at most two decimals, held as whole fen (bigint): no binary fractions, so
// 1.5 % of a payroll is exact. Plain decimal digits only, as parseDecimal (decimal.ts) reads hours.
const YUAN = /^\d{1,14}(\.\d{1,2})?$/

/** An amount as people write it (1234, 1234.5, 1234.56) in whole fen, or undefined. */
export function parseYuan(text: string): bigint | undefined {
  if (!YUAN.test(text)) return undefined
  const [whole = '0', cents = ''] = text.split('.')
  return BigInt(whole) * 100n + BigInt(cents.padEnd(2, '0'))
}

/** Whole fen as yuan with two decimals: 123456n → '1234.56'. */
export function formatYuan(fen: bigint): string {
  const sign = fen < 0n ? '-' : ''
  const a = fen < 0n ? -fen : fen
  return `${sign}${a / 100n}.${String(a % 100n).padStart(2, '0')}`
}

/** `part` as a percentage of `whole` (> 0), two decimals, rounded half up: (3000, 200000) → '1.50'. */
export function percentOf(part: bigint, whole: bigint): string {
  const hundredths = (part * 10000n * 2n + whole) / (2n * whole)
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`
}

/** `permille` ‰ of `amount`, rounded up to the fen: the least that meets the share (15‰ of 100.01 → 1.51). */
export function perMilleUp(amount: bigint, permille: bigint): bigint {
  return (amount * permille + 999n) / 1000n
}
