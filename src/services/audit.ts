import { createHash, type KeyObject, sign, verify } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import {
  type AuditRow,
  eventsInOrder,
  findEventAt,
  findLastEvent,
  insertEvents,
  lockChain,
} from '../db/audit.js'
import type { DB } from '../db/schema.js'
import { deferringSummaries } from '../db/summaries.js'
import { canonicalJson } from './canonical-json.js'

export const GENESIS = '0'.repeat(64)

/** A state change: who (and for which organisation), what, before and after. */
export interface AuditInput {
  actor: string
  actorOrganisationId?: string | null
  action: string
  entity: string
  entityId: string
  personKey?: string
  before?: unknown
  after?: unknown
}

/** The hash of a row covers every column but the hash itself, including the previous row's hash. */
export function hashEvent(e: Omit<AuditRow, 'hash'>): string {
  const fields = [
    e.seq,
    e.personKey,
    e.at.toISOString(),
    e.actor,
    e.actorOrganisationId,
    e.action,
    e.entity,
    e.entityId,
    e.before,
    e.after,
    e.prevHash,
  ]
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex')
}

/** An event waiting in its transaction to be appended, and when it happened if the caller says so. */
type Pending = { input: AuditInput; at?: Date }

/** The events each open transaction has recorded so far, in order; appended just before it commits. */
const pending = new WeakMap<Transaction<DB>, Pending[]>()

/**
 * Runs `work` in a transaction whose audit events are appended to the chain as its very last step, so
 * the chain's lock is held only from that append to the commit, not while the work runs: a roster
 * confirmation of 20 s no longer makes every sign-in wait. Every audited write goes through here (or
 * through appendingAudits, for a transaction opened elsewhere): recordAudit refuses any other.
 */
export function transact<T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute((trx) => appendingAudits(trx, () => work(trx)))
}

/**
 * Collects the events `work` records in this open transaction and appends them, in order, after it
 * returns (still inside the transaction, so they commit with the writes they record or not at all).
 * Within a transaction already collecting, the outer call appends.
 */
export async function appendingAudits<T>(trx: Transaction<DB>, work: () => Promise<T>): Promise<T> {
  if (pending.has(trx)) return work()
  const events: Pending[] = []
  pending.set(trx, events)
  try {
    // The summaries' changes, then the audit events: the shared rows are locked only from here to the commit.
    const result = await deferringSummaries(trx, work)
    await appendEvents(trx, events)
    return result
  } finally {
    pending.delete(trx)
  }
}

function pendingOf(trx: Transaction<DB>): Pending[] {
  const events = pending.get(trx)
  // Without transact the event would never be appended: refuse, and the write rolls back with it.
  if (!events) throw new Error('an audited write must run in transact() (src/services/audit.ts)')
  return events
}

/** Records one event of the caller's transaction; it joins the chain when the transaction ends. */
export async function recordAudit(trx: Transaction<DB>, input: AuditInput, at?: Date): Promise<void> {
  pendingOf(trx).push({ input, at })
}

/** Records several events in order, as recordAudit would one by one (a bulk door's per-person events). */
export async function recordAudits(trx: Transaction<DB>, inputs: AuditInput[], at?: Date): Promise<void> {
  pendingOf(trx).push(...inputs.map((input) => ({ input, at })))
}

/**
 * Appends events to the chain: one lock, one read of the chain's head, hashes in order, a few inserts.
 * The lock is the transaction's and is released by its commit or rollback, so the next appender reads a
 * head that is committed, and seq order is commit order. Events without their own time are stamped now.
 */
async function appendEvents(trx: Transaction<DB>, events: readonly Pending[]): Promise<void> {
  if (events.length === 0) return
  await lockChain(trx)
  const last = await findLastEvent(trx)
  const now = new Date()
  let seq = last?.seq ?? 0
  let prevHash = last?.hash ?? GENESIS
  const rows: AuditRow[] = events.map(({ input, at }) => {
    seq += 1
    const unsigned = {
      personKey: input.personKey ?? '',
      seq,
      at: at ?? now,
      actor: input.actor,
      actorOrganisationId: input.actorOrganisationId ?? null,
      action: input.action,
      entity: input.entity,
      entityId: input.entityId,
      before: input.before === undefined ? null : canonicalJson(input.before),
      after: input.after === undefined ? null : canonicalJson(input.after),
      prevHash,
    }
    const row = { ...unsigned, hash: hashEvent(unsigned) }
    prevHash = row.hash
    return row
  })
  await insertEvents(trx, rows)
}

