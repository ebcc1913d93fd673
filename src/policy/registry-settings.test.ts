import { describe, expect, it } from 'vitest'
import { appliesUnder, getPolicy, type PolicySetting, resolvePolicy, resolvePolicyWith } from './registry.js'

const changzhou = (policyId: string, applies: boolean, fromYear: number): PolicySetting => ({
  policyId,
  regionCode: '320400',
  applies,
  fromYear,
})

describe('resolvePolicyWith: the deployment settings (issue #12, 部署设置 适用政策)', () => {
  it('no settings: exactly resolvePolicy, for every region, series and year of the contract cases', () => {
    for (const region of ['320411', '320400', '320102', '370211', '370102', '360102', '110101'])
      for (const series of ['health', 'engineering', 'accounting'])
        for (let year = 2015; year <= 2030; year++) {
          let expected: string
          try {
            expected = resolvePolicy(region, series, year).id
          } catch (e) {
            expect(() => resolvePolicyWith(region, series, year, [])).toThrow((e as Error).message)
            continue
          }
          expect(resolvePolicyWith(region, series, year, []).id).toBe(expected)
        }
  })

  it('常州 turns the engineering draft off: its engineers fall back to 常人社职〔2024〕1号', () => {
    const off = [changzhou('cn-engineering-2026', false, 2026)]
    expect(resolvePolicyWith('320411', 'engineering', 2026, off).id).toBe('changzhou-2024')
    expect(resolvePolicyWith('320411', 'engineering', 2030, off).id).toBe('changzhou-2024')
  })

  it('engineering and 常州 both off: the province (苏人社函〔2023〕308号) applies', () => {
    const off = [changzhou('cn-engineering-2026', false, 2026), changzhou('changzhou-2024', false, 2024)]
    expect(resolvePolicyWith('320411', 'engineering', 2026, off).id).toBe('jiangsu-2023')
    expect(resolvePolicyWith('320411', 'health', 2024, off).id).toBe('jiangsu-2023')
  })

  it('applies from 2027: 2026 goes to the city, 2027 on to the national draft', () => {
    const from2027 = [changzhou('cn-engineering-2026', true, 2027)]
    expect(resolvePolicyWith('320412', 'engineering', 2026, from2027).id).toBe('changzhou-2024')
    expect(resolvePolicyWith('320412', 'engineering', 2027, from2027).id).toBe('cn-engineering-2026')
  })

  it('no longer applies from 2028: 2026 and 2027 keep the national draft', () => {
    const until2027 = [changzhou('cn-engineering-2026', false, 2028)]
    expect(resolvePolicyWith('320412', 'engineering', 2027, until2027).id).toBe('cn-engineering-2026')
    expect(resolvePolicyWith('320412', 'engineering', 2028, until2027).id).toBe('changzhou-2024')
  })

  it('a setting never reaches outside its jurisdiction: 青岛 engineers keep the national draft', () => {
    const off = [changzhou('cn-engineering-2026', false, 2026)]
    expect(resolvePolicyWith('370211', 'engineering', 2026, off).id).toBe('cn-engineering-2026')
    expect(resolvePolicyWith('320102', 'engineering', 2026, off).id).toBe('cn-engineering-2026')
  })

  it('a setting never makes a text govern outside its own validity', () => {
    const on = [{ policyId: 'shandong-2016', regionCode: '370000', applies: true, fromYear: 2016 }]
    expect(resolvePolicyWith('370211', 'accounting', 2024, on).id).toBe('qingdao-2023')
    expect(() => resolvePolicyWith('370102', 'health', 2024, on)).toThrow('no policy in force')
  })

  it('the most specific HR department decides: 江苏 off, 常州 on', () => {
    const settings = [
      { policyId: 'cn-engineering-2026', regionCode: '320000', applies: false, fromYear: 2026 },
      changzhou('cn-engineering-2026', true, 2026),
    ]
    expect(resolvePolicyWith('320411', 'engineering', 2026, settings).id).toBe('cn-engineering-2026')
    expect(resolvePolicyWith('320102', 'engineering', 2026, settings).id).toBe('jiangsu-2023')
  })

  it('everything off: no policy, the same error as resolvePolicy gives', () => {
    const off = ['cn-engineering-2026', 'changzhou-2024', 'jiangsu-2023'].map((id) =>
      changzhou(id, false, 2023),
    )
    expect(() => resolvePolicyWith('320411', 'health', 2024, off)).toThrow(
      'no policy in force for region 320411, series health in 2024',
    )
  })

  it('appliesUnder: no setting for the region → the text decides (true)', () => {
    expect(appliesUnder(getPolicy('changzhou-2024'), '320411', 2024, [])).toBe(true)
    expect(
      appliesUnder(getPolicy('changzhou-2024'), '320411', 2024, [changzhou('jiangsu-2023', false, 2024)]),
    ).toBe(true)
  })
})
