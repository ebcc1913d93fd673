import { sm3 } from 'sm-crypto-v2'
import { describe, expect, it } from 'vitest'
import { CERTIFICATE_VERSION, type CertificateContent } from './certificate-content.js'
import { generateCertificateKey, parseKeyring, publishedKeys } from './certificate-keys.js'
import { payloadOf, SM2_USER_ID, signCertificate, verifyCertificate } from './certificate-signatures.js'

const content: CertificateContent = {
  version: CERTIFICATE_VERSION,
  serial: 'XS-2026-320400-000001',
  code: 'k3j5h6g7f8d9s0a1q2w3e4r5t6y7u8i9',
  issuedAt: '2026-12-02T01:00:00.000Z',
  issuer: { organisationId: 'o1', name: '常州市人力资源和社会保障局', regionCode: '320400' },
  person: { name: '王𠮷', idMasked: '320***********1234', series: '工程', titleLevel: 'intermediate' },
  employer: { name: '常州精工机械有限公司' },
  policy: {
    id: 'changzhou-2024',
    title: '常州市专业技术人员继续教育办法',
    documentNumber: '常人社发〔2024〕1号',
    regionCode: '320400',
  },
  period: { year: 2025, window: null, fromYear: 2025, toYear: 2025 },
  activities: [
    {
      entryId: 'e1',
      date: '2025-03-01',
      way: '网络课程',
      subject: '数字素养',
      public: 30,
      professional: 0,
      basis: '苏人社函〔2023〕308号 四（二）',
    },
  ],
  totals: { public: 30, professional: 0, total: 30 },
  required: { public: 30, professional: 60, total: 90 },
  compliant: false,
  verdict: '未达标，差 60 学时（专业科目差 60 学时）',
}

const keys = [generateCertificateKey('Ed25519'), generateCertificateKey('SM2-SM3')]
const published = publishedKeys(keys).keys

describe('certificate signatures', () => {
  it('signs with Ed25519 and SM2-SM3; both verify with the published keys', () => {
    const signatures = signCertificate(content, keys)
    expect(signatures.map((s) => s.alg)).toEqual(['Ed25519', 'SM2-SM3'])
    const verdict = verifyCertificate({ content, signatures }, published)
    expect(verdict).toMatchObject({ ok: true, verified: [{ alg: 'Ed25519' }, { alg: 'SM2-SM3' }] })
  })

  it('a changed figure fails with the reason: payload altered', () => {
    const signatures = signCertificate(content, keys)
    const altered = { ...content, totals: { ...content.totals, total: 90 } }
    expect(verifyCertificate({ content: altered, signatures }, published)).toMatchObject({
      ok: false,
      problem: 'payload-altered',
      reason: expect.stringContaining('内容在签发后被改动'),
    })
  })

  it('an unknown key id fails naming the kid', () => {
    const signatures = signCertificate(content, keys)
    const other = publishedKeys([generateCertificateKey('Ed25519'), generateCertificateKey('SM2-SM3')]).keys
    expect(verifyCertificate({ content, signatures }, other)).toMatchObject({
      ok: false,
      problem: 'unknown-kid',
      reason: expect.stringContaining(keys[0]?.kid as string),
    })
  })

  it('a malformed signature value fails as bad-signature; no Ed25519 signature fails too', () => {
    const [ed, sm] = signCertificate(content, keys)
    const bad = { ...(sm as NonNullable<typeof sm>), value: 'AAAA' }
    expect(verifyCertificate({ content, signatures: [ed as typeof bad, bad] }, published)).toMatchObject({
      ok: false,
      problem: 'bad-signature',
    })
    expect(verifyCertificate({ content, signatures: [sm as typeof bad] }, published)).toMatchObject({
      ok: false,
      problem: 'no-signature',
    })
  })

  it('a retired key still verifies; it signs nothing new', () => {
    const retired = keys.map((k) => ({ ...k, status: 'retired' as const }))
    const fresh = [generateCertificateKey('Ed25519'), generateCertificateKey('SM2-SM3')]
    const before = signCertificate(content, keys)
    const after = signCertificate(content, [...retired, ...fresh])
    expect(after.map((s) => s.kid)).toEqual(fresh.map((k) => k.kid))
    const all = publishedKeys([...retired, ...fresh]).keys
    expect(verifyCertificate({ content, signatures: before }, all)).toMatchObject({
      ok: true,
      verified: [{ status: 'retired' }, { status: 'retired' }],
    })
  })

  it('the keyring file round-trips and refuses a mismatched pair', () => {
    const text = JSON.stringify({ keys })
    expect(parseKeyring(text, true).map((k) => k.kid)).toEqual(keys.map((k) => k.kid))
    const swapped = [{ ...keys[1], privateKey: generateCertificateKey('SM2-SM3').privateKey }]
    expect(() => parseKeyring(JSON.stringify({ keys: swapped }), true)).toThrow(/不是一对/)
    expect(() => parseKeyring('{"keys":[{"kid":"x"}]}', false)).toThrow(/alg/)
  })
})

