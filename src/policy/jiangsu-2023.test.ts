import { describe, expect, it } from 'vitest'
import { credit, hours, rec, run } from '../../test/fixtures.js'
import { clauses, JIANGSU, jiangsu2023 as js } from './jiangsu-2023.js'

const c = clauses(JIANGSU)

describe('jiangsu-2023 四 学时要求', () => {
  it('每年不少于90学时，其中专业科目不少于60学时', () => {
    expect(run(js, 2024, []).required).toEqual({ total: 90, public: 0, professional: 60 })
  })
  it('苏人社函〔2023〕308号 自2023-09-20起：2023适用，2022不适用', () => {
    expect(run(js, 2023, []).policy).toBe('jiangsu-2023')
    expect(() => run(js, 2022, [])).toThrow('not in force')
  })
  it('2023-09-19的记录照常认定，并说明自2023年9月20日起施行；9月20日的无说明（裁定11）', () => {
    const course = (date: string) => rec('online_course', { subject: 'professional', hours: 10 }, date)
    const r = run(js, 2023, [course('2023-09-19'), course('2023-09-20')])
    expect(r.totals.professional).toBe(20)
    expect(r.records[0]?.notes).toEqual([
      '本通知自2023年9月20日起施行，此前的活动按本通知参照认定（苏人社函〔2023〕308号 印发日期，裁定11）',
    ])
    expect(r.records[1]?.notes).toEqual([])
  })
})

describe('jiangsu-2023 四（一） 培训班（裁定4）', () => {
  it('注明学时：min(学时, 8×天) — 3天 30学时 → 24', () => {
    expect(
      credit(js, rec('training', { subject: 'professional', organizer: 'industry', days: 3, hours: 30 })),
    ).toMatchObject({
      professional: 24,
      basis: c.training,
    })
  })
  it('注明学时：2天 12学时 → 12', () => {
    expect(
      hours(js, rec('training', { subject: 'public', organizer: 'employer', days: 2, hours: 12 })),
    ).toEqual([12, 0])
  })
  it('只有授课天数：按每天4学时 — 3天 → 12', () => {
    expect(hours(js, rec('training', { subject: 'professional', organizer: 'hrss', days: 3 }))).toEqual([
      0, 12,
    ])
  })
})

describe('jiangsu-2023 四（二） 网络课件', () => {
  it('按课件标定的学时数 24', () => {
    expect(credit(js, rec('online_course', { subject: 'professional', hours: 24 }))).toMatchObject({
      professional: 24,
      basis: c.online,
    })
  })
})

describe('jiangsu-2023 四（三） 国内学术会议', () => {
  it.each([
    ['national', undefined, 10],
    ['national', 2000, 30],
    ['national', 2001, 40],
    ['provincial', undefined, 8],
    ['provincial', 1500, 23],
    ['provincial', 2000, 23],
    ['provincial', 2001, 33],
    ['provincial', 5000, 33],
    ['other', 3000, 0],
  ] as const)('%s，论文%s字 → %i', (level, paperChars, h) => {
    const fields = paperChars === undefined ? { level } : { level, paperChars }
    expect(credit(js, rec('conference', fields))).toMatchObject({ professional: h, basis: c.conference })
  })
})

describe('jiangsu-2023 四（四） 教学授课', () => {
  it('讲授继续教育课程 按授课时数2倍：4 → 8', () => {
    expect(credit(js, rec('lecturing', { type: 'course', hours: 4 }))).toMatchObject({
      professional: 8,
      basis: c.lecturing,
    })
  })
  it('学术报告或讲座 按3倍：2 → 6', () => {
    expect(hours(js, rec('lecturing', { type: 'report', hours: 2 }))).toEqual([0, 6])
  })
})

describe('jiangsu-2023 四（五） 境外培训（裁定5）', () => {
  it.each([
    [3, 10, 24],
    [5, 10, 30],
    [20, 89, 30],
    [20, 90, 60],
    [20, 180, 60],
    [20, 181, 90],
    [5, 200, 40],
  ])('%i天（全程%i天）→ %i', (days, durationDays, h) => {
    expect(credit(js, rec('overseas_training', { days, durationDays }))).toMatchObject({
      professional: h,
      basis: c.overseas,
    })
  })
})

