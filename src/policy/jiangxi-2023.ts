import { bySubject, type Part, type Policy, professional, publicHours, zero } from './policy.js'

const DOC = '江西省人民政府令第259号'
export const WAYS = `${DOC} 第十条`
export const TRAINING = `${DOC} 第十条（一）`
export const PRACTICE = `${DOC} 第十条（二）`
export const CONFERENCE = `${DOC} 第十条（三）`
export const ONLINE = `${DOC} 第十条（四）`
export const DEGREE = `${DOC} 第十条（五）`
export const OTHER = `${DOC} 第十条（六）`

const NO_HOURS = '按认定的学时计入（裁定10），记录未注明学时'

/**
 * 第十条 继续教育学时的认定办法，由省人民政府人力资源社会保障主管部门制定 — that rule is not among our
 * sources, so (裁定10) each recognised way is credited by its certified hours; training and practice
 * at most 8 a day where days are given.
 */
const certified = (hours: number | undefined, basis: string, days?: number): Part =>
  hours === undefined
    ? zero(basis, NO_HOURS)
    : professional(days === undefined ? hours : Math.min(hours, 8 * days), basis)

export const jiangxi2023: Policy = {
  id: 'jiangxi-2023',
  title: '江西省专业技术人员继续教育办法',
  documentNo: DOC,
  jurisdiction: '360000',
  effectiveFrom: '2023-03-01', // 第二十七条
  effectiveTo: null,
  selfName: '本办法',
  inForceBasis: `${DOC} 第二十七条`,
  extends: null,
  // 第十条 每年累计不少于九十学时，其中，专业科目一般不少于总学时的三分之二 (裁定3: professional ≥ 60).
  required: { total: 90, public: 0, professional: 60 },
  caps: {},
  waysBasis: WAYS,
  dedupBasis: `${WAYS}（裁定9）`,
  rules: {
    // （一）各类进修班、培训班和研修班
    training: (r) =>
      r.hours === undefined
        ? zero(TRAINING, NO_HOURS)
        : bySubject(r.subject, Math.min(r.hours, 8 * r.days), TRAINING),
    // （二）到教学、科研、生产等单位参加继续教育实践活动
    practice: (r) => certified(r.hours, PRACTICE, r.days),
    // （三）国内外学术会议、学术讲座、学术访问
    conference: (r) => certified(r.hours, CONFERENCE),
    // 国外学术访问 and 进修 are ways too, but these kinds carry no certified hours.
    overseas_training: () => zero(CONFERENCE, NO_HOURS),
    study_tour: () => zero(TRAINING, NO_HOURS),
    // （四）符合规定的网络在线学习 — a public-subject course with its exam is one too.
    online_course: (r) => bySubject(r.subject, r.hours, ONLINE),
    public_course_exam: (r) =>
      r.hours === undefined ? zero(ONLINE, NO_HOURS) : publicHours(r.hours, ONLINE),
    // （五）更高层次的学历教育
    degree_course: (r) => certified(r.hours, DEGREE),
    degree_completed: (r) => certified(r.hours, DEGREE),
    // （六）符合规定的其他学习方式
    other: (r) => bySubject(r.subject, r.hours, OTHER),
  },
}
