import { describe, expect, it } from 'vitest'
import { credit, hours, rec, run } from '../../test/fixtures.js'
import {
  AID,
  BOOK,
  COMPETITION,
  cnEngineering2026 as cn,
  DEGREE,
  LECTURING,
  MAKE_UP,
  ONLINE,
  PAPER,
  PATENT,
  RESEARCH,
  STANDARD,
  TRAINING,
} from './cn-engineering-2026.js'

describe('cn-engineering-2026 第十八条 学时标准', () => {
  it('每年不少于90学时，专业科目不少于60学时', () => {
    expect(run(cn, 2026, []).required).toEqual({ total: 90, public: 0, professional: 60 })
  })

  // （一）面授培训，每天最多按8学时计算。
  it('（一）面授培训 3天 30学时 → 24（每天最多8）', () => {
    const c = credit(
      cn,
      rec(
        'training',
        { subject: 'professional', organizer: 'institution', days: 3, hours: 30 },
        '2026-04-01',
      ),
    )
    expect(c).toMatchObject({ public: 0, professional: 24, basis: TRAINING })
  })
  it('（一）未注明学时的 2天 → 16（裁定4）', () => {
    expect(
      hours(cn, rec('training', { subject: 'public', organizer: 'hrss', days: 2 }, '2026-04-01')),
    ).toEqual([16, 0])
  })
  it('（一）专家服务基层 3天 → 专业24', () => {
    expect(credit(cn, rec('grassroots_service', { days: 3 }, '2026-05-01'))).toMatchObject({
      professional: 24,
      basis: TRAINING,
    })
  })
  // （二）网络培训，按实际学时计算。
  it('（二）网络培训 按实际学时 45', () => {
    expect(
      credit(cn, rec('online_course', { subject: 'professional', hours: 45 }, '2026-05-01')),
    ).toMatchObject({
      professional: 45,
      basis: ONLINE,
    })
  })
  it('（二）公需科目网络学习并考试合格 按实际学时 → 公需30', () => {
    expect(credit(cn, rec('public_course_exam', { hours: 30 }, '2026-05-01'))).toMatchObject({
      public: 30,
      professional: 0,
      basis: ONLINE,
    })
  })
  it('（十）未获奖的记录不占用同一活动：其后获三等奖的记录计30', () => {
    const r = run(cn, 2026, [
      rec('competition', { level: 'provincial_or_above', prize: 'none', activityId: 'Y' }, '2026-03-01'),
      rec('competition', { level: 'provincial_or_above', prize: 'third', activityId: 'Y' }, '2026-04-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([0, 30])
  })
  // （三）课题：独立最多40；主持人30；参与人10。
  it.each([
    ['sole', 40],
    ['host', 30],
    ['main', 10],
    ['participant', 10],
  ] as const)('（三）研究课题 %s → %i', (role, h) => {
    expect(
      credit(cn, rec('research_project', { level: 'national', role, completed: true }, '2026-06-01')),
    ).toMatchObject({
      professional: h,
      basis: RESEARCH,
    })
  })
  // （四）发明专利10；实用新型专利、软件著作权5。
  it.each([
    ['invention', 10],
    ['utility_model', 5],
    ['software_copyright', 5],
  ] as const)('（四）%s → %i', (type, h) => {
    expect(credit(cn, rec('patent', { type }, '2026-06-01'))).toMatchObject({
      professional: h,
      basis: PATENT,
    })
  })
  // （五）独立发表论文10；合作的每人5。
  it.each([
    ['sole', 10],
    ['first', 5],
    ['other', 5],
  ] as const)('（五）论文 %s → %i', (authorship, h) => {
    expect(credit(cn, rec('paper', { authorship }, '2026-06-01'))).toMatchObject({
      professional: h,
      basis: PAPER,
    })
  })
  // （六）专著独立30；第一作者20；其他作者10。
  it.each([
    ['sole', 30],
    ['first', 20],
    ['other', 10],
  ] as const)('（六）著作 %s → %i', (authorship, h) => {
    expect(credit(cn, rec('book', { authorship }, '2026-06-01'))).toMatchObject({
      professional: h,
      basis: BOOK,
    })
  })
  // （七）标准：第一完成人20；非第一完成人10。
  it.each([
    ['first', 20],
    ['other', 10],
  ] as const)('（七）标准 %s → %i', (role, h) => {
    expect(credit(cn, rec('standard', { role }, '2026-06-01'))).toMatchObject({
      professional: h,
      basis: STANDARD,
    })
  })
  // （八）授课（报告）人，最多按实际时间的6倍。
  it('（八）授课 3学时 → 18；报告 1.5学时 → 9', () => {
    expect(credit(cn, rec('lecturing', { type: 'course', hours: 3 }, '2026-06-01'))).toMatchObject({
      professional: 18,
      basis: LECTURING,
    })
    expect(hours(cn, rec('lecturing', { type: 'report', hours: 1.5 }, '2026-06-01'))).toEqual([0, 9])
  })
  // （九）命题或审题，每次最多40。
  it('（九）命题 1次 → 40', () => {
    expect(hours(cn, rec('exam_item_writing', { times: 1 }, '2026-06-01'))).toEqual([0, 40])
  })
  // （十）省级以上竞赛三等奖以上30；同一活动不累计计算。
  it('（十）省级以上竞赛 三等奖 → 30；未获奖或省级以下 → 0', () => {
    expect(
      credit(
        cn,
        rec('competition', { level: 'provincial_or_above', prize: 'third', activityId: 'A' }, '2026-06-01'),
      ),
    ).toMatchObject({
      professional: 30,
      basis: COMPETITION,
    })
    expect(
      hours(
        cn,
        rec('competition', { level: 'provincial_or_above', prize: 'none', activityId: 'B' }, '2026-06-01'),
      ),
    ).toEqual([0, 0])
    expect(
      hours(cn, rec('competition', { level: 'other', prize: 'first', activityId: 'C' }, '2026-06-01')),
    ).toEqual([0, 0])
  })
  it('（十）同一活动两条记录只计一次', () => {
    const r = run(cn, 2026, [
      rec('competition', { level: 'provincial_or_above', prize: 'first', activityId: 'X' }, '2026-03-01'),
      rec('competition', { level: 'provincial_or_above', prize: 'second', activityId: 'X' }, '2026-04-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([30, 0])
  })
  it('（十）同一活动，dedupKey不同：activityId决定，只计一次 30（裁定9、13，issue #10）', () => {
    const r = run(cn, 2026, [
      rec(
        'competition',
        { level: 'provincial_or_above', prize: 'first', activityId: 'X', dedupKey: 'a' },
        '2026-03-01',
      ),
      rec(
        'competition',
        { level: 'provincial_or_above', prize: 'second', activityId: 'X', dedupKey: 'b' },
        '2026-04-01',
      ),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([30, 0])
    expect(r.totals.professional).toBe(30)
    expect(r.records[1]?.notes.join()).toContain('只计算一次')
  })
  it('（十）不同活动的竞赛与同名dedupKey的论文互不影响', () => {
    const r = run(cn, 2026, [
      rec('competition', { level: 'provincial_or_above', prize: 'first', activityId: 'X' }, '2026-03-01'),
      rec('paper', { authorship: 'sole', dedupKey: 'X' }, '2026-04-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([30, 10])
  })
  // （十一）其他形式：按认定学时折算为专业科目。
  it('（十一）其他 12学时 → 专业12', () => {
    expect(hours(cn, rec('other', { subject: 'public', hours: 12 }, '2026-06-01'))).toEqual([0, 12])
  })
})

describe('cn-engineering-2026 第十八条 计满60学时的不再折算（裁定2）', () => {
  it('培训40 + 论文10 + 专利10 + 著作30 → 折算只补足到60：10、10、0', () => {
    const r = run(cn, 2026, [
      rec(
        'training',
        { subject: 'professional', organizer: 'institution', days: 5, hours: 40 },
        '2026-09-01',
      ),
      rec('paper', { authorship: 'sole' }, '2026-02-01'),
      rec('patent', { type: 'invention' }, '2026-03-01'),
      rec('book', { authorship: 'sole' }, '2026-04-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([40, 10, 10, 0])
    expect(r.records[3]?.notes.join()).toContain('计满60学时')
    expect(r.totals).toEqual({ public: 0, professional: 60, total: 60 })
  })
  it('计满60包含60本身：网络培训60 + 论文 → 60、0（裁定12）', () => {
    const r = run(cn, 2026, [
      rec('online_course', { subject: 'professional', hours: 60 }, '2026-01-01'),
      rec('paper', { authorship: 'sole' }, '2026-02-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([60, 0])
    expect(r.records[1]?.notes.join()).toContain('计满60学时')
  })
  it('计算的学时始终全额计入，即使超过60', () => {
    const r = run(cn, 2026, [
      rec('paper', { authorship: 'sole' }, '2026-01-01'),
      rec('online_course', { subject: 'professional', hours: 70 }, '2026-12-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([0, 70])
  })
  it('折算的学时按记录顺序补足：跨过60的那条得余数', () => {
    const r = run(cn, 2026, [
      rec('online_course', { subject: 'professional', hours: 35 }, '2026-01-01'),
      rec('book', { authorship: 'sole' }, '2026-02-01'),
      rec('research_project', { level: 'other', role: 'sole', completed: false }, '2026-03-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([35, 25, 0])
  })
  it('审核认定为较低学时的计算学时，按核减后的学时占用60：培训40审核认定20 + 专著30 + 论文10 → 20、30、10（裁定16）', () => {
    const r = run(cn, 2026, [
      rec(
        'training',
        { subject: 'professional', organizer: 'institution', days: 5, hours: 40, approvedMax: 20 },
        '2026-01-10',
      ),
      rec('book', { authorship: 'sole' }, '2026-02-01'),
      rec('paper', { authorship: 'sole' }, '2026-03-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([20, 30, 10])
    expect(r.records[0]?.notes.join()).toContain('审核认定为20学时')
    expect(r.totals.professional).toBe(60)
  })
  it('公需学时不占用专业60学时的额度', () => {
    const r = run(cn, 2026, [
      rec('online_course', { subject: 'public', hours: 50 }, '2026-01-01'),
      rec('book', { authorship: 'sole' }, '2026-02-01'),
    ])
    expect(r.totals).toEqual({ public: 50, professional: 30, total: 80 })
  })
})

describe('cn-engineering-2026 视同完成', () => {
  it('第十一条（二） 取得本科以上学历（学位）证书 → 视同完成当年度', () => {
    const r = run(cn, 2026, [rec('degree_completed', { level: 'master' }, '2026-07-01')])
    expect(r).toMatchObject({
      yearComplete: true,
      compliant: true,
      shortfall: { total: 0, public: 0, professional: 0 },
    })
    expect(r.totals.total).toBe(0)
  })
  it('第十一条（三） 职业资格考试取得证书 → 视同完成；未取得证书 → 0', () => {
    expect(
      run(cn, 2026, [rec('qualification_exam', { subjectsPassed: 4, certificate: true }, '2026-10-01')])
        .yearComplete,
    ).toBe(true)
    const r = run(cn, 2026, [
      rec('qualification_exam', { subjectsPassed: 2, certificate: false }, '2026-10-01'),
    ])
    expect(r).toMatchObject({ yearComplete: false, compliant: false, totals: { total: 0 } })
  })
  it('第十一条（二） 学历（学位）教育未取得证书：在读课程 → 0，依据本款并说明', () => {
    const c = credit(cn, rec('degree_course', { coursesPassed: 3, hours: 60 }, '2026-06-01'))
    expect(c).toMatchObject({ public: 0, professional: 0, basis: DEGREE })
    expect(c.notes.join()).toContain('取得本科及以上证书后视同完成')
    expect(run(cn, 2026, [rec('degree_course', { coursesPassed: 3 }, '2026-06-01')]).yearComplete).toBe(false)
  })
  it('第十九条 援派工作期间 → 视同完成', () => {
    const r = run(cn, 2026, [rec('aid_assignment', { months: 3 }, '2026-10-01')])
    expect(r.yearComplete).toBe(true)
    expect(r.records[0]?.basis).toBe(AID)
  })
})

describe('cn-engineering-2026 第二十条 补学（裁定8）', () => {
  const leave = (approved: boolean, reason = 'illness') =>
    rec('leave', { reason, months: 5, employerApproved: approved }, '2026-08-01')
  const makeUp = () =>
    rec('online_course', { subject: 'professional', hours: 60, makeUpFor: 2026 }, '2027-03-01')

  it('上一年度有单位证明的病假：次年补学计入上一年度', () => {
    const records = [leave(true), makeUp()]
    const y2026 = run(cn, 2026, records)
    expect(y2026.totals.professional).toBe(60)
    expect(y2026.records.map((c) => c.id)).toEqual(records.map((r) => r.id))
    expect(y2026.records[1]?.notes.join()).toContain(MAKE_UP)
    const y2027 = run(cn, 2027, records)
    expect(y2027.totals.professional).toBe(0)
    expect(y2027.records).toMatchObject([{ professional: 0, basis: MAKE_UP }])
    expect(y2027.records[0]?.notes.join()).toContain('已计入2026年度')
  })
  it('没有单位证明：补学记录计入本年度并说明', () => {
    const records = [leave(false), makeUp()]
    expect(run(cn, 2026, records).totals.professional).toBe(0)
    const y2027 = run(cn, 2027, records)
    expect(y2027.totals.professional).toBe(60)
    expect(y2027.records[0]?.notes.join()).toContain('条件不符')
  })
  it('境外派驻不是伤、病、孕：不得补学', () => {
    const records = [leave(true, 'overseas_posting'), makeUp()]
    expect(run(cn, 2027, records).totals.professional).toBe(60)
  })
  it('2025年在第三十一条施行之前：补学2025年度的记录计入2026年度并说明（裁定15）', () => {
    const records = [
      rec('leave', { reason: 'maternity', months: 5, employerApproved: true }, '2025-08-01'),
      rec('online_course', { subject: 'professional', hours: 60, makeUpFor: 2025 }, '2026-03-01'),
    ]
    const r = run(cn, 2026, records)
    expect(r.totals.professional).toBe(60)
    expect(r.records).toMatchObject([{ id: records[1]?.id, professional: 60 }])
    expect(r.records[0]?.notes).toEqual([
      `2025年度不在本规定施行期内（本规定自2026年1月1日起施行），补学记录计入2026年度（${MAKE_UP}，裁定15）`,
    ])
  })
  it('补学只能补上一年度', () => {
    const records = [
      leave(true),
      rec('online_course', { subject: 'professional', hours: 60, makeUpFor: 2026 }, '2028-03-01'),
    ]
    expect(run(cn, 2026, records).totals.professional).toBe(0)
  })
})

describe('cn-engineering-2026 未列入的方式', () => {
  it.each([
    ['conference', { level: 'national' }],
    ['self_study', { hours: 20, archived: true }],
    ['skill_level_exam', { level: 'senior' }],
  ] as const)('%s → 0，并说明', (kind, fields) => {
    const c = credit(cn, rec(kind, fields, '2026-06-01'))
    expect(c).toMatchObject({ public: 0, professional: 0 })
    expect(c.notes.join()).toContain('未列入')
  })
})

describe('cn-engineering-2026 第三十一条 施行日期', () => {
  it('2025年不适用', () => {
    expect(() => run(cn, 2025, [])).toThrow('not in force in 2025')
  })
})
