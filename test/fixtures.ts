import { evaluate } from '../src/policy/evaluate.js'
import type { Policy } from '../src/policy/policy.js'
import { parseRecord } from '../src/policy/records.js'
import type { ActivityRecord, Evaluation, Kind, RecordCredit } from '../src/policy/types.js'

let next = 0

/** A valid record of `kind` dated `date` (validated, so a fixture can't drift from the vocabulary). */
export function rec(kind: Kind, fields: Record<string, unknown> = {}, date = '2024-06-01'): ActivityRecord {
  next += 1
  return parseRecord({ id: `r${next}`, kind, date, ...fields }, next)
}

/** The year `year` of `records` under `policy`. */
export const run = (policy: Policy, year: number, records: ActivityRecord[]): Evaluation =>
  evaluate(policy, year, records)

/** What one record alone earns in its year. */
export function credit(policy: Policy, record: ActivityRecord): RecordCredit {
  const [c] = evaluate(policy, Number(record.date.slice(0, 4)), [record]).records
  if (!c) throw new Error('record not counted in its own year')
  return c
}

/** [public, professional] one record alone earns. */
export function hours(policy: Policy, record: ActivityRecord): [number, number] {
  const c = credit(policy, record)
  return [c.public, c.professional]
}
