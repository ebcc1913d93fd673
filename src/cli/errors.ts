/** A usage mistake on the command line: printed on one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}
