import { describeJsonProblem, findJsonProblem } from '../domain/json-limits.js'
import { InvalidInputError, TooLargeError } from './errors.js'
import type { FileLimits } from './file-limits.js'

/** One line of a JSON roster: the API's field names, numbers as numbers. */
export interface JsonLine {
  line: number
  values: { idNumber: string; name: string; hours?: number; days?: number; date?: string }
}

const SHAPE = '须为 {"rows": [{"idNumber", "name", "hours"?, "days"?, "date"?}]}'
const TEXT_FIELDS = ['idNumber', 'name'] as const
const OPTIONAL_NUMBERS = ['hours', 'days'] as const

/**
 * The lines of a roster sent as JSON (`{"rows": [...]}`), read from the request's bytes — in the roster
 * worker, so that tens of megabytes of JSON never hold up the event loop. Refuses what the route refused
 * when it parsed the body itself: bytes that are not UTF-8 JSON, another shape, more lines than the
 * deployment allows (413), a NUL or half a surrogate pair in a field (named by its path, rows.3.name).
 * Only the roster's fields are kept; the row checks (ID numbers, hours, dates) come after, as for files.
 */
export function* rosterJsonLines(
  bytes: Uint8Array,
  limits: Pick<FileLimits, 'maxRows'>,
): Generator<JsonLine> {
  let body: unknown
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes))
  } catch {
    throw new InvalidInputError('body', '请求体不是有效的 JSON（须为 UTF-8 编码）')
  }
  const rows = (body as { rows?: unknown } | null)?.rows
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !Array.isArray(rows))
    throw new InvalidInputError('rows', SHAPE)
  if (rows.length > limits.maxRows) throw new TooLargeError(`花名册超过${limits.maxRows}行`)
  for (const [i, row] of rows.entries()) {
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw new InvalidInputError(`rows.${i}`, SHAPE)
    const r = row as Record<string, unknown>
    const values: JsonLine['values'] = { idNumber: '', name: '' }
    for (const field of TEXT_FIELDS) {
      if (typeof r[field] !== 'string') throw new InvalidInputError(`rows.${i}.${field}`, SHAPE)
      values[field] = r[field]
    }
    for (const field of OPTIONAL_NUMBERS) {
      const value = r[field]
      if (value === undefined) continue
      if (typeof value !== 'number') throw new InvalidInputError(`rows.${i}.${field}`, SHAPE)
      values[field] = value
    }
    if (r.date !== undefined) {
      if (typeof r.date !== 'string') throw new InvalidInputError(`rows.${i}.date`, SHAPE)
      values.date = r.date
    }
    const problem = findJsonProblem(values)
    if (problem) throw new InvalidInputError(`rows.${i}.${problem.path}`, describeJsonProblem(problem))
    yield { line: i + 1, values }
  }
}
