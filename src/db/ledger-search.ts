import { type Kysely, type SelectQueryBuilder, sql } from 'kysely'
import { type ListPage, listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { containing } from './like.js'
import type { DB } from './schema.js'

export interface LedgerSearch extends PageQuery {
  /** Only these persons: the searcher's scope, a subquery of person keys (services/scope.ts). */
  scope: SelectQueryBuilder<DB & { p: DB['person'] }, 'p', { person_key: string }>
  personKey?: string
  /** Text within the training project's title (a roster's project, or the record's own title). */
  project?: string
  /** Text within the name of the institution whose roster credited the entry. */
  institution?: string
  year?: number
}

export interface FoundEntry {
  personKey: string
  id: string
  name: string
  idMasked: string
  regionCode: string
  year: number
  date: string | null
  kind: string | null
  title: string | null
  institution: string | null
  policyId: string | null
  public: number
  professional: number
  basis: string
  source: string
  reversed: boolean
  createdAt: Date
}

/**
 * Credits of the persons in scope, found by person, project or institution (text matched literally with
 * LIKE, its wildcards escaped), newest first. A roster's credit carries its project and institution.
 */
export async function searchLedger(db: Kysely<DB>, f: LedgerSearch): Promise<ListPage<FoundEntry>> {
  const title = sql<string | null>`coalesce(tp.title, e.record->>'title')`
  let q = db
    .selectFrom('ledger_entry as e')
    .innerJoin('person as p', 'p.person_key', 'e.person_key')
    .leftJoin('roster_row as rr', (j) =>
      j.onRef('rr.person_key', '=', 'e.person_key').onRef('rr.ledger_entry_id', '=', 'e.id'),
    )
    .leftJoin('roster as r', 'r.id', 'rr.roster_id')
    .leftJoin('training_project as tp', 'tp.id', 'r.project_id')
    .leftJoin('organisation as i', 'i.id', 'tp.institution_id')
    .where('e.entry_type', '=', 'credit')
    .where('e.person_key', 'in', f.scope)
  if (f.personKey !== undefined) q = q.where('e.person_key', '=', f.personKey)
  if (f.project) q = q.where(title, 'like', containing(f.project))
  if (f.institution) q = q.where('i.name', 'like', containing(f.institution))
  if (f.year !== undefined) q = q.where('e.year', '=', f.year)
  const rows = await q
    .select([
      'e.person_key',
      'e.id',
      'p.name',
      'p.id_masked',
      'p.region_code',
      'e.year',
      'e.policy_id',
      'e.public',
      'e.professional',
      'e.basis',
      'e.source',
      'e.created_at',
      'i.name as institution',
      title.as('title'),
      sql<string | null>`e.record->>'date'`.as('date'),
      sql<string | null>`e.record->>'kind'`.as('kind'),
      sql<boolean>`EXISTS (SELECT 1 FROM ledger_entry x WHERE x.person_key = e.person_key AND x.reverses_id = e.id)`.as(
        'reversed',
      ),
      sql<string>`count(*) over ()`.as('matching'),
    ])
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id')
    .limit(f.pageSize)
    .offset(offsetOf(f))
    .execute()
  const items = rows.map((r) => ({
    personKey: r.person_key,
    id: r.id,
    name: r.name,
    idMasked: r.id_masked,
    regionCode: r.region_code,
    year: r.year,
    date: r.date,
    kind: r.kind,
    title: r.title,
    institution: r.institution,
    policyId: r.policy_id,
    public: Number(r.public),
    professional: Number(r.professional),
    basis: r.basis,
    source: r.source,
    reversed: Boolean(r.reversed),
    createdAt: r.created_at,
  }))
  // The window count rides on the rows; past the last page there are none, so count separately.
  const total =
    rows.length > 0 || f.page === 1
      ? Number(rows[0]?.matching ?? 0)
      : Number((await q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n)
  return listPage(items, total, f)
}
