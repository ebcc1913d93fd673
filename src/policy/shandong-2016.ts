import {
  actualHoursCappedPerDay,
  bySubject,
  conferenceParts,
  inBucket,
  type Part,
  type Policy,
  professional,
  publicHours,
  zero,
} from './policy.js'

const DOC = '鲁人社发〔2016〕10号'
export const WAYS = `${DOC} （六）`
export const TRAINING = `${DOC} （六）1`
export const SELF_STUDY = `${DOC} （六）2`
export const RESULTS = `${DOC} （六）3`
export const MENTORSHIP = `${DOC} （十九）`

const SELF = 'selfStudy'
const CONVERTED = 'converted'
const MENTOR = 'mentorship'

/** （六）2 自学类…由用人单位建立学习档案并确定具体学时，每年累计不超过40学时。 */
const selfStudy = (hours: number | undefined, archived: boolean | undefined): Part => {
  if (archived === false) return zero(SELF_STUDY, '用人单位未建立学习档案的不予登记')
  if (hours === undefined) return zero(SELF_STUDY, '自学类学时由用人单位建立学习档案并确定，记录未注明学时')
  return inBucket(professional(hours, SELF_STUDY), SELF)
}

/** （六）3 科研成果、论文著作…每项（篇、本）计10学时，折算学时每年累计不超过30学时。 */
const result = inBucket(professional(10, RESULTS), CONVERTED)

export const shandong2016: Policy = {
  id: 'shandong-2016',
  title: '关于贯彻《专业技术人员继续教育规定》的实施意见',
  documentNo: DOC,
  jurisdiction: '370000',
  // 本规定自2016年4月1日起施行，有效期至2021年3月31日。
  effectiveFrom: '2016-04-01',
  effectiveTo: '2021-03-31',
  extends: null,
  // （五）每年累计应不少于90学时，其中，专业科目一般不少于总学时的三分之二 (裁定3: professional ≥ 60).
  required: { total: 90, public: 0, professional: 60 },
  caps: {
    [SELF]: { total: 40, basis: SELF_STUDY, label: '自学类每年累计不超过40学时' },
    [CONVERTED]: { total: 30, basis: RESULTS, label: '科研成果、论文著作折算学时每年累计不超过30学时' },
    [MENTOR]: {
      professional: 60,
      basis: `${MENTORSHIP}、（五）`,
      label: '导师制个性化继续教育每年最多按专业科目60学时认定',
    },
  },
  waysBasis: WAYS,
  dedupBasis: `${RESULTS}（裁定9）`,
  rules: {
    // （六）1 培训进修类（培训、进修、研修、专题讲座、学术交流、出国学习、远程教育、实践活动），
    // 按实际学时登记，不超过8学时/天。
    training: (r) => bySubject(r.subject, actualHoursCappedPerDay(r.hours, r.days), TRAINING),
    online_course: (r) => bySubject(r.subject, r.hours, TRAINING),
    // 公需科目 (（四）) taken online with an exam: 远程教育, by actual hours.
    public_course_exam: (r) =>
      r.hours === undefined
        ? zero(TRAINING, '按实际学时登记，记录未注明学时')
        : publicHours(r.hours, TRAINING),
    practice: (r) => professional(actualHoursCappedPerDay(r.hours, r.days), TRAINING),
    // 学术交流 by actual hours; a presented paper is a 学术会议交流论文 under （六）3.
    conference: (r) => conferenceParts(r, TRAINING, result),
    // 出国学习: no hours are stated, so 8 per day of activity (裁定4).
    overseas_training: (r) => professional(8 * r.days, TRAINING),
    study_tour: () => zero(TRAINING, '进修、出国学习按实际学时登记，考察记录没有学时'),
    other: (r) => bySubject(r.subject, r.hours, TRAINING),

    // （六）2 自学类：个人自学、单位统一安排自学、自学考试、在职学历教育。
    self_study: (r) => selfStudy(r.hours, r.archived),
    degree_course: (r) => selfStudy(r.hours, undefined),
    degree_completed: (r) => selfStudy(r.hours, undefined),

    // （六）3 成果类（科研成果奖励、专利、其他重要成果）和论文著作类（论文、会议交流论文、著作、译著）。
    achievement_award: () => result,
    patent: () => result,
    paper: () => result,
    book: () => result,
    // 其他重要成果 count only when the employer recognises them: register those as achievement_award.
    research_project: () =>
      zero(RESULTS, '课题、标准须经用人单位认可为重要成果，按成果类（achievement_award）登记'),
    standard: () => zero(RESULTS, '课题、标准须经用人单位认可为重要成果，按成果类（achievement_award）登记'),

    // （十九）导师制…为每年不超过10名专业技术人员提供个性化继续教育…备案后，可进行继续教育登记。
    // The text sets no hours, so a year's mentorship (专业科目) stands for at most the year's professional
    // requirement, （五）不少于总学时的三分之二 (裁定3: 60), whatever the evaluation says.
    mentorship: (r) => inBucket(professional(r.hours, MENTORSHIP), MENTOR),
  },
}
