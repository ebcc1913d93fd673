import { describe, expect, it } from 'vitest'
import { getPolicy, listPolicies, resolvePolicy } from './registry.js'

describe('listPolicies', () => {
  it('lists the six policies with the contract fields', () => {
    const list = listPolicies()
    expect(list.map((p) => p.id)).toEqual([
      'cn-engineering-2026',
      'shandong-2016',
      'jiangxi-2023',
      'jiangsu-2023',
      'changzhou-2024',
      'qingdao-2023',
    ])
    for (const p of list) {
      expect(Object.keys(p)).toEqual([
        'id',
        'title',
        'documentNo',
        'jurisdiction',
        'effectiveFrom',
        'effectiveTo',
        'extends',
      ])
    }
    expect(list.find((p) => p.id === 'shandong-2016')).toMatchObject({
      documentNo: '鲁人社发〔2016〕10号',
      jurisdiction: '370000',
      effectiveFrom: '2016-04-01',
      effectiveTo: '2021-03-31',
      extends: null,
    })
    expect(list.find((p) => p.id === 'changzhou-2024')?.extends).toBe('jiangsu-2023')
  })
})

describe('getPolicy', () => {
  it('refuses an unknown id', () => {
    expect(() => getPolicy('beijing-2020')).toThrow('unknown policy "beijing-2020"')
  })
})

describe('resolvePolicy (contract §1: city before province; national engineering while in force)', () => {
  it.each([
    ['320411', 'health', 2024, 'changzhou-2024'],
    ['320400', 'education', 2025, 'changzhou-2024'],
    ['320411', 'health', 2023, 'jiangsu-2023'],
    ['320102', 'health', 2024, 'jiangsu-2023'],
    ['320411', 'engineering', 2026, 'cn-engineering-2026'],
    ['320411', 'engineering', 2025, 'changzhou-2024'],
    ['370211', 'accounting', 2024, 'qingdao-2023'],
    ['370211', 'accounting', 2020, 'shandong-2016'],
    ['370102', 'health', 2016, 'shandong-2016'],
    ['360102', 'health', 2024, 'jiangxi-2023'],
    ['360000', 'engineering', 2027, 'cn-engineering-2026'],
    ['110101', 'engineering', 2026, 'cn-engineering-2026'],
  ])('%s %s %i → %s', (region, series, year, id) => {
    expect(resolvePolicy(region, series, year).id).toBe(id)
  })

  it.each([
    ['370211', 'health', 2022],
    ['370102', 'health', 2023],
    ['110101', 'health', 2026],
    ['320411', 'health', 2022],
    ['360102', 'health', 2022],
  ])('%s %s %i → no policy', (region, series, year) => {
    expect(() => resolvePolicy(region, series, year)).toThrow('no policy in force')
  })

  it('refuses a region that is not a 6-digit code', () => {
    expect(() => resolvePolicy('3204', 'health', 2024)).toThrow('6-digit')
  })
})
