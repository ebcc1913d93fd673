import { describe, expect, it } from 'vitest'
import { maskName, maskResidentId } from './mask.js'

describe('masking', () => {
  it('keeps the first 3 and last 4 characters of an ID number', () => {
    expect(maskResidentId('320411198506071234')).toBe('320***********1234')
  })
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['𠮷野家', '𠮷**'],
    ['王', '王'],
  ])('masks the name %s as %s, counting code points', (name, masked) => {
    expect(maskName(name)).toBe(masked)
  })
})
