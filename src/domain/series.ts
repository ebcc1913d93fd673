/** 职称系列: the professional title series a person's title belongs to (the policy resolution uses it). */
export const SERIES = {
  engineering: '工程技术',
  health: '卫生',
  education: '教师',
  accounting: '会计',
  economics: '经济',
  agriculture: '农业',
  statistics: '统计',
  audit: '审计',
  journalism: '新闻',
  publishing: '出版',
  translation: '翻译',
  law: '律师',
  art: '艺术',
  library: '图书资料',
  archives: '档案',
  research: '自然科学研究',
  social_work: '社会工作',
  sports: '体育',
  technical_worker: '技工院校教师',
  broadcasting: '播音主持',
} as const

export type Series = keyof typeof SERIES

export const isSeries = (value: unknown): value is Series =>
  typeof value === 'string' && Object.hasOwn(SERIES, value)

/** 职称级别 */
export const TITLE_LEVELS = {
  none: '未评定',
  junior: '初级',
  intermediate: '中级',
  associate_senior: '副高级',
  senior: '正高级',
} as const
