import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chinaToday } from '../src/domain/china-date.js'
import { earliestStart } from '../src/services/projects.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'

const CHANGZHOU = '常州市专业技术人员继续教育基地（常州工学院）'
const NANCHANG = '江西省专业技术人员继续教育基地（南昌大学）'
const addDays = (date: string, n: number) =>
  new Date(Date.parse(date) + n * 86_400_000).toISOString().slice(0, 10)

describe.each(DATABASES)('procedural rules where their texts govern, on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let changzhou: Client
  let nanchang: Client
  const today = chinaToday()
  const project = (title: string, startDate: string, extra: Record<string, unknown> = {}) => ({
    title,
    subject: 'professional',
    way: 'face_to_face',
    startDate,
    endDate: addDays(startDate, 2),
    schedule: '3天',
    venue: '现场',
    faculty: '专家',
    rules: '考勤',
    hours: 24,
    ...extra,
  })
  const publicCourse = (title: string) =>
    project(title, addDays(today, 60), { subject: 'public', way: 'public_course_exam', hours: 30 })

  beforeAll(async () => {
    api = await startApi(kind)
    changzhou = await api.as('institution')
    nanchang = await signInFor(api, NANCHANG, 'institution')
  }, 60_000)
  afterAll(() => api.stop())

  it('江西 第十六条 binds institutions in Jiangxi: 南昌 publishes a month ahead, 常州 need not', async () => {
    const early = await nanchang.request('POST', '/api/projects', project('南昌研修', addDays(today, 10)))
    expect(early.statusCode).toBe(400)
    expect(early.json().error).toMatchObject({
      field: 'startDate',
      message: expect.stringContaining('江西省人民政府令第259号 第十六条'),
    })
    const onTime = await nanchang.request('POST', '/api/projects', project('南昌研修', earliestStart(today)))
    expect(onTime.statusCode).toBe(201)
    expect(onTime.json()).toMatchObject({
      institutionName: NANCHANG,
      publicationRule: {
        basis: '江西省人民政府令第259号 第十六条',
        rule: expect.stringContaining('提前一个月'),
      },
    })
    const soon = await changzhou.request('POST', '/api/projects', project('常州研修', addDays(today, 10)))
    expect(soon.statusCode).toBe(201)
    expect(soon.json()).toMatchObject({ institutionName: CHANGZHOU, publicationRule: null })
  })

  it('the public project list names the institution, and the rule each project was under', async () => {
    const list = (await api.app.inject({ url: '/api/projects?pageSize=200' })).json()
    const byTitle = new Map(list.items.map((p: { title: string }) => [p.title, p]))
    expect(byTitle.get('南昌研修')).toMatchObject({
      institutionName: NANCHANG,
      publicationRule: { basis: '江西省人民政府令第259号 第十六条' },
    })
    expect(byTitle.get('常州研修')).toMatchObject({ institutionName: CHANGZHOU, publicationRule: null })
  })

  it('public-subject courses: HR departments publish them, institutions never, authorities where the text says so (青岛)', async () => {
    const refused = await changzhou.request('POST', '/api/projects', publicCourse('公需科目：常州机构'))
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.message).toBe(
      '公需科目培训由市人力资源和社会保障局统一组织实施（常人社职〔2024〕1号 三），继续教育机构不能公布公需科目课程',
    )
    const inJiangxi = await nanchang.request('POST', '/api/projects', publicCourse('公需科目：南昌机构'))
    expect(inJiangxi.statusCode).toBe(403)
    expect(inJiangxi.json().error.message).toContain('江西省人民政府令第259号 第九条')
    const changzhouAuthority = await api.as('authority')
    const notNamed = await changzhouAuthority.request(
      'POST',
      '/api/projects',
      publicCourse('公需科目：常州住建'),
    )
    expect(notNamed.statusCode).toBe(403)
    expect(notNamed.json().error.message).toContain('行业主管部门不能公布')
    const qingdaoAuthority = await signInFor(api, '青岛市卫生健康委员会', 'authority')
    const named = await qingdaoAuthority.request('POST', '/api/projects', publicCourse('公需科目：青岛卫健'))
    expect(named.statusCode).toBe(201)
    const hr = await api.as('hr_department')
    expect((await hr.request('POST', '/api/projects', publicCourse('公需科目：常州人社'))).statusCode).toBe(
      201,
    )
  })

  it('the 20-working-day roster deadline is 308号 五（二）: a Jiangsu institution has one, a Jiangxi one none', async () => {
    for (const [name, title] of [
      [CHANGZHOU, '常州高级研修班'],
      [NANCHANG, '南昌高级研修班'],
    ] as const) {
      const org = await api.d.db
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
      await api.d.db
        .insertInto('training_project')
        .values({
          institution_id: org.id,
          title,
          subject: 'professional',
          way: 'face_to_face',
          start_date: '2025-09-22',
          end_date: '2025-09-26',
          schedule: '5天',
          venue: '现场',
          faculty: '专家',
          rules: '考勤',
          hours: 40,
          advanced_seminar: true,
        })
        .execute()
    }
    const due = (await changzhou.request('GET', '/api/rosters/deadlines?today=2025-10-20')).json()
    expect(due.items).toEqual([
      expect.objectContaining({
        project: expect.objectContaining({ title: '常州高级研修班' }),
        due: '2025-10-30',
        basis: '苏人社函〔2023〕308号 五（二）',
      }),
    ])
    const none = (await nanchang.request('GET', '/api/rosters/deadlines?today=2025-10-20')).json()
    expect(none).toMatchObject({ items: [], total: 0 })
  })
})
