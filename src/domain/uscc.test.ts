import { describe, expect, it } from 'vitest'
import { InvalidArgumentError } from './errors.js'
import { makeUscc, parseUscc, usccCheckChar } from './uscc.js'

describe('usccCheckChar', () => {
  it('91350100M000100Y4 → 3', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3')
  })

  it.each([
    ['91320411MA0025X7K', '0'], // Σ mod 31 = 0: 31 − 0 = 31 is written 0
    ['91320411MA0014X7K', '1'],
    ['91320411MA0022X7K', 'A'],
    ['91320411MA0007X7K', 'Y'], // value 30, the last character
  ])('%s → %s', (first17, check) => {
    expect(usccCheckChar(first17)).toBe(check)
  })

  it.each([
    ['91350100M000100Y', 'too short'],
    ['91350100M000100Y43', 'too long'],
    ['91350100M000100I4', 'I is not in the character set'],
    ['91350100m000100y4', 'lowercase'],
  ])('%s (%s) throws InvalidArgumentError', (first17) => {
    expect(() => usccCheckChar(first17)).toThrow(InvalidArgumentError)
  })
})

describe('makeUscc', () => {
  it('appends the check character', () => {
    expect(makeUscc('91350100M000100Y4')).toBe('91350100M000100Y43')
    expect(makeUscc('91320411MA0025X7K')).toBe('91320411MA0025X7K0')
  })

  it('throws InvalidArgumentError on a forbidden letter', () => {
    expect(() => makeUscc('91320411MA0025O7K')).toThrow(InvalidArgumentError)
  })
})

describe('parseUscc: valid codes', () => {
  it('91350100M000100Y43: region 350100', () => {
    expect(parseUscc('91350100M000100Y43')).toEqual({
      ok: true,
      code: '91350100M000100Y43',
      regionCode: '350100',
    })
  })

  it.each(['91320411MA0025X7K0', '91320411MA0014X7K1', '91320411MA0022X7KA', '91320411MA0007X7KY'])(
    '%s',
    (code) => {
      expect(parseUscc(code)).toEqual({ ok: true, code, regionCode: '320411' })
    },
  )

  it('codes made by makeUscc parse', () => {
    expect(parseUscc(makeUscc('12370200MB1234567'))).toMatchObject({ ok: true, regionCode: '370200' })
    expect(parseUscc(makeUscc('Y1360102MC0000001'))).toMatchObject({ ok: true, regionCode: '360102' })
  })

  it('trims spaces and reads lowercase as capitals', () => {
    expect(parseUscc('  91350100m000100y43\n')).toEqual({
      ok: true,
      code: '91350100M000100Y43',
      regionCode: '350100',
    })
  })
})

describe('parseUscc: refusals', () => {
  it.each([
    ['', '长度不是18位（0位）'],
    ['91350100M000100Y4', '长度不是18位（17位）'],
    ['91350100M000100Y433', '长度不是18位（19位）'],
    ['913501007', '长度不是18位（9位）'], // a 9-character organisation code alone
    ['91350100M000 100Y43', '长度不是18位（19位）'],
  ])('%j → %s', (input, reason) => {
    expect(parseUscc(input)).toEqual({ ok: false, reason })
  })

  it.each([
    ['91350100M000100I43', 16, 'I'],
    ['91350100M0001O0Y43', 14, 'O'],
    ['91350100M000100Z43', 16, 'Z'],
    ['S1350100M000100Y43', 1, 'S'],
    ['91350100MV00100Y43', 10, 'V'],
    ['91350100M000100Y4-', 18, 'a hyphen'],
    ['91350100M000100Y4号', 18, 'a Chinese character'],
  ])('%s → 含非法字符（第%i位, %s）', (input, position) => {
    expect(parseUscc(input)).toEqual({
      ok: false,
      reason: `含非法字符（第${position}位；代码由数字和除I、O、S、V、Z以外的大写字母组成）`,
    })
  })

  it('a letter in the region code (characters 3–8) → 含非法字符', () => {
    expect(parseUscc('9135A100M000100Y43')).toEqual({
      ok: false,
      reason: '含非法字符（第3至8位为登记管理机关行政区划码，须为数字）',
    })
  })

  it.each([
    ['91350100M000100Y44', '3'],
    ['91350100M000100Y40', '3'],
    ['91320411MA0025X7KY', '0'],
    ['91320411MA0007X7K0', 'Y'],
    ['91350100M000100Y34', '0'],
    ['91351000M000100Y43', 'A'], // two region digits swapped
  ])('%s → 校验码错误，应为%s', (input, check) => {
    expect(parseUscc(input)).toEqual({ ok: false, reason: `校验码错误，应为${check}` })
  })
})
