import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { personKeyOf } from '../src/services/secrets.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES, TEST_SECRETS } from './database.js'

interface Line {
  id: string
  entryType: 'credit' | 'reversal'
  year: number
  date: string | null
  kind: string | null
  title: string | null
  source: string
  public: number
  professional: number
  reason: string | null
  reversesId: string | null
  reversedBy: { id: string; reason: string | null; source: string } | null
}
interface LinePage {
  items: Line[]
  total: number
}

async function readBook(bytes: Buffer) {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(bytes as unknown as ArrayBuffer)
  const sheet = book.worksheets[0] as ExcelJS.Worksheet
  const rows: ExcelJS.Row[] = []
  sheet.eachRow((row) => {
    rows.push(row)
  })
  return rows
}

describe.each(DATABASES)("the person's ledger page and its export on %s", (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let person: Client
  let hr: Client
  let employer: Client
  let url: string
  let formulaEntry: string
  beforeAll(async () => {
    api = await startApi(kind)
    person = await api.as('person')
    hr = await api.as('hr_department')
    employer = await api.as('employer')
    url = `/api/persons/${api.personKey}/ledger`
    const title = '=HYPERLINK("http://example.com","点我")'
    const res = await employer.request('POST', `/api/persons/${api.personKey}/records`, {
      kind: 'training',
      date: '2025-06-10',
      title,
      subject: 'professional',
      organizer: 'employer',
      days: 1,
      hours: 8,
    })
    expect(res.statusCode, res.body).toBe(201)
    formulaEntry = res.json().id
  }, 120_000)
  afterAll(() => api.stop())

  const list = async (query: string, as: Client = person): Promise<LinePage> => {
    const res = await as.request('GET', `${url}?pageSize=200&${query}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }

  it('filters by year, kind and source in SQL, with the total of the whole filtered list', async () => {
    const all = await list('')
    const y2025 = await list('year=2025')
    expect(y2025.total).toBe(all.items.filter((l) => l.year === 2025).length)
    expect(y2025.items.every((l) => l.year === 2025)).toBe(true)
    const training = await list('kind=training')
    expect(training.total).toBe(all.items.filter((l) => l.kind === 'training').length)
    expect(training.total).toBeGreaterThan(0)
    const grants = await list('source=grant&year=2025')
    expect(grants.items.map((l) => l.id)).toContain(formulaEntry)
    expect(grants.items.every((l) => l.source === 'grant' && l.year === 2025)).toBe(true)
    const paged = await person.request('GET', `${url}?year=2025&pageSize=2&page=2`)
    expect(paged.json()).toMatchObject({ total: y2025.total, page: 2, pageSize: 2 })
  })

  it('sorts by the activity date either way', async () => {
    const dates = (await list('sort=date')).items.map((l) => l.date as string)
    expect(dates).toEqual([...dates].sort())
    const latest = (await list('sort=-date')).items.map((l) => l.date as string)
    expect(latest).toEqual([...dates].sort().reverse())
  })

  it('a revoked credit carries the reversal, and the reversal the kind, date and title of what it cancels', async () => {
    const res = await hr.request('POST', `${url}/${formulaEntry}/revoke`, {
      ground: 'fraud',
      reason: '证书系伪造',
    })
    expect(res.statusCode, res.body).toBe(200)
    const reversal = res.json().id as string
    const lines = (await list('year=2025&kind=training')).items
    const credit = lines.find((l) => l.id === formulaEntry) as Line
    expect(credit.reversedBy).toMatchObject({ id: reversal, reason: '证书系伪造', source: 'revocation' })
    const back = lines.find((l) => l.id === reversal) as Line
    expect(back).toMatchObject({
      entryType: 'reversal',
      reversesId: formulaEntry,
      kind: 'training',
      date: '2025-06-10',
      title: '=HYPERLINK("http://example.com","点我")',
      professional: -8,
      reason: '证书系伪造',
    })
    expect((await list('source=revocation')).items.map((l) => l.id)).toEqual([reversal])
  })

  it('exports the whole filtered list as xlsx with Chinese headers; a title like a formula stays text', async () => {
    const filtered = await list('year=2025&sort=-date')
    const res = await person.request('GET', `${url}/export?year=2025`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('2025年度'))
    const rows = await readBook(res.rawPayload)
    expect(rows[0]?.values).toEqual([
      undefined,
      '活动日期',
      '年度',
      '记录',
      '学习形式',
      '名称',
      '来源',
      '公需科目学时',
      '专业科目学时',
      '合计学时',
      '依据',
      '政策文号',
      '状态',
      '撤销或更正理由',
      '记入时间',
    ])
    const body = rows.slice(1)
    expect(body.length).toBe(filtered.total)
    expect(body.map((r) => [r.getCell(1).value, r.getCell(7).value, r.getCell(8).value])).toEqual(
      filtered.items.map((l) => [l.date, l.public, l.professional]),
    )
    const cells = body.flatMap((r) => [r.getCell(5)])
    const formulaLike = cells.filter((c) => String(c.value).startsWith('=HYPERLINK'))
    expect(formulaLike.length).toBe(2) // the credit and its reversal
    for (const c of formulaLike) {
      expect(c.type).toBe(ExcelJS.ValueType.String)
      expect(c.formula).toBeUndefined()
    }
    const revoked = body.find(
      (r) => r.getCell(5).value === formulaLike[0]?.value && r.getCell(3).value === '记入',
    )
    expect(revoked?.getCell(12).value).toBe('已撤销')
    expect(revoked?.getCell(13).value).toBe('证书系伪造')
  })

  it("the export keeps the list's scope: another person is refused, the filter is validated in Chinese", async () => {
    const other = api.logins.find((l) => l.username === 'demo-qingdao')
    expect(other).toBeDefined()
    const qingdao = await api.signIn(other?.username as string, other?.password as string)
    expect((await qingdao.request('GET', `${url}/export`)).statusCode).toBe(403)
    expect((await qingdao.request('GET', url)).statusCode).toBe(403)
    const own = personKeyOf(TEST_SECRETS, other?.idNumber as string)
    expect((await qingdao.request('GET', `/api/persons/${own}/ledger/export`)).statusCode).toBe(200)
    const bad = await person.request('GET', `${url}/export?kind=dance`)
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toMatch(/kind/)
  })

  it('the demo has a Qingdao person whose year is under 青人社字〔2023〕14号, with a five-year window', async () => {
    const other = api.logins.find((l) => l.username === 'demo-qingdao')
    const qingdao = await api.signIn(other?.username as string, other?.password as string)
    const me = (await qingdao.request('GET', '/api/me')).json()
    expect(me.regionCode).toMatch(/^3702/)
    const res = await qingdao.request('GET', `/api/persons/${me.personKey}/years/2025?window=5`)
    expect(res.statusCode, res.body).toBe(200)
    const e = res.json().evaluation
    expect(res.json().policy).toBe('qingdao-2023')
    expect(e.window).toEqual([2021, 2025])
    expect(e.required).toEqual({ total: 450, public: 150, professional: 300 })
    expect(e.years.map((y: { year: number }) => y.year)).toEqual([2021, 2022, 2023, 2024, 2025])
  })

  it("a person's applications carry the hours credited on approval, and the most approved when lower", async () => {
    const submitted = await person.request('POST', '/api/applications', {
      kind: 'paper',
      date: '2025-03-01',
      title: '精密减速器齿轮修形研究',
      authorship: 'sole',
      cnJournal: true,
    })
    expect(submitted.statusCode, submitted.body).toBe(201)
    const id = submitted.json().application.id
    const approved = await employer.request('POST', `/api/applications/${api.personKey}/${id}/approve`, {
      hours: 10,
      reason: '期刊级别不符',
    })
    expect(approved.statusCode, approved.body).toBe(200)
    const mine = (await person.request('GET', '/api/applications?pageSize=50')).json()
    const item = mine.items.find((a: { id: string }) => a.id === id)
    expect(item).toMatchObject({
      status: 'approved',
      reviewNote: '期刊级别不符',
      credited: { approvedMax: 10 },
    })
    expect(item.credited.public + item.credited.professional).toBe(10)
    expect(item.proposal).toBeNull()
    const waiting = await person.request('POST', '/api/applications', {
      kind: 'paper',
      date: '2025-08-01',
      title: '滚珠丝杠预紧力在线监测',
      authorship: 'sole',
      cnJournal: true,
    })
    const waitingId = waiting.json().application.id
    const again = (await person.request('GET', '/api/applications?pageSize=50')).json()
    const { credit } = waiting.json().preview
    expect(credit.basis).toContain('四（九）') // 常人社职〔2024〕1号 四（九）: a paper
    expect(again.items.find((a: { id: string }) => a.id === waitingId)).toMatchObject({
      status: 'submitted',
      credited: null,
      proposal: { public: credit.public, professional: credit.professional, basis: credit.basis },
    })
    // The reviewer's queue shows the same proposal.
    const queue = (await employer.request('GET', '/api/applications?status=submitted&pageSize=50')).json()
    expect(queue.items.find((a: { id: string }) => a.id === waitingId).proposal).toEqual({
      public: credit.public,
      professional: credit.professional,
      basis: credit.basis,
    })
  })
})
