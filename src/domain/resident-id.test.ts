import { describe, expect, it } from 'vitest'
import { InvalidArgumentError } from './errors.js'
import { makeResidentId, parseResidentId, residentIdCheckChar } from './resident-id.js'

describe('residentIdCheckChar: ISO 7064 MOD 11-2', () => {
  it('11010519491231002 → X (Σ = 167, 167 mod 11 = 2)', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X')
  })

  it('32041119850607123 → 9', () => {
    expect(residentIdCheckChar('32041119850607123')).toBe('9')
  })

  // The 8th digit has weight 1 and the 7th weight 2, so these prefixes have Σ mod 11 = 0 … 10.
  it.each([
    ['00000000000000000', '1'],
    ['00000001000000000', '0'],
    ['00000002000000000', 'X'],
    ['00000003000000000', '9'],
    ['00000004000000000', '8'],
    ['00000005000000000', '7'],
    ['00000006000000000', '6'],
    ['00000007000000000', '5'],
    ['00000008000000000', '4'],
    ['00000009000000000', '3'],
    ['00000050000000000', '2'],
  ])('%s → %s', (first17, check) => {
    expect(residentIdCheckChar(first17)).toBe(check)
  })

  it.each([
    '1101051949123100',
    '110105194912310021',
    '1101051949123100X',
    '１１０１０５１９４９１２３１００２',
  ])('throws InvalidArgumentError unless given 17 ASCII digits: %s', (first17) => {
    expect(() => residentIdCheckChar(first17)).toThrow(InvalidArgumentError)
  })
})

describe('makeResidentId', () => {
  it('appends the check character: 110105 19491231 002 → …X', () => {
    expect(makeResidentId('110105', '19491231', 2)).toBe('11010519491231002X')
  })

  it('pads the sequence to 3 digits', () => {
    expect(makeResidentId('320411', '19850607', 7).slice(14, 17)).toBe('007')
  })

  it.each([
    ['32041', '19850607', 1, 'region'],
    ['32041A', '19850607', 1, 'region'],
    ['320411', '1985067', 1, 'birth'],
    ['320411', '1985-06-07', 1, 'birth'],
    ['320411', '19850607', 1000, 'seq'],
    ['320411', '19850607', -1, 'seq'],
    ['320411', '19850607', 1.5, 'seq'],
  ] as const)('refuses %s %s %s: bad %s', (region, birth, seq, argument) => {
    expect(() => makeResidentId(region, birth, seq)).toThrow(
      expect.objectContaining({ name: 'InvalidArgumentError', argument }),
    )
  })
})

describe('parseResidentId: valid numbers', () => {
  it('11010519491231002X: born 1949-12-31, female (sequence 002 is even)', () => {
    expect(parseResidentId('11010519491231002X')).toEqual({
      ok: true,
      id: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
      warnings: [],
    })
  })

  it('320411198506071239: male (sequence 123 is odd)', () => {
    expect(parseResidentId('320411198506071239')).toMatchObject({
      ok: true,
      birthDate: '1985-06-07',
      sex: 'male',
      regionCode: '320411',
    })
  })

  it('only the 17th digit decides the sex', () => {
    expect(parseResidentId(makeResidentId('370211', '19900315', 410))).toMatchObject({ sex: 'female' })
    expect(parseResidentId(makeResidentId('370211', '19900315', 41))).toMatchObject({ sex: 'male' })
  })

  it('trims spaces and reads a lowercase x as X', () => {
    expect(parseResidentId(' \t11010519491231002x \n')).toMatchObject({ ok: true, id: '11010519491231002X' })
  })

  it('29 February in a leap year (2000) is a real date', () => {
    expect(parseResidentId(makeResidentId('360102', '20000229', 15))).toMatchObject({
      ok: true,
      birthDate: '2000-02-29',
    })
  })

  it('born 1900-01-01, the earliest accepted date', () => {
    expect(parseResidentId(makeResidentId('360102', '19000101', 1))).toMatchObject({ ok: true })
  })

  it('born today is accepted', () => {
    expect(parseResidentId(makeResidentId('320411', '20261124', 5), { today: '2026-11-24' })).toMatchObject({
      ok: true,
      birthDate: '2026-11-24',
    })
  })

  it('without today, a future birth date is not checked', () => {
    expect(parseResidentId(makeResidentId('320411', '20990101', 5))).toMatchObject({ ok: true })
  })
})

