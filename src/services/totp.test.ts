import { describe, expect, it } from 'vitest'
import { base32Decode, base32Encode, totp, totpStep } from './totp.js'

// RFC 6238 Appendix B, SHA-1 secret "12345678901234567890" (8-digit codes; ours use the last 6).
const SECRET = Buffer.from('12345678901234567890')

describe('RFC 6238 TOTP', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
  ])('at %i s the code is %s', (t, code) => {
    expect(totp(SECRET, t, 8)).toBe(code)
  })
  it('accepts one step of drift, not two, and says which step matched', () => {
    const now = 1_800_000_000
    expect(totpStep(SECRET, totp(SECRET, now - 30), now)).toBe(now / 30 - 1)
    expect(totpStep(SECRET, totp(SECRET, now + 30), now)).toBe(now / 30 + 1)
    expect(totpStep(SECRET, totp(SECRET, now - 60), now)).toBeUndefined()
    expect(totpStep(SECRET, 'abcdef', now)).toBeUndefined()
  })
  it('base32 round trip', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI')
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar')
  })
})
