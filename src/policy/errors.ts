/** Bad input to the engine: the CLI prints the message on one line and exits 2; HTTP answers 400. */
export class InputError extends Error {
  override name = 'InputError'
}

/** A record with a missing or invalid field. Thrown by `parseRecords`. */
export class InvalidRecordError extends InputError {
  override name = 'InvalidRecordError'
  constructor(
    readonly record: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`record ${record}: field "${field}" ${problem}`)
  }
}

/** No policy has this id. */
export class UnknownPolicyError extends InputError {
  override name = 'UnknownPolicyError'
  constructor(readonly policyId: string) {
    super(`unknown policy "${policyId}" (run "xueshi policies" for the list)`)
  }
}

/** The policy exists but is not in force in the year asked for. */
export class PolicyNotInForceError extends InputError {
  override name = 'PolicyNotInForceError'
  constructor(policyId: string, year: number, from: string, to: string | null) {
    super(`policy "${policyId}" is not in force in ${year} (in force ${from} to ${to ?? 'now'})`)
  }
}
