/** 320***********1234: the first 3 and last 4 characters, for screens and lists. */
export function maskResidentId(id: string): string {
  if (id.length <= 7) return '*'.repeat(id.length)
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`
}

/** 张* / 欧** / 𠮷**: the first character kept; counted in code points, so 生僻字 stay whole. */
export function maskName(name: string): string {
  const chars = Array.from(name)
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`
}
