import {
  actualHoursCappedPerDay,
  bySubject,
  completesYear,
  inBucket,
  type Part,
  type Policy,
  professional,
  publicHours,
  zero,
} from './policy.js'

const DOC = '工程技术人员继续教育规定（征求意见稿）'
export const WAYS = `${DOC}第十一条`
export const REQUIRED = `${DOC}第十八条`
export const DEGREE = `${DOC}第十一条（二）、第十八条`
export const QUALIFICATION = `${DOC}第十一条（三）、第十八条`
export const TRAINING = `${DOC}第十八条（一）`
export const ONLINE = `${DOC}第十八条（二）`
export const RESEARCH = `${DOC}第十八条（三）`
export const PATENT = `${DOC}第十八条（四）`
export const PAPER = `${DOC}第十八条（五）`
export const BOOK = `${DOC}第十八条（六）`
export const STANDARD = `${DOC}第十八条（七）`
export const LECTURING = `${DOC}第十八条（八）`
export const ITEM_WRITING = `${DOC}第十八条（九）`
export const COMPETITION = `${DOC}第十八条（十）`
export const OTHER = `${DOC}第十八条（十一）`
export const AID = `${DOC}第十九条`
export const MAKE_UP = `${DOC}第二十条`

// 第十八条 其他方式的，按专业科目学时计算，计满60学时的不再折算其他情况。
// 裁定2: training, online courses and 专家服务基层 are counted (计算) in full; the rest are converted
// (折算) and fill only what the year still lacks of 60 professional hours, in record order; at 60
// itself the year is 计满 (裁定12).
const FILL = 'converted'
const counted = (p: Part): Part => {
  p.consumes = FILL
  return p
}
const converted = (hours: number, basis: string): Part => inBucket(professional(hours, basis), FILL)

export const cnEngineering2026: Policy = {
  id: 'cn-engineering-2026',
  title: '工程技术人员继续教育规定（征求意见稿）',
  documentNo: DOC,
  // National: no GB/T 2260 code of its own; 100000 is the code datasets use for the whole country.
  jurisdiction: '100000',
  effectiveFrom: '2026-01-01', // 第三十一条
  effectiveTo: null,
  selfName: '本规定',
  inForceBasis: `${DOC}第三十一条`,
  extends: null,
  series: ['engineering'],
  // 第十八条 每年累计应不少于90学时。其中，专业科目学时一般不少于60学时。
  required: { total: 90, public: 0, professional: 60 },
  caps: {
    [FILL]: { professional: 60, basis: REQUIRED, label: '专业科目计满60学时的不再折算其他情况' },
  },
  waysBasis: WAYS,
  dedupBasis: `${DOC}第十八条（十）`,
  makeUpBasis: MAKE_UP,
  rules: {
    // （一）面授培训、高级研修，每天最多按8学时计算 (裁定4: 8 × days when hours are not stated).
    training: (r) => counted(bySubject(r.subject, actualHoursCappedPerDay(r.hours, r.days), TRAINING)),
    // （一）专家服务基层等活动，每天最多按8学时 — professional (裁定2).
    grassroots_service: (r) => counted(professional(8 * r.days, TRAINING)),
    // （二）网络培训，按实际学时计算。
    online_course: (r) => counted(bySubject(r.subject, r.hours, ONLINE)),
    // A public-subject course taken online (第十条 公需科目) is 网络培训 too, by its actual hours.
    public_course_exam: (r) =>
      r.hours === undefined
        ? zero(ONLINE, '网络培训按实际学时计算，记录未注明学时')
        : counted(publicHours(r.hours, ONLINE)),

    // 第十一条（二）、第十八条 本科及以上学历（学位）教育并取得证书，视同完成当年度继续教育。
    degree_completed: () => completesYear(DEGREE, '取得本科及以上学历（学位）证书，视同完成当年度继续教育'),
    // The same way before its certificate: 第十八条 counts it only as 视同完成 (with the certificate), so the
    // courses of a degree still in progress earn nothing on their own.
    degree_course: () =>
      zero(DEGREE, '学历（学位）教育取得本科及以上证书后视同完成当年度继续教育；在读课程不单独计学时'),
    // 第十一条（三）、第十八条 职业资格考试并取得证书，视同完成当年度继续教育; 裁定2: no certificate earns 0.
    qualification_exam: (r) =>
      r.certificate
        ? completesYear(QUALIFICATION, '参加职业资格考试并取得证书，视同完成当年度继续教育')
        : zero(QUALIFICATION, '职业资格考试未取得证书，不计学时'),
    // 第十九条 援派工作期间，视同完成年度继续教育学时。
    aid_assignment: () => completesYear(AID, '援派工作期间，视同完成年度继续教育学时'),
    // 第二十条: leave earns no hours itself; it allows next year's make-up (裁定8).
    leave: () => zero(MAKE_UP, '伤、病、孕假本身不计学时；可于下一年度补学完成本年度学时'),

    // （三）研究课题：每项最多40；合作完成的，主持人最多30，参与人每人最多10。
    research_project: (r) => converted(r.role === 'sole' ? 40 : r.role === 'host' ? 30 : 10, RESEARCH),
    // （四）发明专利每项最多10；实用新型专利、软件著作权每项最多5。
    patent: (r) => converted(r.type === 'invention' ? 10 : 5, PATENT),
    // （五）独立发表论文每篇最多10；合作发表的每人每篇最多5。
    paper: (r) => converted(r.authorship === 'sole' ? 10 : 5, PAPER),
    // （六）独立出版专著、译著、技术手册每本最多30；合作的第一作者最多20，其他作者最多10。
    book: (r) => converted(r.authorship === 'sole' ? 30 : r.authorship === 'first' ? 20 : 10, BOOK),
    // （七）第一完成人主持编制国家或行业标准每项最多20；非第一完成人每项最多10。
    standard: (r) => converted(r.role === 'first' ? 20 : 10, STANDARD),
    // （八）授课（报告）人，最多按实际授课（报告）时间的6倍计算。
    lecturing: (r) => converted(6 * r.hours, LECTURING),
    // （九）职业资格命题或审题，每次最多40。
    exam_item_writing: (r) => converted(40 * r.times, ITEM_WRITING),
    // （十）省级以上评比、竞赛获三等奖以上，每项最多30；同一活动不累计 (dedup by activityId, 裁定9).
    competition: (r) =>
      r.level === 'provincial_or_above' && r.prize !== 'none'
        ? converted(30, COMPETITION)
        : zero(COMPETITION, '仅省级以上评比、竞赛获三等奖或相当等次以上的可折算学时'),
    // （十一）其他形式，按省级规定的标准折算：credited as the certified hours (professional, 裁定2).
    other: (r) => converted(r.hours, OTHER),
  },
}
