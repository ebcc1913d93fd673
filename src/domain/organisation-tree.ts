/** The organisation tree of a region: regions (province → city → county) with the organisations of each and counts. */
import type { RegionLevel } from './regions.js'

export type OrganisationKind = 'hr_department' | 'authority' | 'institution' | 'employer' | 'agency'
export const ORGANISATION_KINDS: readonly OrganisationKind[] = [
  'hr_department',
  'authority',
  'institution',
  'employer',
  'agency',
]

export interface TreeRegion {
  code: string
  name: string
  level: RegionLevel
  /** The enclosing region in the tree; null at its top. */
  parentCode: string | null
}

export interface TreeCount {
  regionCode: string
  kind: OrganisationKind
  count: number
}

export interface TreeOrganisation {
  id: string
  kind: OrganisationKind
  name: string
  regionCode: string
}

export interface RegionTreeNode<O extends TreeOrganisation> {
  code: string
  name: string
  level: RegionLevel
  /** Organisations registered in this region and every region below it, by kind. */
  counts: Record<OrganisationKind, number>
  total: number
  regions: RegionTreeNode<O>[]
  /** Those registered in this region itself, by kind (in the order above) and name. */
  organisations: O[]
}

const zero = (): Record<OrganisationKind, number> => ({
  hr_department: 0,
  authority: 0,
  institution: 0,
  employer: 0,
  agency: 0,
})

/**
 * Nests the flat answer of the tree endpoint. Counts come from `counts` (complete even when the list of
 * organisations was cut short) and add up from each region to the ones above it. A region whose parent is
 * not among `regions` goes to the top; an organisation whose region is not is returned as `unplaced`.
 */
export function buildOrganisationTree<O extends TreeOrganisation>(
  regions: readonly TreeRegion[],
  counts: readonly TreeCount[],
  organisations: readonly O[],
): { top: RegionTreeNode<O>[]; unplaced: O[] } {
  const nodes = new Map<string, RegionTreeNode<O>>()
  for (const r of regions)
    nodes.set(r.code, {
      code: r.code,
      name: r.name,
      level: r.level,
      counts: zero(),
      total: 0,
      regions: [],
      organisations: [],
    })
  const top: RegionTreeNode<O>[] = []
  for (const r of [...regions].sort((a, b) => a.code.localeCompare(b.code))) {
    const n = nodes.get(r.code) as RegionTreeNode<O>
    const parent = r.parentCode === null ? undefined : nodes.get(r.parentCode)
    if (parent && parent !== n) parent.regions.push(n)
    else top.push(n)
  }
  const parentOf = new Map(regions.map((r) => [r.code, r.parentCode]))
  for (const c of counts) {
    if (c.count <= 0) continue
    const seen = new Set<string>()
    for (let code: string | null | undefined = c.regionCode; code != null && !seen.has(code); ) {
      seen.add(code)
      const n = nodes.get(code)
      if (n) {
        n.counts[c.kind] += c.count
        n.total += c.count
      }
      code = parentOf.get(code)
    }
  }
  const unplaced: O[] = []
  const order = (o: O) => ORGANISATION_KINDS.indexOf(o.kind)
  for (const o of [...organisations].sort(
    (a, b) => order(a) - order(b) || a.name.localeCompare(b.name, 'zh'),
  ))
    (nodes.get(o.regionCode)?.organisations ?? unplaced).push(o)
  return { top, unplaced }
}

/**
 * The part of a tree matching a search text: a region whose name contains it keeps everything below it;
 * an organisation whose name (or credit code) contains it keeps the regions above it. Plain substring
 * comparison, no pattern. Also returns the codes of the regions to open so each match shows.
 */
export function filterOrganisationTree<O extends TreeOrganisation & { uscc?: string | null }>(
  top: readonly RegionTreeNode<O>[],
  text: string,
): { top: RegionTreeNode<O>[]; open: string[] } {
  const needle = text.trim()
  if (needle === '') return { top: [...top], open: [] }
  const open: string[] = []
  const visit = (n: RegionTreeNode<O>): RegionTreeNode<O> | undefined => {
    if (n.name.includes(needle)) return n
    const regions = n.regions.map(visit).filter((r): r is RegionTreeNode<O> => r !== undefined)
    const organisations = n.organisations.filter(
      (o) => o.name.includes(needle) || (o.uscc ?? '').includes(needle.toUpperCase()),
    )
    if (regions.length === 0 && organisations.length === 0) return undefined
    open.push(n.code)
    return { ...n, regions, organisations }
  }
  return { top: top.map(visit).filter((r): r is RegionTreeNode<O> => r !== undefined), open }
}
