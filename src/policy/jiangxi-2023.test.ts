import { describe, expect, it } from 'vitest'
import { credit, hours, rec, run } from '../../test/fixtures.js'
import {
  CONFERENCE,
  DEGREE,
  jiangxi2023 as jx,
  ONLINE,
  OTHER,
  PRACTICE,
  TRAINING,
  WAYS,
} from './jiangxi-2023.js'

describe('jiangxi-2023 第十条 学时要求', () => {
  it('每年不少于九十学时，专业科目不少于三分之二 → 专业60（裁定3）', () => {
    expect(run(jx, 2024, []).required).toEqual({ total: 90, public: 0, professional: 60 })
  })
})

describe('jiangxi-2023 第二十七条 本办法自2023年3月1日起施行', () => {
  it('2022年不适用', () => expect(() => run(jx, 2022, [])).toThrow('not in force'))
  it('2023-02-28的记录照常认定，并说明施行日期；3月1日的无说明（裁定11）', () => {
    const course = (date: string) => rec('online_course', { subject: 'professional', hours: 10 }, date)
    const r = run(jx, 2023, [course('2023-02-28'), course('2023-03-01')])
    expect(r.totals.professional).toBe(20)
    expect(r.records[0]?.notes).toEqual([
      '本办法自2023年3月1日起施行，此前的活动按本办法参照认定（江西省人民政府令第259号 第二十七条，裁定11）',
    ])
    expect(r.records[1]?.notes).toEqual([])
  })
})

describe('jiangxi-2023 第十条 各方式按认定学时计入（裁定10）', () => {
  it('（一）培训班 2天 20学时 → 16（每天最多8）', () => {
    expect(
      credit(jx, rec('training', { subject: 'professional', organizer: 'employer', days: 2, hours: 20 })),
    ).toMatchObject({
      professional: 16,
      basis: TRAINING,
    })
  })
  it('（一）培训班 3天 12学时 公需 → 公需12', () => {
    expect(hours(jx, rec('training', { subject: 'public', organizer: 'hrss', days: 3, hours: 12 }))).toEqual([
      12, 0,
    ])
  })
  it('（一）培训班未注明学时 → 0 并说明', () => {
    const c = credit(jx, rec('training', { subject: 'professional', organizer: 'hrss', days: 3 }))
    expect(c).toMatchObject({ professional: 0 })
    expect(c.notes.join()).toContain('裁定10')
  })
  it('（二）实践活动 2天 20学时 → 16', () => {
    expect(credit(jx, rec('practice', { days: 2, hours: 20 }))).toMatchObject({
      professional: 16,
      basis: PRACTICE,
    })
  })
  it('（三）学术会议 按认定学时 6', () => {
    expect(credit(jx, rec('conference', { level: 'provincial', hours: 6 }))).toMatchObject({
      professional: 6,
      basis: CONFERENCE,
    })
  })
  it('（四）网络在线学习 按学时 30', () => {
    expect(credit(jx, rec('online_course', { subject: 'public', hours: 30 }))).toMatchObject({
      public: 30,
      basis: ONLINE,
    })
  })
  it('（五）学历教育 按认定学时 20', () => {
    expect(credit(jx, rec('degree_course', { coursesPassed: 2, hours: 20 }))).toMatchObject({
      professional: 20,
      basis: DEGREE,
    })
  })
  it('（六）其他学习方式 按认定学时', () => {
    expect(credit(jx, rec('other', { subject: 'professional', hours: 9 }))).toMatchObject({
      professional: 9,
      basis: OTHER,
    })
  })
  it('无年度上限：网络学习 60 + 60 → 120', () => {
    const r = run(jx, 2024, [
      rec('online_course', { subject: 'professional', hours: 60 }),
      rec('online_course', { subject: 'professional', hours: 60 }),
    ])
    expect(r.totals).toEqual({ public: 0, professional: 120, total: 120 })
    expect(r.compliant).toBe(true)
  })
})

describe('jiangxi-2023 不认定折算类方式，直至配置规则（裁定10）', () => {
  it.each([
    ['paper', { authorship: 'sole' }],
    ['patent', { type: 'invention' }],
    ['book', { authorship: 'sole' }],
    ['research_project', { level: 'national', role: 'host', completed: true }],
    ['lecturing', { type: 'report', hours: 2 }],
    ['self_study', { hours: 10, archived: true }],
  ] as const)('%s → 0', (kind, fields) => {
    const c = credit(jx, rec(kind, fields))
    expect(c).toMatchObject({ public: 0, professional: 0, basis: WAYS })
  })
})

describe('jiangxi-2023 第二十七条 自2023年3月1日起施行', () => {
  it('2022 不适用，2023 适用', () => {
    expect(() => run(jx, 2022, [])).toThrow('not in force')
    expect(run(jx, 2023, []).policy).toBe('jiangxi-2023')
  })
})
