/**
 * A domain function was called with an argument it cannot work with: a programming or data error, not a
 * user's typo (user input goes through `parseResidentId` / `parseUscc`, which return reasons instead).
 * Thrown by the check-character functions, the generators, `parseResidentId` (a malformed `today`) and
 * the region index (a malformed code or row). The message never repeats an ID number.
 */
export class InvalidArgumentError extends Error {
  override name = 'InvalidArgumentError'
  constructor(
    readonly argument: string,
    readonly problem: string,
  ) {
    super(`${argument}: ${problem}`)
  }
}
