import type { Insertable, Kysely } from 'kysely'
import type { DB, TrainingProjectTable } from '../src/db/schema.js'
import { changingPersons } from '../src/db/summaries.js'
import { maskResidentId } from '../src/domain/mask.js'
import { makeResidentId } from '../src/domain/resident-id.js'
import { transact } from '../src/services/audit.js'
import { registerPerson } from '../src/services/persons.js'
import { personKeyOf, seal } from '../src/services/secrets.js'
import { TEST_SECRETS } from './database.js'

/**
 * The n-th of a series of distinct valid ID numbers: a thousand a birth day from 1960-01-01 on, so even
 * the millionth was born in 1962 (never after today, which the upload check refuses).
 */
export const rosterIdNumber = (n: number) => {
  const birth = new Date(Date.UTC(1960, 0, 1 + Math.floor(n / 1000))).toISOString().slice(0, 10)
  return makeResidentId('320402', birth.split('-').join(''), n % 1000)
}

/**
 * Registers `count` persons (学员0, 学员1 …) with TEST_SECRETS keys, 1,000 per statement, and returns
 * the roster CSV that lists them all with `hours` each.
 */
export async function insertRosterPeople(
  db: Kysely<DB>,
  count: number,
  hours: number,
  /** The first person's number (a population that already holds some). */
  from = 0,
): Promise<Buffer> {
  const lines = ['身份证号,姓名,学时']
  for (let i = 0; i < count; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({
      idNumber: rosterIdNumber(from + i + j),
      name: `学员${from + i + j}`,
    }))
    await changingPersons(
      db,
      rows.map((r) => personKeyOf(TEST_SECRETS, r.idNumber)),
      () =>
        db
          .insertInto('person')
          .values(
            rows.map((r) => ({
              person_key: personKeyOf(TEST_SECRETS, r.idNumber),
              id_cipher: seal(TEST_SECRETS, r.idNumber),
              id_masked: maskResidentId(r.idNumber),
              name: r.name,
              sex: 'male' as const,
              birth_date: '1980-01-01',
              region_code: '320402',
              series: 'health',
              title_level: 'junior' as const,
            })),
          )
          .execute(),
    )
    for (const r of rows) lines.push(`${r.idNumber},${r.name},${hours}`)
  }
  return Buffer.from(lines.join('\r\n'))
}

/** A training project of the demo institution, inserted directly (past dates: no publication rule). */
export async function insertProject(
  db: Kysely<DB>,
  values: Omit<Insertable<TrainingProjectTable>, 'institution_id'>,
): Promise<{ id: string }> {
  const institution = await db
    .selectFrom('app_user')
    .select('organisation_id')
    .where('username', '=', 'demo-institution')
    .executeTakeFirstOrThrow()
  return db
    .insertInto('training_project')
    .values({ ...values, institution_id: institution.organisation_id as string })
    .returning('id')
    .executeTakeFirstOrThrow()
}

/** An online project of the demo institution running through 2025, 30 hours: for roster uploads. */
export const onlineProject = async (db: Kysely<DB>, title: string): Promise<string> =>
  (
    await insertProject(db, {
      title,
      subject: 'professional',
      way: 'online',
      start_date: '2025-01-01',
      end_date: '2025-12-31',
      schedule: '线上',
      venue: '平台',
      faculty: '专家',
      rules: '考试',
      hours: 30,
    })
  ).id

/**
 * Registers a Changzhou (320402) health professional and, when `employer` names a demo login's
 * organisation (e.g. 'demo-employer'), employs them there since 2020. Returns the person key.
 */
export async function registerStaff(
  db: Kysely<DB>,
  idNumber: string,
  name: string,
  employer?: string,
): Promise<string> {
  const { person } = await transact(db, (trx) =>
    registerPerson(
      trx,
      TEST_SECRETS,
      { id: 'clerk' },
      {
        idNumber,
        name,
        regionCode: '320402',
        series: 'health',
        titleLevel: 'junior',
      },
    ),
  )
  if (employer) {
    const org = await db
      .selectFrom('app_user')
      .select('organisation_id')
      .where('username', '=', employer)
      .executeTakeFirstOrThrow()
    await employ(db, person.personKey, org.organisation_id as string)
  }
  return person.personKey
}

/** Employs a registered person at an organisation since 2020, the summaries following as the services keep them. */
export const employ = (db: Kysely<DB>, personKey: string, organisationId: string) =>
  changingPersons(db, [personKey], () =>
    db
      .insertInto('employment')
      .values({
        person_key: personKey,
        organisation_id: organisationId,
        relation: 'employee',
        from_date: '2020-01-01',
      })
      .execute(),
  )
