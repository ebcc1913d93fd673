import ExcelJS from 'exceljs'
import type { ComplianceRow } from '../db/compliance.js'
import { SERIES } from '../domain/series.js'
import { InputError } from '../policy/errors.js'
import { findPolicy, type PolicySetting, resolvePolicyWith } from '../policy/registry.js'
import type { Requirement } from '../policy/types.js'
import { neutralise } from './roster-annotate.js'

/** What a person still needs in the year: the requirement less the hours, never below 0; none once the year is complete. */
export interface Shortfall {
  total: number
  public: number
  professional: number
}

/**
 * The requirement of the policy a row was computed under, or the one in force for the person under the
 * deployment's settings (no hours yet).
 */
function requirementOf(
  row: ComplianceRow,
  year: number,
  settings: readonly PolicySetting[],
): Requirement | null {
  if (row.policyId !== null) return findPolicy(row.policyId)?.required ?? null
  try {
    return resolvePolicyWith(row.regionCode, row.series, year, settings).required
  } catch (e) {
    if (e instanceof InputError) return null
    throw e
  }
}

const round = (n: number) => Math.round(n * 100) / 100
const short = (need: number, have: number) => round(Math.max(0, need - have))

/** A compliance row with the requirement behind it and the shortfall (null: no policy in force there). */
export function withShortfall(row: ComplianceRow, year: number, settings: readonly PolicySetting[]) {
  const required = requirementOf(row, year, settings)
  const shortfall: Shortfall | null =
    required === null
      ? null
      : row.yearComplete
        ? { total: 0, public: 0, professional: 0 }
        : {
            total: short(required.total, row.total),
            public: short(required.public, row.public),
            professional: short(required.professional, row.professional),
          }
  return { ...row, required, shortfall }
}

export type ComplianceLine = ReturnType<typeof withShortfall>

const seriesName = (s: string) => (Object.hasOwn(SERIES, s) ? SERIES[s as keyof typeof SERIES] : s)

/** The columns of the export, in the order the screen shows them. */
const COLUMNS: { header: string; width: number; value: (l: ComplianceLine) => string | number }[] = [
  { header: '姓名', width: 12, value: (l) => l.name },
  { header: '身份证号（脱敏）', width: 22, value: (l) => l.idMasked },
  { header: '部门', width: 14, value: (l) => l.department ?? '' },
  { header: '职称系列', width: 12, value: (l) => seriesName(l.series) },
  { header: '总学时', width: 10, value: (l) => l.total },
  { header: '公需科目', width: 10, value: (l) => l.public },
  { header: '专业科目', width: 10, value: (l) => l.professional },
  { header: '是否达标', width: 10, value: (l) => (l.compliant ? '达标' : '未达标') },
  { header: '尚差学时', width: 10, value: (l) => l.shortfall?.total ?? '' },
  { header: '尚差公需', width: 10, value: (l) => l.shortfall?.public ?? '' },
  { header: '尚差专业', width: 10, value: (l) => l.shortfall?.professional ?? '' },
]

/**
 * The compliance list as an xlsx workbook: Chinese headings, numbers as numbers, every text cell
 * neutralised so that none can run as a formula (a name like =HYPERLINK(…) stays text).
 */
export async function complianceXlsx(lines: readonly ComplianceLine[], year: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet(`${year}年度达标情况`)
  sheet.columns = COLUMNS.map((c, i) => ({ header: c.header, key: String(i), width: c.width }))
  sheet.getRow(1).font = { bold: true }
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  for (const line of lines)
    sheet.addRow(
      COLUMNS.map((c) => {
        const v = c.value(line)
        return typeof v === 'string' ? neutralise(v) : v
      }),
    )
  return Buffer.from(await book.xlsx.writeBuffer())
}
