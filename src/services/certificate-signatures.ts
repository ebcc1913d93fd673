import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { sm2 } from 'sm-crypto-v2'
import { canonicalJson } from './canonical-json.js'
import type { CertificateAlgorithm, CertificateContent, CertificateSignature } from './certificate-content.js'
import type { CertificateKey, PublicCertificateKey } from './certificate-keys.js'

/**
 * SM2 signatures follow GB/T 32918.2: e = SM3(Z_A ‖ M), Z_A over the default user id "1234567812345678"
 * (GB/T 35276 §10 / GM/T 0009 default ID) and the public key; r‖s as 64 bytes (no DER).
 */
export const SM2_USER_ID = '1234567812345678'

/** The bytes signed: the UTF-8 of canonicalJson(content). */
export const payloadOf = (content: CertificateContent): string => canonicalJson(content)

/** Signs with the newest active key of each algorithm (Ed25519 always; SM2-SM3 when the keyring has one). */
export function signCertificate(
  content: CertificateContent,
  keys: readonly CertificateKey[],
): CertificateSignature[] {
  const payload = Buffer.from(payloadOf(content), 'utf8')
  const signatures: CertificateSignature[] = []
  for (const alg of ['Ed25519', 'SM2-SM3'] as const) {
    const key = keys.filter((k) => k.alg === alg && k.status === 'active').at(-1)
    if (key) signatures.push({ alg, kid: key.kid, value: signWith(key, payload) })
  }
  if (!signatures.some((s) => s.alg === 'Ed25519')) throw new Error('no active Ed25519 certificate key')
  return signatures
}

function signWith(key: CertificateKey, payload: Buffer): string {
  if (key.alg === 'Ed25519')
    return sign(null, payload, createPrivateKey(key.privateKey)).toString('base64url')
  const hex = sm2.doSignature(payload, key.privateKey, {
    hash: true,
    publicKey: key.publicKey,
    userId: SM2_USER_ID,
  })
  return Buffer.from(hex, 'hex').toString('base64url')
}

export type SignatureProblem = 'no-signature' | 'unknown-kid' | 'bad-signature' | 'payload-altered'

export type SignatureVerdict =
  | { ok: true; verified: { alg: CertificateAlgorithm; kid: string; status: 'active' | 'retired' }[] }
  | { ok: false; problem: SignatureProblem; reason: string }

/**
 * Checks every signature against the published keys: each must name a known key of its algorithm, be
 * well formed and hold over canonicalJson(content); an Ed25519 one must be among them. A well-formed
 * signature that does not hold means the content is not what was signed (altered after signing).
 */
export function verifyCertificate(
  cert: { content: CertificateContent; signatures: readonly CertificateSignature[] },
  keys: readonly PublicCertificateKey[],
): SignatureVerdict {
  const signatures = Array.isArray(cert.signatures) ? cert.signatures : []
  if (!signatures.some((s) => s?.alg === 'Ed25519'))
    return { ok: false, problem: 'no-signature', reason: '证书没有 Ed25519 签名' }
  const payload = Buffer.from(payloadOf(cert.content), 'utf8')
  const verified: { alg: CertificateAlgorithm; kid: string; status: 'active' | 'retired' }[] = []
  for (const s of signatures) {
    const key = keys.find((k) => k.kid === s?.kid && k.alg === s?.alg)
    if (!key)
      return {
        ok: false,
        problem: 'unknown-kid',
        reason: `签名密钥 ${String(s?.kid)}（${String(s?.alg)}）不在公布的密钥中`,
      }
    const value =
      typeof s.value === 'string' && /^[\w-]{86}$/.test(s.value) ? Buffer.from(s.value, 'base64url') : null
    if (value?.length !== 64)
      return {
        ok: false,
        problem: 'bad-signature',
        reason: `${s.alg} 签名（${s.kid}）格式错误，应为 64 字节 base64url`,
      }
    if (!holds(key, payload, value))
      return {
        ok: false,
        problem: 'payload-altered',
        reason: `${s.alg} 签名（${s.kid}）与证书内容不符：内容在签发后被改动`,
      }
    verified.push({ alg: s.alg, kid: s.kid, status: key.status })
  }
  return { ok: true, verified }
}

function holds(key: PublicCertificateKey, payload: Buffer, value: Buffer): boolean {
  if (key.alg === 'Ed25519') {
    const spki = Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(key.publicKey, 'base64url')])
    return verify(null, payload, createPublicKey({ key: spki, format: 'der', type: 'spki' }), value)
  }
  return sm2.doVerifySignature(payload, value.toString('hex'), key.publicKey, {
    hash: true,
    userId: SM2_USER_ID,
  })
}

/** DER of an Ed25519 SubjectPublicKeyInfo before its 32 key bytes (RFC 8410 §4). */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