describe('parseResidentId: region codes', () => {
  it('an unknown region code is a warning, never a refusal (320421 武进县, abolished 1995)', () => {
    expect(parseResidentId(makeResidentId('320421', '19600101', 11), { knownRegion: () => false })).toEqual({
      ok: true,
      id: makeResidentId('320421', '19600101', 11),
      birthDate: '1960-01-01',
      sex: 'male',
      regionCode: '320421',
      warnings: ['行政区划代码 320421 不在已知代码中'],
    })
  })

  it('asks knownRegion about the 6-digit prefix only', () => {
    const asked: string[] = []
    parseResidentId('11010519491231002X', {
      knownRegion: (c) => {
        asked.push(c)
        return true
      },
    })
    expect(asked).toEqual(['110105'])
  })

  it('a known region gives no warning', () => {
    expect(parseResidentId('11010519491231002X', { knownRegion: (c) => c === '110105' })).toMatchObject({
      warnings: [],
    })
  })

  it('a refused number does not ask about its region', () => {
    let asked = false
    parseResidentId('110105194912310021', {
      knownRegion: () => {
        asked = true
        return true
      },
    })
    expect(asked).toBe(false)
  })
})

describe('parseResidentId: refusals', () => {
  it.each([
    ['', '长度不是18位（0位）'],
    ['1101051949123100', '长度不是18位（16位）'],
    ['11010519491231002X1', '长度不是18位（19位）'],
    ['110105491231002', '长度不是18位（15位）'], // a 15-digit first-generation number
    ['110105 19491231002X', '长度不是18位（19位）'],
  ])('%j → %s', (input, reason) => {
    expect(parseResidentId(input)).toEqual({ ok: false, reason })
  })

  it.each([
    ['11010519491231002Y', '第18位'],
    ['1101051949123100X2', '第17位'],
    ['x10105194912310021', '第1位'],
    ['1101051949123A002X', '第14位'],
    ['11010519491231-02X', '第15位'],
    ['１１０１０５１９４９１２３１００２Ｘ', '第1位'], // full-width digits
    ['11010519491231002𠮷', '第18位'],
  ])('%s → 含非法字符（%s）', (input, position) => {
    expect(parseResidentId(input)).toEqual({
      ok: false,
      reason: `含非法字符（${position}；前17位须为数字，第18位为数字或X）`,
    })
  })

  // Each number carries the right check character, so the date is the only fault.
  it.each([
    ['19490230', '30 February'],
    ['19010229', '29 February in a common year'],
    ['19000229', '29 February 1900 (divisible by 100, not a leap year)'],
    ['19491301', 'month 13'],
    ['19490001', 'month 00'],
    ['19490100', 'day 00'],
    ['19490431', '31 April'],
    ['18991231', 'before 1900'],
  ])('%s (%s) → 出生日期无效', (birth) => {
    expect(parseResidentId(makeResidentId('110105', birth, 2))).toEqual({
      ok: false,
      reason: '出生日期无效（第7至14位不是有效日期）',
    })
  })

  it.each([
    ['20261125', '2026-11-24'],
    ['20270101', '2026-11-24'],
  ])('born %s, today %s → 出生日期晚于今天', (birth, today) => {
    expect(parseResidentId(makeResidentId('320411', birth, 5), { today })).toEqual({
      ok: false,
      reason: '出生日期晚于今天',
    })
  })

  it.each([
    ['110105194912310021', 'X'],
    ['110105194912310020', 'X'],
    ['320411198506071234', '9'],
    ['32041119850607123X', '9'],
  ])('%s → 校验码错误，应为%s', (input, check) => {
    expect(parseResidentId(input)).toEqual({ ok: false, reason: `校验码错误，应为${check}` })
  })

  it('a date fault is reported before a check-character fault', () => {
    expect(parseResidentId('110105194902300021')).toMatchObject({
      reason: '出生日期无效（第7至14位不是有效日期）',
    })
  })

  it.each([
    '110105194912310021',
    '1101051949123100',
    '11010519491231002Y',
    makeResidentId('110105', '19490230', 2),
    makeResidentId('320411', '20270101', 5),
  ])('no reason repeats the number or its sequence and check part: %s', (input) => {
    const r = parseResidentId(input, { today: '2026-11-24' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.reason).not.toContain(input)
      expect(r.reason).not.toContain(input.slice(6, 14)) // the birth date
      expect(r.reason).not.toMatch(/\d{6}/)
    }
  })
})

describe('parseResidentId: today', () => {
  it.each(['2026-1-5', '20261124', '2026-02-30', 'today'])(
    'a malformed today (%s) throws InvalidArgumentError',
    (today) => {
      expect(() => parseResidentId('11010519491231002X', { today })).toThrow(
        expect.objectContaining({ name: 'InvalidArgumentError', argument: 'today' }),
      )
    },
  )
})
