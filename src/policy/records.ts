import { InputError, InvalidRecordError } from './errors.js'
import type { ActivityRecord, Kind } from './types.js'
import { COMMON, type FieldSpec, IDENTITY, type Value, VOCABULARY, valueWords } from './vocabulary.js'

export { LIMITS } from './vocabulary.js'

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** Whether a value is what the vocabulary says the field holds. */
function holds(spec: Value, v: unknown): boolean {
  switch (spec.type) {
    case 'enum':
      return typeof v === 'string' && spec.values.some((c) => c.value === v)
    case 'number':
      return (
        isNumber(v) &&
        (spec.above ? v > spec.min : v >= spec.min) &&
        v <= spec.max &&
        (!spec.whole || Number.isInteger(v))
      )
    case 'boolean':
      return typeof v === 'boolean'
    case 'text':
      return typeof v === 'string' && v.trim() !== ''
    case 'string':
      return typeof v === 'string'
    case 'list':
      return Array.isArray(v)
    case 'year':
      return Number.isInteger(v) && (v as number) >= 1000 && (v as number) <= 9999
    case 'date':
      return isIsoDate(v)
    case 'kind':
      return isKind(v)
  }
}

/** What is wrong with a field's value, in the words the vocabulary describes it with, or undefined. */
const problemOf = (field: FieldSpec, v: unknown): string | undefined =>
  holds(field.value, v) ? undefined : `must be ${valueWords(field.value).en}`

export const KINDS = Object.keys(VOCABULARY) as Kind[]

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && Object.hasOwn(VOCABULARY, value)
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const m = DATE.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (mo < 1 || mo > 12 || d < 1) return false
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate()
}

/** The fields a record of this kind may carry: the common ones, the kind's own, and id, kind, date. */
export function fieldNamesOf(kind: Kind): string[] {
  return [...IDENTITY, ...COMMON, ...VOCABULARY[kind].fields].map((f) => f.name)
}

/** Fields the vocabulary does not know for the record's kind (imports refuse them: they would change its identity). */
export function unknownFieldsOf(r: ActivityRecord | Record<string, unknown>): string[] {
  const kind = (r as { kind?: unknown }).kind
  if (!isKind(kind)) return []
  const known = new Set(fieldNamesOf(kind))
  return Object.keys(r).filter((k) => !known.has(k))
}

/** Validates one record against the vocabulary; `position` is 1-based, for records without an id. */
export function parseRecord(value: unknown, position: number): ActivityRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`record #${position}: must be an object`)
  }
  const r = value as Record<string, unknown>
  const id = r.id
  if (typeof id !== 'string' || id === '') {
    throw new InvalidRecordError(`#${position}`, 'id', 'must be a non-empty string')
  }
  const name = JSON.stringify(id)
  if (!isKind(r.kind)) {
    const problem =
      r.kind === undefined
        ? 'is missing'
        : `${JSON.stringify(r.kind)} is not a known kind (known kinds: ${KINDS.join(', ')})`
    throw new InvalidRecordError(name, 'kind', problem)
  }
  if (!isIsoDate(r.date)) {
    throw new InvalidRecordError(
      name,
      'date',
      r.date === undefined ? 'is missing' : 'must be a date YYYY-MM-DD',
    )
  }
  for (const fields of [COMMON, VOCABULARY[r.kind].fields]) {
    for (const field of fields) {
      const v = r[field.name]
      if (v === undefined || v === null) {
        if (field.optional) continue
        throw new InvalidRecordError(name, field.name, `is missing (${r.kind} needs it)`)
      }
      const problem = problemOf(field, v)
      if (problem) throw new InvalidRecordError(name, field.name, problem)
    }
  }
  return r as unknown as ActivityRecord
}

/** Accepts `{ "records": [...] }` or a bare array (contract §1 Input) and validates every record. */
export function parseRecords(input: unknown): ActivityRecord[] {
  const list = Array.isArray(input) ? input : (input as { records?: unknown } | null)?.records
  if (!Array.isArray(list)) {
    throw new InputError('input must be {"records": [...]} or an array of records')
  }
  return list.map((value, i) => parseRecord(value, i + 1))
}

/** The year a record's date falls in. */
export const yearOf = (r: ActivityRecord): number => {
  const d = r.date
  return (
    (d.charCodeAt(0) - 48) * 1000 +
    (d.charCodeAt(1) - 48) * 100 +
    (d.charCodeAt(2) - 48) * 10 +
    d.charCodeAt(3) -
    48
  )
}
