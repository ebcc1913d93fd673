import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { transact } from '../src/services/audit.js'
import { registerPerson } from '../src/services/persons.js'
import { lastValidDay, tokenExpiry } from '../src/services/token-expiry.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES, TEST_SECRETS } from './database.js'

describe('token expiry dates', () => {
  const now = new Date('2026-03-10T20:00:00Z') // 2026-03-11 04:00 in China
  it('a token valid through a day stops at the next midnight in China', () => {
    const end = tokenExpiry('2026-03-12', now) as Date
    expect(end.toISOString()).toBe('2026-03-12T16:00:00.000Z')
    expect(lastValidDay(end)).toBe('2026-03-12')
    expect(tokenExpiry(undefined, now)).toBeNull()
  })
  it('refuses today (in China), past days and dates that are not dates, naming the field', () => {
    for (const bad of ['2026-03-11', '2026-03-10', '2026-02-30', '12/03/2026'])
      expect(() => tokenExpiry(bad, now), bad).toThrow(expect.objectContaining({ field: 'expiresOn' }))
  })
})

describe.each(DATABASES)('year-end status, transfer origin and token expiry on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let employer: Client
  beforeAll(async () => {
    api = await startApi(kind)
    employer = await api.as('employer')
  }, 60_000)
  afterAll(() => api.stop())

  it('the year-end status says whether the year was reviewed and how many current staff it locks', async () => {
    const staff = (await employer.request('GET', '/api/staff?pageSize=1')).json().total
    const notCompliant = (await employer.request('GET', '/api/compliance?year=2025&compliant=false')).json()
      .total
    const before = await employer.request('GET', '/api/reviews/year-end/2025')
    expect(before.statusCode).toBe(200)
    expect(before.json()).toEqual({ year: 2025, staff, locked: 0, review: null })
    const done = (await employer.request('POST', '/api/reviews/year-end', { year: 2025 })).json()
    expect(done).toEqual({ year: 2025, reviewed: staff, compliant: staff - notCompliant })
    const after = (await employer.request('GET', '/api/reviews/year-end/2025')).json()
    expect(after).toMatchObject({ year: 2025, staff, locked: staff })
    expect(after.review).toMatchObject({ persons: staff, compliant: staff - notCompliant })
    expect(Date.parse(after.review.reviewedAt)).toBeGreaterThan(Date.now() - 60_000)
    // Another year, and another organisation, are untouched.
    expect((await employer.request('GET', '/api/reviews/year-end/2024')).json()).toMatchObject({
      locked: 0,
      review: null,
    })
    const agency = await api.as('agency')
    expect((await agency.request('GET', '/api/reviews/year-end/2025')).json().review).toBeNull()
    expect((await employer.request('GET', '/api/reviews/year-end/1900')).statusCode).toBe(400)
  })

  it('taking a person on says where they come from: the employer they left, or nowhere', async () => {
    const leftOn = '2026-06-30'
    expect(
      (await employer.request('POST', `/api/persons/${api.personKey}/departure`, { date: leftOn }))
        .statusCode,
    ).toBe(200)
    const agency = await api.as('agency')
    const person = api.login('person')
    const joined = await agency.request('POST', '/api/staff', {
      idNumber: person.idNumber,
      name: person.organisation,
      fromDate: '2026-07-01',
    })
    expect(joined.statusCode).toBe(201)
    expect(joined.json().previousEmployer).toEqual({ name: api.login('employer').organisation, leftOn })
    // A registered person employed nowhere before: their first employment on record.
    const first = { idNumber: makeResidentId('320402', '19900505', 515), name: '新来人' }
    await transact(api.d.db, (trx) =>
      registerPerson(
        trx,
        TEST_SECRETS,
        { id: 'clerk' },
        { ...first, regionCode: '320402', series: 'engineering', titleLevel: 'junior' },
      ),
    )
    const fresh = await employer.request('POST', '/api/staff', { ...first, fromDate: '2026-07-01' })
    expect(fresh.statusCode).toBe(201)
    expect(fresh.json().previousEmployer).toBeNull()
    // The newcomer's 2025 is not locked by the review made before they came.
    const status = (await employer.request('GET', '/api/reviews/year-end/2025')).json()
    expect(status.locked).toBe(status.staff - 1)
  })

  it('a token with an end date works until then and is refused after it, like a revoked one', async () => {
    const refused = await employer.request('POST', '/api/tokens', { name: '旧', expiresOn: '2020-01-01' })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.field).toBe('expiresOn')
    expect(refused.json().error.message).toContain('有效期须晚于今天')
    const forever = (await employer.request('POST', '/api/tokens', { name: '长期' })).json()
    expect(forever.expiresOn).toBeNull()
    const created = (
      await employer.request('POST', '/api/tokens', { name: '对接', expiresOn: '2099-12-31' })
    ).json()
    expect(created.expiresOn).toBe('2099-12-31')
    const bearer = { authorization: `Bearer ${created.token}` }
    expect((await api.app.inject({ url: '/api/staff', headers: bearer })).statusCode).toBe(200)
    const listed = (await employer.request('GET', '/api/tokens')).json().items
    expect(listed.find((t: { id: string }) => t.id === created.id)).toMatchObject({
      expiresOn: '2099-12-31',
      expired: false,
    })
    expect(listed.find((t: { id: string }) => t.id === forever.id)).toMatchObject({
      expiresOn: null,
      expired: false,
    })
    await api.d.db
      .updateTable('api_token')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', created.id)
      .execute()
    const after = await api.app.inject({ url: '/api/staff', headers: bearer })
    expect(after.statusCode).toBe(401)
    expect(
      (await employer.request('GET', '/api/tokens'))
        .json()
        .items.find((t: { id: string }) => t.id === created.id),
    ).toMatchObject({ expired: true, revoked: false })
    expect(
      (await api.app.inject({ url: '/api/staff', headers: { authorization: `Bearer ${forever.token}` } }))
        .statusCode,
    ).toBe(200)
  })
})
