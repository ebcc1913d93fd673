import {
  actualHoursCappedPerDay,
  completesYear,
  conferenceParts,
  inBucket,
  type Part,
  type Policy,
  part,
  professional,
  publicHours,
  type YearContext,
  zero,
} from './policy.js'
import type { LeaveRecord, Subject } from './types.js'

const DOC = '青人社字〔2023〕14号'
export const WAYS = `${DOC} 四`
export const PUBLIC_LEARNING = `${DOC} 四（一）1`
export const TRAINING = `${DOC} 四（一）2`
export const CONFERENCE = `${DOC} 四（一）3`
export const ONLINE = `${DOC} 三（二）3`
export const STUDY_TOUR = `${DOC} 四（一）4`
export const SELF_STUDY = `${DOC} 四（二）`
export const RESULTS = `${DOC} 四（三）`
export const EXPERT = `${DOC} 四（四）1`
export const AID = `${DOC} 四（四）2`
export const QUALIFICATION = `${DOC} 四（四）3`
export const LEAVE = `${DOC} 四（四）4`
export const OTHER = `${DOC} 四（四）5`
export const LANGUAGE_COMPUTER = `${DOC} 四（五）`
export const EPIDEMIC = `${DOC} 四（六）1`
export const MENTORSHIP = `${DOC} 六（二）`

const PUBLIC_CAP = 'publicLearning'
const SELF_CAP = 'selfStudy'
const RESULTS_CAP = 'results'
const YEAR_CAP = 'leaveAndAid'
const MENTOR_CAP = 'mentorship'

// 四（一）1 公需科目学习，经考试合格的…登记学时，每年不超过30学时。
const publicLearning = (hours: number): Part => inBucket(publicHours(hours, PUBLIC_LEARNING), PUBLIC_CAP)

/** Public-subject learning falls under 四（一）1; professional training under 四（一）2. */
const learning = (subject: Subject, hours: number): Part =>
  subject === 'public' ? publicLearning(hours) : professional(hours, TRAINING)

// 四（二）自学考试、在职学历教育、课程班进修…在学期内每项每年登记10学时，每年累计不超过40学时。
const selfStudy = inBucket(professional(10, SELF_STUDY), SELF_CAP)

// 四（三）科研成果、论文著作…每项（篇、本）计10学时，每年累计不超过30学时。同一项目成果，不重复计算。
const result = inBucket(professional(10, RESULTS), RESULTS_CAP)

/**
 * 四（四）2、4 每年可按公需科目30学时、专业科目60学时认定，不足一年的，按月份比例计算 (裁定6:
 * months / 12 of 30 and 60). All leave and aid together never credit more than the whole year.
 */
const prorated = (months: number, basis: string): Part =>
  part((30 * months) / 12, (60 * months) / 12, basis, undefined, YEAR_CAP)

// 四（四）4 ⑴因公派，年度内在境外工作超过6个月的；⑵因受伤、患重病，年度内请病假超过6个月的；⑶女职工休产假的。
// 裁定6: the approved months of a ground are summed over the year; ⑴ and ⑵ count only above 6.
function leave(r: LeaveRecord, ctx: YearContext): Part {
  if (!r.employerApproved) return zero(LEAVE, '须经本人所在单位批准')
  if (r.reason === 'maternity') return prorated(r.months, LEAVE)
  const abroad = r.reason === 'overseas_posting'
  let months = 0
  for (const other of ctx.records) {
    if (other.kind !== 'leave' || !other.employerApproved || other.reason === 'maternity') continue
    if ((other.reason === 'overseas_posting') === abroad) months += other.months
  }
  if (months <= 6) {
    const ground = abroad ? '因公派在境外工作' : '因伤病请病假'
    return zero(LEAVE, `${ground}年度内累计${months}个月，未超过6个月，不予折算`)
  }
  return prorated(r.months, LEAVE)
}

