import { describe, expect, it } from 'vitest'
import { parseDecimal, parseWhole } from './decimal.js'

describe('parseDecimal', () => {
  it.each([
    ['8', 8],
    ['7.5', 7.5],
    ['0.25', 0.25],
    ['016', 16],
  ])('%s → %d', (text, n) => {
    expect(parseDecimal(text)).toBe(n)
  })

  it.each([
    '0x10',
    '1e3',
    'Infinity',
    '0b1',
    '0o7',
    '',
    ' ',
    ' 8',
    '-1',
    '+1',
    '.5',
    '5.',
    '1.234',
    '1,5',
    '８',
  ])('"%s" is not a plain decimal', (text) => {
    expect(parseDecimal(text)).toBeUndefined()
  })
})

describe('parseWhole', () => {
  it('reads decimal digits', () => {
    expect(parseWhole('3000')).toBe(3000)
  })

  it.each(['0x10', '1e3', '1.0', '', ' ', 'Infinity', '0b1', '0o7', '1234567890'])('"%s" is not', (text) => {
    expect(parseWhole(text)).toBeUndefined()
  })
})
