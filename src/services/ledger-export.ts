import ExcelJS from 'exceljs'
import type { Kysely } from 'kysely'
import type { LedgerLine } from '../db/ledger-lines.js'
import { allLedgerLines, type LedgerFilter } from '../db/ledger-lines.js'
import { findPerson } from '../db/persons.js'
import type { DB, LedgerSource } from '../db/schema.js'
import { findPolicy } from '../policy/registry.js'
import type { Kind } from '../policy/types.js'
import { NotFoundError } from './errors.js'

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The most lines one export holds (a person's working life is a few hundred). */
export const MAX_EXPORT_LINES = 10_000

/** The door each entry came in by, as the person's ledger names it. */
export const SOURCE_LABEL: Record<LedgerSource, string> = {
  application: '个人申报',
  roster: '机构上报',
  grant: '单位或主管部门登记',
  import: '系统导入',
  revocation: '撤销',
  correction: '更正',
}

/** The kinds' short Chinese names (the portal's list; docs/records.md has the long ones). */
export const KIND_LABEL: Record<Kind, string> = {
  training: '培训',
  online_course: '网络课程',
  public_course_exam: '公需科目考试',
  practice: '岗位实践',
  conference: '学术会议',
  lecturing: '授课讲学',
  overseas_training: '出国（境）培训',
  study_tour: '考察学习',
  qualification_exam: '职业资格考试',
  skill_level_exam: '技能等级考试',
  degree_course: '学历学位课程',
  degree_completed: '取得学历学位',
  self_study: '自学',
  paper: '论文',
  book: '著作',
  patent: '专利',
  standard: '标准',
  research_project: '科研项目',
  achievement_award: '成果奖励',
  exam_item_writing: '命题工作',
  competition: '竞赛',
  grassroots_service: '服务基层',
  expert_service: '专家服务',
  aid_assignment: '援派',
  leave: '假期',
  language_exam: '外语考试',
  computer_exam: '计算机考试',
  epidemic_frontline: '抗疫一线',
  mentorship: '导师带教',
  other: '其他',
}

/** China Standard Time (UTC+8, no daylight saving), as YYYY-MM-DD HH:mm. */
const chinaTime = (d: Date): string =>
  new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')

const COLUMNS = [
  { header: '活动日期', width: 12 },
  { header: '年度', width: 8 },
  { header: '记录', width: 8 },
  { header: '学习形式', width: 14 },
  { header: '名称', width: 30 },
  { header: '来源', width: 14 },
  { header: '公需科目学时', width: 12 },
  { header: '专业科目学时', width: 12 },
  { header: '合计学时', width: 10 },
  { header: '依据', width: 36 },
  { header: '政策文号', width: 20 },
  { header: '状态', width: 10 },
  { header: '撤销或更正理由', width: 30 },
  { header: '记入时间', width: 18 },
] as const

/** A line's cells, in COLUMNS' order: text as text (never a formula), hours as numbers. */
export function ledgerCells(line: LedgerLine): (string | number)[] {
  const kind = line.kind ? (KIND_LABEL[line.kind as Kind] ?? line.kind) : ''
  const status =
    line.entryType === 'reversal'
      ? SOURCE_LABEL[line.source]
      : line.reversedBy
        ? `已${SOURCE_LABEL[line.reversedBy.source]}`
        : '有效'
  const reason = line.entryType === 'reversal' ? line.reason : (line.reversedBy?.reason ?? null)
  return [
    line.date ?? '',
    line.year,
    line.entryType === 'credit' ? '记入' : '冲销',
    kind,
    line.title ?? '',
    SOURCE_LABEL[line.source] ?? line.source,
    line.public,
    line.professional,
    Math.round((line.public + line.professional) * 100) / 100,
    line.basis,
    (line.policyId && findPolicy(line.policyId)?.documentNo) || '',
    status,
    reason ?? '',
    chinaTime(line.createdAt),
  ]
}

/**
 * The person's ledger lines as an xlsx workbook, one row a line under Chinese headers. Every text cell is
 * written as a string value, so a title such as "=HYPERLINK(…)" stays text and never runs as a formula.
 */
export async function ledgerWorkbook(lines: readonly LedgerLine[], heading: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('学时档案')
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }))
  sheet.getRow(1).font = { bold: true }
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  for (const line of lines) sheet.addRow(ledgerCells(line))
  book.title = heading
  return Buffer.from(await book.xlsx.writeBuffer())
}

/** The person's ledger lines matching the filter as a workbook, and its file name. */
export async function ledgerExport(
  db: Kysely<DB>,
  personKey: string,
  filter: LedgerFilter,
): Promise<{ name: string; book: Buffer }> {
  const person = await findPerson(db, personKey)
  if (!person) throw new NotFoundError('person', personKey)
  const lines = await allLedgerLines(db, personKey, { sort: '-date', ...filter }, MAX_EXPORT_LINES)
  const scope = filter.year === undefined ? '全部年度' : `${filter.year}年度`
  const heading = `学时档案-${person.name}-${scope}`
  return { name: `${heading}.xlsx`, book: await ledgerWorkbook(lines, heading) }
}
