import type { Kysely, Transaction } from 'kysely'
import { countRows } from '../db/count.js'
import type { DB } from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import type { Principal } from './accounts.js'
import { recordAudit, transact } from './audit.js'
import { ConflictError, NotFoundError } from './errors.js'
import type { Measure } from './statistics-xlsx.js'

/** A saved statistics view (常用查询): the grouping, scope and measures — never the year. */
export interface QueryDefinition {
  by: 'region' | 'industry' | 'series' | 'employer'
  regionCode?: string
  industry?: string
  series?: string
  measures: Measure[]
}

export interface SavedQueryChange {
  name: string
  definition: QueryDefinition
}

const who = (p: Principal) => p.userId ?? p.username

const shape = (r: {
  id: string
  name: string
  definition: unknown
  created_by: string
  created_at: Date
  updated_at: Date
}) => ({
  id: r.id,
  name: r.name,
  definition: r.definition as QueryDefinition,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
})

/** The caller organisation's saved queries, by name. */
export async function listSavedQueries(db: Kysely<DB>, p: Principal, page: PageQuery) {
  const q = db.selectFrom('saved_query').where('organisation_id', '=', p.organisationId as string)
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('name').orderBy('id').limit(page.pageSize).offset(offsetOf(page)).execute(),
    countRows(q),
  ])
  return listPage(rows.map(shape), count, page)
}

/** A name taken in the organisation is a conflict naming the field (the unique index decides, no race). */
async function unique<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (e) {
    if ((e as { code?: string })?.code === '23505')
      throw new ConflictError('本单位已有同名的常用查询，请换一个名称', {
        en: 'the organisation already has a saved query of that name',
        field: 'name',
      })
    throw e
  }
}

const audit = (
  trx: Transaction<DB>,
  p: Principal,
  action: string,
  id: string,
  before?: object,
  after?: object,
) =>
  recordAudit(trx, {
    actor: who(p),
    actorOrganisationId: p.organisationId,
    action,
    entity: 'saved_query',
    entityId: id,
    before,
    after,
  })

/** Saves a query for the caller's organisation (its scope already checked by the caller). */
export async function createSavedQuery(db: Kysely<DB>, p: Principal, change: SavedQueryChange) {
  return unique(() =>
    transact(db, async (trx) => {
      const row = await trx
        .insertInto('saved_query')
        .values({
          organisation_id: p.organisationId as string,
          name: change.name,
          definition: JSON.stringify(change.definition),
          created_by: who(p),
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await audit(trx, p, 'saved_query.create', row.id, undefined, change)
      return shape(row)
    }),
  )
}

/** Renames or changes one of the organisation's saved queries; another organisation's is not found. */
export async function updateSavedQuery(db: Kysely<DB>, p: Principal, id: string, change: SavedQueryChange) {
  return unique(() =>
    transact(db, async (trx) => {
      const before = await trx
        .selectFrom('saved_query')
        .select(['name', 'definition'])
        .where('id', '=', id)
        .where('organisation_id', '=', p.organisationId as string)
        .forUpdate()
        .executeTakeFirst()
      if (!before) throw new NotFoundError('saved query', id)
      const row = await trx
        .updateTable('saved_query')
        .set({ name: change.name, definition: JSON.stringify(change.definition), updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await audit(trx, p, 'saved_query.update', id, before, change)
      return shape(row)
    }),
  )
}

/** Deletes one of the organisation's saved queries; another organisation's is not found. */
export async function deleteSavedQuery(db: Kysely<DB>, p: Principal, id: string): Promise<void> {
  await transact(db, async (trx) => {
    const gone = await trx
      .deleteFrom('saved_query')
      .where('id', '=', id)
      .where('organisation_id', '=', p.organisationId as string)
      .returning(['name', 'definition'])
      .executeTakeFirst()
    if (!gone) throw new NotFoundError('saved query', id)
    await audit(trx, p, 'saved_query.delete', id, gone)
  })
}
