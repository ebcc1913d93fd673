import { describe, expect, it } from 'vitest'
import { buildOrganisationTree, filterOrganisationTree, type TreeRegion } from './organisation-tree.js'

const regions: TreeRegion[] = [
  { code: '320411', name: '新北区', level: 'county', parentCode: '320400' },
  { code: '320400', name: '常州市', level: 'city', parentCode: null },
  { code: '320412', name: '武进区', level: 'county', parentCode: '320400' },
]
const org = (
  id: string,
  kind: 'employer' | 'hr_department' | 'institution',
  name: string,
  regionCode: string,
) => ({
  id,
  kind,
  name,
  regionCode,
  uscc: kind === 'employer' ? `91${regionCode}MA0000000X` : null,
})
const organisations = [
  org('e2', 'employer', '常州新北精工有限公司', '320411'),
  org('e1', 'employer', '常州天合电子有限公司', '320411'),
  org('h1', 'hr_department', '常州市人力资源和社会保障局', '320400'),
  org('i1', 'institution', '常州市继续教育学院', '320400'),
  org('e3', 'employer', '武进建工集团', '320412'),
]
const counts = [
  { regionCode: '320400', kind: 'hr_department', count: 1 },
  { regionCode: '320400', kind: 'institution', count: 1 },
  { regionCode: '320411', kind: 'employer', count: 2 },
  { regionCode: '320412', kind: 'employer', count: 1 },
] as const

describe('buildOrganisationTree', () => {
  const { top, unplaced } = buildOrganisationTree(regions, counts, organisations)
  const city = top[0]

  it('nests the counties under the city, by code', () => {
    expect(top.map((r) => r.code)).toEqual(['320400'])
    expect(city?.regions.map((r) => r.name)).toEqual(['新北区', '武进区'])
    expect(unplaced).toEqual([])
  })

  it('a region’s counts add those of the regions below it', () => {
    expect(city?.total).toBe(5)
    expect(city?.counts).toEqual({ hr_department: 1, authority: 0, institution: 1, employer: 3, agency: 0 })
    expect(city?.regions[0]?.total).toBe(2)
  })

  it('places each organisation in its own region, by kind then name', () => {
    expect(city?.organisations.map((o) => o.id)).toEqual(['h1', 'i1'])
    expect(city?.regions[0]?.organisations.map((o) => o.name)).toEqual([
      '常州天合电子有限公司',
      '常州新北精工有限公司',
    ])
  })

  it('counts stay complete when the list of organisations was cut short', () => {
    const cut = buildOrganisationTree(regions, counts, organisations.slice(0, 1))
    expect(cut.top[0]?.total).toBe(5)
    expect(cut.top[0]?.regions[0]?.organisations).toHaveLength(1)
  })

  it('an organisation of a region not in the list is returned unplaced; a region without its parent goes to the top', () => {
    const lost = buildOrganisationTree(
      [{ code: '320411', name: '新北区', level: 'county', parentCode: '320400' }],
      [],
      [org('x', 'employer', '青岛港', '370211')],
    )
    expect(lost.top.map((r) => r.code)).toEqual(['320411'])
    expect(lost.unplaced.map((o) => o.id)).toEqual(['x'])
  })
})

describe('filterOrganisationTree', () => {
  const { top } = buildOrganisationTree(regions, counts, organisations)

  it('an organisation match keeps the regions above it, opened', () => {
    const found = filterOrganisationTree(top, '精工')
    expect(found.top[0]?.organisations).toEqual([])
    expect(found.top[0]?.regions.map((r) => r.name)).toEqual(['新北区'])
    expect(found.top[0]?.regions[0]?.organisations.map((o) => o.id)).toEqual(['e2'])
    expect(found.open.sort()).toEqual(['320400', '320411'])
  })

  it('a region match keeps everything below it', () => {
    const found = filterOrganisationTree(top, '武进区')
    expect(found.top[0]?.regions[0]?.organisations.map((o) => o.id)).toEqual(['e3'])
  })

  it('matches the credit code too, in any case', () => {
    expect(filterOrganisationTree(top, '91320412ma').top[0]?.regions.map((r) => r.code)).toEqual(['320412'])
  })

  it('no match: nothing; empty text: everything; pattern characters are plain text', () => {
    expect(filterOrganisationTree(top, '北京').top).toEqual([])
    expect(filterOrganisationTree(top, '  ').top).toHaveLength(1)
    expect(filterOrganisationTree(top, '.*').top).toEqual([])
  })
})
