import type { Insertable, Kysely, Selectable, Transaction } from 'kysely'
import type { DB, OrganisationKind, OrganisationTable } from './schema.js'

type Executor = Kysely<DB> | Transaction<DB>

export interface Organisation {
  id: string
  kind: OrganisationKind
  name: string
  uscc: string | null
  regionCode: string
  level: string | null
  isBase: boolean
  industry: string | null
  occupationCategories: string[]
}

const toOrganisation = (r: Selectable<OrganisationTable>): Organisation => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  uscc: r.uscc,
  regionCode: r.region_code,
  level: r.level,
  isBase: r.is_base,
  industry: r.industry,
  occupationCategories: r.occupation_categories,
})

export async function insertOrganisation(
  db: Executor,
  row: Insertable<OrganisationTable>,
): Promise<Organisation> {
  return toOrganisation(
    await db.insertInto('organisation').values(row).returningAll().executeTakeFirstOrThrow(),
  )
}

export async function findOrganisation(db: Executor, id: string): Promise<Organisation | undefined> {
  const row = await db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toOrganisation(row) : undefined
}

export async function findOrganisationByName(db: Executor, kind: OrganisationKind, name: string) {
  const row = await db
    .selectFrom('organisation')
    .selectAll()
    .where('kind', '=', kind)
    .where('name', '=', name)
    .executeTakeFirst()
  return row ? toOrganisation(row) : undefined
}
