import { describe, expect, it } from 'vitest'
import { InvalidArgumentError } from './errors.js'
import { buildRegionIndex, regionLevel } from './regions.js'

const index = buildRegionIndex([
  { code: '320000', name: '江苏省' },
  { code: '320400', name: '常州市' },
  { code: '320411', name: '新北区' },
  { code: '320412', name: '武进区' },
  { code: '110000', name: '北京市' },
  { code: '110101', name: '东城区' },
  { code: '120000', name: '天津市' },
  { code: '120100', name: '市辖区' },
  { code: '120101', name: '和平区' },
  { code: '410000', name: '河南省' },
  { code: '419000', name: '省直辖县级行政区划' },
  { code: '419001', name: '济源市' },
  { code: '810000', name: '香港特别行政区' },
  { code: '810001', name: '中西区' },
  { code: '990100', name: '孤市' }, // a city whose province is not among the rows
])

describe('regionLevel', () => {
  it.each([
    ['320000', 'province'],
    ['320400', 'city'],
    ['320412', 'county'],
    ['110101', 'county'],
    ['419000', 'city'],
  ] as const)('%s is a %s', (code, level) => {
    expect(regionLevel(code)).toBe(level)
  })

  it.each(['32041', '3204120', '32041A', ''])('throws InvalidArgumentError on %j', (code) => {
    expect(() => regionLevel(code)).toThrow(InvalidArgumentError)
  })
})

describe('buildRegionIndex', () => {
  it('names and has', () => {
    expect(index.name('320412')).toBe('武进区')
    expect(index.has('320412')).toBe(true)
  })

  it('an unknown code: has() false, no name, no full name', () => {
    expect(index.has('999999')).toBe(false)
    expect(index.name('999999')).toBeUndefined()
    expect(index.fullName('999999')).toBeUndefined()
  })

  it('level is read from the code, known or not', () => {
    expect([
      index.level('320000'),
      index.level('320400'),
      index.level('320412'),
      index.level('320421'),
    ]).toEqual(['province', 'city', 'county', 'county'])
  })

  it('parent: county → city → province → none', () => {
    expect(index.parent('320412')).toBe('320400')
    expect(index.parent('320400')).toBe('320000')
    expect(index.parent('320000')).toBeUndefined()
  })

  it('parent of a municipality district with no city row is the province-level code: 110101 → 110000', () => {
    expect(index.parent('110101')).toBe('110000')
  })

  it('parent of a municipality district with a city row is that row: 120101 → 120100', () => {
    expect(index.parent('120101')).toBe('120100')
  })

  it('parent is only ever a code among the rows', () => {
    expect(index.parent('990100')).toBeUndefined()
    expect(index.parent('990101')).toBe('990100')
    expect(index.parent('980101')).toBeUndefined()
  })

  it('parent throws InvalidArgumentError on a malformed code', () => {
    expect(() => index.parent('32041')).toThrow(InvalidArgumentError)
  })

  it('chain: self, city, province, most specific first', () => {
    expect(index.chain('320412')).toEqual(['320412', '320400', '320000'])
    expect(index.chain('110101')).toEqual(['110101', '110000'])
    expect(index.chain('320000')).toEqual(['320000'])
  })

  it('chain of a code not among the rows (320421 武进县, abolished) keeps only the existing ones', () => {
    expect(index.chain('320421')).toEqual(['320400', '320000'])
    expect(index.chain('999999')).toEqual([])
  })

  it('chain of a malformed code is empty', () => {
    expect(index.chain('3204')).toEqual([])
  })

  it('chain of a Hong Kong district: 810001 → 810000', () => {
    expect(index.chain('810001')).toEqual(['810001', '810000'])
  })

  it('fullName joins province, city and county', () => {
    expect(index.fullName('320412')).toBe('江苏省常州市武进区')
    expect(index.fullName('320400')).toBe('江苏省常州市')
    expect(index.fullName('110101')).toBe('北京市东城区')
    expect(index.fullName('810001')).toBe('香港特别行政区中西区')
  })

  it('fullName leaves out placeholder levels: 市辖区, 省直辖县级行政区划', () => {
    expect(index.fullName('120101')).toBe('天津市和平区')
    expect(index.fullName('419001')).toBe('河南省济源市')
  })

  it('fullName of a placeholder itself keeps its own name', () => {
    expect(index.fullName('120100')).toBe('天津市市辖区')
  })

  it('all() returns the rows in the order given', () => {
    const small = buildRegionIndex([
      { code: '320000', name: '江苏省' },
      { code: '320421', name: '武进县' },
    ])
    expect(small.all()).toEqual([
      { code: '320000', name: '江苏省' },
      { code: '320421', name: '武进县' },
    ])
    expect(small.chain('320421')).toEqual(['320421', '320000'])
  })

  it('an empty index knows nothing', () => {
    const empty = buildRegionIndex([])
    expect([empty.has('320000'), empty.chain('320411'), empty.all()]).toEqual([false, [], []])
  })

  it.each([
    [[{ code: '32000', name: '江苏省' }], 'code'],
    [[{ code: '320000 ', name: '江苏省' }], 'code'],
    [
      [
        { code: '320000', name: '江苏省' },
        { code: '320000', name: '江苏' },
      ],
      'rows',
    ],
  ])('throws InvalidArgumentError on bad rows %j', (rows, argument) => {
    expect(() => buildRegionIndex(rows)).toThrow(
      expect.objectContaining({ name: 'InvalidArgumentError', argument }),
    )
  })
})
