import { createHash } from 'node:crypto'
import { fieldNamesOf, isKind } from '../policy/records.js'
import { canonicalJson } from './canonical-json.js'

/** Fields that say how a record was handled or proved, not which activity it was. */
const NOT_IDENTITY = new Set(['id', 'evidence', 'approvedMax'])

/** Text as a person means it: NFC, trimmed, inner runs of white space as one space. */
export const normalText = (s: string): string => s.normalize('NFC').trim().replace(/\s+/gu, ' ')

/**
 * The activity a record describes, spelled one way: the vocabulary's fields only, text normalised.
 * Two spellings of one activity (trailing spaces, key order, an unknown extra field) are one activity.
 */
export function recordIdentity(record: Record<string, unknown>): Record<string, unknown> {
  const known = isKind(record.kind) ? new Set(fieldNamesOf(record.kind)) : new Set(Object.keys(record))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(record)) {
    if (!known.has(k) || NOT_IDENTITY.has(k) || v === undefined || v === null) continue
    out[k] = typeof v === 'string' ? normalText(v) : v
  }
  return out
}

/** SHA-256 of the record's identity: equal for every spelling of one activity. */
export const contentHashOf = (record: Record<string, unknown>): string =>
  createHash('sha256')
    .update(canonicalJson(recordIdentity(record)))
    .digest('hex')

/**
 * Natural keys of credits: with the person, the source a credit comes from. The ledger holds at most one
 * live credit per (person, key); a correction reverses it and credits the next revision.
 */
export const creditKey = {
  /** An application or an employer's direct registration: the activity itself. */
  record: (contentHash: string) => `record:${contentHash}`,
  /** A line of a training project's roster (an institution's, or an authority's grant). */
  project: (projectId: string) => `project:${projectId}`,
  /** A mentee's hours from a mentorship's evaluation. */
  mentorship: (mentorshipId: string) => `mentorship:${mentorshipId}`,
  /** A record imported from another system, by that system's name and its own record id. */
  imported: (sourceSystem: string, recordId: string) =>
    `import:${JSON.stringify([normalText(sourceSystem), normalText(recordId)])}`,
}

/** The key columns of a credit that generated data (the demo, benchmarks) writes straight into the ledger. */
export const generatedCreditColumns = (record: { id: string }) => ({
  credit_key: `generated:${record.id}`,
  credit_revision: 0,
  content_hash: contentHashOf(record as unknown as Record<string, unknown>),
})
