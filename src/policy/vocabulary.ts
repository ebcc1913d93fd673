import type { Kind } from './types.js'

/**
 * The activity-record vocabulary of the evaluation contract §2, in one place: every kind and field, its
 * meaning in Chinese and English, and the values it may hold. The engine's parser (records.ts), the API's
 * request schema (http/record-schema.ts) and docs/records.md (scripts/records-doc.ts) are built from it.
 */

/** Words in both languages. */
export interface Words {
  zh: string
  en: string
}

/** One allowed value of an enumerated field, and what it means. */
export interface Choice extends Words {
  value: string
}

/** What a field may hold. */
export type Value =
  | { type: 'enum'; values: readonly Choice[] }
  /** min ≤ v ≤ max, or min < v ≤ max when `above`; `whole` numbers only; `why` the bound is what it is. */
  | { type: 'number'; min: number; max: number; above?: boolean; whole?: boolean; why?: Words }
  | { type: 'boolean' }
  /** A string with something in it besides spaces. */
  | { type: 'text' }
  | { type: 'string' }
  | { type: 'list' }
  /** A whole year of 4 digits. */
  | { type: 'year' }
  | { type: 'date' }
  | { type: 'kind' }

export interface FieldSpec extends Words {
  name: string
  /** The contract marks it with "?": it may be left out (or null). */
  optional: boolean
  value: Value
}

export interface KindSpec extends Words {
  fields: readonly FieldSpec[]
  /** A valid record of the kind, as docs/records.md and the OpenAPI document show it. */
  example: Record<string, unknown>
}

/**
 * The most each kind of field can hold (contract §2: a value out of range is an error, exit 2). Generous,
 * but finite, so no credit can overflow to Infinity (issue #10: "hours": 1e308 was credited null).
 */
export const LIMITS = {
  /** The hours in a leap year (366 × 24): no record holds more time than a year. */
  hours: 8784,
  /** The days in a leap year. */
  days: 366,
  /** The calendar length of a training abroad (裁定5): ten years of days. */
  durationDays: 3660,
  /** Months within the year (aid postings, leave). */
  months: 12,
  /** Subjects, courses, modules or item-writing sessions in one record. */
  count: 100,
  /** The characters of a paper presented at a conference. */
  paperChars: 10_000_000,
} as const

const field =
  (optional: boolean) =>
  (name: string, value: Value, zh: string, en: string): FieldSpec => ({ name, optional, value, zh, en })
const req = field(false)
const opt = field(true)

const choice = (value: string, zh: string, en: string): Choice => ({ value, zh, en })
const oneOf = (...values: Choice[]): Value => ({ type: 'enum', values })

const HOURS: Value = {
  type: 'number',
  min: 0,
  max: LIMITS.hours,
  why: { zh: '闰年的小时数', en: 'the hours in a leap year' },
}
const DAYS: Value = {
  type: 'number',
  min: 0,
  above: true,
  max: LIMITS.days,
  why: { zh: '闰年的天数', en: 'the days in a leap year' },
}
const COUNT: Value = { type: 'number', min: 1, max: LIMITS.count, whole: true }
const BOOLEAN: Value = { type: 'boolean' }

const subject = req(
  'subject',
  oneOf(
    choice('public', '公需科目', 'public subjects'),
    choice('professional', '专业科目', 'professional subjects'),
  ),
  '科目',
  'subject',
)
const authorship = req(
  'authorship',
  oneOf(
    choice('sole', '独立作者', 'sole author'),
    choice('first', '第一作者', 'first author'),
    choice('other', '其他作者', 'another author'),
  ),
  '作者排序',
  'authorship',
)
const certifiedHours = opt(
  'hours',
  HOURS,
  '单位学习档案或学校认定的学时（补充字段）',
  "hours the employer's archive or the school certifies (an optional addition to the contract)",
)

