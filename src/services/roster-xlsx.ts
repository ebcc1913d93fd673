import ExcelJS from 'exceljs'
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
