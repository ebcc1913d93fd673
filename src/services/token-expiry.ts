import { chinaToday } from '../domain/china-date.js'
import { isIsoDate } from '../policy/records.js'
import { InvalidInputError } from './errors.js'

const DAY_MS = 86_400_000

/**
 * The instant a token given "valid through" a date (China time) stops working: the next midnight in China.
 * The date must be a real one after today; undefined means no end (until revoked).
 */
export function tokenExpiry(expiresOn: string | undefined, now: Date = new Date()): Date | null {
  if (expiresOn === undefined) return null
  if (!isIsoDate(expiresOn)) throw new InvalidInputError('expiresOn', '有效期须为 YYYY-MM-DD 格式的日期')
  if (expiresOn <= chinaToday(now)) throw new InvalidInputError('expiresOn', '有效期须晚于今天')
  return new Date(new Date(`${expiresOn}T00:00:00+08:00`).getTime() + DAY_MS)
}

/** The last day (China time) a token with this end works: the inverse of tokenExpiry. */
export const lastValidDay = (expiresAt: Date): string => chinaToday(new Date(expiresAt.getTime() - DAY_MS))
