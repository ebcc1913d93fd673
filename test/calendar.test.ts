import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'

// Years no holiday package covers: chinese-days ends with 2026 and counts later holidays as weekdays.
const WARNING_2099 = '2099年节假日安排尚未导入，截止日期为暂定，请人社部门通过 PUT /api/calendar 导入'
const seminar = (title: string) => ({
  title,
  subject: 'professional',
  way: 'face_to_face',
  startDate: '2099-12-14',
  endDate: '2099-12-18', // a Friday: 20 working days later is 2100-01-15, or 01-18 with New Year's Day off
  schedule: '5天',
  venue: '常州',
  faculty: '专家',
  rules: '考勤',
  hours: 40,
  advancedSeminar: true,
})

describe.each(DATABASES)('deadlines in a year without holiday data, on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let institution: Client
  let province: Client
  beforeAll(async () => {
    api = await startApi(kind)
    institution = await api.as('institution')
    province = await signInFor(api, '江苏省人力资源和社会保障厅', 'hr_department')
  }, 60_000)
  afterAll(() => api.stop())

  const calendarNotices = async (client: Client) =>
    (await client.request('GET', '/api/notifications?pageSize=200'))
      .json()
      .items.filter((n: { kind: string }) => n.kind === 'calendar.missing')
      .map((n: { title: string }) => n.title)
      .sort()

  it('the calendar of a year not yet loaded says so', async () => {
    expect((await api.app.inject({ url: '/api/calendar/2099' })).json()).toEqual({
      items: [],
      total: 0,
      page: 1,
      pageSize: 20,
      warning: WARNING_2099,
    })
    expect((await api.app.inject({ url: '/api/calendar/2025' })).json()).not.toHaveProperty('warning')
  })

  it('publishing a seminar whose deadline runs into such years asks the provincial HR department to load them, once', async () => {
    expect((await institution.request('POST', '/api/projects', seminar('2099年高级研修班'))).statusCode).toBe(
      201,
    )
    expect(
      (await institution.request('POST', '/api/projects', seminar('2099年高级研修二班'))).statusCode,
    ).toBe(201)
    expect(await calendarNotices(province)).toEqual(['请导入2099年节假日安排', '请导入2100年节假日安排'])
    // The city department cannot load a calendar, so it is not asked to.
    expect(await calendarNotices(await api.as('hr_department'))).toEqual([])
  })

  it('a deadline counted through a year without holidays is provisional, with the warning, until the year is loaded', async () => {
    const deadline = async () =>
      (await institution.request('GET', '/api/rosters/deadlines?today=2099-12-21'))
        .json()
        .items.find((d: { project: { title: string } }) => d.project.title === '2099年高级研修班')
    expect(await deadline()).toMatchObject({
      due: '2100-01-15',
      provisional: true,
      warning: '2099、2100年节假日安排尚未导入，截止日期为暂定，请人社部门通过 PUT /api/calendar 导入',
      basis: '苏人社函〔2023〕308号 五（二）',
    })
    const loaded = await province.request('PUT', '/api/calendar', {
      days: [
        { day: '2099-10-01', kind: 'holiday', name: '国庆节' },
        { day: '2100-01-01', kind: 'holiday', name: '元旦' },
      ],
    })
    expect(loaded.json()).toEqual({ saved: 2 })
    expect(await deadline()).toMatchObject({ due: '2100-01-18', provisional: false, warning: null })
    expect((await api.app.inject({ url: '/api/calendar/2099' })).json()).not.toHaveProperty('warning')
  })
})
