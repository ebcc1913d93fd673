/** China Standard Time is UTC+8 all year (no daylight saving). */
const CST_OFFSET_MS = 8 * 3_600_000

/** Today's date in China, YYYY-MM-DD: the day a clerk in the registry sees on the wall. */
export const chinaToday = (now: Date = new Date()): string =>
  new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10)

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const day = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text
}
