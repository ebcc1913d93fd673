import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import { type ListPage, listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import type { ActivityRecord } from '../policy/types.js'
import { countRows } from './count.js'
import { type LedgerEntry, toEntry } from './ledger.js'
import type { DB, LedgerEntryTable, LedgerSource } from './schema.js'

type Executor = Kysely<DB> | Transaction<DB>

/** Which of a person's ledger entries to list, and in which order. */
export interface LedgerFilter {
  year?: number
  /** The record's kind; a reversal is of the kind of the credit it cancels. */
  kind?: string
  source?: LedgerSource
  /** 'date' / '-date': by the activity's date (a reversal by the date of the credit it cancels); else newest written first. */
  sort?: 'date' | '-date'
}

/** The reversal that cancelled a credit: who took it back, when and why. */
export interface ReversalNote {
  id: string
  source: LedgerSource
  reason: string | null
  basis: string
  createdAt: Date
}

/**
 * A ledger entry as the person's ledger shows it: the activity's date, kind and title (a reversal's from
 * the credit it cancels), and for a credit that has been cancelled, the reversal.
 */
export interface LedgerLine extends LedgerEntry {
  date: string | null
  kind: string | null
  title: string | null
  reversedBy: ReversalNote | null
}

const DATE = sql<string | null>`COALESCE(e.record->>'date', o.record->>'date')`
const KIND = sql<string | null>`COALESCE(e.record->>'kind', o.record->>'kind')`

/** The person's entries matching the filter, each joined to the credit it reverses and the reversal that cancels it. */
function matching(db: Executor, personKey: string, f: LedgerFilter) {
  let q = db
    .selectFrom('ledger_entry as e')
    .leftJoin('ledger_entry as o', (j) =>
      j.onRef('o.person_key', '=', 'e.person_key').onRef('o.id', '=', 'e.reverses_id'),
    )
    .leftJoin('ledger_entry as r', (j) =>
      j.onRef('r.person_key', '=', 'e.person_key').onRef('r.reverses_id', '=', 'e.id'),
    )
    .where('e.person_key', '=', personKey)
  if (f.year !== undefined) q = q.where('e.year', '=', f.year)
  if (f.kind !== undefined) q = q.where(KIND, '=', f.kind)
  if (f.source !== undefined) q = q.where('e.source', '=', f.source)
  return q
}

type Row = Selectable<LedgerEntryTable> & {
  line_date: string | null
  line_kind: string | null
  original_record: unknown
  r_id: string | null
  r_source: LedgerSource | null
  r_reason: string | null
  r_basis: string | null
  r_created_at: Date | null
}

const toLine = (row: Row): LedgerLine => {
  const own = row.record as ActivityRecord | null
  const original = row.original_record as ActivityRecord | null
  const titled = (own ?? original) as { title?: unknown } | null
  return {
    ...toEntry(row),
    date: row.line_date,
    kind: row.line_kind,
    title: typeof titled?.title === 'string' ? titled.title : null,
    reversedBy: row.r_id
      ? {
          id: row.r_id,
          source: row.r_source as LedgerSource,
          reason: row.r_reason,
          basis: row.r_basis as string,
          createdAt: row.r_created_at as Date,
        }
      : null,
  }
}

/** The person's ledger lines matching the filter: `limit` of them from `offset`, in the filter's order. */
async function lines(db: Executor, personKey: string, f: LedgerFilter, limit: number, offset: number) {
  let q = matching(db, personKey, f)
    .selectAll('e')
    .select([
      DATE.as('line_date'),
      KIND.as('line_kind'),
      'o.record as original_record',
      'r.id as r_id',
      'r.source as r_source',
      'r.reason as r_reason',
      'r.basis as r_basis',
      'r.created_at as r_created_at',
    ])
  if (f.sort === 'date' || f.sort === '-date') {
    const direction = f.sort === 'date' ? sql`ASC` : sql`DESC`
    q = q
      .orderBy(sql`${DATE} ${direction} NULLS LAST`)
      .orderBy('e.created_at', f.sort === 'date' ? 'asc' : 'desc')
  } else q = q.orderBy('e.created_at', 'desc')
  const rows = await q.orderBy('e.id').limit(limit).offset(offset).execute()
  return (rows as unknown as Row[]).map(toLine)
}

/** A page of the person's ledger (credits and reversals), filtered and sorted in SQL. */
export async function ledgerPage(
  db: Executor,
  personKey: string,
  f: LedgerFilter & PageQuery,
): Promise<ListPage<LedgerLine>> {
  const [items, count] = await Promise.all([
    lines(db, personKey, f, f.pageSize, offsetOf(f)),
    countRows(matching(db, personKey, f)),
  ])
  return listPage(items, count, f)
}

/** Every line of the person's ledger matching the filter (the export), at most `max`. */
export const allLedgerLines = (db: Executor, personKey: string, f: LedgerFilter, max: number) =>
  lines(db, personKey, f, max, 0)
