import ExcelJS from 'exceljs'
import { neutralise } from './roster-annotate.js'
import { type HoursLine, type HoursMakeUp, NO_INSTITUTION, type StatisticsLine } from './statistics.js'

/** What the lines are grouped by, as the sheet's first column says it. */
const HEADS = { region: '地区', industry: '行业', series: '职称系列', employer: '工作单位' } as const

/** Hours per registered person, two decimals (0 for nobody). */
export const perPerson = (l: StatisticsLine) =>
  l.persons === 0 ? 0 : Math.round((l.total / l.persons) * 100) / 100

/** The measures a view may show (显示指标), in the order the sheet puts them: a fixed list, never built from input. */
export const MEASURES = [
  'persons',
  'compliant',
  'rate',
  'public',
  'professional',
  'total',
  'perPerson',
  'from75',
  'from50',
  'from25',
  'above0',
  'none',
] as const
export type Measure = (typeof MEASURES)[number]

const MEASURE_COLUMNS: Record<Measure, [string, (l: StatisticsLine) => number]> = {
  persons: ['登记人数', (l) => l.persons],
  compliant: ['达标人数', (l) => l.compliant],
  rate: ['达标率（%）', (l) => l.rate],
  public: ['公需科目学时', (l) => l.public],
  professional: ['专业科目学时', (l) => l.professional],
  total: ['总学时', (l) => l.total],
  perPerson: ['人均学时', perPerson],
  from75: ['未达标：已完成75%及以上', (l) => l.shortfall.from75],
  from50: ['未达标：50%至75%', (l) => l.shortfall.from50],
  from25: ['未达标：25%至50%', (l) => l.shortfall.from25],
  above0: ['未达标：不足25%', (l) => l.shortfall.above0],
  none: ['没有学时', (l) => l.shortfall.none],
}

const HOURS_COLUMNS = ['有效学时记录（条）', '公需科目学时', '专业科目学时', '合计学时']

/** What the hours' make-up says its hours are (the page's hint says the same). */
export const HOURS_NOTE =
  '学时为学时账户逐条记入的学时（年度政策封顶前），记录为记入且未冲销的学时记录；冲销从被冲销记录的学习形式和来源中减去。'

const hoursCells = (l: HoursLine) => [l.credits, l.public, l.professional, l.total]

/** The hours' make-up: by way, then by door, each with its total. */
function hoursSheet(book: ExcelJS.Workbook, title: string, made: HoursMakeUp): void {
  const sheet = book.addWorksheet('学时构成')
  sheet.columns = [{ width: 28 }, ...HOURS_COLUMNS.map((c) => ({ width: Math.max(12, c.length * 2) }))]
  sheet.addRow([neutralise(`${title}：学时构成`)]).font = { bold: true }
  sheet.addRow([HOURS_NOTE])
  for (const [head, lines] of [
    ['学习形式', made.byWay],
    ['来源', made.byDoor],
  ] as const) {
    sheet.addRow([])
    sheet.addRow([head, ...HOURS_COLUMNS]).font = { bold: true }
    for (const l of lines) sheet.addRow([neutralise(l.label), ...hoursCells(l)])
    sheet.addRow(['合计', ...hoursCells(made.all)]).font = { bold: true }
  }
}

/**
 * A statistics view as an xlsx workbook: the title naming the scope and year, one line per group with every
 * figure the page shows (or the measures chosen, in the fixed order), the total last; then the hours'
 * make-up by way and by door; then the trend sheet. Text cells are neutralised (no formulas).
 */
export async function statisticsXlsx(
  title: string,
  by: keyof typeof HEADS,
  lines: readonly StatisticsLine[],
  all: StatisticsLine,
  trend: readonly StatisticsLine[],
  hours: HoursMakeUp,
  measures: readonly Measure[] = MEASURES,
): Promise<Buffer> {
  const chosen = MEASURES.filter((m) => measures.includes(m)).map((m) => MEASURE_COLUMNS[m])
  const heads = chosen.map(([head]) => head)
  const cells = (l: StatisticsLine) => chosen.map(([, value]) => value(l))
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet(`按${HEADS[by]}`)
  sheet.addRow([neutralise(title)]).font = { bold: true }
  sheet.addRow([HEADS[by], ...heads]).font = { bold: true }
  sheet.columns = [{ width: 28 }, ...heads.map((c) => ({ width: Math.max(10, c.length * 2) }))]
  for (const l of lines) sheet.addRow([neutralise(l.label), ...cells(l)])
  sheet.addRow(['合计', ...cells(all)]).font = { bold: true }
  hoursSheet(book, title, hours)
  const years = book.addWorksheet('历年趋势')
  years.addRow(['年度', ...heads]).font = { bold: true }
  years.columns = [{ width: 10 }, ...heads.map((c) => ({ width: Math.max(10, c.length * 2) }))]
  for (const l of trend) years.addRow([l.label, ...cells(l)])
  return Buffer.from(await book.xlsx.writeBuffer())
}

/** What the institutions' sheet says its figures are (the page's hint says the same). */
export const INSTITUTION_NOTE = `学时为培训机构报送、经确认的花名册记入的学时（学时账户逐条记入，年度政策封顶前），记录为记入且未冲销的学时记录，按人员所在地区统计；个人申报、主管部门授予和导入的学时没有培训机构，列为“${NO_INSTITUTION}”，不参加排序。`

/**
 * The live credits by training institution as an xlsx workbook: the title, what the figures are, one line
 * per institution (most hours first), the institutions' total, then the credits of no institution.
 */
export async function institutionsXlsx(
  title: string,
  lines: readonly HoursLine[],
  all: HoursLine,
  none: HoursLine,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('按培训机构')
  sheet.columns = [{ width: 36 }, ...HOURS_COLUMNS.map((c) => ({ width: Math.max(12, c.length * 2) }))]
  sheet.addRow([neutralise(title)]).font = { bold: true }
  sheet.addRow([INSTITUTION_NOTE])
  sheet.addRow(['机构名称', ...HOURS_COLUMNS]).font = { bold: true }
  for (const l of lines) sheet.addRow([neutralise(l.label), ...hoursCells(l)])
  sheet.addRow(['合计（培训机构）', ...hoursCells(all)]).font = { bold: true }
  sheet.addRow([none.label, ...hoursCells(none)])
  return Buffer.from(await book.xlsx.writeBuffer())
}
