import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Principal } from './accounts.js'
import { ConflictError, InvalidInputError } from './errors.js'
import { awaitingTotals, rosterInScope } from './roster-detail.js'
import { confirmRoster } from './rosters.js'

/** The most rosters one bulk confirmation takes. */
export const BULK_ROSTERS = 50

function distinct(ids: readonly string[]): string[] {
  const unique = [...new Set(ids)]
  if (unique.length === 0) throw new InvalidInputError('ids', '请至少选择一份花名册')
  if (unique.length > BULK_ROSTERS) throw new InvalidInputError('ids', `一次最多确认${BULK_ROSTERS}份花名册`)
  // In one order, so that two bulk confirmations lock the rosters in the same order.
  return unique.sort()
}

/**
 * What confirming these rosters would credit, before it is done: how many rosters, lines, persons (each
 * once) and reported hours wait for the caller. Every roster must be the caller's and waiting.
 */
export async function bulkSummary(db: Kysely<DB>, p: Principal, ids: readonly string[]) {
  const wanted = distinct(ids)
  const found = []
  for (const id of wanted) {
    const { scope, row } = await rosterInScope(db, p, id)
    if (row.status !== 'pending') throw new ConflictError(`「${row.title}」花名册不在待确认状态`)
    found.push({ scope, row })
  }
  const scope = (found[0] as (typeof found)[number]).scope
  const totals = await awaitingTotals(db, scope, wanted)
  const items = found.map(({ row }) => ({
    id: row.id,
    projectTitle: row.title,
    institutionName: row.institution_name,
    version: row.version,
    lines: totals.perRoster.get(row.id)?.lines ?? 0,
    hours: totals.perRoster.get(row.id)?.hours ?? 0,
  }))
  return {
    rosters: items.length,
    lines: items.reduce((n, i) => n + i.lines, 0),
    persons: totals.persons,
    hours: items.reduce((n, i) => n + i.hours, 0),
    items,
  }
}

/**
 * 第二十一条 确认, for several rosters at once: all or none (one transaction); each roster as POST
 * /rosters/{id}/confirm would do it.
 */
export async function confirmRosters(trx: Transaction<DB>, p: Principal, ids: readonly string[]) {
  const results = []
  for (const id of distinct(ids)) {
    await rosterInScope(trx, p, id)
    results.push({ id, ...(await confirmRoster(trx, p, id)) })
  }
  return {
    rosters: results.length,
    confirmed: results.reduce((n, r) => n + r.confirmed, 0),
    remaining: results.reduce((n, r) => n + r.remaining, 0),
    results,
  }
}
