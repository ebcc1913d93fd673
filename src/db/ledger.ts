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
  createdAt: Date
}

const toEntry = (r: Selectable<LedgerEntryTable>): LedgerEntry => ({
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
  createdAt: r.created_at,
})

export async function insertEntry(db: Executor, row: Insertable<LedgerEntryTable>): Promise<LedgerEntry> {
  return toEntry(await db.insertInto('ledger_entry').values(row).returningAll().executeTakeFirstOrThrow())
}

/** Inserts many entries in one statement (bulk loads). */
export async function insertEntries(db: Executor, rows: Insertable<LedgerEntryTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('ledger_entry').values(rows).execute()
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
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ledger_entry as r')
            .select(sql.lit(1).as('one'))
            .whereRef('r.person_key', '=', 'e.person_key')
            .whereRef('r.reverses_id', '=', 'e.id'),
        ),
      ),
    )
    .orderBy('e.created_at')
    .execute()
  return rows.map(toEntry)
}

/** Every entry of a person, credits and reversals, newest first (the person's ledger page). */
export async function entriesOf(db: Executor, personKey: string): Promise<LedgerEntry[]> {
  const rows = await db
    .selectFrom('ledger_entry')
    .selectAll()
    .where('person_key', '=', personKey)
    .orderBy('created_at', 'desc')
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

export async function upsertPersonYear(db: Executor, row: Insertable<PersonYearTable>): Promise<void> {
  await db
    .insertInto('person_year')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['person_key', 'year']).doUpdateSet({
        policy_id: row.policy_id,
        public: row.public,
        professional: row.professional,
        total: row.total,
        year_complete: row.year_complete,
        compliant: row.compliant,
        computed_at: new Date(),
      }),
    )
    .execute()
}
