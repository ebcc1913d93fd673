import { describe, expect, it } from 'vitest'
import { rec, run } from '../../test/fixtures.js'
import { cnEngineering2026 as cn } from './cn-engineering-2026.js'
import { jiangsu2023 as js } from './jiangsu-2023.js'
import { jiangxi2023 as jx } from './jiangxi-2023.js'
import { shandong2016 as sd } from './shandong-2016.js'

describe('evaluate (contract §1 Output)', () => {
  it('lists the records of the evaluated year in input order and leaves out other years', () => {
    const records = [
      rec('online_course', { subject: 'professional', hours: 10 }, '2024-12-31'),
      rec('online_course', { subject: 'professional', hours: 10 }, '2023-12-31'),
      rec('online_course', { subject: 'public', hours: 5 }, '2024-01-01'),
      rec('online_course', { subject: 'professional', hours: 10 }, '2025-01-01'),
    ]
    const r = run(js, 2024, records)
    expect(r.records.map((c) => c.id)).toEqual([records[0]?.id, records[2]?.id])
    expect(r.totals).toEqual({ public: 5, professional: 10, total: 15 })
  })

  it('echoes id and kind, and gives an empty notes list when nothing needs explaining', () => {
    const r = run(js, 2024, [rec('paper', { authorship: 'sole' }, '2024-05-01')])
    expect(r.records[0]).toEqual({
      id: expect.any(String),
      kind: 'paper',
      public: 0,
      professional: 30,
      basis: '苏人社函〔2023〕308号 四（九）',
      notes: [],
    })
  })

  it('keeps fractions exactly and without floating-point noise', () => {
    const r = run(jx, 2024, [
      rec('online_course', { subject: 'professional', hours: 0.1 }),
      rec('online_course', { subject: 'professional', hours: 0.2 }),
    ])
    expect(r.totals.professional).toBe(0.3)
  })

  it('an empty year: nothing credited, whole requirement short', () => {
    expect(run(js, 2024, [])).toMatchObject({
      records: [],
      totals: { public: 0, professional: 0, total: 0 },
      compliant: false,
      shortfall: { total: 90, public: 0, professional: 60 },
    })
  })

  it('the total requirement counts too: professional 60 alone is not 90', () => {
    const r = run(js, 2024, [rec('online_course', { subject: 'professional', hours: 60 })])
    expect(r).toMatchObject({ compliant: false, shortfall: { total: 30, public: 0, professional: 0 } })
  })
})

describe('裁定1 caps fill in the order of date, then input order', () => {
  it('same date: input order decides', () => {
    const a = rec('self_study', { hours: 25, archived: true }, '2019-03-01')
    const b = rec('self_study', { hours: 25, archived: true }, '2019-03-01')
    expect(run(sd, 2019, [a, b]).records.map((c) => c.professional)).toEqual([25, 15])
    expect(run(sd, 2019, [b, a]).records.map((c) => c.professional)).toEqual([25, 15])
  })
  it('a later date fills later whatever its input position', () => {
    const late = rec('self_study', { hours: 25, archived: true }, '2019-11-01')
    const early = rec('self_study', { hours: 25, archived: true }, '2019-02-01')
    const r = run(sd, 2019, [late, early])
    expect(r.records.map((c) => [c.id, c.professional])).toEqual([
      [late.id, 15],
      [early.id, 25],
    ])
  })
})

describe('裁定8 make-up outside cn-engineering-2026', () => {
  it('counts in its own year, with a note', () => {
    const records = [
      rec('leave', { reason: 'illness', months: 8, employerApproved: true }, '2024-05-01'),
      rec('online_course', { subject: 'professional', hours: 20, makeUpFor: 2024 }, '2025-02-01'),
    ]
    const r = run(js, 2025, records)
    expect(r.totals.professional).toBe(20)
    expect(r.records[0]?.notes.join()).toContain('没有补学')
  })
})

