import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'

// 职工教育经费 (鲁人社发〔2016〕10号 （二十三）「一般企业按照职工工资总额的1.5%足额提取职工教育经费，从业人员技术
// 素质要求高、培训任务重、经济效益较好的企业可按2.5%提取」): yearly reports, exact shares, the HR department's
// 2.5 % flag, scope, correction, summaries and the workbook.
describe.each(DATABASES)('education funds on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let employer: Client
  let building: Client
  let hr: Client
  let authority: Client
  let qingdaoHr: Client
  let employerId: string
  let buildingId: string
  beforeAll(async () => {
    api = await startApi(kind)
    employer = await api.as('employer')
    hr = await api.as('hr_department')
    authority = await api.as('authority')
    qingdaoHr = await signInFor(api, '青岛市人力资源和社会保障局', 'hr_department')
    building = await signInFor(api, '常州武进建设工程有限公司', 'employer')
    const id = async (name: string) =>
      (
        await api.d.db
          .selectFrom('organisation')
          .select('id')
          .where('name', '=', name)
          .executeTakeFirstOrThrow()
      ).id
    employerId = await id(api.login('employer').organisation)
    buildingId = await id('常州武进建设工程有限公司')
  }, 180_000)
  afterAll(() => api?.stop())

  const report = (client: Client, year: number, payroll: string, spending: string) =>
    client.request('PUT', `/api/education-funds/own/${year}`, { payroll, spending })
  const lineOf = async (client: Client, id: string, query = 'year=2025') =>
    (await client.request('GET', `/api/education-funds?${query}&pageSize=200`))
      .json()
      .items.find((l: { organisationId: string }) => l.organisationId === id)

  it('（二十三） 1.5 %: 180,000.00 of a 12,000,000.00 payroll meets it exactly, 179,999.99 is below by 0.01', async () => {
    const met = await report(employer, 2025, '12000000', '180000.00')
    expect(met.statusCode, met.body).toBe(200)
    expect(met.json()).toMatchObject({
      year: 2025,
      payroll: '12000000.00',
      spending: '180000.00',
      share: '1.50',
      threshold: '1.5',
      required: '180000.00',
      shortfall: '0.00',
      below: false,
      revision: 1,
    })
    // A correction replaces the report, counted and audited with the figures before and after.
    const below = await report(employer, 2025, '12000000.00', '179999.99')
    expect(below.json()).toMatchObject({ share: '1.50', below: true, shortfall: '0.01', revision: 2 })
    const own = (await employer.request('GET', '/api/education-funds/own')).json()
    expect(own).toMatchObject({ total: 1 })
    expect((await employer.request('GET', '/api/education-funds/own/threshold')).json()).toEqual({
      highTrainingNeed: false,
      threshold: '1.5',
      basis: '鲁人社发〔2016〕10号 （二十三）',
    })
    expect(own.items[0]).toMatchObject({ spending: '179999.99', revision: 2 })
    const audit = await api.d.db
      .selectFrom('audit_event')
      .select(['action', 'before', 'after'])
      .where('entity', '=', 'education_fund_report')
      .where('entity_id', '=', `${employerId}:2025`)
      .orderBy('seq')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['education_fund.report', 'education_fund.correct'])
    expect(JSON.parse(audit[1]?.before as string)).toMatchObject({ spending: '180000.00', revision: 1 })
    expect(JSON.parse(audit[1]?.after as string)).toMatchObject({ spending: '179999.99', revision: 2 })
    expect(await lineOf(hr, employerId)).toMatchObject({ status: 'below', share: '1.50', threshold: '1.5' })
  })

  it('（二十三） 2.5 % for an enterprise the HR department marks as having high training needs', async () => {
    await report(employer, 2024, '8000000.00', '200000.00') // exactly 2.5 %
    expect((await lineOf(hr, employerId, 'year=2024')).status).toBe('met')
    const set = await hr.request('PUT', `/api/organisations/${employerId}/training-need`, {
      highTrainingNeed: true,
    })
    expect(set.statusCode, set.body).toBe(200)
    expect(set.json()).toMatchObject({ threshold: '2.5' })
    // 2024: 200,000.00 of 8,000,000.00 is 2.5 %: still met; 2025: 179,999.99 of 12,000,000.00 needs 300,000.00.
    expect(await lineOf(hr, employerId, 'year=2024')).toMatchObject({
      status: 'met',
      share: '2.50',
      threshold: '2.5',
    })
    expect(await lineOf(hr, employerId)).toMatchObject({
      status: 'below',
      threshold: '2.5',
      required: '300000.00',
      shortfall: '120000.01',
    })
    expect((await employer.request('GET', '/api/education-funds/own/threshold')).json().threshold).toBe('2.5')
    // A payroll of 100.01 at 1.5 % needs 1.51 (rounded up to the fen): 1.50 is below.
    await hr.request('PUT', `/api/organisations/${employerId}/training-need`, { highTrainingNeed: false })
    expect((await report(employer, 2023, '100.01', '1.50')).json()).toMatchObject({
      below: true,
      required: '1.51',
    })
    expect((await report(employer, 2023, '100.01', '1.51')).json()).toMatchObject({
      below: false,
      share: '1.51',
    })
    const flags = await api.d.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity', '=', 'organisation')
      .where('entity_id', '=', employerId)
      .where('action', '=', 'education_fund.rate')
      .execute()
    expect(flags).toHaveLength(2)
  })

  it('validates the amounts, naming the field: payroll > 0, no negatives, two decimals; spending may exceed payroll', async () => {
    for (const [payroll, spending, field] of [
      ['0', '10', 'payroll'],
      ['0.00', '10', 'payroll'],
      ['-100', '10', 'payroll'],
      ['1e6', '10', 'payroll'],
      ['1000', '-1', 'spending'],
      ['1000', '1.234', 'spending'],
      ['1000', '', 'spending'],
    ]) {
      const res = await report(employer, 2022, payroll as string, spending as string)
      expect(res.statusCode, `${payroll} ${spending}`).toBe(400)
      expect(res.json().error.field).toBe(field)
    }
    expect((await report(employer, 2022, '1000', '2000')).json()).toMatchObject({
      share: '200.00',
      below: false,
    })
    expect((await report(employer, 2999, '1000', '20')).json().error.field).toBe('year')
  })

  it('stays in scope: another city neither sees nor marks the employer; the authority sees its industry only', async () => {
    expect(await lineOf(qingdaoHr, employerId)).toBeUndefined()
    const mark = await qingdaoHr.request('PUT', `/api/organisations/${employerId}/training-need`, {
      highTrainingNeed: true,
    })
    expect(mark.statusCode).toBe(403)
    expect(
      (
        await authority.request('PUT', `/api/organisations/${buildingId}/training-need`, {
          highTrainingNeed: true,
        })
      ).statusCode,
    ).toBe(403)
    await report(building, 2025, '5000000.00', '50000.00') // 1 %
    const seen = (await authority.request('GET', '/api/education-funds?year=2025&pageSize=200')).json()
    expect(seen.items.length).toBeGreaterThan(0)
    for (const l of seen.items) expect(l.industry).toBe('建筑')
    expect(seen.items.find((l: { organisationId: string }) => l.organisationId === buildingId)).toMatchObject(
      {
        status: 'below',
        share: '1.00',
        shortfall: '25000.00',
      },
    )
    expect((await authority.request('GET', '/api/education-funds?year=2025&industry=卫生')).statusCode).toBe(
      403,
    )
    expect((await hr.request('GET', '/api/education-funds?year=2025&regionCode=370200')).statusCode).toBe(403)
  })

  it('filters the employers below their share and sums them by district and industry', async () => {
    const below = (await hr.request('GET', '/api/education-funds?year=2025&status=below&pageSize=200')).json()
    expect(below.items.map((l: { name: string }) => l.name).sort()).toEqual(
      [api.login('employer').organisation, '常州武进建设工程有限公司'].sort(),
    )
    const missing = (
      await hr.request('GET', '/api/education-funds?year=2025&status=missing&pageSize=200')
    ).json()
    expect(missing.items.every((l: { status: string }) => l.status === 'missing')).toBe(true)
    const all = (await hr.request('GET', '/api/education-funds?year=2025&pageSize=200')).json()
    expect(missing.total + below.total).toBe(all.total)

    const byIndustry = (await hr.request('GET', '/api/education-funds/summary?year=2025&by=industry')).json()
    expect(byIndustry.all).toMatchObject({
      employers: all.total,
      reported: 2,
      below: 2,
      payroll: '17000000.00',
      spending: '229999.99',
      share: '1.35',
    })
    expect(byIndustry.lines.find((l: { key: string }) => l.key === '建筑')).toMatchObject({
      reported: 1,
      below: 1,
      share: '1.00',
    })
    const byRegion = (await hr.request('GET', '/api/education-funds/summary?year=2025')).json()
    expect(byRegion.by).toBe('region')
    expect(byRegion.lines.reduce((s: number, l: { employers: number }) => s + l.employers, 0)).toBe(all.total)
  })

  it('exports every employer with its share and the summaries as xlsx', async () => {
    const res = await hr.request('GET', '/api/education-funds/export?year=2025')
    expect(res.statusCode).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('用人单位')
    expect(String(sheet?.getRow(1).getCell(1).value)).toContain('鲁人社发〔2016〕10号 （二十三）')
    const row = sheet?.getRows(3, 50)?.find((r) => r.getCell(1).value === '常州武进建设工程有限公司')
    expect(row?.values).toEqual([
      undefined,
      '常州武进建设工程有限公司',
      '武进区',
      '建筑',
      '1.5',
      '5000000.00',
      '50000.00',
      '1.00',
      '75000.00',
      '25000.00',
      '低于比例',
    ])
    expect(book.getWorksheet('按地区')?.rowCount).toBeGreaterThan(1)
    expect(book.getWorksheet('按行业')?.getRow(1).getCell(1).value).toBe('行业')
  })
})
