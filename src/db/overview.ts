import { type Kysely, sql } from 'kysely'
import { regionPrefix } from './compliance.js'
import type { DB } from './schema.js'

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

/** The division directly below `region` a person's code falls in (a province below the country, a city below a province). */
function childRegion(region: string | undefined) {
  if (region === undefined) return sql<string>`substr(p.region_code, 1, 2) || '0000'`
  if (region.endsWith('0000')) return sql<string>`substr(p.region_code, 1, 4) || '00'`
  return sql<string>`p.region_code`
}

/**
 * Persons of the filter and how many comply in the year, grouped by the division below the region, by 职称
 * series or by industry. No person_year row means no hours: not compliant (as the compliance list counts).
 */
export async function overviewCounts(
  db: Kysely<DB>,
  f: OverviewFilter,
  by: OverviewDimension,
): Promise<OverviewCount[]> {
  const key =
    by === 'region'
      ? childRegion(f.regionCode)
      : by === 'series'
        ? sql<string>`p.series`
        : sql<string>`coalesce(p.industry, '')`
  const rows = await db
    .selectFrom('person as p')
    .leftJoin('person_year as y', (j) =>
      j.onRef('y.person_key', '=', 'p.person_key').on('y.year', '=', f.year),
    )
    .$if(f.regionCode !== undefined, (q) =>
      q.where('p.region_code', 'like', `${regionPrefix(f.regionCode as string)}%`),
    )
    .$if(f.industry !== undefined, (q) => q.where('p.industry', '=', f.industry as string))
    .select([
      key.as('key'),
      sql<string>`count(*)`.as('n'),
      sql<string>`count(*) filter (where y.compliant IS TRUE)`.as('ok'),
    ])
    .groupBy(key)
    .orderBy(key)
    .execute()
  return rows.map((r) => ({ key: r.key, total: Number(r.n), compliant: Number(r.ok) }))
}
