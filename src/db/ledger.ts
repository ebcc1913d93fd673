import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { ActivityRecord, Evaluation } from '../policy/types.js'
import type { DB, LedgerEntryTable, LedgerSource, PersonYearTable } from './schema.js'

type Executor = Kysely<DB> | Transaction<DB>

export interface LedgerEntry {
  personKey: string
  id: string
  entryType: 'credit' | 'reversal'
  year: number
  recordId: string | null
  record: ActivityRecord | null
  policyId: string | null
  public: number
  professional: number
  basis: string
  source: LedgerSource
  actor: string
  actorOrganisationId: string | null
  reason: string | null
  reversesId: string | null
  creditKey: string | null
  creditRevision: number | null
  contentHash: string | null
  batchId: string | null
  createdAt: Date
}

/** The credit aliased `e` has been reversed: a reversal of the same person points at it. */
export const REVERSED = sql<boolean>`EXISTS (SELECT 1 FROM ledger_entry r WHERE r.person_key = e.person_key AND r.reverses_id = e.id)`

export const toEntry = (r: Selectable<LedgerEntryTable>): LedgerEntry => ({
  personKey: r.person_key,
  id: r.id,
  entryType: r.entry_type,
  year: r.year,
  recordId: r.record_id,
  record: (r.record as ActivityRecord | null) ?? null,
  policyId: r.policy_id,
  public: Number(r.public),
  professional: Number(r.professional),
  basis: r.basis,
  source: r.source,
  actor: r.actor,
  actorOrganisationId: r.actor_organisation_id,
  reason: r.reason,
  reversesId: r.reverses_id,
  creditKey: r.credit_key,
  creditRevision: r.credit_revision,
  contentHash: r.content_hash,
  batchId: r.batch_id,
  createdAt: r.created_at,
})

/** Raised when a credit's natural key is already taken by a live credit (or by a concurrent writer). */
export class DuplicateCreditError extends Error {
  override name = 'DuplicateCreditError'
}

/** PostgreSQL and PGlite both report a unique violation as SQLSTATE 23505 naming the constraint. */
function rethrowDuplicate(e: unknown): never {
  const err = e as { code?: string; constraint?: string; message?: string }
  if (err?.code === '23505' && (err.constraint ?? err.message ?? '').includes('ledger_entry_credit_key'))
    throw new DuplicateCreditError('该学时已记入（同一人员、同一来源），不能重复记入', { cause: e })
  throw e
}

export async function insertEntry(db: Executor, row: Insertable<LedgerEntryTable>): Promise<LedgerEntry> {
  try {
    return toEntry(await db.insertInto('ledger_entry').values(row).returningAll().executeTakeFirstOrThrow())
  } catch (e) {
    rethrowDuplicate(e)
  }
}

/** Inserts many entries in one statement (bulk loads). */
export async function insertEntries(db: Executor, rows: Insertable<LedgerEntryTable>[]): Promise<void> {
  if (rows.length === 0) return
  try {
    await db.insertInto('ledger_entry').values(rows).execute()
  } catch (e) {
    rethrowDuplicate(e)
  }
}

/** A credit written in bulk (appendCredits): the columns such a credit fills. */
export interface CreditRow {
  person_key: string
  id: string
  year: number
  /** The record as JSON text. */
  record: string
  credit_key: string
  credit_revision: number
  content_hash: string
  batch_id: string
  policy_id: string | null
  public: number
  professional: number
  basis: string
  source: LedgerSource
  actor: string
  actor_organisation_id: string | null
}

/**
 * Inserts bulk credits as one statement of arrays (unnest): 16 parameters however many rows, where a
 * multi-row VALUES binds 16 per row and costs PostgreSQL most of its time in parsing and planning.
 */
