import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'

type Line = {
  key: string
  label: string
  persons: number
  compliant: number
  total: number
  shortfall: Record<string, number>
}

// The statistics API (issue 15): figures from the summaries, scoped as the region overview is.
describe.each(DATABASES)('statistics on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let hr: Client
  let authority: Client
  let qingdao: Client
  beforeAll(async () => {
    api = await startApi(kind)
    hr = await api.as('hr_department')
    authority = await api.as('authority')
    qingdao = await signInFor(api, '青岛市卫生健康委员会', 'authority')
  }, 180_000)
  afterAll(() => api?.stop())

  const get = async (client: Client, query: string) => client.request('GET', `/api/statistics?${query}`)

  it('a city HR department’s figures by district add up to the compliance summary, and drill down', async () => {
    const s = (await get(hr, 'year=2025&by=region')).json()
    const summary = (await hr.request('GET', '/api/compliance/summary?year=2025')).json()
    expect(s.all).toMatchObject({ persons: summary.total, compliant: summary.compliant })
    expect(s.lines.reduce((n: number, l: Line) => n + l.persons, 0)).toBe(summary.total)
    for (const l of s.lines as Line[]) {
      expect(l.key).toMatch(/^3204\d\d$/)
      // Everyone not compliant is in exactly one shortfall bucket.
      expect(Object.values(l.shortfall).reduce((a, b) => a + b, 0)).toBe(l.persons - l.compliant)
    }
    const district = s.lines[0] as Line
    const drilled = (await get(hr, `year=2025&by=region&regionCode=${district.key}`)).json()
    expect(drilled.lines).toEqual([expect.objectContaining({ key: district.key, persons: district.persons })])
    for (const by of ['industry', 'series', 'employer']) {
      const grouped = (await get(hr, `year=2025&by=${by}`)).json()
      expect(grouped.all).toEqual(s.all)
      expect(grouped.lines.reduce((n: number, l: Line) => n + l.persons, 0)).toBe(summary.total)
    }
    const trend = (await hr.request('GET', '/api/statistics/trend?from=2023&to=2025')).json()
    expect(trend.lines.map((l: Line) => l.key)).toEqual(['2023', '2024', '2025'])
    expect(trend.lines[2]).toEqual({ ...s.all, key: '2025', label: '2025年' })
  })

  it('gives the hours’ make-up by way and by door, counted from the live credits of the scope’s ledger', async () => {
    type Hours = { key: string; label: string; credits: number; public: number; professional: number }
    const recount = async (prefix: string, industry?: string) => {
      const { rows } = await sql<{
        way: string
        door: string
        credits: number
        public: string
        professional: string
      }>`
        SELECT e.record->>'kind' AS way, e.source AS door, count(*)::int AS credits, sum(e.public) AS public,
          sum(e.professional) AS professional
        FROM ledger_entry e JOIN person p ON p.person_key = e.person_key
        WHERE e.entry_type = 'credit' AND e.year = 2025 AND p.region_code LIKE ${`${prefix}%`}
          AND ${industry === undefined ? sql`true` : sql`p.industry = ${industry}`}
          AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.person_key = e.person_key AND r.reverses_id = e.id)
        GROUP BY 1, 2`.execute(api.d.db)
      const by = (pick: 'way' | 'door') => {
        const m = new Map<string, [number, number, number]>()
        for (const r of rows) {
          const [c, pub, pro] = m.get(r[pick]) ?? [0, 0, 0]
          m.set(r[pick], [c + r.credits, pub + Number(r.public), pro + Number(r.professional)])
        }
        return [...m].map(([k, [c, pub, pro]]) => [k, c, pub.toFixed(2), pro.toFixed(2)]).sort()
      }
      return { way: by('way'), door: by('door') }
    }
    const shown = (lines: Hours[]) =>
      lines.map((l) => [l.key, l.credits, l.public.toFixed(2), l.professional.toFixed(2)]).sort()
    const s = (await get(hr, 'year=2025&by=region')).json()
    const expected = await recount('3204')
    expect(expected.way.length).toBeGreaterThan(1)
    expect(shown(s.hours.byWay)).toEqual(expected.way)
    expect(shown(s.hours.byDoor)).toEqual(expected.door)
    expect(s.hours.byDoor.map((l: Hours) => l.key)).toEqual(['application', 'roster', 'grant'])
    expect(s.hours.byDoor.map((l: Hours) => l.label)).toEqual(['个人申报', '机构上报', '单位或主管部门登记'])
    expect(s.hours.byWay.map((l: Hours) => l.label)).toContain('网络课程')
    const credits = (lines: Hours[]) => lines.reduce((n, l) => n + l.credits, 0)
    expect(credits(s.hours.byWay)).toBe(s.hours.all.credits)
    expect(credits(s.hours.byDoor)).toBe(s.hours.all.credits)
    // The same scope as the figures: an authority's industry only.
    const own = (await get(authority, 'year=2025&by=region')).json()
    const industry = (await get(authority, 'year=2025&by=industry')).json().lines[0].key
    const theirs = await recount('3204', industry)
    expect(shown(own.hours.byWay)).toEqual(theirs.way)
    expect(own.hours.all.credits).toBeLessThan(s.hours.all.credits)
  })

  it('a city HR department cannot see another city; an authority sees its own industry only', async () => {
    expect((await get(hr, 'year=2025&by=region&regionCode=370200')).statusCode).toBe(403)
    expect(
      (await hr.request('GET', '/api/statistics/trend?from=2024&to=2025&regionCode=370200')).statusCode,
    ).toBe(403)
    const own = (await get(authority, 'year=2025&by=industry')).json()
    expect(own.lines.map((l: Line) => l.key)).toEqual(['建筑'])
    expect((await get(authority, 'year=2025&by=industry&industry=卫生')).statusCode).toBe(403)
    expect((await get(authority, 'year=2025&by=region&regionCode=370200')).statusCode).toBe(403)
    const health = (await get(qingdao, 'year=2025&by=industry')).json()
    expect(health.lines.map((l: Line) => l.key)).toEqual(['卫生'])
    expect((await get(qingdao, 'year=2025&by=industry&industry=建筑')).statusCode).toBe(403)
    const employer = await api.as('employer')
    expect((await get(employer, 'year=2025&by=region')).statusCode).toBe(403)
  })

  it('exports the view as a workbook: every line with its figures, the total, and the last five years', async () => {
    const s = (await get(hr, 'year=2025&by=series')).json()
    const res = await hr.request('GET', '/api/statistics/export?year=2025&by=series')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('按职称系列')
    expect(sheet?.getCell('A1').value).toBe('常州市 2025年度继续教育统计')
    expect(sheet?.getRow(2).values).toContain('人均学时')
    const rows = (sheet?.getSheetValues() ?? []).slice(3).map((r) => (r as unknown[]).slice(1))
    expect(rows.map((r) => r[0])).toEqual([...s.lines.map((l: Line) => l.label), '合计'])
    expect(rows.at(-1)?.slice(1, 4)).toEqual([s.all.persons, s.all.compliant, s.all.rate])
    const made = book.getWorksheet('学时构成')
    const madeRows = [...((made?.getSheetValues() ?? []) as unknown[])]
      .filter((r): r is unknown[] => Array.isArray(r))
      .map((r) => r.slice(1))
    expect(madeRows.find((r) => r[0] === '学习形式')?.[1]).toBe('有效学时记录（条）')
    const heads = madeRows.map((r) => r[0])
    expect(heads).toContain('来源')
    expect(heads).toEqual(expect.arrayContaining(s.hours.byWay.map((l: { label: string }) => l.label)))
    expect(madeRows.filter((r) => r[0] === '合计').map((r) => r[1])).toEqual([
      s.hours.all.credits,
      s.hours.all.credits,
    ])
    const years = book.getWorksheet('历年趋势')
    expect(years?.getColumn(1).values.slice(2)).toEqual(['2021年', '2022年', '2023年', '2024年', '2025年'])
    expect(
      (await authority.request('GET', '/api/statistics/export?year=2025&by=region&regionCode=370200'))
        .statusCode,
    ).toBe(403)
  })

  it('says which field is wrong', async () => {
    const bad = await get(hr, 'year=2025&by=city')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.field).toBe('by')
    const backwards = await hr.request('GET', '/api/statistics/trend?from=2025&to=2023')
    expect(backwards.statusCode).toBe(400)
    expect(backwards.json().error.field).toBe('to')
  })
})
