import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase()
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const c of clean) {
    const v = BASE32.indexOf(c)
    if (v < 0) throw new Error('not base32')
    value = (value << 5) | v
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** RFC 6238 TOTP (HMAC-SHA1, 30 s steps, 6 digits) at a Unix time in seconds. */
export function totp(secret: Uint8Array, unixSeconds: number, digits = 6): string {
  return codeAt(secret, Math.floor(unixSeconds / 30), digits)
}

function codeAt(secret: Uint8Array, step: number, digits = 6): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', secret).update(counter).digest()
  const offset = (mac[mac.length - 1] as number) & 0x0f
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits
  return String(code).padStart(digits, '0')
}

/**
 * The time step a code belongs to, or undefined: the current step and one either side (clock drift).
 * The caller refuses a step at or before the last one accepted (RFC 6238 §5.2: one use per code).
 */
export function totpStep(secret: Uint8Array, code: string, unixSeconds: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined
  const now = Math.floor(unixSeconds / 30)
  let matched: number | undefined
  for (const step of [now - 1, now, now + 1]) {
    if (timingSafeEqual(Buffer.from(codeAt(secret, step)), Buffer.from(code))) matched = step
  }
  return matched
}

export const newTotpSecret = (): Buffer => randomBytes(20)

/** The otpauth:// URI authenticator apps read from a QR code. */
export const otpauthUri = (secret: Uint8Array, account: string, issuer = 'Xueshi 学时'): string =>
  `otpauth://totp/${encodeURIComponent(`${issuer}:${account}`)}?secret=${base32Encode(secret)}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`

/** Ten one-time recovery codes, xxxx-xxxx. */
export const newRecoveryCodes = (): string[] =>
  Array.from({ length: 10 }, () => {
    const hex = randomBytes(4).toString('hex')
    return `${hex.slice(0, 4)}-${hex.slice(4)}`
  })