export const qingdao2023: Policy = {
  id: 'qingdao-2023',
  title: '关于做好专业技术人员继续教育工作有关问题的通知',
  documentNo: DOC,
  jurisdiction: '370200',
  effectiveFrom: '2023-02-20', // 本通知自下发之日起执行
  effectiveTo: null,
  extends: null,
  // 一 每年累计不少于90学时，其中公需科目不少于30学时，专业科目不少于60学时。
  required: { total: 90, public: 30, professional: 60 },
  caps: {
    [PUBLIC_CAP]: { public: 30, basis: PUBLIC_LEARNING, label: '公需科目学习每年不超过30学时' },
    [SELF_CAP]: { total: 40, basis: SELF_STUDY, label: '自学类每年累计不超过40学时' },
    [RESULTS_CAP]: { total: 30, basis: RESULTS, label: '成果论文类每年累计不超过30学时' },
    [YEAR_CAP]: {
      public: 30,
      professional: 60,
      basis: `${AID}、4`,
      label: '援派、境外工作、病假、产假合计每年最多按公需30学时、专业60学时认定',
    },
    [MENTOR_CAP]: {
      professional: 60,
      basis: `${MENTORSHIP}、一`,
      label: '导师制个性化继续教育每年最多按专业科目60学时认定',
    },
  },
  waysBasis: WAYS,
  dedupBasis: RESULTS,
  rules: {
    // （一）培训进修类
    public_course_exam: (r) =>
      r.hours === undefined
        ? zero(PUBLIC_LEARNING, '以学习培训证书或考试合格公布通知登记学时，记录未注明学时')
        : publicLearning(r.hours),
    // 四（一）2 岗位培训、急需紧缺人才培训和高级研修等，按实际学时，不超过8学时/天 (裁定4).
    training: (r) => learning(r.subject, actualHoursCappedPerDay(r.hours, r.days)),
    // 三（二）3 线上学习: 四 sets no standard of its own, so by its actual hours; public ones under 四（一）1.
    online_course: (r) => (r.subject === 'public' ? publicLearning(r.hours) : professional(r.hours, ONLINE)),
    // 四（一）3 学术会议、专题讲座…按实际学时予以认定，不超过8学时/天; a presented paper is a 学术会议
    // 交流论文 under 四（三）.
    conference: (r) => conferenceParts(r, CONFERENCE, result),
    // 四（一）4 业务进修、出国（境）学习或考察，每项10学时。
    study_tour: () => professional(10, STUDY_TOUR),
    overseas_training: () => professional(10, STUDY_TOUR),

    // （二）自学类
    degree_course: () => selfStudy,
    degree_completed: () => selfStudy,

    // （三）成果论文类：科研成果奖励、专利、专业课题、行业标准；论文、会议交流论文、著作、译著。
    achievement_award: () => result,
    patent: () => result,
    research_project: (r) => (r.completed ? result : zero(RESULTS, '专业课题尚未完成，不是科研成果')),
    standard: () => result,
    paper: () => result,
    book: () => result,

    // （四）折算类
    // 1 专家服务基层、职称评审、人事考试阅卷、职业技能等级评价、人才项目评审：按实际工作时间，每天不超过8学时。
    expert_service: (r) => professional(8 * r.days, EXPERT),
    grassroots_service: (r) => professional(8 * r.days, EXPERT),
    // 2 援派、支教支农支医扶贫：每年按公需30、专业60，不足一年的按月份比例。
    aid_assignment: (r) => prorated(r.months, AID),
    // 3 全国专业技术类职业资格考试，以资格证书为依据，每项认定16学时。
    qualification_exam: (r) =>
      r.certificate
        ? professional(16, QUALIFICATION)
        : zero(QUALIFICATION, '以考试通过的资格证书为依据，未取得证书'),
    leave,
    // 5 其他可折算学时的，根据市人社部门年度通知认定：按认定的学时。
    other: (r) => (r.subject === 'public' ? publicHours(r.hours, OTHER) : professional(r.hours, OTHER)),

    // （五）职称外语60分及以上，A、B、C级分别认定当年公需科目30、20、10学时；计算机每个模块公需5学时。
    language_exam: (r) =>
      r.score >= 60
        ? publicHours(r.grade === 'A' ? 30 : r.grade === 'B' ? 20 : 10, LANGUAGE_COMPUTER)
        : zero(LANGUAGE_COMPUTER, '职称外语考试成绩未达60分，不计学时'),
    computer_exam: (r) => publicHours(5 * r.modules, LANGUAGE_COMPUTER),

    // （六）1 新冠肺炎病毒感染防控一线，视同完成当年继续教育学时。
    epidemic_frontline: () => completesYear(EPIDEMIC, '参加防控一线工作，视同完成当年继续教育学时'),
    // 六（二）导师制…每年为不超过10名学生提供个性化继续教育…项目结束、完成绩效评估后登记继续教育学时。
    // The text sets no hours, so a year's mentorship (专业科目) stands for at most the year's professional
    // requirement, 一 专业科目不少于60学时, whatever the evaluation says — as a whole year of 四（四）2 does.
    mentorship: (r) => inBucket(professional(r.hours, MENTORSHIP), MENTOR_CAP),
  },
}
