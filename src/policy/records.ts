import { InputError, InvalidRecordError } from './errors.js'
import type { ActivityRecord, Kind } from './types.js'

/** Returns what is wrong with a value, or undefined when it is fine. */
type Check = (value: unknown) => string | undefined

interface Field {
  name: string
  check: Check
  optional?: boolean
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/**
 * The most each kind of field can hold (contract §2: a value out of range is an error, exit 2). Generous,
 * but finite, so no credit can overflow to Infinity (issue #10: "hours": 1e308 was credited null).
 */
export const LIMITS = {
  /** The hours in a leap year (366 × 24): no record holds more time than a year. */
  hours: 8784,
  /** The days in a leap year. */
  days: 366,
  /** The calendar length of a training abroad (裁定5): ten years of days. */
  durationDays: 3660,
  /** Months within the year (aid postings, leave). */
  months: 12,
  /** Subjects, courses, modules or item-writing sessions in one record. */
  count: 100,
  /** The characters of a paper presented at a conference. */
  paperChars: 10_000_000,
} as const

const WHY = {
  hours: ' (the hours in a leap year)',
  days: ' (the days in a leap year)',
  durationDays: ' (ten years)',
  months: '',
  count: '',
  paperChars: '',
} as const

/** 0 … LIMITS[limit]. */
const upTo =
  (limit: keyof typeof LIMITS): Check =>
  (v) =>
    isNumber(v) && v >= 0 && v <= LIMITS[limit]
      ? undefined
      : `must be a number from 0 to ${LIMITS[limit]}${WHY[limit]}`
/** More than 0, at most LIMITS[limit]. */
const positiveUpTo =
  (limit: keyof typeof LIMITS): Check =>
  (v) =>
    isNumber(v) && v > 0 && v <= LIMITS[limit]
      ? undefined
      : `must be a number greater than 0, at most ${LIMITS[limit]}${WHY[limit]}`
const count: Check = (v) =>
  Number.isInteger(v) && (v as number) >= 1 && (v as number) <= LIMITS.count
    ? undefined
    : `must be a whole number from 1 to ${LIMITS.count}`
const boolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false')
const text: Check = (v) =>
  typeof v === 'string' && v.trim() !== '' ? undefined : 'must be a non-empty string'
const between =
  (min: number, max: number): Check =>
  (v) =>
    isNumber(v) && v >= min && v <= max ? undefined : `must be a number from ${min} to ${max}`
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? undefined : `must be one of ${values.join(', ')}`

const req = (name: string, check: Check): Field => ({ name, check })
const opt = (name: string, check: Check): Field => ({ name, check, optional: true })

const subject = req('subject', oneOf('public', 'professional'))
const hours = upTo('hours')
const days = positiveUpTo('days')
const authorship = req('authorship', oneOf('sole', 'first', 'other'))

/** The fields each kind needs (contract §2); `opt` marks the ones with "?". */
const KIND_FIELDS: Record<Kind, Field[]> = {
  training: [
    subject,
    req('organizer', oneOf('hrss', 'industry', 'employer', 'institution', 'base')),
    req('days', days),
    opt('hours', hours),
  ],
  online_course: [subject, req('hours', hours)],
  public_course_exam: [opt('hours', hours)],
  practice: [req('days', days), opt('hours', hours)],
  conference: [
    req('level', oneOf('national', 'provincial', 'other')),
    opt('paperChars', upTo('paperChars')),
    opt('days', days),
    opt('hours', hours),
  ],
  lecturing: [req('type', oneOf('course', 'report')), req('hours', hours)],
  overseas_training: [req('days', days), req('durationDays', positiveUpTo('durationDays'))],
  study_tour: [],
  qualification_exam: [req('subjectsPassed', count), req('certificate', boolean)],
  skill_level_exam: [req('level', oneOf('senior', 'intermediate', 'junior'))],
  degree_course: [req('coursesPassed', count), opt('hours', hours)],
  degree_completed: [req('level', oneOf('bachelor', 'master', 'doctor')), opt('hours', hours)],
  self_study: [req('hours', hours), opt('days', days), req('archived', boolean)],
  paper: [authorship, opt('cnJournal', boolean)],
  book: [authorship],
  patent: [req('type', oneOf('invention', 'utility_model', 'software_copyright'))],
  standard: [req('role', oneOf('first', 'other'))],
  research_project: [
    req('level', oneOf('national', 'provincial', 'city', 'other')),
    req('role', oneOf('sole', 'host', 'main', 'participant')),
    req('completed', boolean),
  ],
  achievement_award: [],
  exam_item_writing: [req('times', count)],
  competition: [
    req('level', oneOf('provincial_or_above', 'other')),
    req('prize', oneOf('first', 'second', 'third', 'none')),
    req('activityId', text),
  ],
  grassroots_service: [req('days', days)],
  expert_service: [req('days', days)],
  aid_assignment: [req('months', between(1, LIMITS.months))],
  leave: [
    req('reason', oneOf('injury', 'illness', 'maternity', 'overseas_posting')),
    req('months', positiveUpTo('months')),
    req('employerApproved', boolean),
  ],
  language_exam: [req('grade', oneOf('A', 'B', 'C')), req('score', between(0, 100)), opt('passed', boolean)],
  computer_exam: [req('modules', count)],
  epidemic_frontline: [],
  mentorship: [req('role', oneOf('mentee')), req('hours', hours)],
  other: [subject, req('hours', hours)],
}

export const KINDS = Object.keys(KIND_FIELDS) as Kind[]

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && Object.hasOwn(KIND_FIELDS, value)
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

const COMMON: Field[] = [
  opt('title', (v) => (typeof v === 'string' ? undefined : 'must be a string')),
  opt('evidence', (v) => (Array.isArray(v) ? undefined : 'must be a list of file references')),
  opt('dedupKey', text),
  opt('makeUpFor', (v) =>
    Number.isInteger(v) && (v as number) >= 1000 && (v as number) <= 9999
      ? undefined
      : 'must be a year (whole number of 4 digits)',
  ),
  opt('approvedMax', upTo('hours')),
]

/** The fields a record of this kind may carry: the common ones, the kind's own, and id, kind, date. */
export function fieldNamesOf(kind: Kind): string[] {
  return ['id', 'kind', 'date', ...COMMON.map((f) => f.name), ...KIND_FIELDS[kind].map((f) => f.name)]
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
    const problem = r.kind === undefined ? 'is missing' : `${JSON.stringify(r.kind)} is not a known kind`
    throw new InvalidRecordError(name, 'kind', problem)
  }
  if (!isIsoDate(r.date)) {
    throw new InvalidRecordError(
      name,
      'date',
      r.date === undefined ? 'is missing' : 'must be a date YYYY-MM-DD',
    )
  }
  for (const fields of [COMMON, KIND_FIELDS[r.kind]]) {
    for (const field of fields) {
      const v = r[field.name]
      if (v === undefined || v === null) {
        if (field.optional) continue
        throw new InvalidRecordError(name, field.name, `is missing (${r.kind} needs it)`)
      }
      const problem = field.check(v)
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
