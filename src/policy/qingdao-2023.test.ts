import { describe, expect, it } from 'vitest'
import { credit, hours, rec, run } from '../../test/fixtures.js'
import { evaluateWindow } from './evaluate.js'
import {
  AID,
  CONFERENCE,
  EPIDEMIC,
  EXPERT,
  LANGUAGE_COMPUTER,
  LEAVE,
  MENTORSHIP,
  ONLINE,
  PUBLIC_LEARNING,
  QUALIFICATION,
  qingdao2023 as qd,
  RESULTS,
  SELF_STUDY,
  STUDY_TOUR,
  TRAINING,
} from './qingdao-2023.js'

describe('qingdao-2023 一 学时要求', () => {
  it('每年不少于90学时，其中公需科目不少于30学时，专业科目不少于60学时', () => {
    expect(run(qd, 2024, []).required).toEqual({ total: 90, public: 30, professional: 60 })
  })
})

describe('qingdao-2023 四（一） 培训进修类', () => {
  it('1 公需科目学习考试合格，每年不超过30：20 + 20 → 20、10', () => {
    const r = run(qd, 2024, [
      rec('public_course_exam', { hours: 20 }, '2024-03-01'),
      rec('public_course_exam', { hours: 20 }, '2024-05-01'),
    ])
    expect(r.records.map((x) => x.public)).toEqual([20, 10])
    expect(r.records[1]?.notes.join()).toContain(PUBLIC_LEARNING)
  })
  it('1 公需网络学习与公需考试共用30学时', () => {
    const r = run(qd, 2024, [
      rec('online_course', { subject: 'public', hours: 25 }, '2024-03-01'),
      rec('public_course_exam', { hours: 10 }, '2024-04-01'),
    ])
    expect(r.totals.public).toBe(30)
  })
  it('2 岗位培训 按实际学时，不超过8学时/天：2天 20 → 16；未注明学时 2天 → 16', () => {
    expect(
      credit(qd, rec('training', { subject: 'professional', organizer: 'base', days: 2, hours: 20 })),
    ).toMatchObject({
      professional: 16,
      basis: TRAINING,
    })
    expect(hours(qd, rec('training', { subject: 'professional', organizer: 'employer', days: 2 }))).toEqual([
      0, 16,
    ])
  })
  it('3 学术会议 1天 6学时 → 6；报告论文另计成果10', () => {
    expect(credit(qd, rec('conference', { level: 'other', days: 1, hours: 6 }))).toMatchObject({
      professional: 6,
      basis: CONFERENCE,
    })
    expect(
      credit(qd, rec('conference', { level: 'national', days: 1, hours: 6, paperChars: 2500 })),
    ).toMatchObject({
      professional: 16,
      basis: `${CONFERENCE}；${RESULTS}`,
    })
  })
  it('三（二）3 线上学习 按实际学时：专业24；公需计入四（一）1', () => {
    expect(credit(qd, rec('online_course', { subject: 'professional', hours: 24 }))).toMatchObject({
      professional: 24,
      basis: ONLINE,
    })
    expect(credit(qd, rec('online_course', { subject: 'public', hours: 24 }))).toMatchObject({
      public: 24,
      basis: PUBLIC_LEARNING,
    })
  })
  it('4 业务进修、出国（境）学习或考察，每项10', () => {
    expect(credit(qd, rec('study_tour'))).toMatchObject({ professional: 10, basis: STUDY_TOUR })
    expect(hours(qd, rec('overseas_training', { days: 20, durationDays: 30 }))).toEqual([0, 10])
  })
})

describe('qingdao-2023 四（二） 自学类 每项每年10，每年累计不超过40', () => {
  it('5项在职学历/课程班 → 10×4、0', () => {
    const r = run(
      qd,
      2024,
      [1, 2, 3, 4, 5].map((m) => rec('degree_course', { coursesPassed: 2 }, `2024-0${m}-01`)),
    )
    expect(r.records.map((x) => x.professional)).toEqual([10, 10, 10, 10, 0])
    expect(r.records[0]?.basis).toBe(SELF_STUDY)
  })
})

describe('qingdao-2023 四（三） 成果论文类 每项10，每年累计不超过30', () => {
  it('专利、标准、论文、著作 → 10、10、10、0', () => {
    const r = run(qd, 2024, [
      rec('patent', { type: 'utility_model' }, '2024-01-01'),
      rec('standard', { role: 'other' }, '2024-02-01'),
      rec('paper', { authorship: 'other' }, '2024-03-01'),
      rec('book', { authorship: 'sole' }, '2024-04-01'),
    ])
    expect(r.records.map((x) => x.professional)).toEqual([10, 10, 10, 0])
  })
  it('专业课题须已完成', () => {
    expect(hours(qd, rec('research_project', { level: 'city', role: 'host', completed: true }))).toEqual([
      0, 10,
    ])
    expect(hours(qd, rec('research_project', { level: 'city', role: 'host', completed: false }))).toEqual([
      0, 0,
    ])
  })
  it('同一项目成果，不重复计算', () => {
    const r = run(qd, 2024, [
      rec('achievement_award', { dedupKey: 'P1' }, '2024-01-01'),
      rec('patent', { type: 'invention', dedupKey: 'P1' }, '2024-02-01'),
    ])
    expect(r.totals.professional).toBe(10)
  })
})

