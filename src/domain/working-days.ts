/**
 * Working days under the State Council's holiday arrangements: weekends and public holidays are days
 * off, except the make-up working days (调休) that fall on weekends. The calendar is data, extended
 * each year by an administrator.
 */
export interface HolidayCalendar {
  /** YYYY-MM-DD days off that would otherwise be working days. */
  holidays: ReadonlySet<string>
  /** YYYY-MM-DD weekend days that are working days (调休上班). */
  workdays: ReadonlySet<string>
}

const iso = (d: Date) => d.toISOString().slice(0, 10)
const dayAfter = (date: string): string => iso(new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000))

export function isWorkingDay(calendar: HolidayCalendar, date: string): boolean {
  if (calendar.workdays.has(date)) return true
  if (calendar.holidays.has(date)) return false
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay()
  return weekday !== 0 && weekday !== 6
}

/** The day `n` working days after `date` (date itself not counted): "within 20 working days after the end". */
export function addWorkingDays(calendar: HolidayCalendar, date: string, n: number): string {
  let day = date
  for (let left = n; left > 0; ) {
    day = dayAfter(day)
    if (isWorkingDay(calendar, day)) left -= 1
  }
  return day
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(calendar: HolidayCalendar, from: string, to: string): number {
  let count = 0
  for (let day = dayAfter(from); day <= to; day = dayAfter(day)) if (isWorkingDay(calendar, day)) count += 1
  return count
}

/**
 * The years from `from` to `to` (YYYY-MM-DD, inclusive) for which the calendar holds no holidays: their
 * working days are plain weekdays, a guess until the year's arrangements are loaded.
 */
export function yearsWithoutCalendar(calendar: HolidayCalendar, from: string, to: string): number[] {
  const covered = new Set(Array.from(calendar.holidays, (day) => Number(day.slice(0, 4))))
  const missing: number[] = []
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year += 1)
    if (!covered.has(year)) missing.push(year)
  return missing
}
