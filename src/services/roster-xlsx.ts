import ExcelJS from 'exceljs'
import { InvalidInputError } from './errors.js'
import type { toProject } from './projects.js'
import { COLUMNS, type RosterLine } from './roster-files.js'
import { type XlsxRow, xlsxRows } from './xlsx-rows.js'

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

/** An Excel serial day number (1900 date system) as YYYY-MM-DD. */
const serialDate = (serial: number) =>
  new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10)

/**
 * Rows of an xlsx roster (first sheet), keyed by field, with the sheet's row numbers, streamed out of
 * the file (xlsx-rows.ts): a large roster is never held in memory as objects.
 */
export async function* rosterXlsxLines(
  bytes: Uint8Array,
): AsyncGenerator<{ line: number; values: Record<string, string> }> {
  let fieldOf: (keyof RosterLine | undefined)[] | undefined
  let rows: AsyncGenerator<XlsxRow>
  try {
    rows = xlsxRows(Buffer.from(bytes))
    for await (const { row, cells, numeric } of rows) {
      if (fieldOf === undefined) {
        fieldOf = cells.map((h) => FIELDS.find((k) => COLUMNS[k].includes(h.trim())))
        for (const required of ['idNumber', 'name'] as const) {
          if (!fieldOf.includes(required))
            throw new InvalidInputError('file', `缺少列「${COLUMNS[required][0]}」`)
        }
        continue
      }
      const values: Record<string, string> = {}
      cells.forEach((raw, c) => {
        const field = fieldOf?.[c]
        const text = raw.trim()
        if (!field || text === '') return
        if (field === 'date' && numeric[c]) values[field] = serialDate(Number(text))
        else if (field === 'idNumber' && numeric[c]) values[field] = `${text}（数字格式，请按文本填写）`
        else values[field] = text
      })
      if (Object.keys(values).length > 0) yield { line: row, values }
    }
  } catch (e) {
    if (e instanceof InvalidInputError) throw e
    throw new InvalidInputError('file', '不是有效的 xlsx 文件')
  }
  if (fieldOf === undefined) throw new InvalidInputError('file', '文件中没有表头')
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