/** id, kind and date: every record has them, and the parser checks them first. */
export const IDENTITY: readonly FieldSpec[] = [
  req('id', { type: 'text' }, '记录编号，由提交方自定，原样返回', "the caller's reference, echoed back"),
  req('kind', { type: 'kind' }, '继续教育方式，见下文各方式', 'the kind of activity, one of those below'),
  req(
    'date',
    { type: 'date' },
    '活动结束或取得成果的日期，决定计入哪一年度',
    'the day the activity finished or the result was obtained; it decides the year',
  ),
]

/** The optional fields any record may carry. */
export const COMMON: readonly FieldSpec[] = [
  opt('title', { type: 'string' }, '名称', 'title'),
  opt('evidence', { type: 'list' }, '证明材料', 'evidence'),
  opt(
    'dedupKey',
    { type: 'text' },
    '同一成果的标识：标识相同的记录只计一次，跨年度亦然（裁定9、13）',
    'records with the same key are credited once, across years too (rulings 9, 13)',
  ),
  opt(
    'makeUpFor',
    { type: 'year' },
    '补学：计入该上一年度（工程技术人员继续教育规定 第二十条，裁定8、15）',
    'make-up: count the record in that previous year (cn-engineering-2026 第二十条, rulings 8, 15)',
  ),
  opt(
    'approvedMax',
    HOURS,
    '审核人核减后批准的最高学时，先于各项上限适用（补充字段，裁定16）',
    'the most a reviewer approved, applied before every cap (an addition to the contract, ruling 16)',
  ),
]

