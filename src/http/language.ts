/**
 * True when `Accept-Language` ranks English above Chinese (RFC 9110 §12.5.4: the highest q wins, the
 * earlier of equals). Chinese is the default: no header, neither language, or a tie between them.
 */
export function prefersEnglish(header: string | undefined): boolean {
  let best: { english: boolean; q: number } | undefined
  for (const range of (header ?? '').split(',')) {
    const [tag = '', ...params] = range.split(';').map((s) => s.trim().toLowerCase())
    const primary = tag.split('-')[0]
    if (primary !== 'en' && primary !== 'zh') continue
    const qParam = params.find((p) => p.startsWith('q='))
    const q = qParam === undefined ? 1 : Number(qParam.slice(2))
    if (!(q > 0) || q > 1) continue
    if (best === undefined || q > best.q) best = { english: primary === 'en', q }
  }
  return best?.english ?? false
}
