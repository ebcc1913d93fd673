import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { transact } from '../src/services/audit.js'
import { importRecords } from '../src/services/imports.js'
import { registerPerson } from '../src/services/persons.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES, TEST_SECRETS } from './database.js'

const SOURCE = '常州市继续教育管理平台'

describe.each(DATABASES)('grants and imports on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let hr: Client
  let idNumber: string
  let name: string
  beforeAll(async () => {
    api = await startApi(kind)
    hr = await api.as('hr_department')
    idNumber = api.login('person').idNumber as string
    name = api.login('person').organisation
  }, 60_000)
  afterAll(() => api.stop())
  afterEach(() => {
    vi.useRealTimers()
  })

  /** Hours of the ledger credits that came in by import. */
  const imported = async () =>
    (await hr.request('GET', `/api/persons/${api.personKey}/ledger?pageSize=200`))
      .json()
      .items.filter((e: { source: string }) => e.source === 'import')
      .map((e: { professional: number }) => e.professional)
      .sort((a: number, b: number) => a - b)
  const year = async (y: number) =>
    (await hr.request('GET', `/api/persons/${api.personKey}/years/${y}`)).json().evaluation

  it('a city HR department uploads public-subject hours: granted at once, no confirmation', async () => {
    const project = await hr.request('POST', '/api/projects', {
      title: '2025年度公需科目：数字经济',
      subject: 'public',
      way: 'public_course_exam',
      startDate: '2025-03-01',
      endDate: '2025-11-30',
      schedule: '线上学习并考试',
      venue: '常州市专业技术人员继续教育网',
      faculty: '市人社局',
      rules: '考试合格',
      hours: 30,
    })
    expect(project.statusCode).toBe(201) // no one-month rule for an HR department's own activity
    const before = (await year(2025)).totals.public
    const res = await hr.request('POST', `/api/projects/${project.json().id}/rosters`, {
      rows: [{ idNumber, name, date: '2025-06-30' }],
    })
    expect(res.statusCode).toBe(201)
    expect(res.json().roster.status).toBe('confirmed')
    // Changzhou: a passed public course is 30 public hours (常人社职〔2024〕1号 三).
    expect((await year(2025)).totals.public).toBe(before + 30)
  })

  it('an import is all or nothing, naming each bad row and field', async () => {
    const res = await hr.request('POST', '/api/imports', {
      sourceSystem: SOURCE,
      rows: [
        {
          idNumber,
          name,
          record: {
            id: 'src-1',
            kind: 'online_course',
            subject: 'professional',
            hours: 6,
            date: '2026-02-01',
          },
        },
        {
          idNumber,
          name: '别人',
          record: {
            id: 'src-2',
            kind: 'online_course',
            subject: 'professional',
            hours: 6,
            date: '2026-02-02',
          },
        },
        {
          idNumber,
          name,
          record: { id: 'src-3', kind: 'online_course', subject: 'professional', date: '2026-02-03' },
        },
        {
          idNumber: '123',
          name,
          record: { id: 'src-4', kind: 'paper', authorship: 'sole', date: '2026-02-04' },
        },
      ],
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.rows[1]).toEqual({
      row: 3,
      column: 'record.hours',
      reason: '字段「hours」缺少该字段',
    })
    expect(res.json().error.rows.map((r: { row: number; column: string }) => [r.row, r.column])).toEqual([
      [2, 'name'],
      [3, 'record.hours'],
      [4, 'idNumber'],
    ])
    expect(await imported()).toEqual([])
  })

  it('an import is credited once, whether retried with its key or sent again', async () => {
    const rows = [
      {
        idNumber,
        name,
        record: { id: 'src-5', kind: 'online_course', subject: 'professional', hours: 6, date: '2026-02-01' },
      },
      {
        idNumber,
        name,
        record: { id: 'src-6', kind: 'online_course', subject: 'professional', hours: 8, date: '2026-03-01' },
      },
    ]
    const first = await hr.request(
      'POST',
      '/api/imports',
      { sourceSystem: SOURCE, rows },
      { 'idempotency-key': 'year-end-2026' },
    )
    expect(first.statusCode).toBe(201)
    const retried = await hr.request(
      'POST',
      '/api/imports',
      { sourceSystem: SOURCE, rows },
      { 'idempotency-key': 'year-end-2026' },
    )
    expect(retried.json()).toMatchObject({ replayed: true, id: first.json().id })
    const resent = await hr.request('POST', '/api/imports', { sourceSystem: SOURCE, rows })
    expect(resent.json()).toMatchObject({ replayed: true, id: first.json().id })
    expect(await imported()).toEqual([6, 8])
  })

  it('bulk credits apply the annual caps in date order, as single credits do (裁定1)', async () => {
    const idNumber2 = makeResidentId('320402', '19900909', 909)
    const { person } = await transact(api.d.db, (trx) =>
      registerPerson(
        trx,
        TEST_SECRETS,
        { id: 'clerk' },
        { idNumber: idNumber2, name: '钱九', regionCode: '320402', series: 'health', titleLevel: 'junior' },
      ),
    )
    const study = (date: string) => ({
      idNumber: idNumber2,
      name: '钱九',
      record: { id: `study-${date}`, kind: 'self_study', hours: 20, archived: true, date },
    })
    const res = await hr.request('POST', '/api/imports', {
      sourceSystem: SOURCE,
      rows: [study('2025-09-01'), study('2025-03-01')],
    })
    expect(res.statusCode).toBe(201)
    const entries = await api.d.db
      .selectFrom('ledger_entry')
      .select(['professional', 'record'])
      .where('person_key', '=', person.personKey)
      .execute()
    const byDate = Object.fromEntries(
      entries.map((e) => [(e.record as { date: string }).date, Number(e.professional)]),
    )
    expect(byDate).toEqual({ '2025-03-01': 20, '2025-09-01': 10 })
    const summary = await api.d.db
      .selectFrom('person_year')
      .selectAll()
      .where('person_key', '=', person.personKey)
      .executeTakeFirstOrThrow()
    expect(Number(summary.professional)).toBe(30)
  })

  it('bulk credits keep neighbouring years current: a make-up counts back into the year of the leave (裁定8)', async () => {
    const idNumber3 = makeResidentId('320402', '19880808', 808)
    const { person } = await transact(api.d.db, (trx) =>
      registerPerson(
        trx,
        TEST_SECRETS,
        { id: 'clerk' },
        {
          idNumber: idNumber3,
          name: '孙八',
          regionCode: '320402',
          series: 'engineering',
          titleLevel: 'intermediate',
        },
      ),
    )
    const line = (record: object) => ({
      idNumber: idNumber3,
      name: '孙八',
      record: { id: JSON.stringify(record), ...record },
    })
    // The leave comes in one import, the make-up in a later one: the make-up must update 2026.
    const leave = await hr.request('POST', '/api/imports', {
      sourceSystem: SOURCE,
      rows: [
        line({ kind: 'leave', reason: 'illness', months: 5, employerApproved: true, date: '2026-06-30' }),
      ],
    })
    expect(leave.statusCode).toBe(201)
    // The make-up happens in 2027: no activity is credited before it has happened, so the clock moves there
    // (the service is called directly: sessions are timed by the database's own clock).
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2027-06-01T00:00:00Z') })
    const hrUser = await api.d.db
      .selectFrom('app_user')
      .select(['id', 'organisation_id'])
      .where('username', '=', api.login('hr_department').username)
      .executeTakeFirstOrThrow()
    const result = await importRecords(
      api.d.db,
      TEST_SECRETS,
      {
        userId: hrUser.id,
        username: api.login('hr_department').username,
        role: 'hr_department',
        organisationId: hrUser.organisation_id,
        personKey: null,
        via: 'session',
        secondFactorDone: true,
        totpEnabled: false,
      },
      SOURCE,
      [
        line({
          kind: 'online_course',
          subject: 'professional',
          hours: 50,
          makeUpFor: 2026,
          date: '2027-03-01',
        }),
      ],
    )
    expect(result.replayed).toBe(false)
    const years = await api.d.db
      .selectFrom('person_year')
      .select(['year', 'professional'])
      .where('person_key', '=', person.personKey)
      .orderBy('year')
      .execute()
    expect(years.map((y) => [y.year, Number(y.professional)])).toEqual([
      [2026, 50],
      [2027, 0],
    ])
  })
})
