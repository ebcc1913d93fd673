import { describe, expect, it } from 'vitest'
import { chinaToday, isCalendarDate } from './china-date.js'

describe('chinaToday', () => {
  it('is already the next day in Beijing at 16:00 UTC', () => {
    expect(chinaToday(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02')
  })
  it('is still the same day at 15:59 UTC', () => {
    expect(chinaToday(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01')
  })
})

describe('isCalendarDate', () => {
  it('takes real days, leap days included', () => {
    expect(['2026-02-28', '2028-02-29', '2026-12-31'].map(isCalendarDate)).toEqual([true, true, true])
  })
  it('refuses days that roll over, months past 12 and other shapes', () => {
    expect(
      ['2026-02-29', '2026-02-30', '2026-13-01', '2026-1-01', '20260101', ''].map(isCalendarDate),
    ).toEqual([false, false, false, false, false, false])
  })
})
