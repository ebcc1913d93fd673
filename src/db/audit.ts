import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { AuditEventTable, DB } from './schema.js'

export interface AuditRow {
  personKey: string
  seq: number
  at: Date
  actor: string
  actorOrganisationId: string | null
  action: string
  entity: string
  entityId: string
  before: string | null
  after: string | null
  prevHash: string
  hash: string
}

type Executor = Kysely<DB> | Transaction<DB>

const COLUMNS = [
  'person_key',
  'seq',
  'at',
  'actor',
  'actor_organisation_id',
  'action',
  'entity',
  'entity_id',
  'before',
  'after',
  'prev_hash',
  'hash',
] as const

export const toAuditRow = (r: Selectable<AuditEventTable>): AuditRow => ({
  personKey: r.person_key,
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  actorOrganisationId: r.actor_organisation_id,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: r.before,
  after: r.after,
  prevHash: r.prev_hash,
  hash: r.hash,
})

/** Serialises appenders of the chain until the transaction ends (taken just before its commit). */
export async function lockChain(trx: Transaction<DB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(20261124)`.execute(trx)
}

export async function findLastEvent(db: Executor): Promise<AuditRow | undefined> {
  const row = await db
    .selectFrom('audit_event')
    .select(COLUMNS)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? toAuditRow(row) : undefined
}

export async function findEventAt(db: Executor, seq: number): Promise<AuditRow | undefined> {
  const row = await db
    .selectFrom('audit_event')
    .select(COLUMNS)
    .where('seq', '=', String(seq))
    .executeTakeFirst()
  return row ? toAuditRow(row) : undefined
}

/** Appends rows already chained, a few hundred to a statement (bulk doors audit one row per person). */
export async function insertEvents(trx: Transaction<DB>, events: AuditRow[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    await trx
      .insertInto('audit_event')
      .values(
        events.slice(i, i + 500).map((e) => ({
          person_key: e.personKey,
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          actor_organisation_id: e.actorOrganisationId,
          action: e.action,
          entity: e.entity,
          entity_id: e.entityId,
          before: e.before,
          after: e.after,
          prev_hash: e.prevHash,
          hash: e.hash,
        })),
      )
      .execute()
  }
}

/** The trail in chain order, a page at a time, so a long trail is never held in memory at once. */
export async function* eventsInOrder(db: Executor, fromSeq = 1, pageSize = 5000): AsyncGenerator<AuditRow> {
  let next = fromSeq
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .select(COLUMNS)
      .where('seq', '>=', String(next))
      .orderBy('seq')
      .limit(pageSize)
      .execute()
    for (const r of rows) yield toAuditRow(r)
    if (rows.length < pageSize) return
    next = Number(rows[rows.length - 1]?.seq) + 1
  }
}
