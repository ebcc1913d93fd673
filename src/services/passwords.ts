import { randomBytes, randomInt } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { InvalidInputError } from './errors.js'

// argon2id (the @node-rs/argon2 default algorithm) with OWASP's second recommended setting: m = 19 MiB, t = 2, p = 1.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 }

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS)

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}

let nobody: Promise<string> | undefined

/**
 * Spends one verification on a hash no password matches, so an unknown or a locked user is answered
 * as slowly as a wrong password.
 */
export async function verifyNobody(password: string): Promise<false> {
  nobody ??= hashPassword(randomBytes(32).toString('base64'))
  await verifyPassword(password, await nobody)
  return false
}

/** How many previous passwords a new one may not repeat, besides the current one. */
export const PASSWORD_HISTORY = 5

/** Refuses a new password that is the current one or one of the previous ones. */
export async function assertNotReused(password: string, hashes: string[]): Promise<void> {
  const matches = await Promise.all(hashes.map((h) => verifyPassword(password, h)))
  if (matches.some(Boolean))
    throw new InvalidInputError('newPassword', `新密码不能与当前密码或前${PASSWORD_HISTORY}次用过的密码相同`)
}

/** 等保 2.0: at least 8 characters of at least 3 classes (lower case, upper case, digits, symbols). */
export function assertPasswordPolicy(password: string, field = 'password'): void {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length
  if (password.length < 8 || classes < 3) {
    throw new InvalidInputError(field, '密码至少8位，且包含大写字母、小写字母、数字、符号中的至少3类')
  }
  if (password.length > 128) throw new InvalidInputError(field, '密码不超过128位')
}

// No 0/O, 1/l/I: a one-time password is read off a screen and typed in by someone else.
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
const LOWER = 'abcdefghijkmnpqrstuvwxyz'
const DIGITS = '23456789'

/**
 * A one-time password an administrator hands over (shown once; changed at first sign-in): three groups
 * of four letters and digits joined by '-', ~71 bits, always meeting the password policy.
 */
export function oneTimePassword(): string {
  const all = UPPER + LOWER + DIGITS
  for (;;) {
    const chars = Array.from({ length: 12 }, () => all[randomInt(all.length)] as string)
    const candidate = [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-')
    const classes = [UPPER, LOWER, DIGITS].filter((set) => [...candidate].some((c) => set.includes(c)))
    if (classes.length >= 2) return candidate
  }
}
