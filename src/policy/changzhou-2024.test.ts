import { describe, expect, it } from 'vitest'
import { credit, hours, rec, run } from '../../test/fixtures.js'
import { changzhou2024 as cz, PUBLIC_COURSE } from './changzhou-2024.js'
import { clauses } from './jiangsu-2023.js'

const c = clauses('常人社职〔2024〕1号')

describe('changzhou-2024 四 学时要求', () => {
  it('每年不少于90学时，其中公需科目不少于30学时，专业科目不少于60学时', () => {
    expect(run(cz, 2024, []).required).toEqual({ total: 90, public: 30, professional: 60 })
  })
  it('常人社职〔2024〕1号 自2024-01-08起，延伸苏人社函〔2023〕308号', () => {
    expect(cz.extends).toBe('jiangsu-2023')
    expect(() => run(cz, 2023, [])).toThrow('not in force')
  })
  it('2024-01-07的记录照常认定，并说明自2024年1月8日起施行（裁定11）', () => {
    const r = run(cz, 2024, [
      rec('public_course_exam', {}, '2024-01-07'),
      rec('public_course_exam', {}, '2024-01-08'),
    ])
    expect(r.totals.public).toBe(60)
    expect(r.records[0]?.notes.join()).toContain('本通知自2024年1月8日起施行，此前的活动按本通知参照认定')
    expect(r.records[1]?.notes).toEqual([])
  })
})

describe('changzhou-2024 三 公需科目 网络学习并考试合格', () => {
  it('每门30学时，不论课件学时', () => {
    expect(credit(cz, rec('public_course_exam', { hours: 12 }))).toMatchObject({
      public: 30,
      professional: 0,
      basis: PUBLIC_COURSE,
    })
    expect(hours(cz, rec('public_course_exam'))).toEqual([30, 0])
  })
  it('公需30 + 专业60 → 合格；专业90无公需 → 不合格', () => {
    const ok = run(cz, 2024, [
      rec('public_course_exam'),
      rec('online_course', { subject: 'professional', hours: 60 }),
    ])
    expect(ok).toMatchObject({ compliant: true, totals: { public: 30, professional: 60, total: 90 } })
    const no = run(cz, 2024, [rec('online_course', { subject: 'professional', hours: 90 })])
    expect(no).toMatchObject({ compliant: false, shortfall: { total: 0, public: 30, professional: 0 } })
  })
})

describe('changzhou-2024 四 各方式计入专业科目学时', () => {
  it('标为公需的网络课件也计入专业科目，并说明', () => {
    const r = credit(cz, rec('online_course', { subject: 'public', hours: 20 }))
    expect(r).toMatchObject({ public: 0, professional: 20, basis: c.online })
    expect(r.notes.join()).toContain('专业科目')
  })
  it('四（一）培训班 只有天数 2天 → 8；四（九）论文 → 30', () => {
    expect(
      credit(cz, rec('training', { subject: 'professional', organizer: 'employer', days: 2 })),
    ).toMatchObject({
      professional: 8,
      basis: c.training,
    })
    expect(credit(cz, rec('paper', { authorship: 'first' }))).toMatchObject({
      professional: 30,
      basis: c.papers,
    })
  })
  it('四（十二）自学每年累计不超过30', () => {
    const r = run(cz, 2024, [
      rec('self_study', { hours: 25, archived: true }, '2024-02-01'),
      rec('self_study', { hours: 25, archived: true }, '2024-03-01'),
    ])
    expect(r.records.map((x) => x.professional)).toEqual([25, 5])
    expect(r.records[1]?.notes.join()).toContain(c.selfStudy)
  })
  it('职称外语、职称计算机按本通知 四（六）计30（裁定14: changzhou-2024 四（六））', () => {
    expect(credit(cz, rec('language_exam', { grade: 'C', score: 60 }))).toMatchObject({
      professional: 30,
      basis: '常人社职〔2024〕1号 四（六）',
    })
    expect(credit(cz, rec('computer_exam', { modules: 1 }))).toMatchObject({
      professional: 30,
      basis: '常人社职〔2024〕1号 四（六）',
    })
  })
  it('职称外语 考试机构认定的passed为准：合格50分 → 30，不合格70分 → 0（裁定14）', () => {
    expect(hours(cz, rec('language_exam', { grade: 'B', score: 50, passed: true }))).toEqual([0, 30])
    expect(hours(cz, rec('language_exam', { grade: 'B', score: 70, passed: false }))).toEqual([0, 0])
  })
})
