import ExcelJS from 'exceljs'
import { InvalidInputError } from './errors.js'
import type { toProject } from './projects.js'
import { COLUMNS, type RosterLine } from './roster-files.js'

type Project = ReturnType<typeof toProject>

const FIELDS: (keyof RosterLine)[] = ['idNumber', 'name', 'hours', 'days', 'date']
const TEMPLATE_ROWS = 1000

const NOTES: Record<keyof RosterLine, (p: Project) => string> = {
  idNumber: () => '18位居民身份证号，按文本填写（末位可为X）。人员须已在本系统登记。',
  name: () => '与登记信息一致的姓名（生僻字照常输入）。',
  hours: (p) => `本人实际取得的学时，大于0且不超过项目公布的${p.hours}学时；不填按${p.hours}学时。`,
  days: () => '面授培训的实际天数（整数）；不填按项目天数。',
  date: (p) => `结业日期，${p.startDate} 至 ${p.endDate}；不填按 ${p.endDate}。`,
}

/** The xlsx roster template of a project: headings with notes, and data validation on each column. */
export async function rosterTemplate(project: Project): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('花名册')
  sheet.columns = FIELDS.map((f) => ({ header: COLUMNS[f][0], key: f, width: f === 'idNumber' ? 22 : 14 }))
  sheet.getColumn('idNumber').numFmt = '@' // text: Excel would round an 18-digit number
  sheet.getRow(1).font = { bold: true }
  FIELDS.forEach((f, i) => {
    sheet.getRow(1).getCell(i + 1).note = NOTES[f](project)
  })
  const days = (Date.parse(project.endDate) - Date.parse(project.startDate)) / 86_400_000 + 1
  for (let r = 2; r <= TEMPLATE_ROWS + 1; r++) {
    const row = sheet.getRow(r)
    row.getCell(1).dataValidation = {
      type: 'textLength',
      operator: 'equal',
      formulae: [18],
      allowBlank: true,
      showErrorMessage: true,
      error: '身份证号须为18位',
    }
    row.getCell(3).dataValidation = {
      type: 'decimal',
      operator: 'between',
      formulae: [0.1, project.hours],
      allowBlank: true,
      showErrorMessage: true,
      error: `学时须大于0且不超过${project.hours}`,
    }
    row.getCell(4).dataValidation = {
      type: 'whole',
      operator: 'between',
      formulae: [1, days],
      allowBlank: true,
      showErrorMessage: true,
      error: `天数须为1至${days}的整数`,
    }
    row.getCell(5).dataValidation = {
      type: 'date',
      operator: 'between',
      formulae: [new Date(`${project.startDate}T00:00:00Z`), new Date(`${project.endDate}T00:00:00Z`)],
      allowBlank: true,
      showErrorMessage: true,
      error: `结业日期须在 ${project.startDate} 至 ${project.endDate} 之间`,
    }
    row.getCell(5).numFmt = 'yyyy-mm-dd'
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}

export const isXlsx = (bytes: Uint8Array): boolean =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((t) => t.text).join('')
  if (typeof value === 'object' && 'result' in value) return cellText(value.result as ExcelJS.CellValue)
  if (typeof value === 'object' && 'text' in value) return String(value.text)
  return String(value).trim()
}

/**
 * Rows of an xlsx roster (first sheet), keyed by field, with the sheet's row numbers. The workbook is
 * loaded whole: ExcelJS's streaming reader splits multi-byte characters at chunk boundaries (names came
 * back as 学���1747), so only CSV streams for now.
 */
export async function* rosterXlsxLines(
  bytes: Uint8Array,
): AsyncGenerator<{ line: number; values: Record<string, string> }> {
  const book = new ExcelJS.Workbook()
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  } catch {
    throw new InvalidInputError('file', '不是有效的 xlsx 文件')
  }
  const sheet = book.worksheets[0]
  if (!sheet) throw new InvalidInputError('file', '文件中没有工作表')
  const fieldOf = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) =>
    FIELDS.find((k) => COLUMNS[k].includes(cellText(v))),
  )
  for (const required of ['idNumber', 'name'] as const) {
    if (!fieldOf.includes(required)) throw new InvalidInputError('file', `缺少列「${COLUMNS[required][0]}」`)
  }
  for (let line = 2; line <= sheet.rowCount; line++) {
    const values: Record<string, string> = {}
    ;(sheet.getRow(line).values as ExcelJS.CellValue[]).forEach((v, c) => {
      const field = fieldOf[c]
      const text = cellText(v)
      if (field && text !== '')
        values[field] = field === 'idNumber' && typeof v === 'number' ? `${text}（数字格式）` : text
    })
    if (Object.keys(values).length > 0) yield { line, values }
  }
}

export interface RowProblem {
  row: number
  column: string
  reason: string
}

const messagesByRow = (problems: RowProblem[]) => {
  const byRow = new Map<number, string[]>()
  for (const p of problems) byRow.set(p.row, [...(byRow.get(p.row) ?? []), `${p.column}：${p.reason}`])
  return byRow
}

/** The uploaded xlsx with an 错误 column saying what is wrong on each row, for the institution to fix. */
export async function annotateXlsx(bytes: Uint8Array, problems: RowProblem[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  const sheet = book.worksheets[0] as ExcelJS.Worksheet
  const column = sheet.columnCount + 1
  sheet.getRow(1).getCell(column).value = '错误'
  for (const [row, messages] of messagesByRow(problems)) {
    const cell = sheet.getRow(row).getCell(column)
    cell.value = messages.join('；')
    cell.font = { color: { argb: 'FFC00000' } }
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}

/** The uploaded CSV (as UTF-8 with BOM, which Excel opens correctly) with an 错误 column. */
export function annotateCsv(text: string, problems: RowProblem[]): Buffer {
  const byRow = messagesByRow(problems)
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`
  const lines = text.split(/\r?\n/)
  const out = lines.map((line, i) =>
    i === 0 ? `${line},错误` : line === '' ? line : `${line},${quote(byRow.get(i + 1)?.join('；') ?? '')}`,
  )
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(out.join('\r\n'))])
}
