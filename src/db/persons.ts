import type { Insertable, Kysely, Selectable, Transaction } from 'kysely'
import type { DB, PersonTable, TitleLevel } from './schema.js'
import { changingPersons } from './summaries.js'

type Executor = Kysely<DB> | Transaction<DB>

export interface Person {
  personKey: string
  idMasked: string
  name: string
  sex: 'male' | 'female'
  birthDate: string
  regionCode: string
  series: string
  titleLevel: TitleLevel
  industry: string | null
  freelancer: boolean
}

const toPerson = (r: Selectable<PersonTable>): Person => ({
  personKey: r.person_key,
  idMasked: r.id_masked,
  name: r.name,
  sex: r.sex,
  birthDate:
    typeof r.birth_date === 'string' ? r.birth_date : new Date(r.birth_date).toISOString().slice(0, 10),
  regionCode: r.region_code,
  series: r.series,
  titleLevel: r.title_level,
  industry: r.industry,
  freelancer: r.freelancer,
})

/** Registers a person, counted in the summaries at once. */
export async function insertPerson(db: Executor, row: Insertable<PersonTable>): Promise<void> {
  await changingPersons(db, [row.person_key], () => db.insertInto('person').values(row).execute())
}

export async function findPerson(db: Executor, personKey: string): Promise<Person | undefined> {
  const row = await db.selectFrom('person').selectAll().where('person_key', '=', personKey).executeTakeFirst()
  return row ? toPerson(row) : undefined
}

/** The registered persons among `personKeys`, a thousand keys a query (a province's file names more persons than PostgreSQL takes parameters). */
export async function findPersons(db: Executor, personKeys: readonly string[]): Promise<Person[]> {
  const keys = [...new Set(personKeys)]
  const found: Person[] = []
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await db
      .selectFrom('person')
      .selectAll()
      .where('person_key', 'in', keys.slice(i, i + 1000))
      .execute()
    for (const r of rows) found.push(toPerson(r))
  }
  return found
}

export interface PersonAttributes {
  regionCode?: string
  series?: string
  industry?: string | null
}

/**
 * Changes a person's registered region, series or industry, moving them (and every year of theirs) in
 * the summaries. The stored years keep their figures until recomputed under the new attributes.
 */
export async function updatePersonAttributes(
  db: Executor,
  personKey: string,
  a: PersonAttributes,
): Promise<void> {
  const set = {
    ...(a.regionCode !== undefined ? { region_code: a.regionCode } : {}),
    ...(a.series !== undefined ? { series: a.series } : {}),
    ...(a.industry !== undefined ? { industry: a.industry } : {}),
  }
  if (Object.keys(set).length === 0) return
  await changingPersons(db, [personKey], () =>
    db.updateTable('person').set(set).where('person_key', '=', personKey).execute(),
  )
}
