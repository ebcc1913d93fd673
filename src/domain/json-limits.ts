/** How deep objects and arrays may nest in what comes from outside: request bodies, record files. */
export const MAX_JSON_DEPTH = 32

export interface JsonProblem {
  /** Where, dotted: `rows.3.name` (empty for the value itself). */
  path: string
  /** `nul`: U+0000; `surrogate`: half of a UTF-16 pair; `depth`: nested deeper than MAX_JSON_DEPTH. */
  problem: 'nul' | 'surrogate' | 'depth'
}

// PostgreSQL's text and jsonb refuse both characters: left in, they fail the insert (a 500).
const LONE_SURROGATE = /\p{Cs}/u

function textProblem(text: string): JsonProblem['problem'] | undefined {
  if (text.includes('\u0000')) return 'nul'
  if (LONE_SURROGATE.test(text)) return 'surrogate'
  return undefined
}

/**
 * The first string, key or nesting in a parsed JSON value that we refuse, in document order, or
 * undefined. It walks with a stack of its own, so no depth can overflow it.
 */
export function findJsonProblem(value: unknown): JsonProblem | undefined {
  const pending: { value: unknown; key: string; path: string; depth: number }[] = [
    { value, key: '', path: '', depth: 0 },
  ]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { path, depth } = next
    const problem =
      textProblem(next.key) ?? (typeof next.value === 'string' ? textProblem(next.value) : undefined)
    if (problem) return { path, problem }
    if (next.value === null || typeof next.value !== 'object') continue
    if (depth >= MAX_JSON_DEPTH) return { path, problem: 'depth' }
    const entries = Object.entries(next.value)
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string, unknown]
      pending.push({ value: child, key, path: path === '' ? key : `${path}.${key}`, depth: depth + 1 })
    }
  }
  return undefined
}

/** The problem in words, for a 400 answer or a CLI line. */
export function describeJsonProblem(p: JsonProblem): string {
  if (p.problem === 'nul') return '含有空字符（U+0000），请删除'
  if (p.problem === 'surrogate') return '含有不成对的代理字符（无效的 Unicode），请重新输入'
  return `嵌套超过 ${MAX_JSON_DEPTH} 层`
}