describe('jiangsu-2023 四（六） 资格考试（含职称外语、计算机）', () => {
  it('每通过一门科目30：2门 → 60', () => {
    expect(credit(js, rec('qualification_exam', { subjectsPassed: 2, certificate: false }))).toMatchObject({
      professional: 60,
      basis: c.exam,
    })
  })
  it('职称外语合格 → 30；不合格 → 0', () => {
    expect(hours(js, rec('language_exam', { grade: 'B', score: 65 }))).toEqual([0, 30])
    expect(hours(js, rec('language_exam', { grade: 'B', score: 59 }))).toEqual([0, 0])
  })
  it('职称外语 未注明passed：60分即合格 → 30，59.5分 → 0（裁定14，60分及以上）', () => {
    expect(credit(js, rec('language_exam', { grade: 'C', score: 60 }))).toMatchObject({
      professional: 30,
      basis: c.exam,
    })
    const fail = credit(js, rec('language_exam', { grade: 'C', score: 59.5 }))
    expect(fail).toMatchObject({ professional: 0, basis: c.exam })
    expect(fail.notes.join()).toContain('未达60分')
  })
  it('职称外语 passed由考试机构认定，注明时以其为准：合格55分 → 30，不合格80分 → 0（裁定14）', () => {
    expect(hours(js, rec('language_exam', { grade: 'A', score: 55, passed: true }))).toEqual([0, 30])
    const fail = credit(js, rec('language_exam', { grade: 'A', score: 80, passed: false }))
    expect(fail).toMatchObject({ professional: 0, basis: c.exam })
    expect(fail.notes.join()).toContain('裁定14')
  })
  it('职称计算机 2个模块 → 60', () => {
    expect(hours(js, rec('computer_exam', { modules: 2 }))).toEqual([0, 60])
  })
})

describe('jiangsu-2023 四（七） 职业技能等级认定', () => {
  it.each([
    ['senior', 30],
    ['intermediate', 20],
    ['junior', 10],
  ] as const)('%s → %i', (level, h) => {
    expect(credit(js, rec('skill_level_exam', { level }))).toMatchObject({ professional: h, basis: c.skill })
  })
})

describe('jiangsu-2023 四（八） 在职学历教育', () => {
  it('每门课程20：3门 → 60', () => {
    expect(credit(js, rec('degree_course', { coursesPassed: 3 }))).toMatchObject({
      professional: 60,
      basis: c.degree,
    })
  })
})

describe('jiangsu-2023 四（九） 论文、著作', () => {
  it.each([
    ['sole', 30],
    ['first', 30],
    ['other', 10],
  ] as const)('论文 %s → %i', (authorship, h) => {
    expect(credit(js, rec('paper', { authorship, cnJournal: true }))).toMatchObject({
      professional: h,
      basis: c.papers,
    })
  })
  it('非CN刊号 → 0', () => {
    expect(hours(js, rec('paper', { authorship: 'sole', cnJournal: false }))).toEqual([0, 0])
  })
  it.each([
    ['sole', 70],
    ['first', 60],
    ['other', 40],
  ] as const)('著作 %s → %i', (authorship, h) => {
    expect(credit(js, rec('book', { authorship }))).toMatchObject({ professional: h, basis: c.papers })
  })
  it('同一论文多处发表，只计算一次（裁定9）', () => {
    const r = run(js, 2024, [
      rec('paper', { authorship: 'sole', dedupKey: 'doi:10.1/x' }, '2024-02-01'),
      rec('paper', { authorship: 'sole', dedupKey: 'doi:10.1/x' }, '2024-01-01'),
    ])
    expect(r.records.map((x) => x.professional)).toEqual([0, 30])
    expect(r.records[0]?.notes.join()).toContain('只计算一次')
  })
})

