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

/** The code datasets use for the whole country (cn-engineering-2026's jurisdiction). */
export const NATIONAL = '100000'

/** Whether the jurisdiction `outer` contains the region `inner` (itself, a county of a city, a city of a province). */
export const containsRegion = (outer: string, inner: string): boolean =>
  outer === NATIONAL || jurisdictionChain(inner).includes(outer)

/**
 * A deployment's choice about one policy (the latest one made, migration 0019): whether it applies to
 * persons of `regionCode` and below, from `fromYear` on. Before `fromYear` the other way holds — 适用，
 * 自2027年起 leaves 2026 out; 不适用，自2028年起 keeps 2026 and 2027 — always inside the text's own validity.
 */
export interface PolicySetting {
  policyId: string
  /** GB/T 2260 code of the HR department that set it: its jurisdiction. */
  regionCode: string
  applies: boolean
  fromYear: number
}

/** Whether a deployment's settings let a policy govern a region's year (no setting there: the text's own dates decide). */
export function appliesUnder(
  policy: PolicyInfo,
  region: string,
  year: number,
  settings: readonly PolicySetting[],
): boolean {
  // The setting of the most specific HR department whose jurisdiction holds the region.
  let governing: PolicySetting | undefined
  for (const s of settings) {
    if (s.policyId !== policy.id || !containsRegion(s.regionCode, region)) continue
    if (governing === undefined || containsRegion(governing.regionCode, s.regionCode)) governing = s
  }
  if (governing === undefined) return true
  return year >= governing.fromYear ? governing.applies : !governing.applies
}

/**
 * The policy for a person of a 职称 series in a GB/T 2260 region and year (contract §1): the national
 * engineering policy for `engineering` while it is in force, else the most specific jurisdiction
 * (county, city, province) with a policy in force that year.
 */
export function resolvePolicy(region: string, series: string, year: number): Policy {
  return resolvePolicyWith(region, series, year, [])
}

/**
 * resolvePolicy under a deployment's settings: a policy its HR department does not apply that year is
 * passed over, and the resolution goes on to the next one (engineering off → the city's or province's
 * policy). With no settings it is resolvePolicy exactly.
 */
export function resolvePolicyWith(
  region: string,
  series: string,
  year: number,
  settings: readonly PolicySetting[],
): Policy {
  if (!REGION.test(region)) throw new InputError(`region must be a 6-digit GB/T 2260 code, got "${region}"`)
  if (series.trim() === '') throw new InputError('series must not be empty')
  const inYear = POLICIES.filter(
    (p) => inForce(p, year) && (settings.length === 0 || appliesUnder(p, region, year, settings)),
  )
  const national = inYear.find((p) => p.series?.includes(series))
  if (national) return national
  for (const code of jurisdictionChain(region)) {
    const found = inYear.find((p) => p.jurisdiction === code && p.series === undefined)
    if (found) return found
  }
  throw new InputError(`no policy in force for region ${region}, series ${series} in ${year}`)
}
