import { describe, expect, it } from 'vitest'
import { formatYuan, parseYuan, percentOf, perMilleUp } from './money.js'

describe('parseYuan', () => {
  it.each([
    ['1234', 123400n],
    ['1234.5', 123450n],
    ['0.01', 1n],
    ['0', 0n],
    ['12345678901234.99', 1234567890123499n],
  ])('%s → %d fen', (text, fen) => {
    expect(parseYuan(text)).toBe(fen)
  })
  it.each(['', '-1', '1.234', '1e3', '0x10', ' 1', '1,000', '.5', 'Infinity'])(
    '"%s" is not an amount',
    (t) => {
      expect(parseYuan(t)).toBeUndefined()
    },
  )
})

describe('exact shares', () => {
  it('formats, takes percentages and rounds a required amount up to the fen', () => {
    expect(formatYuan(123405n)).toBe('1234.05')
    expect(percentOf(300000n, 20000000n)).toBe('1.50')
    expect(percentOf(1n, 3n)).toBe('33.33')
    expect(percentOf(2n, 3n)).toBe('66.67')
    // 0.1 + 0.2 in fen is exactly 0.3.
    expect(formatYuan((parseYuan('0.1') as bigint) + (parseYuan('0.2') as bigint))).toBe('0.30')
    expect(perMilleUp(10001n, 15n)).toBe(151n)
    expect(perMilleUp(20000000n, 15n)).toBe(300000n)
  })
})
