import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../src/db/schema.js'
import { hashPassword } from '../src/services/passwords.js'
import { base32Decode, totp } from '../src/services/totp.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'

const PASSWORD = 'Right-Pass-1'
const now = () => Date.now() / 1000

// What the account page and the notifications page need beyond signing in: the session's organisation and
// recovery codes left, new recovery codes, and marking the whole inbox read.
describe.each(DATABASES)('the account on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  beforeAll(async () => {
    api = await startApi(kind)
  }, 60_000)
  afterAll(() => api.stop())

  async function addUser(username: string, role: Exclude<Role, 'person'> = 'authority') {
    const org = await api.d.db
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', role)
      .executeTakeFirstOrThrow()
    await api.d.db
      .insertInto('app_user')
      .values({ username, role, organisation_id: org.id, password_hash: await hashPassword(PASSWORD) })
      .execute()
  }

  async function enrol(client: Client) {
    const setup = await client.request('POST', '/api/auth/totp/setup')
    const enabled = await client.request('POST', '/api/auth/totp/enable', {
      code: totp(base32Decode(setup.json().secret), now() - 30),
      password: PASSWORD,
    })
    expect(enabled.statusCode, enabled.body).toBe(200)
    return { recoveryCodes: enabled.json().recoveryCodes as string[] }
  }

  const audited = async (action: string, username: string) => {
    const user = await api.d.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow()
    return api.d.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', action)
      .where('entity_id', '=', user.id)
      .execute()
  }

  const inbox = async (client: Client) =>
    (await client.request('GET', '/api/notifications')).json().items as { kind: string }[]

  it("the session names the account's organisation (none for a person) and counts the recovery codes left", async () => {
    await addUser('summary-1', 'employer')
    const client = await api.signIn('summary-1', PASSWORD)
    const org = await api.d.db
      .selectFrom('organisation')
      .select('name')
      .where('kind', '=', 'employer')
      .executeTakeFirstOrThrow()
    const before = (await client.request('GET', '/api/auth/session')).json()
    expect(before).toMatchObject({ organisationName: org.name, totpEnabled: false, recoveryCodesLeft: null })
    const { recoveryCodes } = await enrol(client)
    const half = await api.signIn('summary-1', PASSWORD)
    await half.request('POST', '/api/auth/totp/verify', { code: recoveryCodes[0] })
    expect((await half.request('GET', '/api/auth/session')).json()).toMatchObject({ recoveryCodesLeft: 9 })
    const person = (await (await api.as('person')).request('GET', '/api/auth/session')).json()
    expect(person).toMatchObject({ role: 'person', organisationName: null, recoveryCodesLeft: null })
  })

  it('the session gives the organisation’s level: only a city’s HR department files a mentorship (鲁人社发〔2016〕10号 （十九））', async () => {
    const province = await signInFor(api, '江苏省人力资源和社会保障厅', 'hr_department')
    expect((await province.request('GET', '/api/auth/session')).json()).toMatchObject({
      role: 'hr_department',
      organisationLevel: 'province',
    })
    const city = await api.as('hr_department')
    expect((await city.request('GET', '/api/auth/session')).json()).toMatchObject({
      role: 'hr_department',
      organisationLevel: 'city',
    })
    const person = (await (await api.as('person')).request('GET', '/api/auth/session')).json()
    expect(person.organisationLevel).toBeNull()
    // An institution's own level (a city's institution) is not an HR department's: null.
    const institution = (await (await api.as('institution')).request('GET', '/api/auth/session')).json()
    expect(institution.organisationLevel).toBeNull()
  })

  it('new recovery codes need the password and a second factor; the old ones stop working; audited and notified', async () => {
    await addUser('regen-1')
    const client = await api.signIn('regen-1', PASSWORD)
    const none = await client.request('POST', '/api/auth/recovery-codes', { password: PASSWORD })
    expect(none.statusCode).toBe(409)
    const { recoveryCodes: old } = await enrol(client)
    const wrong = await client.request('POST', '/api/auth/recovery-codes', { password: 'Wrong-Pass-1' })
    expect(wrong.json().error).toMatchObject({ code: 'invalid_input', field: 'password' })
    const renewed = await client.request('POST', '/api/auth/recovery-codes', { password: PASSWORD })
    const fresh = renewed.json().recoveryCodes as string[]
    expect(fresh).toHaveLength(10)
    expect(fresh.some((c) => old.includes(c))).toBe(false)
    const a = await api.signIn('regen-1', PASSWORD)
    expect((await a.request('POST', '/api/auth/totp/verify', { code: old[0] })).statusCode).toBe(401)
    expect((await a.request('POST', '/api/auth/totp/verify', { code: fresh[0] })).statusCode).toBe(200)
    expect(await audited('auth.recovery_codes_regenerated', 'regen-1')).toHaveLength(1)
    expect(await inbox(client)).toContainEqual(
      expect.objectContaining({ kind: 'auth.recovery_codes_regenerated' }),
    )
  })

  it("marking all read empties the caller's own inbox only", async () => {
    await addUser('inbox-1', 'agency')
    const client = await api.signIn('inbox-1', PASSWORD)
    await enrol(client)
    const person = await api.as('person')
    const unread = async (c: Client) =>
      (await c.request('GET', '/api/notifications/unread-count')).json().unread as number
    const mine = await unread(client)
    const theirs = await unread(person)
    expect(mine).toBeGreaterThan(0)
    expect((await client.request('POST', '/api/notifications/read-all')).json()).toEqual({ marked: mine })
    expect(await unread(client)).toBe(0)
    expect(await unread(person)).toBe(theirs)
    expect((await client.request('POST', '/api/notifications/read-all')).json()).toEqual({ marked: 0 })
  })
})
