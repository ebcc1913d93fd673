// Plain decimal digits only. Number() would also read '0x10' as 16, '1e3' as 1000, '0b1', '0o7' and
// 'Infinity', and '' or ' ' as 0.
const DECIMAL = /^\d{1,6}(\.\d{1,2})?$/
const WHOLE = /^\d{1,9}$/

/** Hours or days as people write them (8, 7.5, 0.25: at most two decimals), or undefined. */
export function parseDecimal(text: string): number | undefined {
  return DECIMAL.test(text) ? Number(text) : undefined
}

/** A whole number in decimal digits (a port, a page, a year), or undefined. */
export function parseWhole(text: string): number | undefined {
  return WHOLE.test(text) ? Number(text) : undefined
}
