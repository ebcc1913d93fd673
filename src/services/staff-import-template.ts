import ExcelJS from 'exceljs'
import { SERIES, TITLE_LEVELS } from '../domain/series.js'
import { STAFF_FIELDS, STAFF_HEADINGS } from './staff-import.js'

const TEMPLATE_ROWS = 1000

const NOTES: Record<(typeof STAFF_FIELDS)[number], string> = {
  name: '必填。与身份证一致的姓名（生僻字照常输入），不超过30个字。',
  idNumber:
    '必填。18位公民身份号码，按文本填写（末位可为X）。已在本系统登记的人员按号码关联，不会重复登记；尚在其他单位在职的人员须通过“调入人员”办理。',
  series: '必填。从下拉列表中选择职称系列。',
  titleLevel: '必填。从下拉列表中选择：未评定、初级、中级、副高级、正高级。',
  department: '选填。所在部门（科室），不超过50个字。',
  fromDate: '选填。入职日期，如 2026-07-01；不填按导入当天。',
}

const WIDTHS: Record<(typeof STAFF_FIELDS)[number], number> = {
  name: 14,
  idNumber: 24,
  series: 16,
  titleLevel: 12,
  department: 18,
  fromDate: 14,
}

/** The xlsx staff template: headings with notes, drop-down lists for 职称系列 and 职称级别, ID numbers as text. */
export async function staffTemplate(): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('员工名单')
  sheet.columns = STAFF_FIELDS.map((f) => ({ header: STAFF_HEADINGS[f][0], key: f, width: WIDTHS[f] }))
  sheet.getColumn('idNumber').numFmt = '@' // text: Excel would round an 18-digit number
  sheet.getRow(1).font = { bold: true }
  STAFF_FIELDS.forEach((f, i) => {
    sheet.getRow(1).getCell(i + 1).note = NOTES[f]
  })
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  const list = (values: string[]) => [`"${values.join(',')}"`]
  const col = (f: (typeof STAFF_FIELDS)[number]) => STAFF_FIELDS.indexOf(f) + 1
  for (let r = 2; r <= TEMPLATE_ROWS + 1; r++) {
    const row = sheet.getRow(r)
    row.getCell(col('idNumber')).dataValidation = {
      type: 'textLength',
      operator: 'equal',
      formulae: [18],
      allowBlank: true,
      showErrorMessage: true,
      error: '公民身份号码须为18位',
    }
    row.getCell(col('series')).dataValidation = {
      type: 'list',
      formulae: list(Object.values(SERIES)),
      allowBlank: true,
      showErrorMessage: true,
      error: '请从下拉列表中选择职称系列',
    }
    row.getCell(col('titleLevel')).dataValidation = {
      type: 'list',
      formulae: list(Object.values(TITLE_LEVELS)),
      allowBlank: true,
      showErrorMessage: true,
      error: '请从下拉列表中选择职称级别',
    }
    row.getCell(col('fromDate')).numFmt = 'yyyy-mm-dd'
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}
