import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { transact } from '../src/services/audit.js'
import { createRecord } from '../src/services/records.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'

describe.each(DATABASES)('year-end review, departure and transfer on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let employer: Client
  let person: Client
  beforeAll(async () => {
    api = await startApi(kind)
    employer = await api.as('employer')
    person = await api.as('person')
  }, 60_000)
  afterAll(() => api.stop())

  it('after the year-end review a year changes only by reversal entries, each with a reason', async () => {
    const review = await employer.request('POST', '/api/reviews/year-end', { year: 2024 })
    expect(review.statusCode).toBe(200)
    expect(review.json().reviewed).toBeGreaterThan(0)
    const applied = await person.request('POST', '/api/applications', {
      kind: 'online_course',
      subject: 'professional',
      hours: 10,
      date: '2024-11-01',
    })
    const id = applied.json().application.id
    const approve = await employer.request('POST', `/api/applications/${api.personKey}/${id}/approve`, {})
    expect(approve.statusCode).toBe(409)
    expect(approve.json().error.message).toContain('2024年度已完成年终审核')
    const direct = await employer.request('POST', `/api/persons/${api.personKey}/records`, {
      kind: 'training',
      subject: 'professional',
      organizer: 'employer',
      days: 1,
      date: '2024-12-01',
    })
    expect(direct.statusCode).toBe(409)
    // A reversal is still possible, with its reason.
    const entry = (await employer.request('GET', `/api/persons/${api.personKey}/ledger?pageSize=200`))
      .json()
      .items.find((e: { year: number; entryType: string }) => e.year === 2024 && e.entryType === 'credit')
    const hr = await api.as('hr_department')
    expect(
      (
        await hr.request('POST', `/api/persons/${api.personKey}/ledger/${entry.id}/revoke`, {
          ground: 'fraud',
          reason: '材料不实',
        })
      ).statusCode,
    ).toBe(200)
    // 2025 is still open.
    const open = await employer.request('POST', `/api/persons/${api.personKey}/records`, {
      kind: 'training',
      subject: 'professional',
      organizer: 'employer',
      days: 1,
      date: '2025-12-01',
    })
    expect(open.statusCode).toBe(201)
  })

  it('departure review ends the employment; the new employer sees the earlier records', async () => {
    const before = (await employer.request('GET', `/api/persons/${api.personKey}/ledger`)).json().total
    const left = await employer.request('POST', `/api/persons/${api.personKey}/departure`, {
      date: '2026-06-30',
    })
    expect(left.statusCode).toBe(200)
    expect(left.json().review).toMatchObject({ year: 2026 })
    expect((await employer.request('GET', `/api/persons/${api.personKey}/ledger`)).statusCode).toBe(403)
    // Another employer (Qingdao's hospital account, created here) takes the person on.
    const org = await api.d.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', '青岛市市立医院')
      .executeTakeFirstOrThrow()
    const { hashPassword } = await import('../src/services/passwords.js')
    await api.d.db
      .insertInto('app_user')
      .values({
        username: 'qd-hospital',
        role: 'employer',
        organisation_id: org.id,
        password_hash: await hashPassword('Qd-Hospital-2026'),
      })
      .execute()
    const next = await api.signIn('qd-hospital', 'Qd-Hospital-2026')
    expect((await next.request('GET', `/api/persons/${api.personKey}/ledger`)).statusCode).toBe(403)
    const joined = await next.request('POST', '/api/staff', {
      idNumber: api.login('person').idNumber,
      name: api.login('person').organisation,
      fromDate: '2026-07-01',
    })
    expect(joined.statusCode).toBe(201)
    const history = await next.request('GET', `/api/persons/${api.personKey}/ledger`)
    expect(history.statusCode).toBe(200)
    expect(history.json().total).toBe(before)
    expect(
      (
        await next.request('POST', '/api/staff', {
          idNumber: api.login('person').idNumber,
          name: api.login('person').organisation,
          fromDate: '2026-07-01',
        })
      ).statusCode,
    ).toBe(409)
  })

  it('a former employer no longer decides the applications the person sent it before leaving', async () => {
    const oldEmployer = await api.d.db
      .selectFrom('app_user')
      .select('organisation_id')
      .where('username', '=', 'demo-employer')
      .executeTakeFirstOrThrow()
    const sent = await transact(api.d.db, (trx) =>
      createRecord(
        trx,
        { id: 'test' },
        {
          personKey: api.personKey,
          record: { kind: 'online_course', subject: 'professional', hours: 10, date: '2026-05-01' },
          source: 'application',
          status: 'submitted',
          reviewerOrganisationId: oldEmployer.organisation_id,
        },
      ),
    )
    const ledger = () =>
      api.d.db.selectFrom('ledger_entry').select('id').where('person_key', '=', api.personKey).execute()
    const before = (await ledger()).length
    const approve = await employer.request(
      'POST',
      `/api/applications/${api.personKey}/${sent.id}/approve`,
      {},
    )
    expect(approve.statusCode).toBe(403)
    expect((await ledger()).length).toBe(before)
  })

  it('a person still employed elsewhere cannot be taken on', async () => {
    const agency = await api.as('agency')
    const res = await agency.request('POST', '/api/staff', {
      idNumber: api.login('person').idNumber,
      name: api.login('person').organisation,
      fromDate: '2026-08-01',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toContain('尚在原单位的人员须原单位先完成离职审核')
  })
})
