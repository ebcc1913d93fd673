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

export interface KeyedCredit {
  personKey: string
  creditKey: string
  id: string
  revision: number
  contentHash: string | null
  live: boolean
}

/** Every credit, live or reversed, under these (person, natural key) pairs: one query. */
export async function creditsUnderKeys(
  db: Executor,
  pairs: readonly { personKey: string; creditKey: string }[],
): Promise<KeyedCredit[]> {
  if (pairs.length === 0) return []
  const rows = await db
    .selectFrom('ledger_entry as e')
    .select(['e.person_key', 'e.credit_key', 'e.id', 'e.credit_revision', 'e.content_hash'])
    .select(REVERSED.as('reversed'))
    .where('e.person_key', 'in', [...new Set(pairs.map((p) => p.personKey))])
    .where('e.credit_key', 'in', [...new Set(pairs.map((p) => p.creditKey))])
    .execute()
  const wanted = new Set(pairs.map((p) => `${p.personKey} ${p.creditKey}`))
  return rows
    .filter((r) => wanted.has(`${r.person_key} ${r.credit_key}`))
    .map((r) => ({
      personKey: r.person_key,
      creditKey: r.credit_key as string,
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

/** Many person_year rows in one statement (bulk work). */
export async function upsertPersonYears(db: Executor, rows: Insertable<PersonYearTable>[]): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('person_year')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['person_key', 'year']).doUpdateSet((eb) => ({
        policy_id: eb.ref('excluded.policy_id'),
        public: eb.ref('excluded.public'),
        professional: eb.ref('excluded.professional'),
        total: eb.ref('excluded.total'),
        year_complete: eb.ref('excluded.year_complete'),
        compliant: eb.ref('excluded.compliant'),
        computed_at: new Date(),
      })),
    )
    .execute()
}
