export { InputError, InvalidRecordError, PolicyNotInForceError, UnknownPolicyError } from './errors.js'
export { evaluate, evaluateWindow } from './evaluate.js'
export type { Cap, Part, Policy, PolicyInfo, Rule, Rules } from './policy.js'
export { inForce } from './policy.js'
export { isIsoDate, KINDS, parseRecord, parseRecords, yearOf } from './records.js'
export {
  findPolicy,
  getPolicy,
  listPolicies,
  POLICIES,
  type PolicySetting,
  resolvePolicy,
  resolvePolicyWith,
} from './registry.js'
export type * from './types.js'
