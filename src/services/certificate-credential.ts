import type { KeyObject } from 'node:crypto'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { canonicalJson } from './canonical-json.js'
import type { SignedCertificate } from './certificate-content.js'
import { openBadgeOf } from './certificate-open-badge.js'
import { type OpenBadgeReading, readOpenBadge } from './certificate-open-badge-read.js'
import {
  DocumentRefusedError,
  didKeyPublicKey,
  offlineDocumentLoader,
  verificationMethodOf,
} from './credential-contexts/document-loader.js'
import { ed25519KeysOf, type PublishedKey } from './credential-keys.js'
import { InvalidInputError } from './errors.js'

/**
 * The portable credential (issue 13, "Portable credential"): the certificate as a W3C Verifiable Credential 2.0
 * in the Open Badges 3.0 shape (certificate-open-badge.ts), signed with Data Integrity, cryptosuite
 * eddsa-rdfc-2022, by the deployment's Ed25519 certificate key.
 *
 * Verification method: the did:key of that Ed25519 key (`did:key:z6Mk…#z6Mk…`). did:key is self-contained: the
 * public key is the identifier, so any VC verifier can check the signature offline, with no resolver. That
 * alone proves only "signed by some key"; verifyCredential therefore also requires the key to be among the
 * deployment's published keys (/.well-known/xueshi-keys.json, see credential-keys.ts), matched by its bytes,
 * and answers with that key's kid. Issuing is deterministic (Ed25519, canonical RDF, `created` = issuedAt):
 * the same certificate and key always give the same credential, so it need not be stored.
 */
export async function issueCredential(
  cert: SignedCertificate,
  signer: { kid: string; privateKey: KeyObject },
  issuer: { id: string; name: string },
): Promise<object> {
  const { privateKey } = signer
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new InvalidInputError('signer.privateKey', `密钥 ${signer.kid} 须为 Ed25519 私钥`)
  }
  if (!URL.canParse(issuer.id)) throw new InvalidInputError('issuer.id', '须为绝对 URL（部署的地址）')
  const jwk = privateKey.export({ format: 'jwk' })
  const publicKey = await Ed25519Multikey.fromJwk({ jwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x } })
  const method = verificationMethodOf(publicKey.publicKeyMultibase)
  const keyPair = await Ed25519Multikey.fromJwk({
    jwk,
    secretKey: true,
    id: method.id,
    controller: method.controller,
  })
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite, date: cert.content.issuedAt })
  const credential = openBadgeOf(cert, { did: method.controller, ...issuer })
  return vc.issue({ credential, suite, documentLoader: offlineDocumentLoader })
}

/** Valid: what the credential says (as issued) and the kid of the published key that signed it. */
export type CredentialVerification =
  | ({ valid: true; kid: string } & OpenBadgeReading)
  | { valid: false; reason: string }

/** Past this a file is no certificate credential (a year's activities fit in a few tens of KB). */
const MAX_CREDENTIAL_CHARS = 1_000_000

/**
 * Checks a credential offline: its shape, that it is signed (eddsa-rdfc-2022) by an Ed25519 key among
 * `publishedKeys`, and that nothing signed has changed. Answers a reason in plain Chinese, never throws for a
 * bad credential; a malformed `publishedKeys` entry throws InvalidInputError (the caller's input, exit 2).
 */
export async function verifyCredential(
  credential: unknown,
  publishedKeys: readonly PublishedKey[],
): Promise<CredentialVerification> {
  const keys = ed25519KeysOf(publishedKeys)
  let size: number
  try {
    size = canonicalJson(credential).length
  } catch {
    return { valid: false, reason: '凭证格式不正确：嵌套过深' }
  }
  if (size > MAX_CREDENTIAL_CHARS) return { valid: false, reason: '凭证格式不正确：文件过大' }
  const read = readOpenBadge(credential)
  if (!read.ok) return { valid: false, reason: `凭证格式不正确：${read.problem}` }
  const { badge, multibase } = read

  let raw: Uint8Array
  try {
    raw = await didKeyPublicKey(multibase)
  } catch {
    return { valid: false, reason: '凭证格式不正确：签名方法不是 Ed25519 did:key' }
  }
  const key = keys.find((k) => Buffer.from(k.raw).equals(raw))
  if (!key) return { valid: false, reason: '密钥不在发布的公钥中' }

  const suite = new DataIntegrityProof({ cryptosuite })
  const result = await vc.verifyCredential({
    credential: credential as object,
    suite,
    documentLoader: offlineDocumentLoader,
  })
  if (!result.verified) return { valid: false, reason: failureReason(result) }
  return { valid: true, kid: key.kid, ...badge }
}

function failureReason(result: Awaited<ReturnType<typeof vc.verifyCredential>>): string {
  const errors: Error[] = []
  // jsonld-signatures gathers errors in `errors`; jsonld wraps a loader's error in `details.cause`.
  const collect = (e: (Error & { errors?: Error[]; details?: { cause?: Error } }) | undefined) => {
    if (!e) return
    errors.push(e)
    for (const inner of e.errors ?? []) collect(inner)
    collect(e.details?.cause)
  }
  collect(result.error)
  for (const r of result.results ?? []) collect(r.error)
  const refused = errors.find((e) => e instanceof DocumentRefusedError) as DocumentRefusedError | undefined
  if (refused) return `凭证引用了未随软件提供的上下文或文档（${refused.url.slice(0, 200)}）`
  // @digitalbazaar/vc checks validFrom against the clock (5 minutes' skew allowed).
  if (errors.some((e) => e.message.includes('before "validFrom"')))
    return '凭证尚未生效：签发时间晚于本机当前时间'
  return '签名无效'
}
