import { describe, expect, it } from 'vitest'
import { credit, hours, rec, run } from '../../test/fixtures.js'
import { MENTORSHIP, RESULTS, SELF_STUDY, shandong2016 as sd, TRAINING } from './shandong-2016.js'

describe('shandong-2016 （五） 学时要求', () => {
  it('每年不少于90学时，专业科目不少于三分之二 → 专业60（裁定3）', () => {
    expect(run(sd, 2018, []).required).toEqual({ total: 90, public: 0, professional: 60 })
  })
  it('公需学时多不会不合格：公需40 + 专业60 → 合格', () => {
    const r = run(sd, 2018, [
      rec('online_course', { subject: 'public', hours: 40 }, '2018-03-01'),
      rec('online_course', { subject: 'professional', hours: 60 }, '2018-04-01'),
    ])
    expect(r).toMatchObject({ compliant: true, totals: { total: 100 } })
  })
})

describe('shandong-2016 （六）1 培训进修类 按实际学时，不超过8学时/天', () => {
  it('培训 2天 20学时 → 16', () => {
    expect(
      credit(
        sd,
        rec('training', { subject: 'professional', organizer: 'hrss', days: 2, hours: 20 }, '2018-01-01'),
      ),
    ).toMatchObject({
      professional: 16,
      basis: TRAINING,
    })
  })
  it('培训 3天 18学时 → 18', () => {
    expect(
      hours(
        sd,
        rec('training', { subject: 'public', organizer: 'industry', days: 3, hours: 18 }, '2018-01-01'),
      ),
    ).toEqual([18, 0])
  })
  it('学术交流 1天 10学时 → 8；报告论文另计折算10', () => {
    const c = credit(
      sd,
      rec('conference', { level: 'other', days: 1, hours: 10, paperChars: 3000 }, '2018-01-01'),
    )
    expect(c).toMatchObject({ professional: 18 })
    expect(c.basis).toBe(`${TRAINING}；${RESULTS}`)
  })
  it('远程教育 按实际学时 25', () => {
    expect(hours(sd, rec('online_course', { subject: 'professional', hours: 25 }, '2018-01-01'))).toEqual([
      0, 25,
    ])
  })
  it('实践活动 2天 → 16；出国学习 5天 → 40', () => {
    expect(hours(sd, rec('practice', { days: 2 }, '2018-01-01'))).toEqual([0, 16])
    expect(hours(sd, rec('overseas_training', { days: 5, durationDays: 7 }, '2018-01-01'))).toEqual([0, 40])
  })
})

describe('shandong-2016 （六）2 自学类 每年累计不超过40学时', () => {
  it('自学 30 + 25 → 30、10', () => {
    const r = run(sd, 2019, [
      rec('self_study', { hours: 30, archived: true }, '2019-02-01'),
      rec('self_study', { hours: 25, archived: true }, '2019-05-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([30, 10])
    expect(r.records[1]?.notes.join()).toContain('40学时')
    expect(r.records[1]?.basis).toBe(SELF_STUDY)
  })
  it('用人单位未建立学习档案的不予登记', () => {
    expect(hours(sd, rec('self_study', { hours: 20, archived: false }, '2019-01-01'))).toEqual([0, 0])
  })
  it('在职学历教育按档案确定的学时，与自学共用40学时', () => {
    const r = run(sd, 2019, [
      rec('degree_course', { coursesPassed: 2, hours: 30 }, '2019-01-01'),
      rec('self_study', { hours: 30, archived: true }, '2019-02-01'),
    ])
    expect(r.totals.professional).toBe(40)
  })
  it('在职学历教育未注明学时 → 0', () => {
    expect(hours(sd, rec('degree_course', { coursesPassed: 2 }, '2019-01-01'))).toEqual([0, 0])
  })
})

describe('shandong-2016 （六）3 成果、论文著作 每项10学时，每年累计不超过30学时', () => {
  it.each(['achievement_award', 'patent', 'paper', 'book'] as const)('%s → 10', (kind) => {
    const fields =
      kind === 'patent'
        ? { type: 'invention' }
        : kind === 'paper' || kind === 'book'
          ? { authorship: 'other' }
          : {}
    expect(credit(sd, rec(kind, fields, '2020-01-01'))).toMatchObject({ professional: 10, basis: RESULTS })
  })
  it('论文4篇 → 10、10、10、0', () => {
    const r = run(
      sd,
      2020,
      [1, 2, 3, 4].map((m) => rec('paper', { authorship: 'sole' }, `2020-0${m}-01`)),
    )
    expect(r.records.map((c) => c.professional)).toEqual([10, 10, 10, 0])
  })
})

describe('shandong-2016 （十九） 导师制', () => {
  it('备案的导师制学习按登记学时', () => {
    expect(credit(sd, rec('mentorship', { role: 'mentee', hours: 24 }, '2020-01-01'))).toMatchObject({
      professional: 24,
      basis: MENTORSHIP,
    })
  })
  it('一年的导师制最多按专业科目60学时（（五）、裁定3）', () => {
    const r = run(sd, 2020, [
      rec('mentorship', { role: 'mentee', hours: 50 }, '2020-03-01'),
      rec('mentorship', { role: 'mentee', hours: 500 }, '2020-09-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([50, 10])
  })
})

describe('shandong-2016 未列入的方式', () => {
  it.each([
    ['lecturing', { type: 'course', hours: 2 }],
    ['qualification_exam', { subjectsPassed: 1, certificate: true }],
    ['aid_assignment', { months: 6 }],
  ] as const)('%s → 0', (kind, fields) => {
    expect(credit(sd, rec(kind, fields, '2020-01-01'))).toMatchObject({ public: 0, professional: 0 })
  })
})

describe('shandong-2016 施行期 2016-04-01 至 2021-03-31', () => {
  it.each([2016, 2021])('%i 适用', (year) => expect(run(sd, year, []).policy).toBe('shandong-2016'))
  it.each([2015, 2022])('%i 不适用', (year) => expect(() => run(sd, year, [])).toThrow('not in force'))
})