export async function insertCredits(db: Executor, rows: readonly CreditRow[]): Promise<void> {
  if (rows.length === 0) return
  const column = <K extends keyof CreditRow>(key: K) => rows.map((r) => r[key])
  try {
    await sql`
      INSERT INTO ledger_entry (person_key, id, entry_type, year, record, credit_key, credit_revision,
        content_hash, batch_id, policy_id, public, professional, basis, source, actor, actor_organisation_id)
      SELECT person_key, id, 'credit', year, record::jsonb, credit_key, credit_revision, content_hash,
        batch_id, policy_id, public, professional, basis, source, actor, actor_organisation_id
      FROM unnest(${column('person_key')}::text[], ${column('id')}::uuid[], ${column('year')}::int[],
        ${column('record')}::text[], ${column('credit_key')}::text[], ${column('credit_revision')}::int[],
        ${column('content_hash')}::text[], ${column('batch_id')}::uuid[], ${column('policy_id')}::text[],
        ${column('public')}::numeric[], ${column('professional')}::numeric[], ${column('basis')}::text[],
        ${column('source')}::text[], ${column('actor')}::text[], ${column('actor_organisation_id')}::uuid[])
        AS v(person_key, id, year, record, credit_key, credit_revision, content_hash, batch_id, policy_id,
          public, professional, basis, source, actor, actor_organisation_id)
    `.execute(db)
  } catch (e) {
    rethrowDuplicate(e)
  }
}

export interface KeyedCredit {
  personKey: string
  creditKey: string
  id: string
  revision: number
  contentHash: string | null
  live: boolean
}

/**
 * Every credit, live or reversed, under these (person, natural key) pairs: one query, one index probe a
 * pair (LATERAL), so its cost follows the pairs asked for, not the ledger's size.
 */
export async function creditsUnderKeys(
  db: Executor,
  pairs: readonly { personKey: string; creditKey: string }[],
): Promise<KeyedCredit[]> {
  if (pairs.length === 0) return []
  const unique = [...new Map(pairs.map((p) => [`${p.personKey} ${p.creditKey}`, p])).values()]
  const rows = await sql<{
    person_key: string
    credit_key: string
    id: string
    credit_revision: number
    content_hash: string | null
    reversed: boolean
  }>`
    SELECT e.person_key, e.credit_key, e.id, e.credit_revision, e.content_hash, ${REVERSED} AS reversed
    FROM unnest(${unique.map((p) => p.personKey)}::text[], ${unique.map((p) => p.creditKey)}::text[])
      AS k(person_key, credit_key)
    CROSS JOIN LATERAL (
      SELECT * FROM ledger_entry x WHERE x.person_key = k.person_key AND x.credit_key = k.credit_key
      OFFSET 0 -- not flattened: one index probe a key (flattened, the planner hashed all 7.4 M entries)
    ) e
  `.execute(db)
  return rows.rows.map((r) => ({
    personKey: r.person_key,
    creditKey: r.credit_key,
    id: r.id,
    revision: Number(r.credit_revision),
    contentHash: r.content_hash,
    live: !r.reversed,
  }))
}

/** Live credits of these persons whose record has one of these identities (content hashes). */
export async function liveCreditsWithContent(
  db: Executor,
  personKeys: readonly string[],
  contentHashes: readonly string[],
): Promise<{ personKey: string; contentHash: string; id: string; source: LedgerSource }[]> {
  if (personKeys.length === 0 || contentHashes.length === 0) return []
  const rows = await db
    .selectFrom('ledger_entry as e')
    .select(['e.person_key', 'e.content_hash', 'e.id', 'e.source'])
    .where('e.person_key', 'in', [...new Set(personKeys)])
    .where('e.content_hash', 'in', [...new Set(contentHashes)])
    .where('e.entry_type', '=', 'credit')
    .where(sql<boolean>`NOT ${REVERSED}`)
    .execute()
  return rows.map((r) => ({
    personKey: r.person_key,
    contentHash: r.content_hash as string,
    id: r.id,
    source: r.source,
  }))
}

