import fc from 'fast-check'
import { LIMITS, parseRecords } from '../src/policy/records.js'
import type { ActivityRecord, Kind } from '../src/policy/types.js'

/** Usually an everyday value, sometimes the largest the vocabulary accepts (records.ts LIMITS). */
const orMax = <T>(a: fc.Arbitrary<T>, max: T) =>
  fc.oneof({ weight: 9, arbitrary: a }, { weight: 1, arbitrary: fc.constant(max) })

const subject = fc.constantFrom('public', 'professional')
const days = orMax(
  fc.integer({ min: 1, max: 40 }).map((n) => n / 2),
  LIMITS.days,
)
const hours = orMax(
  fc.integer({ min: 0, max: 240 }).map((n) => n / 2),
  LIMITS.hours,
)
const count = orMax(fc.integer({ min: 1, max: 4 }), LIMITS.count)
const bool = fc.boolean()
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined })

/** Field values of every kind of the vocabulary (contract §2). */
const FIELDS: Record<Kind, fc.Arbitrary<Record<string, unknown>>> = {
  training: fc.record({
    subject,
    organizer: fc.constantFrom('hrss', 'industry', 'employer', 'institution', 'base'),
    days,
    hours: opt(hours),
  }),
  online_course: fc.record({ subject, hours }),
  public_course_exam: fc.record({ hours: opt(hours) }),
  practice: fc.record({ days, hours: opt(hours) }),
  conference: fc.record({
    level: fc.constantFrom('national', 'provincial', 'other'),
    paperChars: opt(orMax(fc.integer({ min: 0, max: 6000 }), LIMITS.paperChars)),
    days: opt(days),
    hours: opt(hours),
  }),
  lecturing: fc.record({ type: fc.constantFrom('course', 'report'), hours }),
  overseas_training: fc.record({
    days,
    durationDays: orMax(fc.integer({ min: 1, max: 400 }), LIMITS.durationDays),
  }),
  study_tour: fc.constant({}),
  qualification_exam: fc.record({ subjectsPassed: count, certificate: bool }),
  skill_level_exam: fc.record({ level: fc.constantFrom('senior', 'intermediate', 'junior') }),
  degree_course: fc.record({ coursesPassed: count, hours: opt(hours) }),
  degree_completed: fc.record({ level: fc.constantFrom('bachelor', 'master', 'doctor'), hours: opt(hours) }),
  self_study: fc.record({ hours, days: opt(days), archived: bool }),
  paper: fc.record({ authorship: fc.constantFrom('sole', 'first', 'other'), cnJournal: opt(bool) }),
  book: fc.record({ authorship: fc.constantFrom('sole', 'first', 'other') }),
  patent: fc.record({ type: fc.constantFrom('invention', 'utility_model', 'software_copyright') }),
  standard: fc.record({ role: fc.constantFrom('first', 'other') }),
  research_project: fc.record({
    level: fc.constantFrom('national', 'provincial', 'city', 'other'),
    role: fc.constantFrom('sole', 'host', 'main', 'participant'),
    completed: bool,
  }),
  achievement_award: fc.constant({}),
  exam_item_writing: fc.record({ times: count }),
  competition: fc.record({
    level: fc.constantFrom('provincial_or_above', 'other'),
    prize: fc.constantFrom('first', 'second', 'third', 'none'),
  }),
  grassroots_service: fc.record({ days }),
  expert_service: fc.record({ days }),
  aid_assignment: fc.record({ months: fc.integer({ min: 1, max: 12 }) }),
  leave: fc.record({
    reason: fc.constantFrom('injury', 'illness', 'maternity', 'overseas_posting'),
    months: fc.integer({ min: 1, max: 12 }),
    employerApproved: bool,
  }),
  language_exam: fc.record({
    grade: fc.constantFrom('A', 'B', 'C'),
    score: fc.integer({ min: 0, max: 100 }),
    passed: opt(bool),
  }),
  computer_exam: fc.record({ modules: count }),
  epidemic_frontline: fc.constant({}),
  mentorship: fc.record({ role: fc.constant('mentee'), hours }),
  other: fc.record({ subject, hours }),
}

/** A record body (no id) dated in `year`. A dedupKey, when drawn, names the content, so duplicates are alike. */
export const recordBody = (year: number) =>
  fc
    .tuple(
      fc
        .constantFrom(...(Object.keys(FIELDS) as Kind[]))
        .chain((kind) => FIELDS[kind].map((f) => ({ kind, ...f }))),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
      fc.boolean(),
    )
    .map(([body, month, day, dedup]) => {
      const r: Record<string, unknown> = {
        ...body,
        date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      }
      for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k]
      if (r.kind === 'competition') r.activityId = `${r.level}/${r.prize}`
      if (dedup) r.dedupKey = JSON.stringify(body)
      return r
    })

/** Validated records with ids r1, r2 … */
export const withIds = (bodies: Record<string, unknown>[]): ActivityRecord[] =>
  parseRecords(bodies.map((b, i) => ({ id: `r${i + 1}`, ...b })))

export const records = (year: number, max = 12) => fc.array(recordBody(year), { maxLength: max }).map(withIds)
