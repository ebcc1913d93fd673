import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'

const BASIS = '青人社字〔2023〕14号 六（一）'

// 青人社字〔2023〕14号 六（一）「市人力资源社会保障部门将成立全市专业技术人员继续教育专家咨询委员会…聘请有威望的高层次
// 专家学者担任继续教育学监，对全市专业技术人员继续教育工作给予指导和监督」: a city's HR department (or one above)
// appoints for its region, with the document and term; the public sees who serves; an appointment ends early only
// with a reason, by the appointing department or one above. The steps run in order on one database.
describe.each(DATABASES)('expert committee and supervisors on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let changzhou: Client
  let jiangsu: Client
  let qingdao: Client
  let xinbei: Client
  let supervisorId: string

  beforeAll(async () => {
    api = await startApi(kind)
    changzhou = await api.as('hr_department')
    jiangsu = await signInFor(api, '江苏省人力资源和社会保障厅', 'hr_department')
    qingdao = await signInFor(api, '青岛市人力资源和社会保障局', 'hr_department')
    await api.d.db
      .insertInto('organisation')
      .values({
        kind: 'hr_department',
        name: '常州市新北区人力资源和社会保障局',
        region_code: '320411',
        level: 'district',
      })
      .execute()
    xinbei = await signInFor(api, '常州市新北区人力资源和社会保障局', 'hr_department')
  }, 180_000)
  afterAll(() => api?.stop())

  const supervisor = {
    kind: 'supervisor',
    name: '周明远',
    title: '正高级工程师',
    employer: '常州工学院',
    field: '机械工程',
    termFrom: '2026-01-01',
    termTo: '2028-12-31',
    document: '常人社发〔2026〕3号',
  }
  const publicList = async (query = '') =>
    (await api.app.inject({ url: `/api/public/advisers?${query}` })).json()

  it('六（一）: the city HR department appoints a supervisor; the register and the public list show the appointment', async () => {
    const res = await changzhou.request('POST', '/api/advisers', supervisor)
    expect(res.statusCode, res.body).toBe(201)
    supervisorId = res.json().id
    expect(res.json()).toMatchObject({
      ...supervisor,
      kindLabel: '继续教育学监',
      regionCode: '320400',
      regionName: '江苏省常州市',
      appointedBy: '常州市人力资源和社会保障局',
      status: 'serving',
      endedAt: null,
      citation: BASIS,
    })
    const audit = await api.d.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity', '=', 'adviser')
      .where('entity_id', '=', supervisorId)
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['adviser.appoint'])
    const shown = await publicList('region=320400')
    expect(shown.total).toBe(1)
    expect(shown.items[0]).toMatchObject({ name: '周明远', document: '常人社发〔2026〕3号', citation: BASIS })
    // The public does not see the register's own bookkeeping.
    expect(Object.keys(shown.items[0])).not.toContain('endReason')
    expect((await publicList('region=370200')).total).toBe(0)
    expect((await publicList('q=机械&kind=supervisor')).total).toBe(1)
    expect((await publicList('kind=committee')).total).toBe(0)
  })

  it('the same person cannot hold two live appointments to the same body of a region', async () => {
    const again = await changzhou.request('POST', '/api/advisers', { ...supervisor, field: '制造' })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.message).toContain('已是本地区的继续教育学监')
    const member = await changzhou.request('POST', '/api/advisers', { ...supervisor, kind: 'committee' })
    expect(member.statusCode, member.body).toBe(201)
    expect(member.json()).toMatchObject({ kindLabel: '专家咨询委员会委员' })
  })

  it('each field is checked and named: blank name, a term that ends before it starts, a day that does not exist', async () => {
    const blank = await changzhou.request('POST', '/api/advisers', {
      ...supervisor,
      name: '  ',
      kind: 'committee',
    })
    expect(blank.statusCode).toBe(400)
    expect(blank.json().error).toMatchObject({ field: 'name' })
    const backwards = await changzhou.request('POST', '/api/advisers', {
      ...supervisor,
      name: '钱立',
      termFrom: '2026-06-01',
      termTo: '2026-05-31',
    })
    expect(backwards.statusCode).toBe(400)
    expect(backwards.json().error).toMatchObject({
      field: 'termTo',
      message: expect.stringContaining('不能早于'),
    })
    const noSuchDay = await changzhou.request('POST', '/api/advisers', {
      ...supervisor,
      name: '钱立',
      termFrom: '2026-02-30',
    })
    expect(noSuchDay.statusCode).toBe(400)
    expect(await api.d.db.selectFrom('adviser').select('id').where('name', '=', '钱立').execute()).toEqual([])
  })

  it('a term that is over stays in the register as 聘期届满 and leaves the public list', async () => {
    const past = await changzhou.request('POST', '/api/advisers', {
      ...supervisor,
      name: '孙静',
      termFrom: '2020-01-01',
      termTo: '2022-12-31',
    })
    expect(past.statusCode, past.body).toBe(201)
    expect(past.json().status).toBe('expired')
    expect((await publicList('q=孙静')).total).toBe(0)
    const expired = (await changzhou.request('GET', '/api/advisers?status=expired')).json()
    expect(expired.items.map((a: { name: string }) => a.name)).toEqual(['孙静'])
  })

  it('a district HR department does not appoint (六（一）: the city’s), and sees nothing of the city’s register', async () => {
    const res = await xinbei.request('POST', '/api/advisers', { ...supervisor, name: '吴强' })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.message).toContain(BASIS)
    expect((await xinbei.request('GET', '/api/advisers')).json().total).toBe(0)
    const end = await xinbei.request('POST', `/api/advisers/${supervisorId}/end`, { reason: '越权' })
    expect(end.statusCode).toBe(404)
  })

  it('another city neither sees nor ends the appointment; the province sees it', async () => {
    expect((await qingdao.request('GET', '/api/advisers')).json().total).toBe(0)
    const end = await qingdao.request('POST', `/api/advisers/${supervisorId}/end`, { reason: '越权' })
    expect(end.statusCode).toBe(404)
    const province = (await jiangsu.request('GET', '/api/advisers?kind=supervisor')).json()
    expect(province.items.map((a: { name: string }) => a.name).sort()).toEqual(['周明远', '孙静'])
  })

  it('the province’s own appointment is not the city’s to end', async () => {
    const own = await jiangsu.request('POST', '/api/advisers', { ...supervisor, employer: '南京大学' })
    expect(own.statusCode, own.body).toBe(201)
    expect(own.json()).toMatchObject({ regionCode: '320000', appointedBy: '江苏省人力资源和社会保障厅' })
    const end = await changzhou.request('POST', `/api/advisers/${own.json().id}/end`, { reason: '调整' })
    expect(end.statusCode).toBe(404)
  })

  it('ending early needs a reason; the register keeps it, the public list drops the person, a second end is refused', async () => {
    const blank = await changzhou.request('POST', `/api/advisers/${supervisorId}/end`, { reason: ' ' })
    expect(blank.statusCode).toBe(400)
    // The province, above the appointing city, may end it.
    const ended = await jiangsu.request('POST', `/api/advisers/${supervisorId}/end`, {
      reason: '本人申请辞去学监',
    })
    expect(ended.statusCode, ended.body).toBe(200)
    expect(ended.json()).toMatchObject({ status: 'ended', endReason: '本人申请辞去学监' })
    expect((await publicList('kind=supervisor&region=320400')).total).toBe(0)
    const again = await changzhou.request('POST', `/api/advisers/${supervisorId}/end`, { reason: '重复' })
    expect(again.statusCode).toBe(409)
    const register = (await changzhou.request('GET', '/api/advisers?status=ended')).json()
    expect(register.items).toEqual([
      expect.objectContaining({ id: supervisorId, endReason: '本人申请辞去学监' }),
    ])
    const audit = await api.d.db
      .selectFrom('audit_event')
      .select(['action', 'actor_organisation_id'])
      .where('entity', '=', 'adviser')
      .where('entity_id', '=', supervisorId)
      .orderBy('seq')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['adviser.appoint', 'adviser.end'])
  })

  it('the register exports as xlsx with every appointment, its status and any reason', async () => {
    const res = await changzhou.request('GET', '/api/advisers/export')
    expect(res.statusCode).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('专家与学监')
    const rows = sheet?.getSheetValues().filter(Boolean) as unknown[][]
    expect(String(rows[0]?.[1])).toContain(BASIS)
    const body = rows.slice(2).map((r) => [r[1], r[2], r[11], r[12]])
    expect(body).toEqual([
      ['专家咨询委员会委员', '周明远', '在聘', ''],
      ['继续教育学监', '周明远', '已解聘', '本人申请辞去学监'],
      ['继续教育学监', '孙静', '聘期届满', ''],
    ])
  })
})