// An independent SM2 verifier (GB/T 32918.2 §7) in BigInt arithmetic over the curve of GB/T 32918.5,
// sharing nothing with sm-crypto-v2 but the SM3 digest (GB/T 32905).
const P = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF')
const A = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC')
const B = BigInt('0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93')
const N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123')
const GX = BigInt('0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7')
const GY = BigInt('0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0')

type Point = { x: bigint; y: bigint } | null
const mod = (v: bigint, m: bigint) => ((v % m) + m) % m
function inverse(v: bigint, m: bigint): bigint {
  let [a, b, x0, x1] = [mod(v, m), m, 1n, 0n]
  while (b !== 0n) {
    const q = a / b
    ;[a, b] = [b, a - q * b]
    ;[x0, x1] = [x1, x0 - q * x1]
  }
  return mod(x0, m)
}
function add(p: Point, q: Point): Point {
  if (p === null) return q
  if (q === null) return p
  if (p.x === q.x && mod(p.y + q.y, P) === 0n) return null
  const l =
    p.x === q.x && p.y === q.y
      ? mod((3n * p.x * p.x + A) * inverse(2n * p.y, P), P)
      : mod((q.y - p.y) * inverse(q.x - p.x, P), P)
  const x = mod(l * l - p.x - q.x, P)
  return { x, y: mod(l * (p.x - x) - p.y, P) }
}
function multiply(k: bigint, p: Point): Point {
  let result: Point = null
  let addend = p
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, addend)
    addend = add(addend, addend)
  }
  return result
}
const hex = (v: bigint) => v.toString(16).padStart(64, '0')
const bytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'))

function independentSm2Verify(
  message: Buffer,
  signature: Buffer,
  publicKeyHex: string,
  userId: string,
): boolean {
  const x = BigInt(`0x${publicKeyHex.slice(2, 66)}`)
  const y = BigInt(`0x${publicKeyHex.slice(66)}`)
  const id = Buffer.from(userId, 'utf8')
  const entl = (id.length * 8).toString(16).padStart(4, '0')
  const z = sm3(bytes(entl + id.toString('hex') + [A, B, GX, GY, x, y].map(hex).join('')))
  const e = BigInt(`0x${sm3(Uint8Array.from(Buffer.concat([Buffer.from(z, 'hex'), message])))}`)
  const r = BigInt(`0x${signature.subarray(0, 32).toString('hex')}`)
  const s = BigInt(`0x${signature.subarray(32).toString('hex')}`)
  if (r < 1n || r >= N || s < 1n || s >= N) return false
  const t = mod(r + s, N)
  if (t === 0n) return false
  const point = add(multiply(s, { x: GX, y: GY }), multiply(t, { x, y }))
  return point !== null && mod(e + point.x, N) === r
}

describe('SM2 signature against an independent implementation (GB/T 32918)', () => {
  it('the published base point lies on the published curve', () => {
    expect(mod(GY * GY - (GX * GX * GX + A * GX + B), P)).toBe(0n)
  })

  it('our SM2-SM3 signature verifies; over a changed byte it does not', () => {
    const sm = signCertificate(content, keys).find((s) => s.alg === 'SM2-SM3')
    const key = keys.find((k) => k.alg === 'SM2-SM3')
    const message = Buffer.from(payloadOf(content), 'utf8')
    const signature = Buffer.from(sm?.value as string, 'base64url')
    expect(independentSm2Verify(message, signature, key?.publicKey as string, SM2_USER_ID)).toBe(true)
    const changed = Buffer.from(message)
    changed[10] = (changed[10] as number) ^ 1
    expect(independentSm2Verify(changed, signature, key?.publicKey as string, SM2_USER_ID)).toBe(false)
  })
})
