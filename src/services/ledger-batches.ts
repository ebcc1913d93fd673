import type { Kysely } from 'kysely'
import { entriesOfBatch } from '../db/ledger.js'
import type { DB } from '../db/schema.js'
import type { Principal } from './accounts.js'
import { personsInScope } from './scope.js'

/**
 * What one bulk write credited (its audit event `ledger.credit_bulk` names the batch): the entries of the
 * persons the caller may see, a page at a time (none: an empty page, whether or not the batch exists). An
 * auditor follows the trail from the event to each hour.
 */
export async function batchEntries(
  db: Kysely<DB>,
  p: Principal,
  batchId: string,
  page: { page: number; pageSize: number },
) {
  const entries = await entriesOfBatch(db, batchId)
  const visible = await personsInScope(db, p, [...new Set(entries.map((e) => e.personKey))])
  const mine = entries.filter((e) => visible.has(e.personKey))
  if (mine.length === 0) return { items: [], total: 0, page: page.page, pageSize: page.pageSize }
  const names = new Map(
    (
      await db
        .selectFrom('person')
        .select(['person_key', 'name', 'id_masked'])
        .where('person_key', 'in', [...new Set(mine.map((e) => e.personKey))])
        .execute()
    ).map((r) => [r.person_key, r]),
  )
  const start = (page.page - 1) * page.pageSize
  return {
    items: mine.slice(start, start + page.pageSize).map((e) => ({
      id: e.id,
      personKey: e.personKey,
      name: names.get(e.personKey)?.name ?? null,
      idMasked: names.get(e.personKey)?.id_masked ?? null,
      year: e.year,
      kind: e.record?.kind ?? null,
      date: e.record?.date ?? null,
      title: e.record?.title ?? null,
      public: e.public,
      professional: e.professional,
      basis: e.basis,
      source: e.source,
      creditKey: e.creditKey,
      actor: e.actor,
      createdAt: e.createdAt.toISOString(),
    })),
    total: mine.length,
    page: page.page,
    pageSize: page.pageSize,
  }
}
