/** Domain errors the shells map: NotFound → 404 / exit 2, Invalid → 400 / exit 2, Conflict → 409 / exit 2. */
export class NotFoundError extends Error {
  override name = 'NotFoundError'
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} ${key} not found`)
  }
}

/** A field of some input that is missing or wrong; the message names the field. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError'
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`)
  }
}

/** An uploaded file past one of its limits (file-limits.ts): too many rows, too large, a zip bomb (413). */
export class TooLargeError extends InvalidInputError {
  override name = 'TooLargeError'
  constructor(problem: string) {
    super('file', problem)
  }
}

/** The deployment is missing a setting it needs (a key, a secret). */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError'
}

/** The request contradicts the current state (reviewing twice, reversing twice). */
export class ConflictError extends Error {
  override name = 'ConflictError'
}

/** No valid session or token, or wrong credentials (401). */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError'
}

/** Signed in, but not allowed to do this or see that (403). */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError'
}

/** The account is locked after too many failed logins (423). */
export class LockedError extends Error {
  override name = 'LockedError'
}

/** A bulk upload with bad rows: every problem, by row and column; nothing was written. */
export class InvalidRowsError extends Error {
  override name = 'InvalidRowsError'
  constructor(
    readonly rows: { row: number; column: string; reason: string }[],
    /** All problems found; `rows` may list only the first of them. */
    readonly total = rows.length,
  ) {
    super(
      `${total} 处错误，整份未导入：${rows
        .slice(0, 3)
        .map((r) => `第${r.row}行「${r.column}」${r.reason}`)
        .join('；')}${rows.length > 3 ? '…' : ''}`,
    )
  }
}
