import { describe, expect, it } from 'vitest'
import { makeResidentId, parseResidentId, residentIdCheckChar } from './resident-id.js'

describe('GB 11643 resident ID number', () => {
  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X')
    expect(residentIdCheckChar('44052418800101001')).toBe('4')
  })

  it('accepts a valid number and reads birth date and sex', () => {
    expect(parseResidentId('11010519491231002X')).toEqual({
      ok: true,
      id: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
      warnings: [],
    })
    expect(parseResidentId(' 11010519491231002x ')).toMatchObject({ ok: true, id: '11010519491231002X' })
    expect(parseResidentId(makeResidentId('320411', '19850607', 123))).toMatchObject({
      ok: true,
      sex: 'male',
    })
  })

  it.each([
    ['1101051949123100', '长度不是18位'],
    ['11010519491231002Y', '含非法字符'],
    ['1101051949123A002X', '含非法字符'],
    [makeResidentId('110105', '19490230', 2), '出生日期无效'],
    [makeResidentId('110105', '18990101', 2), '出生日期无效'],
    ['110105194912310021', '校验码错误，应为X'],
  ])('refuses %s: %s', (id, reason) => {
    const r = parseResidentId(id)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.reason).toContain(reason)
      expect(r.reason).not.toContain(id)
    }
  })

  it('refuses a birth date after today', () => {
    expect(parseResidentId(makeResidentId('320411', '20270101', 5), { today: '2026-11-24' })).toEqual({
      ok: false,
      reason: '出生日期晚于今天',
    })
  })

  it('an unknown region code is a warning, never a refusal (abolished counties)', () => {
    const r = parseResidentId(makeResidentId('320421', '19600101', 11), { knownRegion: () => false })
    expect(r).toMatchObject({ ok: true, warnings: ['行政区划代码 320421 不在已知代码中'] })
  })
})
