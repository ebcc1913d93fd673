import type { Kysely, Transaction } from 'kysely'
import { regionPrefix } from './compliance.js'
import { ledgerRowsOf } from './ledger.js'
import type { DB } from './schema.js'

// The year-end recomputation's reads and writes: persons in key order (keyset), the ledger and person_year
// of one key range at a time, and one merge per chunk.

type Executor = Kysely<DB> | Transaction<DB>

/** A person in scope, with what policy resolution and the report need. */
export interface ScopePerson {
  personKey: string
  regionCode: string
  series: string
  idMasked: string
  name: string
}

/** A credit as the recomputation reads it: the record as JSON text (parsed in a worker), live or reversed. */
export interface CreditText {
  personKey: string
  id: string
  record: string
  live: boolean
  /** created_at in microseconds since 1970: the order the ledger service reads a person's credits in. */
  at: number
}

/** A stored person_year row's figures (numeric as text, as the drivers return it). */
export interface StoredYear {
  personKey: string
  policyId: string
  public: string
  professional: string
  total: string
  yearComplete: boolean
  compliant: boolean
}

/** The figures a merge writes for one person. */
export interface YearRow {
  personKey: string
  policyId: string
  public: number
  professional: number
  total: number
  yearComplete: boolean
  compliant: boolean
}

const inRegion = (regionCode: string) => `${regionPrefix(regionCode)}%`

/** How many persons are registered in the region and below after `after` (all when null). */
export async function countPersonsAfter(db: Executor, regionCode: string, after: string | null) {
  let q = db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('region_code', 'like', inRegion(regionCode))
  if (after !== null) q = q.where('person_key', '>', after)
  return Number((await q.executeTakeFirstOrThrow()).n)
}

/** The next `limit` persons of the region and below after `after`, in key order. */
export async function personsAfter(
  db: Executor,
  regionCode: string,
  after: string | null,
  limit: number,
): Promise<ScopePerson[]> {
  let q = db
    .selectFrom('person')
    .select(['person_key', 'region_code', 'series', 'id_masked', 'name'])
    .where('region_code', 'like', inRegion(regionCode))
  if (after !== null) q = q.where('person_key', '>', after)
  const rows = await q.orderBy('person_key').limit(limit).execute()
  return rows.map((r) => ({
    personKey: r.person_key,
    regionCode: r.region_code,
    series: r.series,
    idMasked: r.id_masked,
    name: r.name,
  }))
}

/** A key range (after, last]: `after` null from the first key. */
export interface KeyRange {
  after: string | null
  last: string
}

/**
 * The credits of years fromYear … toYear of these persons, reversed ones marked (a reversal leaves the
 * year it touched stored), in no order: the workers put each person's in order of `at`, as liveCredits
 * does, so the database sorts nothing (a sort of the records spilled to disk). ledgerRowsOf's read, one
 * index probe a person, whatever lies between their keys: a key range of a small province's persons
 * spans eight times as many persons of other provinces.
 */
export async function creditsOf(
  db: Executor,
  personKeys: readonly string[],
  fromYear: number,
  toYear: number,
): Promise<CreditText[]> {
  const { rows, reversed } = await ledgerRowsOf(db, personKeys, fromYear, toYear)
  return rows
    .filter((r) => r.reverses_id === null)
    .map((r) => ({
      personKey: r.person_key,
      id: r.id,
      record: r.record as string,
      live: !reversed.has(`${r.person_key} ${r.id}`),
      at: r.at,
    }))
}

/** The stored person_year rows of the year in the key range (of any region: the caller keeps its own). */
export async function personYearsInRange(db: Executor, year: number, range: KeyRange): Promise<StoredYear[]> {
  let q = db
    .selectFrom('person_year')
    .select(['person_key', 'policy_id', 'public', 'professional', 'total', 'year_complete', 'compliant'])
    .where('year', '=', year)
    .where('person_key', '<=', range.last)
  if (range.after !== null) q = q.where('person_key', '>', range.after)
  const rows = await q.execute()
  return rows.map((r) => ({
    personKey: r.person_key,
    policyId: r.policy_id,
    public: r.public,
    professional: r.professional,
    total: r.total,
    yearComplete: r.year_complete,
    compliant: r.compliant,
  }))
}