/** Every kind, in the contract's order, with the fields it needs (`opt`: the contract's "?"). */
export const VOCABULARY: { readonly [K in Kind]: KindSpec } = {
  training: {
    zh: '培训班、研修班、进修班、高级研修、面授培训',
    en: 'class, seminar, advanced study, face-to-face training',
    fields: [
      subject,
      req(
        'organizer',
        oneOf(
          choice('hrss', '人力资源社会保障部门', 'an HR and social-security department'),
          choice('industry', '行业主管部门', 'an industry authority'),
          choice('employer', '用人单位', 'the employer'),
          choice('institution', '继续教育机构', 'a continuing-education institution'),
          choice('base', '继续教育基地', 'a continuing-education base'),
        ),
        '主办方',
        'organiser',
      ),
      req('days', DAYS, '培训天数', 'days of training'),
      opt('hours', HOURS, '主办方标明的学时（课时）', 'class hours stated by the organiser'),
    ],
    example: {
      id: 'px-1',
      kind: 'training',
      date: '2024-05-17',
      title: '智能制造高级研修班',
      subject: 'professional',
      organizer: 'hrss',
      days: 3,
      hours: 24,
    },
  },
  online_course: {
    zh: '网络课件、网络培训、远程教育',
    en: 'online courseware / network training',
    fields: [
      subject,
      req(
        'hours',
        HOURS,
        '课件标注的学时，或实际学习的学时',
        'hours labelled on the courseware, or actual hours learned',
      ),
    ],
    example: {
      id: 'wl-1',
      kind: 'online_course',
      date: '2024-03-08',
      subject: 'professional',
      hours: 12,
    },
  },
  public_course_exam: {
    zh: '公需科目学习并考试合格',
    en: 'a public-subject online course finished with its exam passed',
    fields: [opt('hours', HOURS, '课程学时', "the course's hours")],
    example: { id: 'gx-1', kind: 'public_course_exam', date: '2024-04-12', title: '数字经济与创新驱动' },
  },
  practice: {
    zh: '到教学、科研、生产单位参加继续教育实践活动',
    en: 'practice at a teaching, research or production unit',
    fields: [
      req('days', DAYS, '实践天数', 'days of practice'),
      opt('hours', HOURS, '实际学时', 'actual hours'),
    ],
    example: { id: 'sj-1', kind: 'practice', date: '2024-07-05', days: 5 },
  },
  conference: {
    zh: '学术会议、讲座、研讨会',
    en: 'academic conference, lecture or seminar; a presented paper adds hours where the policy says so; policies that credit actual hours use hours/days',
    fields: [
      req(
        'level',
        oneOf(
          choice('national', '国家级', 'national'),
          choice('provincial', '省级', 'provincial'),
          choice('other', '其他', 'other'),
        ),
        '会议级别',
        'level of the conference',
      ),
      opt(
        'paperChars',
        { type: 'number', min: 0, max: LIMITS.paperChars },
        '本人在会上交流的论文字数',
        'length of a paper the person presented (characters)',
      ),
      opt('days', DAYS, '会议天数', 'days'),
      opt('hours', HOURS, '实际学时', 'actual hours'),
    ],
    example: { id: 'hy-1', kind: 'conference', date: '2024-10-20', level: 'provincial', paperChars: 6000 },
  },
  lecturing: {
    zh: '讲授继续教育课程，或作学术报告、讲座',
    en: 'teaching a CE course (course) or giving an academic report/lecture (report)',
    fields: [
      req(
        'type',
        oneOf(
          choice('course', '讲授继续教育课程', 'teaching a continuing-education course'),
          choice('report', '学术报告、讲座', 'an academic report or lecture'),
        ),
        '类型',
        'type',
      ),
      req('hours', HOURS, '实际授课时间（学时）', 'actual teaching time'),
    ],
    example: { id: 'sk-1', kind: 'lecturing', date: '2024-06-14', type: 'course', hours: 6 },
  },
  overseas_training: {
    zh: '出国（境）培训或学术活动',
    en: 'training or academic activity abroad',
    fields: [
      req('days', DAYS, '活动天数（不含路途）', 'activity days, travel excluded'),
      req(
        'durationDays',
        {
          type: 'number',
          min: 0,
          above: true,
          max: LIMITS.durationDays,
          why: { zh: '十年', en: 'ten years' },
        },
        '培训或活动本身的日历时长，首日至末日（裁定5）',
        'calendar length of the training or activity, first to last day (ruling 5)',
      ),
    ],
    example: { id: 'cg-1', kind: 'overseas_training', date: '2024-09-30', days: 10, durationDays: 14 },
  },
  study_tour: {
    zh: '部门组织的考察、业务进修、出国（境）学习',
    en: 'study tour, advanced study or study abroad organised by a department',
    fields: [],
    example: { id: 'kc-1', kind: 'study_tour', date: '2024-08-23' },
  },
  qualification_exam: {
    zh: '职业资格、专业技术资格考试',
    en: 'professional / vocational qualification exam',
    fields: [
      req('subjectsPassed', COUNT, '通过的科目数', 'subjects passed'),
      req('certificate', BOOLEAN, '是否取得全部资格（证书）', 'whole qualification obtained'),
    ],
    example: {
      id: 'zg-1',
      kind: 'qualification_exam',
      date: '2024-11-02',
      subjectsPassed: 2,
      certificate: false,
    },
  },
  skill_level_exam: {
    zh: '职业技能等级认定',
    en: 'vocational skill level exam',
    fields: [
      req(
        'level',
        oneOf(
          choice('senior', '高级', 'senior'),
          choice('intermediate', '中级', 'intermediate'),
          choice('junior', '初级', 'junior'),
        ),
        '等级',
        'level',
      ),
    ],
    example: { id: 'jn-1', kind: 'skill_level_exam', date: '2024-06-28', level: 'senior' },
  },
  degree_course: {
    zh: '在职学历教育、自学考试、课程班通过的课程',
    en: 'courses passed in in-service degree education, or self-taught exam courses',
    fields: [req('coursesPassed', COUNT, '通过的课程数', 'courses passed'), certifiedHours],
    example: { id: 'xl-1', kind: 'degree_course', date: '2024-07-10', coursesPassed: 3 },
  },
  degree_completed: {
    zh: '参加工作后取得相关专业本科及以上学历学位',
    en: "a bachelor's or higher degree in a related field obtained after starting work",
    fields: [
      req(
        'level',
        oneOf(
          choice('bachelor', '本科（学士）', "bachelor's"),
          choice('master', '硕士', "master's"),
          choice('doctor', '博士', 'doctorate'),
        ),
        '学历学位',
        'degree',
      ),
      certifiedHours,
    ],
    example: { id: 'xw-1', kind: 'degree_completed', date: '2024-06-30', level: 'master' },
  },
  self_study: {
    zh: '单位组织并考核的自学',
    en: 'self-study organised and assessed by the employer',
    fields: [
      req('hours', HOURS, '自学学时', 'hours of study'),
      opt('days', DAYS, '自学天数', 'days of study'),
      req('archived', BOOLEAN, '单位是否建立学习档案', 'the employer keeps a learning archive'),
    ],
    example: { id: 'zx-1', kind: 'self_study', date: '2024-12-20', hours: 20, archived: true },
  },
  paper: {
    zh: '公开发表论文',
    en: 'a published paper',
    fields: [
      authorship,
      opt(
        'cnJournal',
        BOOLEAN,
        '是否发表在有国内统一刊号（CN）的报刊上',
        'published in a journal with a CN (domestic) serial number',
      ),
    ],
    example: { id: 'lw-1', kind: 'paper', date: '2024-09-15', authorship: 'first', cnJournal: true },
  },
  book: {
    zh: '出版专著、译著、技术手册',
    en: 'a published monograph, translation or technical manual',
    fields: [authorship],
    example: { id: 'zz-1', kind: 'book', date: '2024-04-01', authorship: 'sole' },
  },
  patent: {
    zh: '发明专利、实用新型专利、软件著作权',
    en: 'an invention patent, a utility model patent, or a software copyright',
    fields: [
      req(
        'type',
        oneOf(
          choice('invention', '发明专利', 'invention patent'),
          choice('utility_model', '实用新型专利', 'utility model patent'),
          choice('software_copyright', '软件著作权', 'software copyright'),
        ),
        '类型',
        'type',
      ),
    ],
    example: { id: 'zl-1', kind: 'patent', date: '2024-05-09', type: 'utility_model' },
  },
  standard: {
    zh: '起草国家或行业标准、规范',
    en: 'a national or industry standard or code the person drafted',
    fields: [
      req(
        'role',
        oneOf(
          choice('first', '排名第一的起草人', 'first drafter'),
          choice('other', '其他起草人', 'another drafter'),
        ),
        '起草排序',
        'place among the drafters',
      ),
    ],
    example: { id: 'bz-1', kind: 'standard', date: '2024-03-25', role: 'other' },
  },
  research_project: {
    zh: '承担科研课题或项目',
    en: 'a research topic or project (main = one of the first four completers other than the host)',
    fields: [
      req(
        'level',
        oneOf(
          choice('national', '国家级', 'national'),
          choice('provincial', '省级', 'provincial'),
          choice('city', '市级', 'city'),
          choice('other', '其他', 'other'),
        ),
        '项目级别',
        'level of the project',
      ),
      req(
        'role',
        oneOf(
          choice('sole', '独立承担', 'sole'),
          choice('host', '主持人', 'host'),
          choice(
            'main',
            '主要完成人（主持人以外的前四名）',
            'one of the first four completers other than the host',
          ),
          choice('participant', '参与人', 'participant'),
        ),
        '承担角色',
        'role',
      ),
      req('completed', BOOLEAN, '是否已结题', 'the project is completed'),
    ],
    example: {
      id: 'ky-1',
      kind: 'research_project',
      date: '2024-12-01',
      level: 'city',
      role: 'host',
      completed: true,
    },
  },
  achievement_award: {
    zh: '科研成果奖励或其他认可的成果',
    en: 'a research achievement award or other recognised result',
    fields: [],
    example: { id: 'cg-2', kind: 'achievement_award', date: '2024-11-18' },
  },
  exam_item_writing: {
    zh: '资格考试命题、审题',
    en: 'writing or reviewing items for a qualification exam',
    fields: [req('times', COUNT, '命题、审题次数', 'times')],
    example: { id: 'mt-1', kind: 'exam_item_writing', date: '2024-08-02', times: 1 },
  },
  competition: {
    zh: '竞赛、比赛',
    en: 'a contest or competition',
    fields: [
      req(
        'level',
        oneOf(
          choice('provincial_or_above', '省级及以上', 'provincial or above'),
          choice('other', '其他', 'other'),
        ),
        '竞赛级别',
        'level of the contest',
      ),
      req(
        'prize',
        oneOf(
          choice('first', '一等奖', 'first prize'),
          choice('second', '二等奖', 'second prize'),
          choice('third', '三等奖', 'third prize'),
          choice('none', '未获奖', 'no prize'),
        ),
        '获奖等次',
        'prize',
      ),
      req(
        'activityId',
        { type: 'text' },
        '竞赛活动的标识：同一竞赛只计一次（裁定9、13）',
        "the contest's identifier: one contest is credited once (rulings 9, 13)",
      ),
    ],
    example: {
      id: 'js-1',
      kind: 'competition',
      date: '2024-10-11',
      level: 'provincial_or_above',
      prize: 'second',
      activityId: '2024-jiangsu-skills-cnc',
    },
  },
  grassroots_service: {
    zh: '对口支援、结对帮带、专家服务基层',
    en: 'paired assistance, mentoring or expert service to the grassroots',
    fields: [req('days', DAYS, '服务天数', 'days of service')],
    example: { id: 'jc-1', kind: 'grassroots_service', date: '2024-06-06', days: 4 },
  },
  expert_service: {
    zh: '受邀参加职称评审、考试阅卷、技能评价、人才项目评审等专家工作',
    en: 'invited expert work: title review, exam marking, skill evaluation, talent project review',
    fields: [req('days', DAYS, '工作天数', 'days of work')],
    example: { id: 'zj-1', kind: 'expert_service', date: '2024-09-06', days: 2 },
  },
  aid_assignment: {
    zh: '援藏、援疆、援青、援外、定点帮扶、支教支农支医',
    en: 'aid posting',
    fields: [
      req(
        'months',
        { type: 'number', min: 1, max: LIMITS.months },
        '年度内的援派月数',
        'months of the posting within the year',
      ),
    ],
    example: { id: 'yj-1', kind: 'aid_assignment', date: '2024-12-31', months: 6 },
  },
  leave: {
    zh: '经单位批准的长期病假、产假或出国（境）工作',
    en: 'long leave or posting abroad approved by the employer',
    fields: [
      req(
        'reason',
        oneOf(
          choice('injury', '工伤', 'injury'),
          choice('illness', '疾病', 'illness'),
          choice('maternity', '产假', 'maternity'),
          choice('overseas_posting', '出国（境）工作', 'posting abroad'),
        ),
        '原因',
        'reason',
      ),
      req(
        'months',
        { type: 'number', min: 0, above: true, max: LIMITS.months },
        '月数（裁定6）',
        'months (ruling 6)',
      ),
      req('employerApproved', BOOLEAN, '是否经单位批准', 'approved by the employer'),
    ],
    example: {
      id: 'cj-1',
      kind: 'leave',
      date: '2024-08-31',
      reason: 'maternity',
      months: 4,
      employerApproved: true,
    },
  },
  language_exam: {
    zh: '职称外语考试',
    en: 'national title foreign-language exam',
    fields: [
      req(
        'grade',
        oneOf(choice('A', 'A级', 'grade A'), choice('B', 'B级', 'grade B'), choice('C', 'C级', 'grade C')),
        '等级',
        'grade',
      ),
      req('score', { type: 'number', min: 0, max: 100 }, '成绩', 'score'),
      opt(
        'passed',
        BOOLEAN,
        '考试机构的合格结论：给出时以它为准，否则60分及以上为合格（裁定14）',
        "the exam authority's verdict: it decides when given, else a score of 60 passes (ruling 14)",
      ),
    ],
    example: { id: 'wy-1', kind: 'language_exam', date: '2024-04-20', grade: 'B', score: 72 },
  },
  computer_exam: {
    zh: '职称计算机考试模块',
    en: 'computer application ability exam modules',
    fields: [req('modules', COUNT, '通过的模块数', 'modules passed')],
    example: { id: 'jsj-1', kind: 'computer_exam', date: '2024-05-25', modules: 2 },
  },
  epidemic_frontline: {
    zh: '经部门认定的疫情防控一线工作',
    en: 'front-line epidemic prevention work certified by the department',
    fields: [],
    example: { id: 'fk-1', kind: 'epidemic_frontline', date: '2022-12-31' },
  },
  mentorship: {
    zh: '导师制个性化继续教育（已备案的导师制合同）',
    en: 'personalised CE under a filed mentorship contract',
    fields: [
      req('role', oneOf(choice('mentee', '学员', 'mentee')), '角色', 'role'),
      req('hours', HOURS, '绩效评估认定的学时', 'hours the evaluation certifies'),
    ],
    example: { id: 'ds-1', kind: 'mentorship', date: '2024-12-15', role: 'mentee', hours: 30 },
  },
  other: {
    zh: '政策认可的其他方式，按认定学时计',
    en: 'any other way the policy recognises; credited as certified hours where the policy allows',
    fields: [subject, req('hours', HOURS, '认定学时', 'certified hours')],
    example: { id: 'qt-1', kind: 'other', date: '2024-11-29', subject: 'professional', hours: 8 },
  },
}

