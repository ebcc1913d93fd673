import type { Kysely } from 'kysely'
import { openRollYear } from '../db/compliance-roll.js'
import type { DB } from '../db/schema.js'
import { chinaToday } from '../domain/china-date.js'

/**
 * Opens the compliance roll of this year (China's date) and of every year that has hours, one year at a
 * time; years already open are skipped at the cost of one query each. Returns the years it opened.
 */
export async function openRollYears(db: Kysely<DB>, now: Date): Promise<number[]> {
  const years = await db.selectFrom('summary_year').select('year').distinct().execute()
  const wanted = [...new Set([Number(chinaToday(now).slice(0, 4)), ...years.map((y) => y.year)])].sort()
  const open = new Set(
    (await db.selectFrom('roll_year').select('year').where('state', '=', 'open').execute()).map(
      (r) => r.year,
    ),
  )
  const opened: number[] = []
  for (const year of wanted) {
    if (open.has(year)) continue
    await openRollYear(db, year)
    opened.push(year)
  }
  return opened
}

/**
 * Keeps the roll's years open from a server: now, then every hour (a new year opens within the hour after
 * it begins; until then its lists count and sort as before). Returns a stop function.
 */
export function scheduleRollYears(db: Kysely<DB>, log: (line: string) => void): () => void {
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      const opened = await openRollYears(db, new Date())
      if (opened.length > 0) log(`compliance roll opened for ${opened.join(', ')}`)
    } catch (e) {
      log(`compliance roll could not be opened: ${(e as Error).message}`)
    } finally {
      running = false
    }
  }
  void tick()
  const timer = setInterval(tick, 60 * 60 * 1000)
  timer.unref()
  return () => clearInterval(timer)
}
