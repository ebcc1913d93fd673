import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findPersons } from '../src/db/persons.js'
import { personKeyOf } from '../src/services/secrets.js'
import { closedYearsOf } from '../src/services/year-lock.js'
import { DATABASES, freshDatabase, TEST_SECRETS } from './database.js'
import { insertRosterPeople, rosterIdNumber } from './people.js'

// A province's exchange file names more persons than PostgreSQL takes bind parameters (65,535): taking in
// 80,000 persons' credits failed in findPersons with "bind message has 14464 parameter formats" (80,000 mod
// 65,536; bench/exchange.ts). The lookups the bulk doors make for every person of a file go a thousand at a time.
describe.each(DATABASES)('lookups naming 70,000 persons on %s', (kind) => {
  let d: Awaited<ReturnType<typeof freshDatabase>>
  const keys = Array.from({ length: 70_000 }, (_, i) => personKeyOf(TEST_SECRETS, rosterIdNumber(i)))
  beforeAll(async () => {
    d = await freshDatabase(kind)
    // Two registered persons, at the two ends of the list; the year 2025 of the last closed by a year-end review.
    await insertRosterPeople(d.db, 1, 8, 0)
    await insertRosterPeople(d.db, 1, 8, 69_999)
    const employer = await d.db
      .insertInto('organisation')
      .values({ kind: 'hr_department', name: '某区人社局', region_code: '320402', level: 'district' })
      .returning('id')
      .executeTakeFirstOrThrow()
    await d.db
      .insertInto('year_review')
      .values({
        person_key: keys[69_999] as string,
        organisation_id: employer.id,
        year: 2025,
        kind: 'year_end',
        public: '30',
        professional: '60',
        compliant: true,
        reviewed_by: 'test',
      })
      .execute()
  }, 120_000)
  afterAll(() => d?.drop())

  it('findPersons finds the registered ones among them', async () => {
    const found = await findPersons(d.db, keys)
    expect(found.map((p) => p.name).sort()).toEqual(['学员0', '学员69999'])
  })

  it('closedYearsOf finds the closed year among them', async () => {
    expect([...(await closedYearsOf(d.db, keys))]).toEqual([`${keys[69_999]}/2025`])
  })
})