describe('qingdao-2023 四（四） 折算类', () => {
  it('1 受邀专家 按实际工作时间，每天不超过8：3天 → 24', () => {
    expect(credit(qd, rec('expert_service', { days: 3 }))).toMatchObject({ professional: 24, basis: EXPERT })
  })
  it('2 援派 全年 → 公需30、专业60；4个月 → 10、20', () => {
    expect(credit(qd, rec('aid_assignment', { months: 12 }))).toMatchObject({
      public: 30,
      professional: 60,
      basis: AID,
    })
    expect(hours(qd, rec('aid_assignment', { months: 4 }))).toEqual([10, 20])
  })
  it('3 职业资格考试 以资格证书为依据，每项16；无证书 → 0', () => {
    expect(credit(qd, rec('qualification_exam', { subjectsPassed: 2, certificate: true }))).toMatchObject({
      professional: 16,
      basis: QUALIFICATION,
    })
    expect(hours(qd, rec('qualification_exam', { subjectsPassed: 2, certificate: false }))).toEqual([0, 0])
  })
})

describe('qingdao-2023 四（四）4 请假、境外工作（裁定6）', () => {
  const leave = (reason: string, months: number, employerApproved = true, date = '2024-06-01') =>
    rec('leave', { reason, months, employerApproved }, date)

  it('青岛 产假4个月 → 公需10、专业20', () => {
    expect(credit(qd, leave('maternity', 4))).toMatchObject({ public: 10, professional: 20, basis: LEAVE })
  })
  it('产假须经单位批准', () => {
    expect(hours(qd, leave('maternity', 4, false))).toEqual([0, 0])
  })
  it('病假5个月（未超过6个月）→ 0', () => {
    const c = credit(qd, leave('illness', 5))
    expect(c).toMatchObject({ public: 0, professional: 0 })
    expect(c.notes.join()).toContain('未超过6个月')
  })
  it('病假4个月 + 伤假3个月 合计7个月 → 按7个月：17.5、35', () => {
    const r = run(qd, 2024, [leave('illness', 4, true, '2024-03-01'), leave('injury', 3, true, '2024-09-01')])
    expect(r.totals).toEqual({ public: 17.5, professional: 35, total: 52.5 })
  })
  it('境外工作与病假不合并计算：4 + 4 → 0', () => {
    const r = run(qd, 2024, [
      leave('overseas_posting', 4, true, '2024-03-01'),
      leave('illness', 4, true, '2024-09-01'),
    ])
    expect(r.totals.total).toBe(0)
  })
  it('因公境外工作 8个月 → 20、40', () => {
    expect(hours(qd, leave('overseas_posting', 8))).toEqual([20, 40])
  })
  it('请假与援派合计不超过全年30+60', () => {
    const r = run(qd, 2024, [
      rec('aid_assignment', { months: 8 }, '2024-05-01'),
      leave('maternity', 6, true, '2024-12-01'),
    ])
    expect(r.totals).toEqual({ public: 30, professional: 60, total: 90 })
    expect(r.records[1]).toMatchObject({ public: 10, professional: 20 })
    expect(r.compliant).toBe(true)
  })
})

describe('qingdao-2023 四（五） 职称外语、计算机', () => {
  it.each([
    ['A', 30],
    ['B', 20],
    ['C', 10],
  ] as const)('外语 %s级 60分以上 → 公需%i', (grade, h) => {
    expect(credit(qd, rec('language_exam', { grade, score: 60 }))).toMatchObject({
      public: h,
      basis: LANGUAGE_COMPUTER,
    })
  })
  it('外语不足60分 → 0', () => {
    expect(hours(qd, rec('language_exam', { grade: 'A', score: 59.5 }))).toEqual([0, 0])
  })
  it('计算机 每个模块公需5：3个 → 15', () => {
    expect(hours(qd, rec('computer_exam', { modules: 3 }))).toEqual([15, 0])
  })
})

describe('qingdao-2023 四（六）1 防控一线', () => {
  it('视同完成当年继续教育学时', () => {
    const r = run(qd, 2023, [rec('epidemic_frontline', {}, '2023-03-01')])
    expect(r).toMatchObject({ yearComplete: true, compliant: true })
    expect(r.records[0]?.basis).toBe(EPIDEMIC)
  })
})

