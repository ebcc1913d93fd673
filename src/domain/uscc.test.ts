import { describe, expect, it } from 'vitest'
import { makeUscc, parseUscc, usccCheckChar } from './uscc.js'

describe('GB 32100 unified social credit code', () => {
  it('accepts a valid code', () => {
    expect(parseUscc('91350100M000100Y43')).toEqual({
      ok: true,
      code: '91350100M000100Y43',
      regionCode: '350100',
    })
    expect(usccCheckChar('91350100M000100Y4')).toBe('3')
  })

  it('check character 31 is written 0', () => {
    const code = makeUscc('91320400MA1Y2P3Q4')
    expect(parseUscc(code).ok).toBe(true)
  })

  it.each([
    ['91350100M000100Y4', '长度不是18位'],
    ['91350100M000100I43', '含非法字符'],
    ['91350100M0001O0Y43', '含非法字符'],
    ['9135A100M000100Y43', '含非法字符'],
    ['91350100M000100Y44', '校验码错误，应为3'],
  ])('refuses %s: %s', (code, reason) => {
    const r = parseUscc(code)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toContain(reason)
  })
})
