// How a person's year is computed from the ledger, as pure functions: the ledger service stores it with
// every write (ledger.ts), and the year-end recomputation (recompute.ts) replays it in worker threads, so
// this module imports the engine only (no database).
import type { Person } from '../db/persons.js'
import { InputError } from '../policy/errors.js'
import { evaluate } from '../policy/evaluate.js'
import type { Policy } from '../policy/policy.js'
import { yearOf } from '../policy/records.js'
import { type PolicySetting, resolvePolicyWith } from '../policy/registry.js'
import type { ActivityRecord, Evaluation } from '../policy/types.js'

/** What policy resolution needs of a person. */
export type PolicyHolder = Pick<Person, 'regionCode' | 'series'>

/**
 * The policy that governs a person's year: their region and 职称 series (contract §1 resolution), under
 * the deployment's settings (policySettingsOf, read once in the caller's transaction).
 */
export const policyFor = (person: PolicyHolder, year: number, settings: readonly PolicySetting[]): Policy =>
  resolvePolicyWith(person.regionCode, person.series, year, settings)

/**
 * How many earlier years the engine sees beside the year it evaluates: a make-up reads the year before
 * (裁定8), and a result credited once is not credited again in a later year (裁定13) — the five years
 * of Qingdao's window (青人社字〔2023〕14号 四) bound how far back that is looked for.
 */
export const EARLIER_YEARS = 5

/** The same, or undefined for a year no policy covered (a record from then is kept all the same). */
export function findPolicyFor(
  person: PolicyHolder,
  year: number,
  settings: readonly PolicySetting[],
): Policy | undefined {
  try {
    return policyFor(person, year, settings)
  } catch (e) {
    if (e instanceof InputError) return undefined
    throw e
  }
}

/** A person's records as the engine sees them: the live credits, each under its ledger entry's id. */
export const engineRecords = (entries: readonly { id: string; record: unknown }[]): ActivityRecord[] =>
  entries.map((e) => ({ ...(e.record as ActivityRecord), id: e.id }))

/**
 * The years a record can change: its own; the year before, for a make-up (裁定8); the year after, for
 * a leave that lets that year's make-ups count back.
 */
export function affectedYears(record: ActivityRecord): number[] {
  const year = yearOf(record)
  return [
    year,
    ...(record.makeUpFor !== undefined ? [year - 1] : []),
    ...(record.kind === 'leave' ? [year + 1] : []),
  ]
}

/**
 * The person's year over their live credits of years year − EARLIER_YEARS … year + 1 (oldest first), or
 * undefined when no policy is in force for them that year (then no person_year row is stored).
 */
export function evaluatePersonYear(
  person: PolicyHolder,
  year: number,
  settings: readonly PolicySetting[],
  live: readonly { id: string; record: unknown }[],
): Evaluation | undefined {
  const policy = findPolicyFor(person, year, settings)
  return policy === undefined ? undefined : evaluate(policy, year, engineRecords(live))
}
