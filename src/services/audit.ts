import { createHash, type KeyObject, sign, verify } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import {
  type AuditRow,
  eventsInOrder,
  findEventAt,
  findLastEvent,
  insertEvent,
  insertEvents,
  lockChain,
} from '../db/audit.js'
import type { DB } from '../db/schema.js'
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

/** Appends one event to the chain inside the caller's transaction (the write it records commits with it). */
export async function recordAudit(
  trx: Transaction<DB>,
  input: AuditInput,
  at = new Date(),
): Promise<AuditRow> {
  await lockChain(trx)
  const last = await findLastEvent(trx)
  const unsigned = {
    personKey: input.personKey ?? '',
    seq: (last?.seq ?? 0) + 1,
    at,
    actor: input.actor,
    actorOrganisationId: input.actorOrganisationId ?? null,
    action: input.action,
    entity: input.entity,
    entityId: input.entityId,
    before: input.before === undefined ? null : canonicalJson(input.before),
    after: input.after === undefined ? null : canonicalJson(input.after),
    prevHash: last?.hash ?? GENESIS,
  }
  const row = { ...unsigned, hash: hashEvent(unsigned) }
  await insertEvent(trx, row)
  return row
}

/**
 * Appends several events in order, as recordAudit would one by one, with one lock, one read of the chain's
 * head and a few inserts: a bulk door's per-person events cost a statement per few hundred, not three each.
 */
export async function recordAudits(
  trx: Transaction<DB>,
  inputs: AuditInput[],
  at = new Date(),
): Promise<void> {
  if (inputs.length === 0) return
  await lockChain(trx)
  const last = await findLastEvent(trx)
  let seq = last?.seq ?? 0
  let prevHash = last?.hash ?? GENESIS
  const rows: AuditRow[] = inputs.map((input) => {
    seq += 1
    const unsigned = {
      personKey: input.personKey ?? '',
      seq,
      at,
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
