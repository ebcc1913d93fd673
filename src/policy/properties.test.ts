import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { recordBody, records, withIds } from '../../test/arbitraries.js'
import { evaluate, evaluateWindow } from './evaluate.js'
import { qingdao2023 } from './qingdao-2023.js'
import { POLICIES } from './registry.js'
import type { Evaluation, Kind } from './types.js'

/** A year in which each policy is in force. */
const YEAR: Record<string, number> = {
  'cn-engineering-2026': 2026,
  'shandong-2016': 2018,
  'jiangxi-2023': 2024,
  'jiangsu-2023': 2024,
  'changzhou-2024': 2024,
  'qingdao-2023': 2024,
}

const sum = (r: Evaluation, kinds: Kind[], field: 'public' | 'professional' | 'both' = 'both') =>
  r.records
    .filter((c) => kinds.includes(c.kind))
    .reduce(
      (s, c) =>
        s +
        (field === 'public'
          ? c.public
          : field === 'professional'
            ? c.professional
            : c.public + c.professional),
      0,
    )

const EPS = 1e-9

/** Per-year caps, checked on the output by kind (conference papers share some caps; they are left out here). */
const CAP_CHECKS: Record<string, (r: Evaluation) => void> = {
  'cn-engineering-2026': (r) => {
    const converted: Kind[] = [
      'research_project',
      'patent',
      'paper',
      'book',
      'standard',
      'lecturing',
      'exam_item_writing',
      'competition',
      'other',
    ]
    const countedProfessional = sum(r, ['training', 'online_course', 'grassroots_service'], 'professional')
    // 第十八条 计满60学时的不再折算
    expect(sum(r, converted)).toBeLessThanOrEqual(Math.max(0, 60 - countedProfessional) + EPS)
  },
  'shandong-2016': (r) => {
    expect(sum(r, ['self_study', 'degree_course', 'degree_completed'])).toBeLessThanOrEqual(40 + EPS)
    expect(sum(r, ['achievement_award', 'patent', 'paper', 'book'])).toBeLessThanOrEqual(30 + EPS)
  },
  'jiangxi-2023': () => {},
  'jiangsu-2023': (r) => {
    expect(sum(r, ['self_study'])).toBeLessThanOrEqual(30 + EPS)
    for (const c of r.records) {
      if (c.kind === 'grassroots_service') expect(c.professional).toBeLessThanOrEqual(20)
      if (c.kind === 'overseas_training') expect(c.professional).toBeLessThanOrEqual(90)
    }
  },
  'changzhou-2024': (r) => {
    expect(sum(r, ['self_study'])).toBeLessThanOrEqual(30 + EPS)
    expect(r.totals.public).toBe(sum(r, ['public_course_exam'], 'public'))
  },
  'qingdao-2023': (r) => {
    expect(sum(r, ['public_course_exam', 'training', 'online_course'], 'public')).toBeLessThanOrEqual(
      30 + EPS,
    )
    expect(sum(r, ['degree_course', 'degree_completed'])).toBeLessThanOrEqual(40 + EPS)
    expect(
      sum(r, ['achievement_award', 'patent', 'research_project', 'standard', 'paper', 'book']),
    ).toBeLessThanOrEqual(30 + EPS)
    expect(sum(r, ['leave', 'aid_assignment'], 'public')).toBeLessThanOrEqual(30 + EPS)
    expect(sum(r, ['leave', 'aid_assignment'], 'professional')).toBeLessThanOrEqual(60 + EPS)
  },
}

const figures = ['public', 'professional', 'total'] as const

describe.each(POLICIES.map((p) => [p.id, p] as const))('%s properties', (id, policy) => {
  const year = YEAR[id] as number

  it('credited hours are finite numbers, never negative, and totals add up', () => {
    fc.assert(
      fc.property(records(year), (rs) => {
        const r = evaluate(policy, year, rs)
        // issue #10: a record at the vocabulary's bounds never credits Infinity, NaN or (in JSON) null.
        for (const f of figures) expect(Number.isFinite(r.totals[f])).toBe(true)
        for (const c of r.records) {
          expect(Number.isFinite(c.public) && Number.isFinite(c.professional)).toBe(true)
          expect(c.public).toBeGreaterThanOrEqual(0)
          expect(c.professional).toBeGreaterThanOrEqual(0)
          expect(c.basis).not.toBe('')
        }
        expect(r.totals.total).toBeCloseTo(r.totals.public + r.totals.professional, 6)
        expect(r.compliant).toBe(r.yearComplete || figures.every((f) => r.totals[f] >= r.required[f]))
      }),
    )
  })

  it('no per-year cap is ever exceeded', () => {
    fc.assert(fc.property(records(year, 20), (rs) => CAP_CHECKS[id]?.(evaluate(policy, year, rs))))
  })

  it('adding a record never lowers any total', () => {
    fc.assert(
      fc.property(fc.array(recordBody(year), { maxLength: 12 }), recordBody(year), (bodies, extra) => {
        const before = evaluate(policy, year, withIds(bodies)).totals
        const after = evaluate(policy, year, withIds([...bodies, extra])).totals
        for (const f of figures) expect(after[f]).toBeGreaterThanOrEqual(before[f] - EPS)
      }),
    )
  })

  it('the order of the records does not change the totals', () => {
    fc.assert(
      fc.property(
        records(year).chain((rs) =>
          fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length })),
        ),
        ([rs, shuffled]) => {
          const a = evaluate(policy, year, rs).totals
          const b = evaluate(policy, year, shuffled).totals
          for (const f of figures) expect(b[f]).toBeCloseTo(a[f], 6)
        },
      ),
    )
  })
})

describe('裁定13 once across years', () => {
  // Three years of records; the drawn dedupKeys name the content, so alike results repeat across years.
  const years = fc
    .tuple(fc.array(recordBody(2021), { maxLength: 8 }), fc.array(recordBody(2022), { maxLength: 8 }))
    .chain(([a, b]) => fc.array(recordBody(2023), { maxLength: 8 }).map((c) => withIds([...a, ...b, ...c])))

  it('a year evaluated alone credits its records as the window ending in it does', () => {
    fc.assert(
      fc.property(years, (rs) => {
        const alone = evaluate(qingdao2023, 2023, rs).records
        const window = evaluateWindow(qingdao2023, 2023, 3, rs).records
        expect(alone).toEqual(window.filter((c) => alone.some((a) => a.id === c.id)))
      }),
    )
  })
})
