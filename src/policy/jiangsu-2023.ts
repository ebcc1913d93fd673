import { bySubject, inBucket, type Policy, professional, publicHours, type Rules, zero } from './policy.js'
import type { ConferenceRecord, OverseasTrainingRecord, ResearchProjectRecord } from './types.js'

export const JIANGSU = '苏人社函〔2023〕308号'

/** The clauses of 四 and 三, as cited under a document (常州 restates 四 of 308号 word for word). */
export const clauses = (doc: string) => ({
  ways: `${doc} 四`,
  training: `${doc} 四（一）`,
  online: `${doc} 四（二）`,
  conference: `${doc} 四（三）`,
  lecturing: `${doc} 四（四）`,
  overseas: `${doc} 四（五）`,
  exam: `${doc} 四（六）`,
  skill: `${doc} 四（七）`,
  degree: `${doc} 四（八）`,
  papers: `${doc} 四（九）`,
  research: `${doc} 四（十）`,
  grassroots: `${doc} 四（十一）`,
  selfStudy: `${doc} 四（十二）`,
  practice: `${doc} 三（二）`,
  other: `${doc} 三（七）`,
})

export const SELF_STUDY_CAP = 'selfStudy'

// 四（三）国家举办的学术会议10学时；报告论文者，2000字以内另加20，2000字以上另加30。
// 省、部级学术会议8学时；报告论文者，2000字以内另加15，2000字以上另加25。
// 裁定12: both tiers name 2000, so it belongs to the lower one: "2000字以内" is ≤ 2000, "以上" > 2000.
function conferenceHours(r: ConferenceRecord): number | undefined {
  const chars = r.paperChars ?? 0
  if (r.level === 'national') return 10 + (chars === 0 ? 0 : chars <= 2000 ? 20 : 30)
  if (r.level === 'provincial') return 8 + (chars === 0 ? 0 : chars <= 2000 ? 15 : 25)
  return undefined
}

// 四（五）每天8学时，每次最多30；时间在3-6个月的最多60；6个月以上的最多90 (裁定5: by durationDays).
// 裁定12: 6个月 is in both tiers, so in the lower one: 90–180 days → 60, more than 180 → 90.
export function overseasCap(r: OverseasTrainingRecord): number {
  if (r.durationDays > 180) return 90
  if (r.durationDays >= 90) return 60
  return 30
}

// 四（十）国家级、省级、设区市级课题或项目并结项：主持人50、40、30；其他主要完成人（前4名）40、30、20；
// 其他参与人员10。其他课题：主持人和其他主要完成人（前4名）10。A sole researcher is the 主持人.
const RESEARCH_HOURS = {
  national: { host: 50, main: 40, participant: 10 },
  provincial: { host: 40, main: 30, participant: 10 },
  city: { host: 30, main: 20, participant: 10 },
  other: { host: 10, main: 10, participant: 0 },
} as const

function researchHours(r: ResearchProjectRecord): number {
  return RESEARCH_HOURS[r.level][r.role === 'sole' ? 'host' : r.role]
}

