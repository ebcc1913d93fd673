import { describe, expect, it } from 'vitest'
import { maskName, maskResidentId } from './mask.js'

describe('maskResidentId', () => {
  it.each([
    ['320411198506071234', '320***********1234'],
    ['11010519491231002X', '110***********002X'],
    ['320411850607123', '320********7123'], // a 15-digit first-generation number
    ['12345678', '123*5678'],
  ])('%s → %s', (id, masked) => {
    expect(maskResidentId(id)).toBe(masked)
  })

  it.each([
    ['1234567', '*******'],
    ['123', '***'],
    ['', ''],
  ])('a value of 7 characters or fewer is starred whole: %j → %j', (id, masked) => {
    expect(maskResidentId(id)).toBe(masked)
  })
})

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['诸葛孔明', '诸***'],
    ['阿卜杜拉·买买提', '阿*******'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked)
  })

  it('𠮷野家 → 𠮷** (𠮷 is one code point, two UTF-16 units)', () => {
    expect('𠮷野家').toHaveLength(4)
    expect(maskName('𠮷野家')).toBe('𠮷**')
  })

  it('a non-BMP character after the first earns one *: 王𠮷 → 王*', () => {
    expect(maskName('王𠮷')).toBe('王*')
  })

  it.each([
    ['王', '王'],
    ['𠮷', '𠮷'],
    ['', ''],
  ])('a name of one character or none is left as it is: %j', (name, masked) => {
    expect(maskName(name)).toBe(masked)
  })
})