export type ChainVerdict =
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; brokenAt: number; reason: string }

/** Walks the whole chain in order; the first row whose link or content does not check is named. */
export async function verifyChain(db: Kysely<DB>): Promise<ChainVerdict> {
  let expectedSeq = 1
  let prev = GENESIS
  let count = 0
  for await (const row of eventsInOrder(db)) {
    if (row.seq !== expectedSeq) {
      return {
        ok: false,
        count,
        brokenAt: expectedSeq,
        reason: `row ${expectedSeq} is missing (next is ${row.seq})`,
      }
    }
    if (row.prevHash !== prev) {
      return {
        ok: false,
        count,
        brokenAt: row.seq,
        reason: `row ${row.seq} does not link to row ${row.seq - 1}`,
      }
    }
    if (hashEvent(row) !== row.hash) {
      return {
        ok: false,
        count,
        brokenAt: row.seq,
        reason: `row ${row.seq} was altered: its hash does not match its content`,
      }
    }
    prev = row.hash
    expectedSeq += 1
    count += 1
  }
  return { ok: true, count, head: prev }
}

/** A signed statement of the chain's head, like a Certificate Transparency signed tree head. */
export interface Checkpoint {
  version: 1
  seq: number
  head: string
  issuedAt: string
  signature: string
}

const signedPart = (c: Omit<Checkpoint, 'signature'>) =>
  Buffer.from(canonicalJson({ version: c.version, seq: c.seq, head: c.head, issuedAt: c.issuedAt }))

export async function issueCheckpoint(db: Kysely<DB>, key: KeyObject, now = new Date()): Promise<Checkpoint> {
  const verdict = await verifyChain(db)
  if (!verdict.ok) throw new Error(`the audit trail is broken at row ${verdict.brokenAt}: ${verdict.reason}`)
  const body = { version: 1 as const, seq: verdict.count, head: verdict.head, issuedAt: now.toISOString() }
  return { ...body, signature: sign(null, signedPart(body), key).toString('base64') }
}

export function parseCheckpoint(text: string): Checkpoint {
  const c = JSON.parse(text) as Partial<Checkpoint>
  const valid =
    c.version === 1 &&
    Number.isInteger(c.seq) &&
    typeof c.head === 'string' &&
    /^[0-9a-f]{64}$/.test(c.head) &&
    typeof c.issuedAt === 'string' &&
    typeof c.signature === 'string'
  if (!valid) throw new Error('not an audit checkpoint (version, seq, head, issuedAt, signature)')
  return c as Checkpoint
}

/**
 * Proves the current trail still extends a checkpoint: the signature is ours, the chain is intact, and
 * the row at the checkpoint's position still has the head it had. A history rewritten and re-hashed
 * end to end passes the chain check but fails the last one.
 */
export async function verifyAgainstCheckpoint(
  db: Kysely<DB>,
  key: KeyObject,
  c: Checkpoint,
): Promise<ChainVerdict> {
  if (!verify(null, signedPart(c), key, Buffer.from(c.signature, 'base64'))) {
    return {
      ok: false,
      count: 0,
      brokenAt: 0,
      reason: 'the checkpoint signature is not valid for this deployment',
    }
  }
  const verdict = await verifyChain(db)
  if (!verdict.ok) return verdict
  if (verdict.count < c.seq) {
    return {
      ok: false,
      count: verdict.count,
      brokenAt: verdict.count + 1,
      reason: `the trail has ${verdict.count} rows, the checkpoint ${c.seq}`,
    }
  }
  const head = c.seq === 0 ? GENESIS : (await findEventAt(db, c.seq))?.hash
  if (head !== c.head) {
    return {
      ok: false,
      count: verdict.count,
      brokenAt: c.seq,
      reason: `row ${c.seq} no longer has the hash signed on ${c.issuedAt}: the history before it was rewritten`,
    }
  }
  return verdict
}
