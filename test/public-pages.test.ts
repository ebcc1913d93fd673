import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chinaToday } from '../src/domain/china-date.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'

const CHANGZHOU = '常州市专业技术人员继续教育基地（常州工学院）'
const QINGDAO = '青岛市专业技术人员继续教育基地（青岛大学）'
const NANCHANG = '江西省专业技术人员继续教育基地（南昌大学）'
const addDays = (date: string, n: number) =>
  new Date(Date.parse(date) + n * 86_400_000).toISOString().slice(0, 10)

interface Item {
  title: string
  institutionName: string
  [key: string]: unknown
}

describe.each(DATABASES)('the public pages’ API (no sign-in) on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  const today = chinaToday()
  // Nanchang's institution publishes a month ahead (江西 第十六条): every project starts after that.
  const start = addDays(today, 40)
  const project = (title: string, startDate: string, extra: Record<string, unknown> = {}) => ({
    title,
    subject: 'professional',
    way: 'face_to_face',
    startDate,
    endDate: addDays(startDate, 2),
    schedule: '3天，每天8学时',
    venue: '现场教学楼A101',
    faculty: '高级工程师 张明',
    rules: '全程考勤，结业考核',
    hours: 24,
    ...extra,
  })
  const publish = async (client: Client, body: Record<string, unknown>) => {
    const res = await client.request('POST', '/api/projects', body)
    expect(res.statusCode, res.body).toBe(201)
  }
  const get = (url: string) => api.app.inject({ url })
  const list = async (query: string) => {
    const res = await get(`/api/public/projects?pageSize=200&${query}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as { items: Item[]; total: number; page: number; pageSize: number }
  }
  const titles = async (query: string) => (await list(query)).items.map((p) => p.title).sort()

  beforeAll(async () => {
    api = await startApi(kind)
    const changzhou = await api.as('institution')
    await publish(changzhou, project('BIM 建模研修班', start, { fees: '800元/人（含资料费）' }))
    await publish(changzhou, project('智能制造 线上课程', addDays(start, 30), { way: 'online' }))
    await publish(changzhou, project('安全生产100%达标_专题', addDays(start, 60)))
    await publish(await signInFor(api, QINGDAO, 'institution'), project('医学检验新技术研修班', start))
    await publish(await signInFor(api, NANCHANG, 'institution'), project('教师信息化 BIM 应用', start))
    // A draft, as an institution keeps one before publishing: it exists, and no visitor sees it.
    const { id } = await api.d.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', CHANGZHOU)
      .executeTakeFirstOrThrow()
    await api.d.db
      .insertInto('training_project')
      .values({ ...row(id), title: 'BIM 草稿项目', draft: true })
      .execute()
  }, 120_000)
  afterAll(() => api.stop())

  const row = (institutionId: string) => ({
    institution_id: institutionId,
    subject: 'professional' as const,
    way: 'face_to_face' as const,
    start_date: start,
    end_date: addDays(start, 2),
    schedule: '3天',
    venue: '现场',
    faculty: '专家',
    rules: '考勤',
    hours: 24,
  })

  it('lists published projects only, never a draft, in the public list nor in the project list', async () => {
    const all = await list('')
    expect(all.total).toBe(5)
    expect(all.items.map((p) => p.title)).not.toContain('BIM 草稿项目')
    expect(await titles('q=草稿')).toEqual([])
    const older = (await get('/api/projects?pageSize=200')).json() as { items: Item[] }
    expect(older.items.map((p) => p.title)).not.toContain('BIM 草稿项目')
  })

  it('shows the fields the texts make public, with the institution’s name and region, not its id', async () => {
    const [bim] = (await list('q=BIM 建模')).items
    expect(bim).toEqual({
      id: expect.any(String),
      title: 'BIM 建模研修班',
      subject: 'professional',
      way: 'face_to_face',
      startDate: start,
      endDate: addDays(start, 2),
      schedule: '3天，每天8学时',
      venue: '现场教学楼A101',
      faculty: '高级工程师 张明',
      rules: '全程考勤，结业考核',
      hours: 24,
      fees: '800元/人（含资料费）',
      institutionName: CHANGZHOU,
      regionCode: '320400',
      regionName: '江苏省常州市',
      publishedAt: expect.any(String),
      publicationRule: null,
    })
    const [nanchang] = (await list('region=360100')).items
    expect(nanchang).toMatchObject({
      institutionName: NANCHANG,
      fees: null,
      publicationRule: { basis: '江西省人民政府令第259号 第十六条' },
    })
  })

  it('searches by city (and a province takes its cities), by way and by words of the subject', async () => {
    expect(await titles('region=320400')).toEqual([
      'BIM 建模研修班',
      '安全生产100%达标_专题',
      '智能制造 线上课程',
    ])
    expect(await titles('region=320000')).toEqual(await titles('region=320400'))
    expect(await titles('region=370200')).toEqual(['医学检验新技术研修班'])
    expect(await titles('region=110000')).toEqual([])
    expect(await titles('way=online')).toEqual(['智能制造 线上课程'])
    expect(await titles(`q=${encodeURIComponent('BIM')}`)).toEqual(['BIM 建模研修班', '教师信息化 BIM 应用'])
    expect(await titles(`q=BIM&region=320400`)).toEqual(['BIM 建模研修班'])
    expect(await titles(`q=${encodeURIComponent('研修班')}&way=face_to_face`)).toEqual([
      'BIM 建模研修班',
      '医学检验新技术研修班',
    ])
  })

  it('matches the words literally: % and _ are characters, not wildcards', async () => {
    expect(await titles(`q=${encodeURIComponent('%')}`)).toEqual(['安全生产100%达标_专题'])
    expect(await titles(`q=${encodeURIComponent('_')}`)).toEqual(['安全生产100%达标_专题'])
    expect(await titles(`q=${encodeURIComponent('B_M')}`)).toEqual([])
    expect(await titles(`q=${encodeURIComponent('.*')}`)).toEqual([])
  })

  it('searches by dates: the projects running on some day of the period', async () => {
    const day = (n: number) => addDays(start, n)
    expect(await titles(`from=${day(0)}&to=${day(0)}`)).toEqual([
      'BIM 建模研修班',
      '医学检验新技术研修班',
      '教师信息化 BIM 应用',
    ])
    expect(await titles(`from=${day(2)}&to=${day(30)}`)).toHaveLength(4)
    expect(await titles(`from=${day(3)}&to=${day(29)}`)).toEqual([])
    expect(await titles(`from=${day(31)}`)).toEqual(['安全生产100%达标_专题', '智能制造 线上课程'])
    expect(await titles(`to=${day(-1)}`)).toEqual([])
  })

  it('pages through the list, newest start first, every project once', async () => {
    const seen: string[] = []
    for (let page = 1; page <= 3; page++) {
      const res = await get(`/api/public/projects?page=${page}&pageSize=2`)
      const body = res.json()
      expect(body).toMatchObject({ total: 5, page, pageSize: 2 })
      seen.push(...body.items.map((p: Item) => p.title))
    }
    expect(seen).toHaveLength(5)
    expect(new Set(seen).size).toBe(5)
    expect(seen[0]).toBe('安全生产100%达标_专题')
    expect((await get('/api/public/projects?page=4&pageSize=2')).json().items).toEqual([])
  })

  it('refuses a bad search with the field named, in Chinese', async () => {
    for (const [query, field] of <[string, string][]>[
      ['region=3204', 'region'],
      ['way=walking', 'way'],
      ['from=2026-02-30', 'from'],
      ['from=2026-05-01&to=2026-04-30', 'to'],
      [`q=${'字'.repeat(51)}`, 'q'],
      ['pageSize=201', 'pageSize'],
    ]) {
      const res = await get(`/api/public/projects?${encodeURI(query)}`)
      expect(res.statusCode, query).toBe(400)
      expect(res.json().error.message, query).toMatch(/[\u4e00-\u9fff]/)
      expect(JSON.stringify(res.json()), query).toContain(field)
    }
  })

  it('the directory lists the registered institutions, searched by name and region, with their published projects', async () => {
    const res = await get('/api/public/institutions?pageSize=200')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.items.map((i: Item) => i.name).sort()).toEqual([CHANGZHOU, NANCHANG, QINGDAO].sort())
    expect(body.items.find((i: Item) => i.name === CHANGZHOU)).toEqual({
      id: expect.any(String),
      name: CHANGZHOU,
      regionCode: '320400',
      regionName: '江苏省常州市',
      level: 'city',
      isBase: expect.any(Boolean),
      occupationCategories: ['工程技术', '经济'],
      publishedProjects: 3, // not the draft
      designations: [],
      evaluation: null,
      ratings: { count: 0, mean: null },
    })
    const named = (await get(`/api/public/institutions?q=${encodeURIComponent('青岛')}`)).json()
    expect(named.items.map((i: Item) => i.name)).toEqual([QINGDAO])
    const inJiangxi = (await get('/api/public/institutions?region=360000')).json()
    expect(inJiangxi.items.map((i: Item) => i.name)).toEqual([NANCHANG])
    const qingdao = named.items[0]
    expect(await titles(`institution=${qingdao.id}`)).toEqual(['医学检验新技术研修班'])
    expect((await get('/api/public/projects?institution=1')).statusCode).toBe(400)
    const wild = (await get(`/api/public/institutions?q=${encodeURIComponent('%')}`)).json()
    expect(wild.total).toBe(0)
    expect((await get('/api/public/institutions?region=abc')).statusCode).toBe(400)
  })

  it('is rate-limited: past 120 requests a minute from one address, 429', async () => {
    let limited = 0
    for (let i = 0; i < 125; i++) {
      const res = await get('/api/public/institutions?pageSize=1')
      if (res.statusCode === 429) limited += 1
    }
    expect(limited).toBeGreaterThan(0)
  })
})