/**
 * Live credits with these (person, content hash) pairs: one probe of ledger_entry_content a pair, the pairs
 * as two array parameters. A region's exchange file (~200,000 lines) passed as lists to
 * liveCreditsWithContent exceeded PostgreSQL's 65,535 parameters, and in chunks of 1,000 each chunk was a
 * sequential scan of the ledger (bench/exchange.ts).
 */
export async function liveCreditsWithContentPairs(
  db: Executor,
  pairs: readonly { personKey: string; contentHash: string }[],
): Promise<{ personKey: string; contentHash: string; id: string; source: LedgerSource }[]> {
  if (pairs.length === 0) return []
  const unique = [...new Map(pairs.map((p) => [`${p.personKey} ${p.contentHash}`, p])).values()]
  const rows = await sql<{ person_key: string; content_hash: string; id: string; source: LedgerSource }>`
    SELECT e.person_key, e.content_hash, e.id, e.source
    FROM unnest(${unique.map((p) => p.personKey)}::text[], ${unique.map((p) => p.contentHash)}::text[])
      AS k(person_key, content_hash)
    CROSS JOIN LATERAL (
      SELECT * FROM ledger_entry e
      WHERE e.person_key = k.person_key AND e.content_hash = k.content_hash AND e.entry_type = 'credit'
        AND NOT ${REVERSED}
      OFFSET 0 -- not flattened: one index probe a pair
    ) e
  `.execute(db)
  return rows.rows.map((r) => ({
    personKey: r.person_key,
    contentHash: r.content_hash,
    id: r.id,
    source: r.source,
  }))
}

async function findOne(db: Executor, personKey: string, column: 'id' | 'reverses_id', id: string) {
  const row = await db
    .selectFrom('ledger_entry')
    .selectAll()
    .where('person_key', '=', personKey)
    .where(column, '=', id)
    .executeTakeFirst()
  return row ? toEntry(row) : undefined
}

export const findEntry = (db: Executor, personKey: string, id: string): Promise<LedgerEntry | undefined> =>
  findOne(db, personKey, 'id', id)

/** The reversal that cancels a credit, if any. */
export const findReversalOf = (
  db: Executor,
  personKey: string,
  id: string,
): Promise<LedgerEntry | undefined> => findOne(db, personKey, 'reverses_id', id)

/** Credits of these years that no reversal cancels, oldest first. */
export const liveCredits = (
  db: Executor,
  personKey: string,
  fromYear: number,
  toYear: number,
): Promise<LedgerEntry[]> => liveCreditsOf(db, [personKey], fromYear, toYear)

/** The live credits of several persons at once (bulk work): one query, no per-person round trips. */
export async function liveCreditsOf(
  db: Executor,
  personKeys: readonly string[],
  fromYear: number,
  toYear: number,
): Promise<LedgerEntry[]> {
  if (personKeys.length === 0) return []
  const rows = await db
    .selectFrom('ledger_entry as e')
    .selectAll('e')
    .where('e.person_key', 'in', personKeys)
    .where('e.entry_type', '=', 'credit')
    .where('e.year', '>=', fromYear)
    .where('e.year', '<=', toYear)
    .where(sql<boolean>`NOT ${REVERSED}`)
    .orderBy('e.created_at')
    .execute()
  return rows.map(toEntry)
}

/** A live credit as the engine reads it: whose, which entry, the record. */
export interface LiveRecord {
  personKey: string
  id: string
  record: ActivityRecord
}

/** A ledger entry as the bulk reads take it: the record as JSON text, created_at in microseconds. */
export interface LedgerRowText {
  person_key: string
  id: string
  reverses_id: string | null
  record: string | null
  at: number
}

/**
 * Several persons' credits of years fromYear … toYear and all their reversals, in no order: one index
 * probe a person, so a batch of 5,000 persons costs the same in a ledger of 100,000 entries as in one of
 * 10 million. Returns the rows and the credits a reversal among them cancels ("person id").
 */
