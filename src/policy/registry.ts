import { changzhou2024 } from './changzhou-2024.js'
import { cnEngineering2026 } from './cn-engineering-2026.js'
import { InputError, UnknownPolicyError } from './errors.js'
import { jiangsu2023 } from './jiangsu-2023.js'
import { jiangxi2023 } from './jiangxi-2023.js'
import { inForce, type Policy, type PolicyInfo } from './policy.js'
import { qingdao2023 } from './qingdao-2023.js'
import { shandong2016 } from './shandong-2016.js'

export const POLICIES: readonly Policy[] = [
  cnEngineering2026,
  shandong2016,
  jiangxi2023,
  jiangsu2023,
  changzhou2024,
  qingdao2023,
]

/** The `xueshi policies` listing (contract §1). */
export function listPolicies(): PolicyInfo[] {
  return POLICIES.map(
    ({ id, title, documentNo, jurisdiction, effectiveFrom, effectiveTo, extends: ext }) => ({
      id,
      title,
      documentNo,
      jurisdiction,
      effectiveFrom,
      effectiveTo,
      extends: ext,
    }),
  )
}

export function findPolicy(id: string): Policy | undefined {
  return POLICIES.find((p) => p.id === id)
}

export function getPolicy(id: string): Policy {
  const policy = findPolicy(id)
  if (!policy) throw new UnknownPolicyError(id)
  return policy
}

const REGION = /^\d{6}$/

/** A GB/T 2260 code and the city and province that contain it, most specific first: 320412 → 320412, 320400, 320000. */
export const jurisdictionChain = (region: string): string[] => [
  region,
  `${region.slice(0, 4)}00`,
  `${region.slice(0, 2)}0000`,
]

/**
 * The policy for a person of a 职称 series in a GB/T 2260 region and year (contract §1): the national
 * engineering policy for `engineering` while it is in force, else the most specific jurisdiction
 * (county, city, province) with a policy in force that year.
 */
export function resolvePolicy(region: string, series: string, year: number): Policy {
  if (!REGION.test(region)) throw new InputError(`region must be a 6-digit GB/T 2260 code, got "${region}"`)
  if (series.trim() === '') throw new InputError('series must not be empty')
  const inYear = POLICIES.filter((p) => inForce(p, year))
  const national = inYear.find((p) => p.series?.includes(series))
  if (national) return national
  for (const code of jurisdictionChain(region)) {
    const found = inYear.find((p) => p.jurisdiction === code && p.series === undefined)
    if (found) return found
  }
  throw new InputError(`no policy in force for region ${region}, series ${series} in ${year}`)
}
