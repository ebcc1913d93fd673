/** China Standard Time is UTC+8 all year (no daylight saving). */
const CST_OFFSET_MS = 8 * 3_600_000

/** Today's date in China, YYYY-MM-DD: the day a clerk in the registry sees on the wall. */
export const chinaToday = (now: Date = new Date()): string =>
  new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10)
