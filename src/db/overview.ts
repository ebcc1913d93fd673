import type { Kysely } from 'kysely'
import type { DB } from './schema.js'
import { summaryFigures } from './statistics.js'

export interface OverviewFilter {
  year: number
  /** Persons of this region and below (undefined: the whole country). */
  regionCode?: string
  /** Persons of this industry only (an industry authority's scope). */
  industry?: string
}

export type OverviewDimension = 'region' | 'series' | 'industry'

export interface OverviewCount {
  key: string
  total: number
  compliant: number
}

/**
 * Persons of the filter and how many comply in the year, grouped by the division below the region, by 职称
 * series or by industry, from the summaries. No person_year row means no hours: not compliant (as the
 * compliance list counts).
 */
export async function overviewCounts(
  db: Kysely<DB>,
  f: OverviewFilter,
  by: OverviewDimension,
): Promise<OverviewCount[]> {
  const lines = await summaryFigures(db, f.year, { regionCode: f.regionCode, industry: f.industry }, by)
  return lines.map((l) => ({ key: l.key, total: l.persons, compliant: l.compliant }))
}
