import type { CertificateFigures } from './certificate-content.js'
import { CREDENTIALS_V2_CONTEXT_URL } from './credential-contexts/document-loader.js'
import { OPEN_BADGES_V3_CONTEXT_URL } from './credential-contexts/open-badges-v3p0.js'

/** What a certificate credential says, read back from the shape openBadgeOf writes. */
export interface OpenBadgeReading {
  serial: string
  issuedAt: string
  verifyUrl: string
  issuer: string
  /** The year or window as printed (2025年度, 2023—2025年（3年周期）). */
  term: string
  /** The policy's document number. */
  documentNumber: string
  name: string
  idMasked: string
  totals: CertificateFigures
  required: CertificateFigures
  compliant: boolean
  verdict: string
}

export type ReadResult =
  | {
      ok: true
      badge: OpenBadgeReading /** the did:key value (z6Mk…) of the proof's verification method */
      multibase: string
    }
  | { ok: false; problem: string }

class Malformed extends Error {}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

/**
 * Reads a credential (hostile input) as openBadgeOf shapes it, naming the first field that is missing or
 * wrong. Only the shape: whether the signature holds is the verifier's question.
 */
export function readOpenBadge(input: unknown): ReadResult {
  try {
    return readOrThrow(input)
  } catch (e) {
    if (e instanceof Malformed) return { ok: false, problem: e.message }
    throw e
  }
}

function readOrThrow(input: unknown): ReadResult {
  const vc = object(input, '凭证')
  const context = array(vc['@context'], '@context')
  // Exactly these two: an inline or further context could make the JSON read differently from what was signed.
  if (
    context.length !== 2 ||
    context[0] !== CREDENTIALS_V2_CONTEXT_URL ||
    context[1] !== OPEN_BADGES_V3_CONTEXT_URL
  ) {
    throw new Malformed(`@context 须为 [${CREDENTIALS_V2_CONTEXT_URL}, ${OPEN_BADGES_V3_CONTEXT_URL}]`)
  }
  assertNoKeywords(vc, '', true)
  const type = array(vc.type, 'type')
  if (!type.includes('VerifiableCredential') || !type.includes('OpenBadgeCredential')) {
    throw new Malformed('type 须含 VerifiableCredential 与 OpenBadgeCredential')
  }
  const verifyUrl = text(vc.id, 'id')
  const issuedAt = text(vc.validFrom, 'validFrom')
  if (!ISO_INSTANT.test(issuedAt) || Number.isNaN(Date.parse(issuedAt)))
    throw new Malformed('validFrom 须为日期时间')
  const issuer = object(vc.issuer, 'issuer')
  const issuerId = text(issuer.id, 'issuer.id')
  if (!array(issuer.type, 'issuer.type').includes('Profile')) throw new Malformed('issuer.type 须含 Profile')

  const proof = object(vc.proof, 'proof')
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-rdfc-2022') {
    throw new Malformed('proof 须为 DataIntegrityProof（eddsa-rdfc-2022）')
  }
  if (proof.proofPurpose !== 'assertionMethod') throw new Malformed('proof.proofPurpose 须为 assertionMethod')
  const method = text(proof.verificationMethod, 'proof.verificationMethod')
  const multibase = issuerId.startsWith('did:key:') ? issuerId.slice('did:key:'.length) : ''
  if (multibase === '' || method !== `${issuerId}#${multibase}`) {
    throw new Malformed('proof.verificationMethod 须为 issuer.id 的 did:key 密钥')
  }

  const subject = object(vc.credentialSubject, 'credentialSubject')
  const identity = (identityType: string) => {
    const found = array(subject.identifier, 'credentialSubject.identifier')
      .map((x) => object(x, 'credentialSubject.identifier[]'))
      .find((x) => x.identityType === identityType)
    return text(found?.identityHash, `credentialSubject.identifier（${identityType}）`)
  }
  const achievement = object(subject.achievement, 'credentialSubject.achievement')
  for (const field of ['id', 'name', 'description'] as const) text(achievement[field], `achievement.${field}`)
  object(achievement.criteria, 'achievement.criteria')
  const descriptions = array(achievement.resultDescription, 'achievement.resultDescription').map((x) =>
    object(x, 'achievement.resultDescription[]'),
  )
  const results = array(subject.result, 'credentialSubject.result').map((x) =>
    object(x, 'credentialSubject.result[]'),
  )
  const idOf = (key: string) => `${text(achievement.id, 'achievement.id')}#${key}`
  const required = (key: string) =>
    hours(
      descriptions.find((d) => d.id === idOf(key))?.requiredValue,
      `resultDescription（${key}）.requiredValue`,
    )
  const result = (key: string) => results.find((r) => r.resultDescription === idOf(key))
  const earned = (key: string) => hours(result(key)?.value, `result（${key}）.value`)
  const verdict = result('verdict')

  return {
    ok: true,
    multibase,
    badge: {
      serial: text(subject.licenseNumber, 'credentialSubject.licenseNumber'),
      issuedAt,
      verifyUrl,
      issuer: text(issuer.name, 'issuer.name'),
      term: text(subject.term, 'credentialSubject.term'),
      documentNumber: text(
        array(achievement.otherIdentifier, 'achievement.otherIdentifier')
          .map((x) => object(x, 'achievement.otherIdentifier[]'))
          .find((x) => x.identifierType === 'ext:documentNumber')?.identifier,
        'achievement.otherIdentifier（ext:documentNumber）',
      ),
      name: identity('name'),
      idMasked: identity('ext:maskedNationalIdentityNumber'),
      totals: { public: earned('public'), professional: earned('professional'), total: earned('total') },
      required: {
        public: required('public'),
        professional: required('professional'),
        total: required('total'),
      },
      compliant: verdict?.status === 'Completed',
      verdict: text(verdict?.value, 'result（verdict）.value'),
    },
  }
}

/** A JSON-LD keyword below the root (an embedded @context, an @id alias…) could also change how the JSON reads. */
function assertNoKeywords(value: unknown, path: string, root = false): void {
  if (typeof value !== 'object' || value === null) return
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('@') && !(root && key === '@context'))
      throw new Malformed(`${path || '凭证'} 不得含 ${key.slice(0, 40)}`)
    assertNoKeywords(v, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key)
  }
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Malformed(`${field} 须为对象`)
  return value as Record<string, unknown>
}

function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new Malformed(`${field} 须为数组`)
  return value
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new Malformed(`${field} 须为非空字符串`)
  return value
}

function hours(value: unknown, field: string): number {
  const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isFinite(n)) throw new Malformed(`${field} 须为学时数`)
  return n
}
