import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'

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

/**
 * A cell Excel would not run as a formula: one that starts with =, +, -, @, tab or CR gets a leading '
 * (OWASP's CSV injection advice); the xlsx needs none, as ExcelJS writes every value as a string.
 */
export const neutralise = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)

const field = (cell: string) => {
  const safe = neutralise(cell)
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/**
 * The uploaded CSV (as UTF-8 with BOM, which Excel opens correctly) with an 错误 column, each line
 * written again from its parsed cells so that none can run as a formula.
 */
export function annotateCsv(text: string, problems: RowProblem[]): Buffer {
  const byRow = messagesByRow(problems)
  const records = parse(text, { relax_column_count: true, info: true }) as unknown as {
    record: string[]
    info: { lines: number }
  }[]
  const out = records.map(({ record, info }, i) => {
    if (record.length === 1 && record[0] === '') return '' // an empty line stays empty
    const cells = i === 0 ? [...record, '错误'] : [...record, byRow.get(info.lines)?.join('；') ?? '']
    return cells.map(field).join(',')
  })
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(out.join('\r\n'))])
}
