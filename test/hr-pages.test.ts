import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'

type Found = {
  id: string
  personKey: string
  year: number
  reversed: boolean
  regionCode: string
  title: string | null
  policyId: string | null
  revocation: { fraud: { basis: string }; error: { basis: string } }
}

// The HR department's pages (issue 14): finding an entry to revoke, the calendar, the region overview.
describe.each(DATABASES)('HR department pages on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let hr: Client
  let employer: Client
  let person: Client
  let province: Client
  let idNumber: string
  beforeAll(async () => {
    api = await startApi(kind)
    hr = await api.as('hr_department')
    employer = await api.as('employer')
    person = await api.as('person')
    province = await signInFor(api, '江苏省人力资源和社会保障厅', 'hr_department')
    idNumber = api.login('person').idNumber as string
  }, 180_000)
  afterAll(() => api?.stop())

  const find = async (client: Client, query: string, headers: Record<string, string> = {}) =>
    client.request('GET', `/api/ledger-entries?${query}`, undefined, headers)

  it('finds a person’s credits by ID number (header or query), only in the department’s region', async () => {
    const res = await find(hr, 'pageSize=200', { 'x-id-number': idNumber })
    expect(res.statusCode).toBe(200)
    const items = res.json().items as Found[]
    expect(items.length).toBeGreaterThan(0)
    expect(items.every((e) => e.personKey === api.personKey)).toBe(true)
    expect(res.json().total).toBe(items.length)
    // The Changzhou person's credits cite the Jiangsu texts when revoked or corrected.
    const changzhou = items.find((e) => e.policyId === 'changzhou-2024') as Found
    expect(changzhou.revocation.fraud.basis).toBe('苏人社函〔2023〕308号 六')
    expect(changzhou.revocation.error.basis).toBe('苏人社函〔2023〕308号 五（二）（更正登记错误）')
    // Qingdao's HR department does not find a Changzhou person.
    const qingdao = await signInFor(api, '青岛市人力资源和社会保障局', 'hr_department')
    expect((await find(qingdao, `idNumber=${idNumber}`)).json().total).toBe(0)
  })

  it('finds by project title literally (a % is not a wildcard), and asks for one criterion', async () => {
    const byTitle = (await find(hr, `project=${encodeURIComponent('研修')}&pageSize=5`)).json()
    expect(byTitle.total).toBeGreaterThan(0)
    // Past the last page: no items, the same total.
    const past = (await find(hr, `project=${encodeURIComponent('研修')}&pageSize=5&page=1000`)).json()
    expect(past).toMatchObject({ items: [], total: byTitle.total, page: 1000 })
    const all = (await find(hr, `project=${encodeURIComponent('%')}&pageSize=5`)).json()
    expect(all.total).toBe(0)
    expect(
      byTitle.items.every((e: Found) => e.regionCode.startsWith('3204') && e.title?.includes('研修')),
    ).toBe(true)
    const none = await find(hr, 'year=2025')
    expect(none.statusCode).toBe(400)
    expect(none.json().error.field).toBe('idNumber')
    expect((await find(hr, 'idNumber=123')).statusCode).toBe(400)
    expect((await find(employer, `idNumber=${idNumber}`)).statusCode).toBe(403)
  })

  it('an error correction cites 308号 五（二） and the employer’s and person’s notices name the kind', async () => {
    const items = (await find(hr, 'pageSize=200', { 'x-id-number': idNumber })).json().items as Found[]
    const entry = items.find((e) => !e.reversed && e.policyId === 'changzhou-2024') as Found
    const res = await hr.request('POST', `/api/persons/${api.personKey}/ledger/${entry.id}/revoke`, {
      ground: 'error',
      reason: '年度登记错误',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      source: 'correction',
      basis: '苏人社函〔2023〕308号 五（二）（更正登记错误）',
    })
    for (const client of [employer, person]) {
      const [notice] = (await client.request('GET', '/api/notifications?pageSize=1')).json().items
      expect(notice.kind).toBe('ledger.correction')
      expect(notice.body).toMatch(/^【更正错误】/)
      expect(notice.body).toContain('苏人社函〔2023〕308号 五（二）')
      expect(notice.body).not.toMatch(/弄虚作假|第二十七条/)
    }
    const again = (await find(hr, 'pageSize=200', { 'x-id-number': idNumber })).json().items as Found[]
    expect(again.find((e) => e.id === entry.id)?.reversed).toBe(true)
  })

  it('a fraud revocation of a Changzhou entry cites 308号 六 in its words, not 第二十七条', async () => {
    const items = (await find(hr, 'pageSize=200', { 'x-id-number': idNumber })).json().items as Found[]
    const entry = items.find((e) => !e.reversed && e.policyId === 'changzhou-2024') as Found
    const res = await hr.request('POST', `/api/persons/${api.personKey}/ledger/${entry.id}/revoke`, {
      ground: 'fraud',
      reason: '培训证明系伪造',
    })
    expect(res.json()).toMatchObject({ source: 'revocation', basis: '苏人社函〔2023〕308号 六' })
    const [notice] = (await employer.request('GET', '/api/notifications?pageSize=1')).json().items
    expect(notice.body).toMatch(/^【违规（弄虚作假）】/)
    expect(notice.body).toContain('责令改正、给予警告')
    expect(notice.body).not.toContain('第二十七条')
  })

  it('a provincial HR department adds and removes a make-up working day; a city one cannot', async () => {
    const put = await province.request('PUT', '/api/calendar', {
      days: [{ day: '2031-02-08', kind: 'workday', name: '春节调休上班' }],
    })
    expect(put.json()).toEqual({ saved: 1 })
    const days = (await api.app.inject({ url: '/api/calendar/2031' })).json().items
    expect(days).toContainEqual({ day: '2031-02-08', kind: 'workday', name: '春节调休上班' })
    expect((await hr.request('DELETE', '/api/calendar/2031-02-08')).statusCode).toBe(403)
    const del = await province.request('DELETE', '/api/calendar/2031-02-08')
    expect(del.statusCode).toBe(200)
    expect(del.json()).toEqual({ day: '2031-02-08', kind: 'workday', name: '春节调休上班' })
    expect((await api.app.inject({ url: '/api/calendar/2031' })).json().items).toEqual([])
    expect((await province.request('DELETE', '/api/calendar/2031-02-08')).statusCode).toBe(404)
    const bad = await province.request('DELETE', '/api/calendar/2031-02-30')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.field).toBe('day')
    const audit = await api.d.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'calendar.remove')
      .execute()
    expect(audit).toHaveLength(1)
  })

  it('the overview counts as the compliance summary does, by district, series, industry and year', async () => {
    const o = (await hr.request('GET', '/api/compliance/overview?year=2025')).json()
    const summary = (await hr.request('GET', '/api/compliance/summary?year=2025')).json()
    expect(o).toMatchObject({ regionCode: '320400', total: summary.total, compliant: summary.compliant })
    for (const list of [o.byRegion, o.bySeries, o.byIndustry])
      expect(list.reduce((s: number, l: { total: number }) => s + l.total, 0)).toBe(summary.total)
    expect(o.byYear.map((l: { key: string }) => l.key)).toEqual(['2021', '2022', '2023', '2024', '2025'])
    expect(o.byYear[4]).toMatchObject({ total: summary.total, compliant: summary.compliant })
    const district = o.byRegion[0]
    expect(district.key).toMatch(/^3204\d\d$/)
    expect(district.drillable).toBe(true)
    const drilled = (
      await hr.request('GET', `/api/compliance/overview?year=2025&regionCode=${district.key}`)
    ).json()
    const there = (
      await hr.request('GET', `/api/compliance/summary?year=2025&regionCode=${district.key}`)
    ).json()
    expect(drilled).toMatchObject({ total: there.total, compliant: there.compliant })
    expect(district).toMatchObject({ total: there.total, compliant: there.compliant })
    expect(drilled.byRegion).toEqual([expect.objectContaining({ key: district.key, drillable: false })])
    // A province drills into its cities.
    const jiangsu = (await province.request('GET', '/api/compliance/overview?year=2025')).json()
    expect(jiangsu.byRegion[0]).toMatchObject({ key: '320400', name: '常州市', drillable: true })
    expect((await hr.request('GET', '/api/compliance/overview?year=2025&regionCode=370200')).statusCode).toBe(
      403,
    )
    expect((await employer.request('GET', '/api/compliance/overview?year=2025')).statusCode).toBe(403)
  })

  it('an industry authority’s overview holds its industry only; the export is a workbook', async () => {
    const authority = await api.as('authority')
    const o = (await authority.request('GET', '/api/compliance/overview?year=2025')).json()
    expect(o.byIndustry.map((l: { key: string }) => l.key)).toEqual(['建筑'])
    const x = await hr.request('GET', '/api/compliance/overview/export?year=2025')
    expect(x.statusCode).toBe(200)
    expect(x.headers['content-type']).toContain('spreadsheetml')
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK')
  })
})
