import { describe, expect, it } from 'vitest'
import { buildRegionLookup } from './region-lookup.js'
import { buildRegionIndex } from './regions.js'

const lookup = buildRegionLookup(
  buildRegionIndex([
    { code: '320000', name: '江苏省' },
    { code: '320400', name: '常州市' },
    { code: '320401', name: '市辖区' },
    { code: '320412', name: '武进区' },
    { code: '320411', name: '新北区' },
    { code: '320500', name: '苏州市' },
    { code: '320583', name: '昆山市' },
    { code: '110000', name: '北京市' },
    { code: '110101', name: '东城区' },
    { code: '370000', name: '山东省' },
    { code: '370200', name: '青岛市' },
    { code: '370211', name: '黄岛区' },
    { code: '710000', name: '台湾省' },
    { code: '440000', name: '广东省' },
    { code: '440100', name: '广州市' },
    { code: '440111', name: '白云区' },
    { code: '520000', name: '贵州省' },
    { code: '520100', name: '贵阳市' },
    { code: '520113', name: '白云区' },
  ]),
)

describe('children', () => {
  it('without a parent: the provinces, by code', () => {
    expect(lookup.children()?.map((r) => r.code)).toEqual([
      '110000',
      '320000',
      '370000',
      '440000',
      '520000',
      '710000',
    ])
  })

  it('a city’s counties by code, each a leaf', () => {
    expect(lookup.children('320400')).toEqual([
      { code: '320411', name: '新北区', level: 'county', leaf: true },
      { code: '320412', name: '武进区', level: 'county', leaf: true },
    ])
  })

  it('a municipality’s districts sit directly below it', () => {
    expect(lookup.children('110000')?.map((r) => r.name)).toEqual(['东城区'])
  })

  it('a province without rows below is a leaf', () => {
    expect(lookup.children()?.find((r) => r.code === '710000')?.leaf).toBe(true)
    expect(lookup.children()?.find((r) => r.code === '320000')?.leaf).toBe(false)
  })

  it('leaves out placeholder rows such as 市辖区, which are no place', () => {
    expect(lookup.children('320400')?.map((r) => r.name)).not.toContain('市辖区')
    expect(lookup.search('市辖区', { limit: 5 })).toEqual([])
    expect(lookup.find('320401')?.name).toBe('市辖区')
  })

  it('an unknown parent: undefined; a county: none', () => {
    expect(lookup.children('999900')).toBeUndefined()
    expect(lookup.children('320411')).toEqual([])
  })
})

describe('find', () => {
  it('gives the path from the province and the full name', () => {
    expect(lookup.find('320411')).toMatchObject({
      fullName: '江苏省常州市新北区',
      path: [
        { code: '320000', name: '江苏省', level: 'province' },
        { code: '320400', name: '常州市', level: 'city' },
        { code: '320411', name: '新北区', level: 'county' },
      ],
    })
  })

  it('an unknown code: undefined', () => {
    expect(lookup.find('320499')).toBeUndefined()
  })
})

describe('search', () => {
  const codes = (q: string, within?: string, limit = 20) =>
    lookup.search(q, { limit, ...(within ? { within } : {}) }).map((r) => r.code)

  it('常州 finds the city by the start of its name', () => {
    expect(codes('常州')).toEqual(['320400'])
  })

  it('the exact name first, then names starting with it, then containing it; provinces first', () => {
    expect(codes('州市')).toEqual(['320400', '320500', '440100'])
    expect(codes('州')).toEqual(['520000', '320400', '320500', '440100'])
    expect(codes('苏州市')).toEqual(['320500'])
    expect(codes('江')).toEqual(['320000'])
  })

  it('one name in two provinces: both, told apart by the path', () => {
    const found = lookup.search('白云区', { limit: 20 })
    expect(found.map((r) => r.fullName)).toEqual(['广东省广州市白云区', '贵州省贵阳市白云区'])
  })

  it('a second word narrows by the path', () => {
    expect(codes('贵州 白云')).toEqual(['520113'])
  })

  it('digits match the start of the code', () => {
    expect(codes('3204')).toEqual(['320400', '320411', '320412'])
    expect(codes('320411')).toEqual(['320411'])
  })

  it('within keeps the region and what lies below it', () => {
    expect(codes('区', '320400')).toEqual(['320411', '320412'])
    expect(codes('青岛', '320000')).toEqual([])
    expect(codes('常州', '320400')).toEqual(['320400'])
  })

  it('is bounded by the limit', () => {
    expect(codes('区', undefined, 2)).toHaveLength(2)
  })

  it('an empty query or one with regex characters finds nothing and does not throw', () => {
    expect(codes('   ')).toEqual([])
    expect(codes('.*')).toEqual([])
    expect(codes('(')).toEqual([])
  })
})
