import ExcelJS from 'exceljs'
import type { Kysely } from 'kysely'
import { type OverviewFilter, overviewCounts } from '../db/overview.js'
import type { DB } from '../db/schema.js'
import { SERIES } from '../domain/series.js'
import { regionLookup } from './regions.js'
import { neutralise } from './roster-annotate.js'

/** One bar of a chart and one line of the table under it. */
export interface OverviewLine {
  key: string
  name: string
  total: number
  compliant: number
  notCompliant: number
  /** 达标率, percent with one decimal (0 for nobody). */
  rate: number
  /** A division below the region asked for: the page drills into it (province → city → district). */
  drillable?: boolean
}

export interface Overview {
  year: number
  regionCode: string | null
  regionName: string
  total: number
  compliant: number
  byRegion: OverviewLine[]
  bySeries: OverviewLine[]
  byIndustry: OverviewLine[]
  /** The year and the four before it, oldest first. */
  byYear: OverviewLine[]
}

/** 达标率, percent with one decimal (0 for nobody). */
export const rate = (ok: number, n: number) => (n === 0 ? 0 : Math.round((ok / n) * 1000) / 10)
const line = (key: string, name: string, total: number, compliant: number): OverviewLine => ({
  key,
  name,
  total,
  compliant,
  notCompliant: total - compliant,
  rate: rate(compliant, total),
})
export const seriesName = (s: string) => (Object.hasOwn(SERIES, s) ? SERIES[s as keyof typeof SERIES] : s)
export const regionName = (code: string) => regionLookup.find(code)?.name ?? code

/**
 * The region's compliance in a year by district (the divisions directly below it), series and industry,
 * and its last five years: what the HR department's overview charts and exports. Counts as the compliance
 * list counts them; statistics at scale come with the oversight issues.
 */
export async function complianceOverview(db: Kysely<DB>, f: OverviewFilter): Promise<Overview> {
  const region = f.regionCode
  const [regions, series, industries] = await Promise.all([
    overviewCounts(db, f, 'region'),
    overviewCounts(db, f, 'series'),
    overviewCounts(db, f, 'industry'),
  ])
  const years: OverviewLine[] = []
  for (let y = f.year - 4; y <= f.year; y++) {
    const counts = await overviewCounts(db, { ...f, year: y }, 'series')
    const n = counts.reduce((s, c) => s + c.total, 0)
    const ok = counts.reduce((s, c) => s + c.compliant, 0)
    years.push(line(String(y), `${y}年`, n, ok))
  }
  const total = series.reduce((s, c) => s + c.total, 0)
  const compliant = series.reduce((s, c) => s + c.compliant, 0)
  return {
    year: f.year,
    regionCode: region ?? null,
    regionName: region === undefined ? '全国' : (regionLookup.find(region)?.fullName ?? region),
    total,
    compliant,
    byRegion: regions.map((r) => ({
      ...line(r.key, regionName(r.key), r.total, r.compliant),
      // A county's overview has one line, the county itself: nothing further to drill into.
      drillable: r.key !== region,
    })),
    bySeries: series.map((r) => line(r.key, seriesName(r.key), r.total, r.compliant)),
    byIndustry: industries.map((r) => line(r.key, r.key || '未填行业', r.total, r.compliant)),
    byYear: years,
  }
}

// The year sheet has no 合计: its lines are different years of the same persons.
const SHEETS: { title: string; head: string; lines: (o: Overview) => OverviewLine[] }[] = [
  { title: '按地区', head: '地区', lines: (o) => o.byRegion },
  { title: '按职称系列', head: '职称系列', lines: (o) => o.bySeries },
  { title: '按行业', head: '行业', lines: (o) => o.byIndustry },
  { title: '按年度', head: '年度', lines: (o) => o.byYear },
]

/** The overview as an xlsx workbook: one sheet per chart, the table under it; text cells neutralised. */
export async function overviewXlsx(o: Overview): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  for (const s of SHEETS) {
    const sheet = book.addWorksheet(s.title)
    sheet.addRow([neutralise(`${o.regionName} ${o.year}年度继续教育学时达标情况（${s.title}）`)]).font = {
      bold: true,
    }
    const head = sheet.addRow([s.head, '人数', '达标', '未达标', '达标率（%）'])
    head.font = { bold: true }
    sheet.columns = [{ width: 22 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 12 }]
    for (const l of s.lines(o))
      sheet.addRow([neutralise(l.name), l.total, l.compliant, l.notCompliant, l.rate])
    if (s.lines !== SHEETS[3]?.lines)
      sheet.addRow(['合计', o.total, o.compliant, o.total - o.compliant, rate(o.compliant, o.total)])
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}
