import { describe, expect, it } from 'vitest'
import { regions } from './region-data.js'
import { buildRegionIndex } from './regions.js'

describe('GB/T 2260 regions', () => {
  it('names a county with its city and province', () => {
    expect(regions.fullName('320411')).toBe('江苏省常州市新北区')
    expect(regions.chain('370211')).toEqual(['370211', '370200', '370000'])
    expect(regions.name('360100')).toBe('南昌市')
  })
  it('a district of a municipality falls under the province-level code', () => {
    expect(regions.chain('110101')).toEqual(['110101', '110000'])
  })
  it('levels and unknown codes', () => {
    expect([regions.level('320000'), regions.level('320400'), regions.level('320411')]).toEqual([
      'province',
      'city',
      'county',
    ])
    expect(regions.has('999999')).toBe(false)
    expect(regions.fullName('999999')).toBeUndefined()
  })
  it('builds from any rows', () => {
    const index = buildRegionIndex([
      { code: '320000', name: '江苏省' },
      { code: '320421', name: '武进县' },
    ])
    expect(index.chain('320421')).toEqual(['320421', '320000'])
  })
})