describe('jiangsu-2023 四（十） 课题、项目', () => {
  it.each([
    ['national', 'host', 50],
    ['national', 'sole', 50],
    ['national', 'main', 40],
    ['national', 'participant', 10],
    ['provincial', 'host', 40],
    ['provincial', 'main', 30],
    ['city', 'host', 30],
    ['city', 'main', 20],
    ['city', 'participant', 10],
    ['other', 'host', 10],
    ['other', 'main', 10],
    ['other', 'participant', 0],
  ] as const)('%s %s → %i', (level, role, h) => {
    expect(credit(js, rec('research_project', { level, role, completed: true }))).toMatchObject({
      professional: h,
      basis: c.research,
    })
  })
  it('未结项 → 0', () => {
    expect(hours(js, rec('research_project', { level: 'national', role: 'host', completed: false }))).toEqual(
      [0, 0],
    )
  })
})

describe('jiangsu-2023 四（十一） 服务基层', () => {
  it('每天8学时，每次最多20：2天 → 16，5天 → 20', () => {
    expect(credit(js, rec('grassroots_service', { days: 2 }))).toMatchObject({
      professional: 16,
      basis: c.grassroots,
    })
    expect(hours(js, rec('grassroots_service', { days: 5 }))).toEqual([0, 20])
  })
  it('最多20包含20本身：2.5天 → 20，不加核减说明（裁定12）', () => {
    expect(credit(js, rec('grassroots_service', { days: 2.5 }))).toMatchObject({
      professional: 20,
      notes: [],
    })
  })
})

describe('jiangsu-2023 四（十二） 自学', () => {
  it('每天不超过8学时：2天 20学时 → 16', () => {
    expect(credit(js, rec('self_study', { hours: 20, days: 2, archived: true }))).toMatchObject({
      professional: 16,
      basis: c.selfStudy,
    })
  })
  it('每年累计不超过30：20 + 20 → 20、10（裁定1，按日期）', () => {
    const r = run(js, 2024, [
      rec('self_study', { hours: 20, archived: true }, '2024-09-01'),
      rec('self_study', { hours: 20, archived: true }, '2024-03-01'),
    ])
    expect(r.records.map((x) => x.professional)).toEqual([10, 20])
    expect(r.records[0]?.notes.join()).toContain('30学时')
  })
  it('未建立学习档案的不予认定', () => {
    expect(hours(js, rec('self_study', { hours: 20, archived: false }))).toEqual([0, 0])
  })
})

describe('jiangsu-2023 未规定认定标准的方式', () => {
  it.each([
    ['patent', { type: 'invention' }],
    ['expert_service', { days: 2 }],
    ['epidemic_frontline', {}],
  ] as const)('%s → 0', (kind, fields) => {
    expect(credit(js, rec(kind, fields))).toMatchObject({ public: 0, professional: 0, basis: c.ways })
  })
})

describe('jiangsu-2023 三（二） 实践活动', () => {
  it('列为继续教育形式，但四未规定认定标准 → 0 并说明', () => {
    const r = credit(js, rec('practice', { days: 2, hours: 16 }))
    expect(r).toMatchObject({ public: 0, professional: 0, basis: `${JIANGSU} 三（二）` })
    expect(r.notes.join()).toContain('未规定认定标准')
  })
})

describe('jiangsu-2023 合格判定', () => {
  it('专业60 + 公需30 → 合格', () => {
    const r = run(js, 2024, [
      rec('online_course', { subject: 'public', hours: 30 }),
      rec('degree_course', { coursesPassed: 3 }),
    ])
    expect(r).toMatchObject({ compliant: true, shortfall: { total: 0, public: 0, professional: 0 } })
  })
  it('专业90 → 合格（公需不作要求）', () => {
    expect(run(js, 2024, [rec('online_course', { subject: 'professional', hours: 90 })]).compliant).toBe(true)
  })
  it('公需70 + 专业20 → 总数够但专业不足40', () => {
    const r = run(js, 2024, [
      rec('online_course', { subject: 'public', hours: 70 }),
      rec('online_course', { subject: 'professional', hours: 20 }),
    ])
    expect(r).toMatchObject({ compliant: false, shortfall: { total: 0, public: 0, professional: 40 } })
  })
})
