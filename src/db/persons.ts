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

export async function findPersons(db: Executor, personKeys: readonly string[]): Promise<Person[]> {
  if (personKeys.length === 0) return []
  const rows = await db.selectFrom('person').selectAll().where('person_key', 'in', personKeys).execute()
  return rows.map(toPerson)
}
