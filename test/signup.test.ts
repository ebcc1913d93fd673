import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { makeUscc } from '../src/domain/uscc.js'
import { personKeyOf, unseal } from '../src/services/secrets.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES, TEST_SECRETS } from './database.js'

const PASSWORD = 'Person-Pass-2026'
/** The same number with another check character: invalid (ISO 7064 MOD 11-2 has one right answer). */
const wrongCheckDigit = (id: string) => `${id.slice(0, 17)}${id[17] === '1' ? '2' : '1'}`
let n = 0
/** A valid ID number nobody has yet. */
const freshId = () => {
  n += 1
  return makeResidentId('320402', `1990${String((n % 12) + 1).padStart(2, '0')}11`, 600 + n)
}

describe.each(DATABASES)('professional sign-up on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let employer: Client
  let employerId: string
  let agencyId: string

  beforeAll(async () => {
    api = await startApi(kind)
    employer = await api.as('employer')
    const orgOf = async (username: string) =>
      (
        await api.d.db
          .selectFrom('app_user')
          .select('organisation_id')
          .where('username', '=', username)
          .executeTakeFirstOrThrow()
      ).organisation_id as string
    employerId = await orgOf('demo-employer')
    agencyId = await orgOf('demo-agency')
  }, 120_000)
  afterAll(() => api.stop())

  const signUp = (fields: Record<string, unknown>) =>
    api.app.inject({
      method: 'POST',
      url: '/api/signup',
      payload: {
        name: '林晓',
        idNumber: freshId(),
        username: `p-${n}-${Math.random().toString(36).slice(2, 8)}`,
        password: PASSWORD,
        organisationId: employerId,
        series: 'engineering',
        titleLevel: 'intermediate',
        ...fields,
      },
    })
  const persons = async () => (await api.d.db.selectFrom('person').select('person_key').execute()).length
  const requests = async (client: Client) =>
    (await client.request('GET', '/api/staff/requests?pageSize=200')).json().items as {
      id: string
      name: string
      idMasked: string
    }[]

  it('a new professional signs up; the employer sees them only after confirming', async () => {
    const idNumber = freshId()
    const before = await persons()
    const res = await signUp({ idNumber, name: '林晓', username: 'linxiao' })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toEqual({ username: 'linxiao', account: 'active' })
    expect(await persons()).toBe(before + 1)
    const key = personKeyOf(TEST_SECRETS, idNumber)
    const person = await api.signIn('linxiao', PASSWORD)
    expect((await person.request('GET', '/api/me')).json()).toMatchObject({
      name: '林晓',
      regionCode: '320402',
    })
    const staff = async () => (await employer.request('GET', `/api/staff?idNumber=${idNumber}`)).json().total
    expect(await staff()).toBe(0)
    expect((await employer.request('GET', `/api/persons/${key}/years/2026`)).statusCode).toBe(403)
    const waiting = (await requests(employer)).find((r) => r.name === '林晓')
    expect(waiting).toMatchObject({ idMasked: `${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}` })
    const inbox = (await employer.request('GET', '/api/notifications')).json().items
    expect(inbox).toContainEqual(expect.objectContaining({ kind: 'employment.request' }))
    const confirmed = await employer.request('POST', `/api/staff/requests/${waiting?.id}/confirm`)
    expect(confirmed.statusCode, confirmed.body).toBe(200)
    expect(await staff()).toBe(1)
    expect((await employer.request('GET', `/api/persons/${key}/years/2026`)).statusCode).toBe(200)
    expect((await employer.request('POST', `/api/staff/requests/${waiting?.id}/confirm`)).statusCode).toBe(
      409,
    )
    const told = (await person.request('GET', '/api/notifications')).json().items
    expect(told).toContainEqual(expect.objectContaining({ kind: 'employment.confirmed' }))
    // Now their employer's administrator may reset their forgotten password.
    expect((await employer.request('POST', `/api/staff/${key}/reset-password`)).statusCode).toBe(200)
  })

  it('an ID number already registered links to the same person, never a second one, and signs in only once its organisation has checked who signed up', async () => {
    const known = await api.d.db
      .selectFrom('person as p')
      .innerJoin('employment as e', 'e.person_key', 'p.person_key')
      .leftJoin('app_user as u', 'u.person_key', 'p.person_key')
      .select(['p.person_key', 'p.name', 'p.id_cipher'])
      .where('e.organisation_id', '=', employerId)
      .where('e.to_date', 'is', null)
      .where('u.id', 'is', null)
      .orderBy('p.person_key')
      .limit(2)
      .execute()
    expect(known).toHaveLength(2)
    const [first, second] = known as [(typeof known)[0], (typeof known)[0]]
    const idNumber = unseal(TEST_SECRETS, first.id_cipher)
    const before = await persons()
    const other = await signUp({ idNumber, name: `${first.name}某`, username: 'wrong-name' })
    expect(other.statusCode).toBe(400)
    expect(other.json().error).toMatchObject({ field: 'name', message: expect.stringContaining('姓名') })

    // Whoever knows a name and an ID number gets an account that cannot sign in yet.
    const res = await signUp({ idNumber, name: first.name, username: 'known-person' })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toEqual({ username: 'known-person', account: 'awaiting_confirmation' })
    expect(await persons()).toBe(before)
    const account = await api.d.db
      .selectFrom('app_user')
      .select('person_key')
      .where('username', '=', 'known-person')
      .executeTakeFirstOrThrow()
    expect(account.person_key).toBe(first.person_key)
    const refused = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'known-person', password: PASSWORD },
    })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error).toMatchObject({
      code: 'account_awaiting_confirmation',
      message: expect.stringContaining('核实本人身份'),
    })
    const again = await signUp({ idNumber, name: first.name, username: 'known-again' })
    expect(again.statusCode).toBe(409)
    expect(again.json().error).toMatchObject({
      field: 'idNumber',
      message: expect.stringContaining('已注册账户'),
    })

    // The employer (already theirs) sees the claim, checks the person, confirms: the account signs in.
    const claim = (await requests(employer)).find((r) => r.name === first.name)
    expect(claim).toMatchObject({ claimsAccount: true })
    const confirmed = await employer.request('POST', `/api/staff/requests/${claim?.id}/confirm`)
    expect(confirmed.statusCode, confirmed.body).toBe(200)
    const person = await api.signIn('known-person', PASSWORD)
    expect((await person.request('GET', '/api/me')).json()).toMatchObject({ name: first.name })
    const employments = await api.d.db
      .selectFrom('employment')
      .select('organisation_id')
      .where('person_key', '=', first.person_key)
      .where('to_date', 'is', null)
      .execute()
    expect(employments).toEqual([{ organisation_id: employerId }])

    // A claim the employer declines removes the account: the real person can then sign up.
    const impostor = await signUp({
      idNumber: unseal(TEST_SECRETS, second.id_cipher),
      name: second.name,
      username: 'impostor',
    })
    expect(impostor.json()).toMatchObject({ account: 'awaiting_confirmation' })
    const suspicious = (await requests(employer)).find((r) => r.name === second.name)
    const declined = await employer.request('POST', `/api/staff/requests/${suspicious?.id}/decline`, {
      reason: '经核实，注册人不是本单位该名人员',
    })
    expect(declined.statusCode, declined.body).toBe(200)
    expect(
      await api.d.db.selectFrom('app_user').select('id').where('username', '=', 'impostor').execute(),
    ).toEqual([])
    const real = await signUp({
      idNumber: unseal(TEST_SECRETS, second.id_cipher),
      name: second.name,
      username: 'the-real-one',
    })
    expect(real.statusCode, real.body).toBe(201)
  })

  it('a duplicate ID number, a bad one, an unknown organisation or a pending one are refused naming the field', async () => {
    const demoPersonId = api.login('person').idNumber as string
    const cases: [Record<string, unknown>, string, number][] = [
      [{ idNumber: demoPersonId, name: api.login('person').organisation }, 'idNumber', 409],
      [{ idNumber: wrongCheckDigit(freshId()) }, 'idNumber', 400],
      [{ organisationId: '00000000-0000-4000-8000-000000000000' }, 'organisationId', 400],
      [{ series: 'astrology' }, 'series', 400],
      [{ password: 'weak' }, 'password', 400],
      [{ username: 'demo-employer' }, 'username', 409],
    ]
    const before = await persons()
    for (const [fields, field, status] of cases) {
      const res = await signUp(fields)
      expect(res.statusCode, JSON.stringify(fields)).toBe(status)
      expect(res.json().error.field, JSON.stringify(fields)).toBe(field)
    }
    const pendingOrg = await api.d.db
      .insertInto('organisation')
      .values({
        kind: 'employer',
        name: '待审核单位',
        uscc: makeUscc('91320402MA001XXXX'),
        region_code: '320402',
        status: 'pending',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const res = await signUp({ organisationId: pendingOrg.id })
    expect(res.json().error.field).toBe('organisationId')
    expect(await persons()).toBe(before)
  })

  it('the organisations to choose are the approved employers and agencies, by name, for anyone', async () => {
    const res = await api.app.inject({ url: '/api/signup/organisations?name=天宁&pageSize=50' })
    expect(res.statusCode).toBe(200)
    expect(res.json().items).toContainEqual(
      expect.objectContaining({ id: employerId, kind: 'employer', name: '常州天宁精密机械有限公司' }),
    )
    const all = (await api.app.inject({ url: '/api/signup/organisations?pageSize=200' })).json().items
    expect(
      all.map((o: { kind: string }) => o.kind).every((k: string) => k === 'employer' || k === 'agency'),
    ).toBe(true)
    expect(all.map((o: { name: string }) => o.name)).not.toContain('待审核单位')
  })

  it('a request is decided only by the organisation chosen; a decline has a reason the person sees', async () => {
    const res = await signUp({ organisationId: agencyId, name: '周自由', username: 'freelancer-1' })
    expect(res.statusCode, res.body).toBe(201)
    const agency = await api.as('agency')
    const waiting = (await requests(agency)).find((r) => r.name === '周自由') as { id: string }
    expect(await requests(employer)).not.toContainEqual(expect.objectContaining({ id: waiting.id }))
    expect((await employer.request('POST', `/api/staff/requests/${waiting.id}/confirm`)).statusCode).toBe(404)
    const noReason = await agency.request('POST', `/api/staff/requests/${waiting.id}/decline`, {
      reason: ' ',
    })
    expect(noReason.json().error.field).toBe('reason')
    expect(
      (await agency.request('POST', `/api/staff/requests/${waiting.id}/decline`, { reason: '本机构未存档' }))
        .statusCode,
    ).toBe(200)
    const person = await api.signIn('freelancer-1', PASSWORD)
    const told = (await person.request('GET', '/api/notifications')).json().items
    expect(told).toContainEqual(
      expect.objectContaining({ kind: 'employment.declined', body: expect.stringContaining('本机构未存档') }),
    )
    const audit = await api.d.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', waiting.id)
      .orderBy('seq')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['employment.request', 'employment.decline'])
  })

  it('a person still employed elsewhere is confirmed only after leaving there', async () => {
    const known = await api.d.db
      .selectFrom('person as p')
      .innerJoin('employment as e', 'e.person_key', 'p.person_key')
      .leftJoin('app_user as u', 'u.person_key', 'p.person_key')
      .select(['p.name', 'p.id_cipher'])
      .where('e.organisation_id', '!=', agencyId)
      .where('e.organisation_id', '!=', employerId)
      .where('e.to_date', 'is', null)
      .where('u.id', 'is', null)
      .executeTakeFirstOrThrow()
    const res = await signUp({
      idNumber: unseal(TEST_SECRETS, known.id_cipher),
      name: known.name,
      username: 'moving-person',
      organisationId: agencyId,
    })
    expect(res.json()).toMatchObject({ account: 'awaiting_confirmation' })
    const agency = await api.as('agency')
    const waiting = (await requests(agency)).find((r) => r.name === known.name) as { id: string }
    const refused = await agency.request('POST', `/api/staff/requests/${waiting.id}/confirm`)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error.message).toContain('仍在其他单位在职')
  })
})
