import { describe, expect, it } from 'vitest'
import { chinaToday } from './china-date.js'

describe('chinaToday', () => {
  it('is already the next day in Beijing at 16:00 UTC', () => {
    expect(chinaToday(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02')
  })
  it('is still the same day at 15:59 UTC', () => {
    expect(chinaToday(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01')
  })
})