export async function ledgerRowsOf(
  db: Executor,
  personKeys: readonly string[],
  fromYear: number,
  toYear: number,
): Promise<{ rows: LedgerRowText[]; reversed: Set<string> }> {
  if (personKeys.length === 0) return { rows: [], reversed: new Set() }
  const { rows } = await sql<LedgerRowText>`
    SELECT e.person_key, e.id, e.reverses_id, e.record::text AS record,
      floor(extract(epoch FROM e.created_at) * 1000000)::float8 AS at
    FROM unnest(${[...personKeys]}::text[]) AS k(person_key)
    CROSS JOIN LATERAL (
      SELECT e.person_key, e.id, e.reverses_id, e.record, e.created_at FROM ledger_entry e
      WHERE e.person_key = k.person_key
        AND (e.entry_type = 'reversal' OR (e.year >= ${fromYear} AND e.year <= ${toYear}))
      OFFSET 0 -- not flattened: one index probe a key (flattened, the planner hashed all 7.4 M entries)
    ) e
  `.execute(db)
  const reversed = new Set(rows.flatMap((r) => (r.reverses_id ? [`${r.person_key} ${r.reverses_id}`] : [])))
  return { rows, reversed }
}

/**
 * The live credits of several persons at once (bulk work), only what the engine reads, oldest first as
 * liveCreditsOf gives them (by the millisecond, as a Date holds it): ledgerRowsOf's rows, reversed
 * credits dropped here rather than probed one by one.
 */
export async function liveRecordsOf(
  db: Executor,
  personKeys: readonly string[],
  fromYear: number,
  toYear: number,
): Promise<LiveRecord[]> {
  const { rows, reversed } = await ledgerRowsOf(db, personKeys, fromYear, toYear)
  const ms = (r: LedgerRowText) => Math.floor(r.at / 1000)
  return rows
    .filter((r) => r.reverses_id === null && !reversed.has(`${r.person_key} ${r.id}`))
    .sort((a, b) => ms(a) - ms(b))
    .map((r) => ({
      personKey: r.person_key,
      id: r.id,
      record: JSON.parse(r.record as string) as ActivityRecord,
    }))
}

/**
 * For the rest of the transaction, no JIT compilation: bulk work's statements run in milliseconds, and
 * PostgreSQL compiled the bulk ledger read for 0.8 s a batch (issue 15). PGlite accepts the setting too.
 */
export async function withoutJit(trx: Transaction<DB>): Promise<void> {
  await sql`SET LOCAL jit = off`.execute(trx)
}

/** The person_year row of an evaluation. */
export const personYearRow = (personKey: string, e: Evaluation): Insertable<PersonYearTable> => ({
  person_key: personKey,
  year: e.year,
  policy_id: e.policy,
  public: e.totals.public,
  professional: e.totals.professional,
  total: e.totals.total,
  year_complete: e.yearComplete,
  compliant: e.compliant,
})

/** Many person_year rows in one statement of arrays (bulk work), as upsertPersonYear would one by one. */
export async function upsertPersonYears(db: Executor, rows: Insertable<PersonYearTable>[]): Promise<void> {
  if (rows.length === 0) return
  const column = <K extends keyof PersonYearTable>(key: K) => rows.map((r) => r[key])
  await sql`
    INSERT INTO person_year (person_key, year, policy_id, public, professional, total, year_complete, compliant)
    SELECT * FROM unnest(${column('person_key')}::text[], ${column('year')}::int[], ${column('policy_id')}::text[],
      ${column('public')}::numeric[], ${column('professional')}::numeric[], ${column('total')}::numeric[],
      ${column('year_complete')}::boolean[], ${column('compliant')}::boolean[])
    ON CONFLICT (person_key, year) DO UPDATE SET
      policy_id = excluded.policy_id, public = excluded.public, professional = excluded.professional,
      total = excluded.total, year_complete = excluded.year_complete, compliant = excluded.compliant,
      computed_at = ${new Date()}
  `.execute(db)
}
