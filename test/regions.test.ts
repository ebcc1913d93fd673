import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUscc } from '../src/domain/uscc.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'

interface TreeAnswer {
  root: { code: string; fullName: string } | null
  regions: { code: string; name: string; parentCode: string | null }[]
  counts: { regionCode: string; kind: string; count: number }[]
  organisations: { id: string; name: string; kind: string; regionCode: string; regionName: string }[]
  total: number
  truncated: boolean
}

describe.each(DATABASES)('regions and the organisation tree on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let changzhouHr: Client
  let qingdaoHr: Client
  let jiangsuHr: Client

  beforeAll(async () => {
    api = await startApi(kind)
    changzhouHr = await api.as('hr_department')
    qingdaoHr = await signInFor(api, '青岛市人力资源和社会保障局', 'hr_department')
    jiangsuHr = await signInFor(api, '江苏省人力资源和社会保障厅', 'hr_department')
  }, 120_000)
  afterAll(() => api.stop())

  const get = (url: string) => api.app.inject({ method: 'GET', url })

  describe('public region routes (no sign-in)', () => {
    it('the provinces without a parent; a city’s counties with one, each a leaf', async () => {
      const provinces = await get('/api/regions?pageSize=200')
      expect(provinces.statusCode).toBe(200)
      expect(provinces.headers['cache-control']).toBe('public, max-age=86400')
      expect(provinces.json().items).toHaveLength(34)
      expect(provinces.json().items).toContainEqual({
        code: '320000',
        name: '江苏省',
        level: 'province',
        leaf: false,
      })
      const counties = (await get('/api/regions?parent=320400')).json().items
      expect(counties.map((r: { name: string }) => r.name)).toEqual([
        '天宁区',
        '钟楼区',
        '新北区',
        '武进区',
        '金坛区',
        '溧阳市',
      ])
      expect(counties.every((r: { leaf: boolean; level: string }) => r.leaf && r.level === 'county')).toBe(
        true,
      )
    })

    it('an unknown parent: 404 in Chinese; a malformed one: 400', async () => {
      const unknown = await get('/api/regions?parent=329900')
      expect(unknown.statusCode).toBe(404)
      expect(unknown.json().error.message).toBe('未找到行政区划（329900）')
      const malformed = await get('/api/regions?parent=32.*')
      expect(malformed.statusCode).toBe(400)
      expect(malformed.json().error.message).toContain('须为6位行政区划代码')
    })

    it('search 常州: the city first, with its full name and path', async () => {
      const res = await get(`/api/regions/search?q=${encodeURIComponent('常州')}`)
      expect(res.statusCode).toBe(200)
      expect(res.json().items[0]).toEqual({
        code: '320400',
        name: '常州市',
        level: 'city',
        leaf: false,
        fullName: '江苏省常州市',
        path: [
          { code: '320000', name: '江苏省', level: 'province' },
          { code: '320400', name: '常州市', level: 'city' },
        ],
      })
    })

    it('search is bounded, narrows by within, and takes pattern characters literally', async () => {
      const first = (await get(`/api/regions/search?q=${encodeURIComponent('区')}`)).json()
      expect(first.items).toHaveLength(20)
      expect(first.total).toBeGreaterThan(1000)
      const second = (
        await get(`/api/regions/search?q=${encodeURIComponent('区')}&page=2&pageSize=50`)
      ).json()
      expect(second.items).toHaveLength(50)
      expect(second.items[0].code).not.toBe(first.items[0].code)
      expect((await get(`/api/regions/search?q=${encodeURIComponent('区')}&pageSize=201`)).statusCode).toBe(
        400,
      )
      const within = (await get(`/api/regions/search?q=${encodeURIComponent('区')}&within=320400`)).json()
        .items
      expect(within.map((r: { code: string }) => r.code).sort()).toEqual([
        '320402',
        '320404',
        '320411',
        '320412',
        '320413',
      ])
      expect((await get(`/api/regions/search?q=${encodeURIComponent('.*')}`)).json().items).toEqual([])
      const blank = await get('/api/regions/search?q=%20%20')
      expect(blank.statusCode).toBe(400)
      expect(blank.json().error.message).toContain('请输入地区名称')
      expect((await get(`/api/regions/search?q=${'常'.repeat(31)}`)).statusCode).toBe(400)
    })

    it('one region by code, with its full name; unknown: 404', async () => {
      const res = await get('/api/regions/320411')
      expect(res.json()).toMatchObject({ code: '320411', name: '新北区', fullName: '江苏省常州市新北区' })
      expect((await get('/api/regions/320499')).statusCode).toBe(404)
    })

    it('the scope and the tree need an HR department’s session', async () => {
      expect((await get('/api/regions/scope')).statusCode).toBe(401)
      expect((await get('/api/organisations/tree')).statusCode).toBe(401)
      const employer = await api.as('employer')
      expect((await employer.request('GET', '/api/organisations/tree')).statusCode).toBe(403)
    })
  })

  describe('scope', () => {
    it('a city HR department’s region is its city; a province’s its province', async () => {
      expect((await changzhouHr.request('GET', '/api/regions/scope')).json().region).toMatchObject({
        code: '320400',
        fullName: '江苏省常州市',
      })
      expect((await jiangsuHr.request('GET', '/api/regions/scope')).json().region.code).toBe('320000')
    })
  })

  describe('organisation tree', () => {
    const tree = async (client: Client) => {
      const res = await client.request('GET', '/api/organisations/tree')
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as TreeAnswer
    }

    it('a city HR department sees its city and counties, never another city', async () => {
      const t = await tree(changzhouHr)
      expect(t.root?.code).toBe('320400')
      expect(t.regions.find((r) => r.code === '320400')?.parentCode).toBeNull()
      expect(t.regions.every((r) => r.code.startsWith('3204'))).toBe(true)
      expect(t.organisations.every((o) => o.regionCode.startsWith('3204'))).toBe(true)
      const names = t.organisations.map((o) => o.name)
      expect(names).toContain('常州市人才服务中心')
      expect(names).not.toContain('青岛市人力资源和社会保障局')
      expect(names).not.toContain('江苏省人力资源和社会保障厅')
      expect(t.truncated).toBe(false)
      expect(t.total).toBe(t.organisations.length)
      expect(t.counts.reduce((s, c) => s + c.count, 0)).toBe(t.total)

      const q = await tree(qingdaoHr)
      expect(q.root?.code).toBe('370200')
      expect(q.organisations.every((o) => o.regionCode.startsWith('3702'))).toBe(true)
      expect(q.organisations.map((o) => o.name)).not.toContain('常州市人才服务中心')
    })

    it('the counts match the organisations of each region, and agree with the list', async () => {
      const t = await tree(changzhouHr)
      const xinbei = t.organisations.filter((o) => o.regionCode === '320411')
      const counted = t.counts.filter((c) => c.regionCode === '320411').reduce((s, c) => s + c.count, 0)
      expect(counted).toBe(xinbei.length)
      const list = (await changzhouHr.request('GET', '/api/organisations?pageSize=200')).json()
      expect(t.total).toBe(list.total)
      expect(t.regions.find((r) => r.code === '320411')).toEqual({
        code: '320411',
        name: '新北区',
        level: 'county',
        parentCode: '320400',
      })
    })

    it('a province HR department sees its cities, each under the province, and not Qingdao', async () => {
      const t = await tree(jiangsuHr)
      expect(t.root?.code).toBe('320000')
      expect(t.regions.find((r) => r.code === '320400')?.parentCode).toBe('320000')
      expect(t.organisations.map((o) => o.name)).toContain('江苏省人力资源和社会保障厅')
      expect(t.organisations.some((o) => o.regionCode.startsWith('37'))).toBe(false)
    })

    it('a registration request joins the tree once approved', async () => {
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/registrations',
        payload: {
          kind: 'employer',
          name: '常州待审核有限公司',
          uscc: makeUscc('91320412MA1RXGXXN'),
          regionCode: '320412',
          contactName: '王经理',
          contactPhone: '13812345678',
          username: 'pending-region-admin',
          password: 'Employer-Admin-1',
        },
      })
      expect(res.statusCode, res.body).toBe(201)
      const pending = res.json() as { id: string }
      const before = await tree(changzhouHr)
      expect(before.organisations.map((o) => o.id)).not.toContain(pending.id)
      const approve = await changzhouHr.request('POST', `/api/registrations/${pending.id}/approve`)
      expect(approve.statusCode, approve.body).toBe(200)
      const after = await tree(changzhouHr)
      expect(after.organisations.find((o) => o.id === pending.id)?.regionName).toBe('江苏省常州市武进区')
      expect(after.total).toBe(before.total + 1)
    })
  })
})