const list = (values: readonly Choice[], separator: string) => values.map((c) => c.value).join(separator)

/** What a value must be, in words: the parser's messages say "must be " + `en`, docs/records.md shows both. */
export function valueWords(v: Value): Words {
  switch (v.type) {
    case 'enum':
      return { zh: `以下之一：${list(v.values, '、')}`, en: `one of ${list(v.values, ', ')}` }
    case 'number': {
      const why = { zh: v.why ? `（${v.why.zh}）` : '', en: v.why ? ` (${v.why.en})` : '' }
      if (v.whole) return { zh: `${v.min}至${v.max}的整数`, en: `a whole number from ${v.min} to ${v.max}` }
      if (v.above)
        return {
          zh: `大于${v.min}、不超过${v.max}的数${why.zh}`,
          en: `a number greater than ${v.min}, at most ${v.max}${why.en}`,
        }
      return { zh: `${v.min}至${v.max}的数${why.zh}`, en: `a number from ${v.min} to ${v.max}${why.en}` }
    }
    case 'boolean':
      return { zh: 'true 或 false', en: 'true or false' }
    case 'text':
      return { zh: '非空字符串', en: 'a non-empty string' }
    case 'string':
      return { zh: '字符串', en: 'a string' }
    case 'list':
      return { zh: '文件引用的列表', en: 'a list of file references' }
    case 'year':
      return { zh: '四位数的年份', en: 'a year (whole number of 4 digits)' }
    case 'date':
      return { zh: '日期 YYYY-MM-DD', en: 'a date YYYY-MM-DD' }
    case 'kind':
      return { zh: '下列方式之一', en: 'one of the kinds below' }
  }
}

/** A field in words: what it means and what it may hold, each allowed value with its meaning. */
export function fieldWords(f: FieldSpec): Words {
  if (f.value.type === 'enum') {
    const values = f.value.values
    return {
      zh: `${f.zh}，取值：${values.map((c) => `${c.value}（${c.zh}）`).join('、')}`,
      en: `${f.en}: ${values.map((c) => `${c.value} (${c.en})`).join(', ')}`,
    }
  }
  const value = valueWords(f.value)
  return { zh: `${f.zh}，${value.zh}`, en: `${f.en}: ${value.en}` }
}
