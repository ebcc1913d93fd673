import type { Kysely } from 'kysely'
import { countRows } from '../db/count.js'
import type { DB } from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import type { ActivityRecord } from '../policy/types.js'
import type { Principal } from './accounts.js'
import { personKeysInScope } from './scope.js'

/**
 * What one bulk write credited (its audit event `ledger.credit_bulk` names the batch): the entries of the
 * persons the caller may see, a page at a time, filtered and paged in SQL (none: an empty page, whether
 * or not the batch exists). An auditor follows the trail from the event to each hour.
 */
export async function batchEntries(db: Kysely<DB>, p: Principal, batchId: string, page: PageQuery) {
  const visible = await personKeysInScope(db, p)
  if (!visible) return listPage([], 0, page)
  const q = db
    .selectFrom('ledger_entry as e')
    .innerJoin('person as p', 'p.person_key', 'e.person_key')
    .where('e.batch_id', '=', batchId)
    .where('e.person_key', 'in', visible)
  const [rows, total] = await Promise.all([
    q
      .selectAll('e')
      .select(['p.name', 'p.id_masked'])
      .orderBy('e.created_at')
      .orderBy('e.id')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((e) => {
      const record = e.record as ActivityRecord | null
      return {
        id: e.id,
        personKey: e.person_key,
        name: e.name,
        idMasked: e.id_masked,
        year: e.year,
        kind: record?.kind ?? null,
        date: record?.date ?? null,
        title: record?.title ?? null,
        public: Number(e.public),
        professional: Number(e.professional),
        basis: e.basis,
        source: e.source,
        creditKey: e.credit_key,
        actor: e.actor,
        createdAt: e.created_at.toISOString(),
      }
    }),
    total,
    page,
  )
}
