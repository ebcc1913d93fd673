import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { OrganisationKind, TreeRegion } from '../domain/organisation-tree.js'
import { regions } from '../domain/region-data.js'
import { buildRegionLookup, type RegionFound } from '../domain/region-lookup.js'
import type { Principal } from './accounts.js'
import { NotFoundError } from './errors.js'
import { hrRegionOf, ORGANISATION_COLUMNS, organisationOf } from './registrations.js'

/** GB/T 2260 regions to browse and search, for the region picker: the browser never loads the table. */
export const regionLookup = buildRegionLookup(regions)

/** The divisions directly below `parent` (the provinces without one); throws NotFoundError for an unknown parent. */
export function regionChildren(parent?: string) {
  const children = regionLookup.children(parent)
  if (!children) throw new NotFoundError('region', parent as string)
  return children
}

/** A region with its path from the province; throws NotFoundError for an unknown code. */
export function getRegion(code: string): RegionFound {
  const found = regionLookup.find(code)
  if (!found) throw new NotFoundError('region', code)
  return found
}

/** The region an HR department oversees (null for the national one), for its forms' pickers. */
export async function regionInScope(db: Kysely<DB>, p: Principal): Promise<RegionFound | null> {
  const own = await hrRegionOf(db, p)
  return own.level === 'national' ? null : (regionLookup.find(own.regionCode) ?? null)
}

/** At most this many organisations in one tree; the counts always cover all of them. */
export const TREE_LIMIT = 5000

/**
 * The organisation tree of the caller's region (a city's HR department: its city and the counties below):
 * the regions holding approved organisations with those above them up to the caller's own, the counts by
 * region and kind, and the organisations themselves (at most TREE_LIMIT, by region, kind and name).
 */
export async function organisationTree(db: Kysely<DB>, p: Principal) {
  const own = await hrRegionOf(db, p)
  const root = own.level === 'national' ? null : own.regionCode
  const inScope = db
    .selectFrom('organisation')
    .where('status', '=', 'approved')
    .where('region_code', 'like', `${own.prefix}%`)
  const [countRows, rows] = await Promise.all([
    inScope
      .select((eb) => ['region_code', 'kind', eb.fn.countAll<string>().as('n')])
      .groupBy(['region_code', 'kind'])
      .execute(),
    inScope
      .select(ORGANISATION_COLUMNS)
      .orderBy('region_code')
      .orderBy('kind')
      .orderBy('name')
      .orderBy('id')
      .limit(TREE_LIMIT)
      .execute(),
  ])
  const counts = countRows.map((c) => ({
    regionCode: c.region_code,
    kind: c.kind as OrganisationKind,
    count: Number(c.n),
  }))
  // Each region holding organisations, and those above it up to the caller's own region.
  const codes = new Set<string>(root ? [root] : [])
  for (const c of counts)
    for (const code of regions.chain(c.regionCode)) {
      codes.add(code)
      if (code === root) break
    }
  const treeRegions: TreeRegion[] = [...codes].sort().map((code) => ({
    code,
    name: regions.name(code) as string,
    level: regions.level(code),
    parentCode: code === root ? null : (regions.parent(code) ?? null),
  }))
  const total = counts.reduce((sum, c) => sum + c.count, 0)
  return {
    root: root === null ? null : (regionLookup.find(root) ?? null),
    regions: treeRegions,
    counts,
    organisations: rows.map(organisationOf),
    total,
    truncated: total > rows.length,
  }
}
