import { InvalidRecordError } from '../../../../../src/policy/errors.js'
import { evaluate } from '../../../../../src/policy/evaluate.js'
import type { Policy } from '../../../../../src/policy/policy.js'
import { parseRecord } from '../../../../../src/policy/records.js'
import type { ActivityRecord, Kind, RecordCredit } from '../../../../../src/policy/types.js'
import { COMMON, type FieldSpec, VOCABULARY } from '../../../../../src/policy/vocabulary.js'

/**
 * The register form, driven by the record vocabulary (src/policy/vocabulary.ts): which kinds a person is
 * offered under their policy, in what order, which fields each kind asks for, the record the form's values
 * make, and the engine's preview of it, computed here in the browser by the same engine as the server's.
 */

export type GroupKey = 'study' | 'exchange' | 'results' | 'exams' | 'service'

/** Every kind once, grouped and ordered as a person looks for them: training first, the rare ones last. */
export const KIND_GROUPS: readonly { key: GroupKey; kinds: readonly Kind[] }[] = [
  {
    key: 'study',
    kinds: [
      'training',
      'online_course',
      'public_course_exam',
      'practice',
      'self_study',
      'overseas_training',
      'study_tour',
      'mentorship',
    ],
  },
  { key: 'exchange', kinds: ['conference', 'lecturing'] },
  {
    key: 'results',
    kinds: ['paper', 'book', 'patent', 'standard', 'research_project', 'achievement_award'],
  },
  {
    key: 'exams',
    kinds: [
      'qualification_exam',
      'language_exam',
      'computer_exam',
      'skill_level_exam',
      'degree_course',
      'degree_completed',
    ],
  },
  {
    key: 'service',
    kinds: [
      'grassroots_service',
      'expert_service',
      'aid_assignment',
      'exam_item_writing',
      'competition',
      'epidemic_frontline',
      'leave',
      'other',
    ],
  },
]

/**
 * The groups of kinds the policy credits (a kind it does not list earns nothing, contract §2), keeping
 * `current` (the kind of an application being corrected) whatever the policy says; empty groups dropped.
 */
export function kindGroupsFor(policy: Policy | undefined, current?: string) {
  return KIND_GROUPS.map((g) => ({
    key: g.key,
    kinds: g.kinds.filter((k) => !policy || policy.rules[k] !== undefined || k === current),
  })).filter((g) => g.kinds.length > 0)
}

const MAKE_UP = COMMON.find((f) => f.name === 'makeUpFor') as FieldSpec

/**
 * The fields the form asks for a kind, in the vocabulary's order: the kind's own, and the make-up year
 * where the policy allows making up a year (cn-engineering-2026 第二十条). id, kind, date and title are
 * the form's own; evidence is uploaded, approvedMax is the reviewer's, dedupKey is for systems.
 */
export function fieldsOf(kind: Kind, policy: Policy | undefined): FieldSpec[] {
  const own = [...VOCABULARY[kind].fields]
  return policy?.makeUpBasis ? [...own, MAKE_UP] : own
}

/** Form values: the record's fields by name; numbers and booleans as the controls give them. */
export type FormValues = Record<string, unknown>

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '')

/** The record the form describes (without id): kind, date, title and the kind's filled fields. */
export function recordOf(
  kind: Kind,
  values: FormValues,
  fields: readonly FieldSpec[],
): Record<string, unknown> {
  const record: Record<string, unknown> = { kind, date: values.date }
  if (!blank(values.title)) record.title = String(values.title).trim()
  for (const f of fields) {
    const v = values[f.name]
    if (blank(v)) continue
    record[f.name] = typeof v === 'string' ? v.trim() : v
  }
  return record
}

/** The form's values for a stored record (an application being corrected). */
export function valuesOf(record: Record<string, unknown>): FormValues {
  const { id: _, evidence: __, approvedMax: ___, ...values } = record
  return values
}

/** The required fields still empty, in the form's order (date first). */
export function missingOf(values: FormValues, fields: readonly FieldSpec[]): string[] {
  const required = ['date', ...fields.filter((f) => !f.optional).map((f) => f.name)]
  return required.filter((name) => blank(values[name]))
}

export type LocalPreview =
  | { state: 'missing'; fields: string[] }
  | { state: 'invalid'; field: string }
  | { state: 'credited'; credit: RecordCredit }

/**
 * What the engine credits the record in its year, beside what the person already has that year (the
 * records of the year's ledger entries): caps, equivalences and "the same result once" as the server
 * computes them. Earlier years' results (裁定13) are the server's to see; its preview confirms on submit.
 */
export function previewLocally(
  policy: Policy,
  year: number,
  ledger: readonly ActivityRecord[],
  record: Record<string, unknown>,
  fields: readonly FieldSpec[],
): LocalPreview {
  const missing = missingOf(record, fields)
  if (missing.length > 0) return { state: 'missing', fields: missing }
  let parsed: ActivityRecord
  try {
    parsed = parseRecord({ ...record, id: PREVIEW_ID }, 1)
  } catch (e) {
    if (e instanceof InvalidRecordError) return { state: 'invalid', field: e.field }
    throw e
  }
  const result = evaluate(policy, year, [...ledger, parsed])
  return { state: 'credited', credit: result.records.find((r) => r.id === PREVIEW_ID) as RecordCredit }
}

const PREVIEW_ID = '\u0000preview'

/** Two credits tell the same: the same hours under the same clause. */
export const sameCredit = (
  a: Pick<RecordCredit, 'public' | 'professional' | 'basis'>,
  b: Pick<RecordCredit, 'public' | 'professional' | 'basis'>,
) => a.public === b.public && a.professional === b.professional && a.basis === b.basis
