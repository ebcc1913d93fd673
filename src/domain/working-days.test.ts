import { describe, expect, it } from 'vitest'
import { addWorkingDays, isWorkingDay, workingDaysBetween, yearsWithoutCalendar } from './working-days.js'

// 2025 National Day: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 make-up working days.
const calendar = {
  holidays: new Set(['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08']),
  workdays: new Set(['2025-09-28', '2025-10-11']),
}

describe('working days', () => {
  it('weekends are off, holidays are off, make-up days work', () => {
    expect(isWorkingDay(calendar, '2025-09-26')).toBe(true) // Friday
    expect(isWorkingDay(calendar, '2025-09-27')).toBe(false) // Saturday
    expect(isWorkingDay(calendar, '2025-09-28')).toBe(true) // Sunday, 调休
    expect(isWorkingDay(calendar, '2025-10-01')).toBe(false)
    expect(isWorkingDay(calendar, '2025-10-11')).toBe(true) // Saturday, 调休
  })
  it('20 working days after a seminar that ends on 2025-09-26', () => {
    // 09-28, 09-29, 09-30 (3); 10-09, 10-10, 10-11 (6); 10-13..17 (11); 10-20..24 (16); 10-27..30 (20)
    expect(addWorkingDays(calendar, '2025-09-26', 3)).toBe('2025-09-30')
    expect(addWorkingDays(calendar, '2025-09-26', 6)).toBe('2025-10-11')
    expect(addWorkingDays(calendar, '2025-09-26', 20)).toBe('2025-10-30')
  })
  it('counts the working days between two dates', () => {
    expect(workingDaysBetween(calendar, '2025-09-26', '2025-10-30')).toBe(20)
    expect(workingDaysBetween(calendar, '2025-09-26', '2025-09-26')).toBe(0)
  })
  it('names the years of a span that the calendar holds no holidays for', () => {
    expect(yearsWithoutCalendar(calendar, '2025-09-26', '2025-10-30')).toEqual([])
    expect(yearsWithoutCalendar(calendar, '2025-12-20', '2026-01-20')).toEqual([2026])
    expect(yearsWithoutCalendar(calendar, '2024-12-20', '2027-01-20')).toEqual([2024, 2026, 2027])
  })
})