/** The crediting standards of 苏人社函〔2023〕308号 四, cited under `doc`. */
export function jiangsuRules(doc: string): Rules {
  const c = clauses(doc)
  return {
    // （一）培训班、研修班或者进修班：每天可认定8学时；只有授课天数的按每天4学时 (裁定4).
    training: (r) =>
      bySubject(r.subject, r.hours === undefined ? 4 * r.days : Math.min(r.hours, 8 * r.days), c.training),
    // （二）网络课件学习，按课件标定的学时数认定; a public-subject course taken online is one too.
    online_course: (r) => bySubject(r.subject, r.hours, c.online),
    public_course_exam: (r) =>
      r.hours === undefined
        ? zero(c.online, '按课件标定的学时数认定，记录未注明学时')
        : publicHours(r.hours, c.online),
    // （三）国内学术会议
    conference: (r) => {
      const hours = conferenceHours(r)
      return hours === undefined
        ? zero(c.conference, '仅国家举办的和省、部级学术会议可认定学时')
        : professional(hours, c.conference)
    },
    // （四）讲授继续教育课程按实际授课时数的2倍；学术报告或讲座按实际学时数的3倍。
    lecturing: (r) => professional((r.type === 'course' ? 2 : 3) * r.hours, c.lecturing),
    // （五）境外培训和学术活动
    overseas_training: (r) => {
      const cap = overseasCap(r)
      const hours = 8 * r.days
      return hours > cap
        ? professional(cap, c.overseas, `境外培训或学术活动每次最多认定${cap}学时`)
        : professional(hours, c.overseas)
    },
    // （六）各类资格考试合格者，当年度每通过一门科目考试，可认定30学时（含职称英语、职称计算机考试）。
    qualification_exam: (r) => professional(30 * r.subjectsPassed, c.exam),
    // 职称外语"考试合格" (裁定14, which names 四（六） of jiangsu-2023 and of changzhou-2024: each cites its own
    // 四（六）): the authority's `passed` decides when given; else a score of 60, the national line that
    // 青人社字〔2023〕14号 四（五） states.
    language_exam: (r) =>
      (r.passed ?? r.score >= 60)
        ? professional(30, c.exam)
        : zero(
            c.exam,
            r.passed === false
              ? '职称外语考试不合格（考试机构认定），不计学时（裁定14）'
              : '职称外语考试成绩未达60分，不计学时（裁定14）',
          ),
    computer_exam: (r) => professional(30 * r.modules, c.exam),
    // （七）职业技能等级认定考试合格：高级30，中级20，初级10。
    skill_level_exam: (r) =>
      professional(r.level === 'senior' ? 30 : r.level === 'intermediate' ? 20 : 10, c.skill),
    // （八）在职学历（学位）教育，当年度每门课程20学时。
    degree_course: (r) => professional(20 * r.coursesPassed, c.degree),
    // （九）CN刊号报刊发表论文：独立或第一作者30，其他作者10；专著：独立70，第一作者60，其他作者40。
    paper: (r) =>
      r.cnJournal === false
        ? zero(c.papers, '非国内统一刊号（CN）报刊发表的论文，不予认定')
        : professional(r.authorship === 'other' ? 10 : 30, c.papers),
    book: (r) => professional(r.authorship === 'sole' ? 70 : r.authorship === 'first' ? 60 : 40, c.papers),
    // （十）承担课题、项目并结项
    research_project: (r) => {
      if (!r.completed) return zero(c.research, '课题或项目尚未结项，不予认定')
      const hours = researchHours(r)
      return hours === 0
        ? zero(c.research, '其他课题仅主持人和其他主要完成人（前4名）可认定学时')
        : professional(hours, c.research)
    },
    // （十一）服务基层活动：每天8学时，每次活动最多20学时 (最多 includes 20 itself, 裁定12).
    grassroots_service: (r) =>
      8 * r.days > 20
        ? professional(20, c.grassroots, '服务基层活动每次最多认定20学时')
        : professional(8 * r.days, c.grassroots),
    // （十二）用人单位组织并考核的自学：建立学习档案，每天不超过8学时，每年累计不超过30学时。
    self_study: (r) =>
      r.archived
        ? inBucket(
            professional(r.days === undefined ? r.hours : Math.min(r.hours, 8 * r.days), c.selfStudy),
            SELF_STUDY_CAP,
          )
        : zero(c.selfStudy, '用人单位未建立学习档案的不予认定'),
    // 三（二）实践活动 is a form of continuing education, but 四 sets no standard for crediting it.
    practice: () => zero(c.practice, '三（二）列为继续教育形式，四未规定认定标准，不计学时'),
    // 三（七）省级人社部门或行业主管部门规定的其他方式：按认定的学时。
    other: (r) => bySubject(r.subject, r.hours, c.other),
  }
}

export const jiangsu2023: Policy = {
  id: 'jiangsu-2023',
  title: '省人力资源社会保障厅关于进一步加强全省专业技术人员继续教育学时登记管理工作的通知',
  documentNo: JIANGSU,
  jurisdiction: '320000',
  effectiveFrom: '2023-09-20', // 印发日期
  effectiveTo: null,
  selfName: '本通知',
  inForceBasis: `${JIANGSU} 印发日期`,
  extends: null,
  // 四 每年累计应不少于90学时，其中专业科目不少于60学时。
  required: { total: 90, public: 0, professional: 60 },
  caps: {
    [SELF_STUDY_CAP]: { total: 30, basis: clauses(JIANGSU).selfStudy, label: '自学每年累计不超过30学时' },
  },
  waysBasis: clauses(JIANGSU).ways,
  dedupBasis: clauses(JIANGSU).papers,
  rules: jiangsuRules(JIANGSU),
}
