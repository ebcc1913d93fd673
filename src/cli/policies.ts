import { listPolicies } from '../policy/index.js'

/** `xueshi policies`: the JSON list of policies (contract §1). */
export function runPolicies(): string {
  return `${JSON.stringify(listPolicies(), null, 2)}\n`
}