describe('裁定9 same result once', () => {
  it('dedupKey works for any kind and the later record gets 0 with a note', () => {
    const r = run(js, 2024, [
      rec('book', { authorship: 'sole', dedupKey: 'isbn-1' }, '2024-01-01'),
      rec('book', { authorship: 'first', dedupKey: 'isbn-1' }, '2024-06-01'),
      rec('book', { authorship: 'first', dedupKey: 'isbn-2' }, '2024-06-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([70, 0, 60])
    expect(r.records[1]?.notes).toHaveLength(1)
  })
  it('a duplicate does not use up a cap', () => {
    const r = run(sd, 2019, [
      rec('paper', { authorship: 'sole', dedupKey: 'p' }, '2019-01-01'),
      rec('paper', { authorship: 'sole', dedupKey: 'p' }, '2019-02-01'),
      rec('paper', { authorship: 'sole' }, '2019-03-01'),
      rec('paper', { authorship: 'sole' }, '2019-04-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([10, 0, 10, 10])
  })
})

describe('裁定13 once across years', () => {
  const paper = (date: string, fields: Record<string, unknown> = {}) =>
    rec('paper', { authorship: 'sole', dedupKey: 'doi:10.1/x', ...fields }, date)

  it('a later year evaluated alone does not credit a result an earlier record earned hours with', () => {
    const earlier = paper('2023-10-01')
    const later = paper('2024-03-01')
    const r = run(js, 2024, [later, earlier])
    expect(r.records.map((c) => c.id)).toEqual([later.id])
    expect(r.records[0]).toMatchObject({ professional: 0, basis: '苏人社函〔2023〕308号 四（九）' })
    expect(r.records[0]?.notes).toEqual(['同一成果或活动已在2023年度计算学时，只计算一次（裁定13）'])
    expect(r.totals.total).toBe(0)
  })
  it('the earlier year itself keeps its credit', () => {
    expect(run(js, 2023, [paper('2023-10-01'), paper('2024-03-01')]).totals.professional).toBe(30)
  })
  it('an earlier record that earned nothing does not use the key up', () => {
    const r = run(js, 2024, [paper('2023-10-01', { cnJournal: false }), paper('2024-03-01')])
    expect(r.totals.professional).toBe(30)
  })
  it('an earlier year outside the policy is credited under it for this purpose', () => {
    // 2022 precedes 苏人社函〔2023〕308号, but the paper still earned its 30 hours once (as in a window).
    expect(run(js, 2024, [paper('2022-06-01'), paper('2024-03-01')]).totals.professional).toBe(0)
  })
  it('a competition: activityId decides across years too, whatever the dedupKey', () => {
    const contest = (date: string, dedupKey: string) =>
      rec('competition', { level: 'provincial_or_above', prize: 'second', activityId: 'A', dedupKey }, date)
    const r = run(cn, 2027, [contest('2026-11-01', 'x'), contest('2027-02-01', 'y')])
    expect(r.records).toMatchObject([{ professional: 0 }])
    expect(r.records[0]?.notes.join()).toContain('2026年度')
  })
  it('records without a shared key cost nothing: other years are left alone', () => {
    const r = run(js, 2024, [paper('2023-10-01', { dedupKey: 'a' }), paper('2024-03-01', { dedupKey: 'b' })])
    expect(r.totals.professional).toBe(30)
  })
})

describe('approvedMax (a reviewer approved less, with a reason)', () => {
  it('cuts the record to the approved total before the caps, with a note', () => {
    const r = run(js, 2024, [rec('online_course', { subject: 'professional', hours: 40, approvedMax: 25 })])
    expect(r.records[0]).toMatchObject({ professional: 25 })
    expect(r.records[0]?.notes.join()).toContain('审核认定为25学时')
  })
  it('裁定16: cut before the annual cap, so the cap fills with what was approved — 自学25审核认定10 + 自学25 → 10、20', () => {
    const r = run(js, 2024, [
      rec('self_study', { hours: 25, archived: true, approvedMax: 10 }, '2024-02-01'),
      rec('self_study', { hours: 25, archived: true }, '2024-03-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([10, 20])
  })
  it('裁定16: a record approved at 0 does not use its dedupKey up', () => {
    const r = run(js, 2024, [
      rec('paper', { authorship: 'sole', dedupKey: 'p', approvedMax: 0 }, '2024-02-01'),
      rec('paper', { authorship: 'sole', dedupKey: 'p' }, '2024-03-01'),
    ])
    expect(r.records.map((c) => c.professional)).toEqual([0, 30])
  })
  it('an approvedMax above the credit changes nothing', () => {
    const r = run(js, 2024, [rec('online_course', { subject: 'professional', hours: 10, approvedMax: 25 })])
    expect(r.records[0]).toMatchObject({ professional: 10, notes: [] })
  })
})
