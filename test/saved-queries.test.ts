import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'

// 常用查询 (issue 15, ad-hoc statistics): saved statistics views without their year, the organisation's own,
// inside its statistics scope, every write audited.
describe.each(DATABASES)('saved statistics queries on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let hr: Client
  let authority: Client
  let qingdaoHr: Client
  beforeAll(async () => {
    api = await startApi(kind)
    hr = await api.as('hr_department')
    authority = await api.as('authority')
    qingdaoHr = await signInFor(api, '青岛市人力资源和社会保障局', 'hr_department')
  }, 180_000)
  afterAll(() => api?.stop())

  const bySeries = { by: 'series', measures: ['persons', 'rate'] }
  const save = (client: Client, name: string, definition: object) =>
    client.request('POST', '/api/statistics/queries', { name, definition })
  const actions = async (id: string) =>
    (
      await api.d.db
        .selectFrom('audit_event')
        .select(['action', 'actor_organisation_id'])
        .where('entity_id', '=', id)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action)

  it('saves, lists, renames and deletes the organisation’s own queries, each write audited', async () => {
    const created = await save(hr, '按职称系列', bySeries)
    expect(created.statusCode).toBe(200)
    const q = created.json()
    expect(q).toMatchObject({ name: '按职称系列', definition: bySeries })
    expect(q.definition).not.toHaveProperty('year')
    const list = (await hr.request('GET', '/api/statistics/queries')).json()
    expect(list).toMatchObject({ total: 1, page: 1, pageSize: 20 })
    expect(list.items).toEqual([expect.objectContaining({ id: q.id, name: '按职称系列' })])

    const twice = await save(hr, '按职称系列', { by: 'region', measures: ['total'] })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.field).toBe('name')

    const renamed = await hr.request('PUT', `/api/statistics/queries/${q.id}`, {
      name: '系列达标率',
      definition: { ...bySeries, measures: ['rate'] },
    })
    expect(renamed.statusCode).toBe(200)
    expect(renamed.json()).toMatchObject({ name: '系列达标率', definition: { measures: ['rate'] } })

    expect((await hr.request('DELETE', `/api/statistics/queries/${q.id}`)).statusCode).toBe(200)
    expect((await hr.request('GET', '/api/statistics/queries')).json().total).toBe(0)
    expect((await hr.request('DELETE', `/api/statistics/queries/${q.id}`)).statusCode).toBe(404)
    expect(await actions(q.id)).toEqual(['saved_query.create', 'saved_query.update', 'saved_query.delete'])
  })

  it('another organisation neither sees, changes nor deletes them', async () => {
    const q = (await save(hr, '常州按地区', { by: 'region', measures: ['persons'] })).json()
    expect((await qingdaoHr.request('GET', '/api/statistics/queries')).json()).toMatchObject({
      total: 0,
      items: [],
    })
    const put = await qingdaoHr.request('PUT', `/api/statistics/queries/${q.id}`, {
      name: '改名',
      definition: { by: 'region', measures: ['persons'] },
    })
    expect(put.statusCode).toBe(404)
    expect((await qingdaoHr.request('DELETE', `/api/statistics/queries/${q.id}`)).statusCode).toBe(404)
    // The same name is free in another organisation.
    expect((await save(qingdaoHr, '常州按地区', { by: 'region', measures: ['persons'] })).statusCode).toBe(
      200,
    )
    expect((await hr.request('GET', '/api/statistics/queries')).json().items).toEqual([
      expect.objectContaining({ id: q.id, name: '常州按地区' }),
    ])
    expect(await actions(q.id)).toEqual(['saved_query.create'])
  })

  it('refuses a query outside the caller’s statistics scope, in plain Chinese', async () => {
    const elsewhere = await save(hr, '青岛', { by: 'employer', regionCode: '370200', measures: ['persons'] })
    expect(elsewhere.statusCode).toBe(403)
    expect(elsewhere.json().error.message).toMatch(
      /^不能保存本部门统计范围以外的查询：只能查看本地区及下级地区/,
    )
    const otherIndustry = await save(authority, '卫生', {
      by: 'series',
      industry: '卫生',
      measures: ['rate'],
    })
    expect(otherIndustry.statusCode).toBe(403)
    expect(otherIndustry.json().error.message).toContain('只能查看本行业')
    expect(
      (await save(authority, '本行业', { by: 'series', industry: '建筑', measures: ['rate'] })).statusCode,
    ).toBe(200)
  })

  it('refuses a bad definition with 400 naming the field', async () => {
    const measure = await save(hr, '坏指标', { by: 'series', measures: ['persons', 'salary'] })
    expect(measure.statusCode).toBe(400)
    expect(measure.json().error.field).toMatch(/^definition\.measures/)
    const none = await save(hr, '无指标', { by: 'series', measures: [] })
    expect(none.statusCode).toBe(400)
    expect(none.json().error.field).toMatch(/^definition\.measures/)
    const by = await save(hr, '坏分组', { by: 'salary', measures: ['persons'] })
    expect(by.json().error.field).toBe('definition.by')
    const long = await save(hr, '长'.repeat(41), bySeries)
    expect(long.statusCode).toBe(400)
    expect(long.json().error.field).toBe('name')
    const blank = await save(hr, '   ', bySeries)
    expect(blank.json().error.field).toBe('name')
  })

  it('exports only the measures chosen, in the fixed order, and refuses an unknown one', async () => {
    const res = await hr.request('GET', '/api/statistics/export?year=2025&by=series&measures=rate,persons')
    expect(res.statusCode).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    expect(book.worksheets[0]?.getRow(2).values).toEqual([undefined, '职称系列', '登记人数', '达标率（%）'])
    expect(book.getWorksheet('历年趋势')?.getRow(1).values).toEqual([
      undefined,
      '年度',
      '登记人数',
      '达标率（%）',
    ])
    const all = await hr.request('GET', '/api/statistics/export?year=2025&by=series')
    await book.xlsx.load(all.rawPayload as unknown as ArrayBuffer)
    expect(book.worksheets[0]?.getRow(2).cellCount).toBe(13)
    const bad = await hr.request('GET', '/api/statistics/export?year=2025&by=series&measures=persons,salary')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.field).toMatch(/^measures/)
  })
})
