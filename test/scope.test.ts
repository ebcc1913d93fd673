import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../src/db/schema.js'
import type { Principal } from '../src/services/accounts.js'
import { loadDemo } from '../src/services/demo.js'
import { canAccessPerson, personsInScope } from '../src/services/scope.js'
import { DATABASES, demoDataDir, freshDatabase, TEST_SECRETS } from './database.js'

describe.each(DATABASES)('scope over persons on %s', (kind) => {
  let d: Awaited<ReturnType<typeof freshDatabase>>
  let all: { person_key: string; region_code: string; industry: string | null }[]
  const principals = new Map<string, Principal>()
  beforeAll(async () => {
    d = await freshDatabase(kind)
    await loadDemo(d.db, TEST_SECRETS, demoDataDir())
    all = await d.db.selectFrom('person').select(['person_key', 'region_code', 'industry']).execute()
    const org = async (role: Role, region: string, level: string | null, industry: string | null = null) =>
      (
        await d.db
          .insertInto('organisation')
          .values({
            kind: role as 'hr_department',
            name: `${role}-${region}`,
            region_code: region,
            level,
            industry,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    const principal = (
      role: Role,
      organisationId: string | null,
      personKey: string | null = null,
    ): Principal => ({
      userId: null,
      username: role,
      role,
      organisationId,
      personKey,
      via: 'session',
      secondFactorDone: true,
      totpEnabled: false,
    })
    const users = await d.db
      .selectFrom('app_user')
      .select(['username', 'role', 'organisation_id', 'person_key'])
      .execute()
    for (const u of users) principals.set(u.username, principal(u.role, u.organisation_id, u.person_key))
    principals.set(
      'national-hr',
      principal('hr_department', await org('hr_department', '100000', 'national')),
    )
    principals.set(
      'province-hr',
      principal('hr_department', await org('hr_department', '370000', 'province')),
    )
    principals.set('no-industry-authority', principal('authority', await org('authority', '320400', 'city')))
  }, 120_000)
  afterAll(() => d.drop())

  const keys = () => [...all.map((p) => p.person_key), 'not-a-registered-key']
  const scope = (who: string) => personsInScope(d.db, principals.get(who) as Principal, keys())

  it('an HR department sees its region and below; a national one every registered person', async () => {
    expect((await scope('national-hr')).size).toBe(all.length)
    expect(await scope('province-hr')).toEqual(
      new Set(all.filter((p) => p.region_code.startsWith('37')).map((p) => p.person_key)),
    )
    expect(await scope('demo-hr')).toEqual(
      new Set(all.filter((p) => p.region_code.startsWith('3204')).map((p) => p.person_key)),
    )
  })

  it('an industry authority sees its industry in its region; one without an industry nobody', async () => {
    const seen = await scope('demo-authority')
    expect(seen.size).toBeGreaterThan(0)
    expect(seen).toEqual(
      new Set(
        all.filter((p) => p.region_code.startsWith('3204') && p.industry === '建筑').map((p) => p.person_key),
      ),
    )
    expect((await scope('no-industry-authority')).size).toBe(0)
  })

  it('the set answers as the single-person check does, key by key, for every role', async () => {
    for (const [who, p] of principals) {
      const seen = await scope(who)
      for (const key of keys())
        expect(await canAccessPerson(d.db, p, key), `${who} ${key}`).toBe(seen.has(key))
    }
  }, 120_000)
})
