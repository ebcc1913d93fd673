import { type Kysely, sql } from 'kysely'
import type { DB } from '../db/schema.js'
import { InvalidInputError, LockedError } from './errors.js'
import { verifyPassword } from './passwords.js'

export const LOCKOUT_MS = 15 * 60 * 1000
export const MAX_FAILED_LOGINS = 5

export interface PasswordCheck {
  /** Checks since the last success, this one included. */
  failed: number
  /** This check was the last one allowed: the account is locked until one succeeds or the lock ends. */
  locked: boolean
}

/**
 * Counts a password check before it is made, in one statement, so parallel guesses cannot outrun the
 * lock: the fifth check in a row locks the account at once and a locked account gets no check.
 * Undefined when the account is locked.
 */
export async function claimPasswordCheck(
  db: Kysely<DB>,
  userId: string,
  now = new Date(),
): Promise<PasswordCheck | undefined> {
  // An ended lock starts the count again.
  const failed = sql<number>`CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END`
  const lockedUntil = new Date(now.getTime() + LOCKOUT_MS)
  const row = await db
    .updateTable('app_user')
    .set({
      failed_logins: failed,
      locked_until: sql<Date>`CASE WHEN ${failed} >= ${MAX_FAILED_LOGINS} THEN ${lockedUntil}::timestamptz END`,
    })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirst()
  return row && { failed: row.failed_logins, locked: row.locked_until !== null }
}

/** A right password clears the count (and a lock its own check set). */
export async function clearFailedLogins(db: Kysely<DB>, userId: string): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', userId)
    .execute()
}

/**
 * The password once more before a change to the account (a second factor, the password itself),
 * counted against the lockout like a login so a stolen session cannot guess it.
 * Throws LockedError while locked, InvalidInputError naming `field` when wrong.
 */
export async function confirmPassword(
  db: Kysely<DB>,
  userId: string,
  password: string,
  field: string,
  now = new Date(),
): Promise<void> {
  const user = await db
    .selectFrom('app_user')
    .select('password_hash')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow()
  const check = await claimPasswordCheck(db, userId, now)
  if (!check) throw new LockedError(`密码错误次数过多，账户已锁定${LOCKOUT_MS / 60_000}分钟`)
  if (!(await verifyPassword(password, user.password_hash))) throw new InvalidInputError(field, '密码不正确')
  await clearFailedLogins(db, userId)
}
