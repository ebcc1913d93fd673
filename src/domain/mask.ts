/** Masks for screens, lists and exports: enough to recognise a person, not enough to identify one. */

/**
 * The first 3 and last 4 characters of an ID number, the rest '*'. Anything of 7 characters or fewer
 * is starred whole, so a short or truncated value never shows in full.
 *
 * @example maskResidentId('320411198506071234') // '320***********1234'
 */
export function maskResidentId(id: string): string {
  const chars = Array.from(id)
  if (chars.length <= 7) return '*'.repeat(chars.length)
  return `${chars.slice(0, 3).join('')}${'*'.repeat(chars.length - 7)}${chars.slice(-4).join('')}`
}

/**
 * The first character (the surname, or its first character for 欧阳 and the like), the rest '*'.
 * Counted in code points, so a 生僻字 outside the BMP such as 𠮷 stays whole and earns one '*'.
 *
 * @example maskName('欧阳娜娜') // '欧***'
 */
export function maskName(name: string): string {
  const chars = Array.from(name)
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`
}