describe('qingdao-2023 六（二） 导师制', () => {
  it('绩效评估后登记学时', () => {
    expect(credit(qd, rec('mentorship', { role: 'mentee', hours: 40 }))).toMatchObject({
      professional: 40,
      basis: MENTORSHIP,
    })
  })
  it('一年的导师制最多按专业科目60学时（一），评估给出500学时也是60', () => {
    const r = run(qd, 2024, [rec('mentorship', { role: 'mentee', hours: 500 })])
    expect(r.records[0]).toMatchObject({ professional: 60, basis: MENTORSHIP })
    expect(r.records[0]?.notes).toEqual([
      `导师制个性化继续教育每年最多按专业科目60学时认定，本条核减440学时（${MENTORSHIP}、一）`,
    ])
  })
  it('同一年的几份导师制合计不超过60学时', () => {
    const r = run(qd, 2024, [
      rec('mentorship', { role: 'mentee', hours: 40 }, '2024-03-01'),
      rec('mentorship', { role: 'mentee', hours: 40 }, '2024-09-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([40, 20])
  })
})

describe('qingdao-2023 未列入的方式', () => {
  it.each([
    ['lecturing', { type: 'course', hours: 2 }],
    ['self_study', { hours: 10, archived: true }],
    ['skill_level_exam', { level: 'senior' }],
  ] as const)('%s → 0', (kind, fields) => {
    expect(hours(qd, rec(kind, fields))).toEqual([0, 0])
  })
})

describe('qingdao-2023 四 近五年滚动管理（裁定7）', () => {
  const year = (y: number) => [
    rec('public_course_exam', { hours: 30 }, `${y}-04-01`),
    rec('online_course', { subject: 'professional', hours: 60 }, `${y}-05-01`),
  ]

  it('2023年申报：2019—2023 五年，要求450/150/300', () => {
    const records = [2019, 2020, 2021, 2022, 2023].flatMap(year)
    const r = evaluateWindow(qd, 2023, 5, records)
    expect(r.window).toEqual([2019, 2023])
    expect(r.required).toEqual({ total: 450, public: 150, professional: 300 })
    expect(r.totals).toEqual({ public: 150, professional: 300, total: 450 })
    expect(r.compliant).toBe(true)
    expect(r.records).toHaveLength(10)
  })
  it('每年各自封顶后再相加：一年内公需60只计30', () => {
    const records = [rec('public_course_exam', { hours: 60 }, '2021-04-01'), ...year(2022)]
    const r = evaluateWindow(qd, 2023, 5, records)
    expect(r.totals).toEqual({ public: 60, professional: 60, total: 120 })
    expect(r.compliant).toBe(false)
    expect(r.shortfall).toEqual({ total: 330, public: 90, professional: 240 })
  })
  it('窗口外的记录不列入', () => {
    const r = evaluateWindow(qd, 2023, 5, [...year(2018), ...year(2024), ...year(2020)])
    expect(r.records).toHaveLength(2)
  })
  it('申报年限少于五年按实际年限：--window 2 → 2022—2023，要求180', () => {
    const r = evaluateWindow(qd, 2023, 2, [...year(2021), ...year(2022), ...year(2023)])
    expect(r.window).toEqual([2022, 2023])
    expect(r.required).toEqual({ total: 180, public: 60, professional: 120 })
    expect(r).toMatchObject({ compliant: true, totals: { total: 180 } })
  })
  it('防控一线视同完成的年度，按当年要求计入窗口', () => {
    const records = [2019, 2021, 2022, 2023].flatMap(year)
    records.push(rec('epidemic_frontline', {}, '2020-02-01'))
    const r = evaluateWindow(qd, 2023, 5, records)
    expect(r.totals).toEqual({ public: 150, professional: 300, total: 450 })
    expect(r.compliant).toBe(true)
    expect(r.years?.find((y) => y.year === 2020)).toMatchObject({ yearComplete: true, totals: { total: 0 } })
  })
  it('视同完成的年度在窗口说明中写明', () => {
    const r = evaluateWindow(qd, 2023, 5, [rec('epidemic_frontline', {}, '2021-02-01')])
    expect(r.notes).toEqual([expect.stringContaining('2021年度视同完成')])
    expect(r.totals).toEqual({ public: 30, professional: 60, total: 90 })
  })
  it('同一成果跨年度只计一次；被年度上限核减为0的不算已计', () => {
    const patents = [1, 2, 3].map((m) => rec('patent', { type: 'invention' }, `2021-0${m}-01`))
    const records = [
      ...patents,
      rec('paper', { authorship: 'sole', dedupKey: 'k' }, '2021-05-01'),
      rec('paper', { authorship: 'sole', dedupKey: 'k' }, '2022-05-01'),
      rec('paper', { authorship: 'sole', dedupKey: 'k' }, '2023-05-01'),
    ]
    const r = evaluateWindow(qd, 2023, 5, records)
    expect(r.records.slice(3).map((x) => x.professional)).toEqual([0, 10, 0])
    expect(r.records[5]?.notes.join()).toContain('只计算一次')
  })
  it('窗口须为1—5年，且申报年度须在施行期内', () => {
    expect(() => evaluateWindow(qd, 2023, 6, [])).toThrow('window')
    expect(() => evaluateWindow(qd, 2022, 5, [])).toThrow('not in force')
  })
})
