import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'

// The API behind the employer's staff pages (issue #11): the compliance list filtered, sorted and paged
// in SQL, its summary and its export; the departments; registering one activity for several staff.

interface Row {
  personKey: string
  name: string
  idMasked: string
  department: string | null
  series: string
  total: number
  public: number
  professional: number
  compliant: boolean
  yearComplete: boolean
  shortfall: { total: number; public: number; professional: number } | null
}

describe.each(DATABASES)('staff pages API on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let employer: Client
  let all: Row[]

  beforeAll(async () => {
    api = await startApi(kind)
    employer = await api.as('employer')
    all = (await employer.request('GET', '/api/compliance?year=2025&pageSize=200')).json().items
  }, 60_000)
  afterAll(() => api.stop())

  const list = async (query: string) => {
    const res = await employer.request('GET', `/api/compliance?year=2025&pageSize=200&${query}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as { items: Row[]; total: number }
  }

  it('the demo places the employer’s staff in departments, listed with their numbers', async () => {
    const res = (await employer.request('GET', '/api/staff/departments')).json()
    expect(res.total).toBeGreaterThanOrEqual(2)
    const counted = res.items.reduce((n: number, d: { staff: number }) => n + d.staff, 0)
    expect(counted).toBe(all.filter((r) => r.department !== null).length)
    expect(res.items.map((d: { department: string }) => d.department)).toEqual(
      [...new Set(all.map((r) => r.department))].filter((d) => d !== null).sort(),
    )
  })

  it('filters by department, series and compliance agree with the whole list', async () => {
    const first = all[0] as Row
    const department = first.department as string
    const found = await list(
      `department=${encodeURIComponent(department)}&series=${first.series}&compliant=${first.compliant}`,
    )
    const expected = all.filter(
      (r) => r.department === department && r.series === first.series && r.compliant === first.compliant,
    )
    expect(found.total).toBe(expected.length)
    expect(found.items.map((r) => r.personKey).sort()).toEqual(expected.map((r) => r.personKey).sort())
  })

  it('sorts by any column both ways, and pages the sorted list', async () => {
    const byPublic = (await list('sort=public&order=desc')).items.map((r) => r.public)
    expect(byPublic).toEqual([...byPublic].sort((a, b) => b - a))
    const byName = (await list('sort=name&order=asc')).items.map((r) => r.personKey)
    const paged = [
      ...(await employer.request('GET', '/api/compliance?year=2025&sort=name&page=1&pageSize=5')).json()
        .items,
      ...(await employer.request('GET', '/api/compliance?year=2025&sort=name&page=2&pageSize=5')).json()
        .items,
    ].map((r: Row) => r.personKey)
    expect(paged).toEqual(byName.slice(0, 10))
    const beyond = (await employer.request('GET', '/api/compliance?year=2025&compliant=false&page=99')).json()
    expect(beyond).toMatchObject({ items: [], total: all.filter((r) => !r.compliant).length })
  })

  it('each row carries the shortfall against its policy’s requirement', () => {
    for (const r of all) {
      expect(r.shortfall).not.toBeNull()
      const s = r.shortfall as NonNullable<Row['shortfall']>
      if (r.yearComplete) expect(s.total).toBe(0)
      else expect(s.total).toBe(Math.max(0, 90 - r.total))
      if (r.compliant) expect(s).toEqual({ total: 0, public: 0, professional: 0 })
    }
  })

  it('the summary counts what the list’s filters match, compliant and not', async () => {
    const series = (all[0] as Row).series
    const res = (await employer.request('GET', `/api/compliance/summary?year=2025&series=${series}`)).json()
    const mine = all.filter((r) => r.series === series)
    expect(res).toEqual({
      year: 2025,
      total: mine.length,
      compliant: mine.filter((r) => r.compliant).length,
      notCompliant: mine.filter((r) => !r.compliant).length,
    })
  })

  it('finds a person by the ID number in the X-Id-Number header, shown masked', async () => {
    const idNumber = api.login('person').idNumber as string
    for (const url of ['/api/compliance?year=2025', '/api/staff', '/api/compliance/summary?year=2025']) {
      const res = await employer.request('GET', url, undefined, { 'x-id-number': idNumber })
      expect(res.statusCode, url).toBe(200)
      expect(res.body).not.toContain(idNumber)
      const body = res.json()
      if ('items' in body) expect(body.items.map((r: Row) => r.personKey)).toEqual([api.personKey])
      else expect(body.total).toBe(1)
    }
    const wrong = await employer.request('GET', '/api/compliance?year=2025', undefined, {
      'x-id-number': `${idNumber.slice(0, 17)}${idNumber.endsWith('1') ? '2' : '1'}`,
    })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().error.field).toBe('idNumber')
  })

  it('exports the whole filtered list in its order, Chinese headings, no cell a formula', async () => {
    // A department that would run as a formula in Excel.
    const victim = all[1] as Row
    await api.d.db
      .updateTable('employment')
      .set({ department: '=HYPERLINK("http://x","y")' })
      .where('person_key', '=', victim.personKey)
      .execute()
    const res = await employer.request('GET', '/api/compliance/export?year=2025&compliant=false&sort=name')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    expect(res.headers['content-disposition']).toContain('attachment')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = book.worksheets[0] as ExcelJS.Worksheet
    const rows: (string | number)[][] = []
    sheet.eachRow((row) => rows.push((row.values as (string | number)[]).slice(1)))
    expect(rows[0]).toEqual([
      '姓名',
      '身份证号（脱敏）',
      '部门',
      '职称系列',
      '总学时',
      '公需科目',
      '专业科目',
      '是否达标',
      '尚差学时',
      '尚差公需',
      '尚差专业',
    ])
    const expected = (await list('compliant=false&sort=name')).items
    expect(rows.slice(1).map((r) => [r[0], r[1], r[4], r[7], r[8]])).toEqual(
      expected.map((r) => [r.name, r.idMasked, r.total, '未达标', r.shortfall?.total]),
    )
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)
      }),
    )
    if (!victim.compliant) {
      const line = rows.find((r) => r[1] === victim.idMasked) as (string | number)[]
      expect(line[2]).toBe(`'=HYPERLINK("http://x","y")`)
    }
  })

  describe('registering one activity for several staff', () => {
    const training = {
      kind: 'training',
      subject: 'professional',
      organizer: 'employer',
      days: 2,
      hours: 16,
      date: '2025-06-10',
      title: '安全生产专题培训',
    }
    const entriesOf = async (key: string) =>
      (await api.d.db.selectFrom('ledger_entry').select('id').where('person_key', '=', key).execute()).length
    const yearOf = async (key: string) =>
      (await employer.request('GET', `/api/persons/${key}/years/2025`)).json().evaluation.totals

    it('previews each person’s hours, credits each exactly that, and a second submission credits no one twice', async () => {
      const [a, b] = all.filter((r) => !r.yearComplete) as [Row, Row]
      const outsider = (
        await api.d.db
          .selectFrom('person')
          .select('person_key')
          .where('region_code', 'like', '3702%')
          .executeTakeFirstOrThrow()
      ).person_key
      const body = { personKeys: [a.personKey, b.personKey, outsider], record: training }
      const before = [await yearOf(a.personKey), await yearOf(b.personKey)]
      const outsiderBefore = await entriesOf(outsider)
      const preview = (await employer.request('POST', '/api/staff/records/preview', body)).json()
      expect(preview.year).toBe(2025)
      expect(preview.items.map((i: { name: string | null }) => i.name)).toEqual([a.name, b.name, null])
      expect(preview.items[2].problem).toContain('不是本单位')
      expect(preview.items[0].before).toMatchObject({ total: before[0].total })

      const first = await employer.request('POST', '/api/staff/records', body)
      expect(first.statusCode, first.body).toBe(200)
      expect(first.json()).toMatchObject({ credited: 2, refused: 1 })
      for (const [i, key] of [a.personKey, b.personKey].entries()) {
        const credit = preview.items[i].credit
        const after = await yearOf(key)
        expect(after.professional).toBe(before[i].professional + credit.professional)
        expect(after.total).toBe(before[i].total + credit.public + credit.professional)
        expect(first.json().items[i].entry.professional).toBe(credit.professional)
      }
      expect(await entriesOf(outsider)).toBe(outsiderBefore)

      // The double click: both at once, then once more; each person is credited once in all.
      const again = await Promise.all([
        employer.request('POST', '/api/staff/records', body),
        employer.request('POST', '/api/staff/records', body),
      ])
      for (const res of again) {
        expect(res.statusCode).toBe(200)
        expect(res.json()).toMatchObject({ credited: 0, refused: 3 })
        expect(res.json().items[0].reason).toContain('已记入')
      }
      for (const [i, key] of [a.personKey, b.personKey].entries())
        expect((await yearOf(key)).total).toBe(before[i].total + preview.items[i].credit.professional)
    })

    it('refuses a kind the employer may not register, naming the field, and crediting no one', async () => {
      const a = all[2] as Row
      const res = await employer.request('POST', '/api/staff/records', {
        personKeys: [a.personKey],
        record: { ...training, organizer: 'institution' },
      })
      expect(res.statusCode).toBe(400)
      expect(res.json().error.field).toBe('record.kind')
      const none = await employer.request('POST', '/api/staff/records', { personKeys: [], record: training })
      expect(none.statusCode).toBe(400)
    })
  })
})
