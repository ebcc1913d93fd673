import { parseWhole } from '../domain/decimal.js'

/** A usage mistake on the command line: printed on one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** The whole number of option `--name` within min–max, or undefined when absent; else a UsageError. */
export function wholeIn(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined
  const n = parseWhole(raw)
  if (n === undefined || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number ${min}–${max}, got "${raw}"`)
  return n
}
