import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context'
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context'
import { OPEN_BADGES_V3_CONTEXT_URL, openBadgesV3Context } from './open-badges-v3p0.js'

export const CREDENTIALS_V2_CONTEXT_URL = 'https://www.w3.org/ns/credentials/v2'
export const MULTIKEY_CONTEXT_URL = 'https://w3id.org/security/multikey/v1'
const DID_V1_CONTEXT_URL = 'https://www.w3.org/ns/did/v1'

/**
 * Every JSON-LD context a certificate credential may name, all shipped with the package: VC 2.0 (and 1.1),
 * Data Integrity, Multikey, Open Badges 3.0.3. Nothing is ever fetched.
 */
const CONTEXTS = new Map<string, unknown>(
  [
    ...credentialsContexts,
    ...dataIntegrityContexts,
    ...multikeyContexts,
    [OPEN_BADGES_V3_CONTEXT_URL, openBadgesV3Context] as const,
  ].map(([url, context]) => [url, deepFreeze(context)]),
)

/** One copy of each context serves every call, so none may be changed by one of them. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

/** A URL the offline loader will not serve: an unknown context, or a DID that is not an Ed25519 did:key. */
export class DocumentRefusedError extends Error {
  override name = 'DocumentRefusedError'
  constructor(readonly url: string) {
    super(`不加载未随软件提供的文档：${url.slice(0, 200)}`)
  }
}

export interface LoadedDocument {
  contextUrl: null
  documentUrl: string
  document: unknown
  /** 'static': the document never changes, so jsonld may keep the processed context across calls. */
  tag?: 'static'
}

/**
 * The document loader for issuing and verifying: contexts from the map above, and did:key documents
 * derived from the identifier itself (did:key is self-describing: the key is the identifier). Any other URL
 * throws DocumentRefusedError, so a credential can never make the verifier reach the network.
 */
export async function offlineDocumentLoader(url: string): Promise<LoadedDocument> {
  const context = CONTEXTS.get(url)
  if (context !== undefined) return { contextUrl: null, documentUrl: url, document: context, tag: 'static' }
  if (url.startsWith('did:key:'))
    return { contextUrl: null, documentUrl: url, document: await didKeyDocument(url) }
  throw new DocumentRefusedError(url)
}

/** `did:key:z6Mk…` (the DID document) or `did:key:z6Mk…#z6Mk…` (its one verification method). */
async function didKeyDocument(url: string): Promise<object> {
  const [did = '', fragment] = url.split('#', 2)
  const multibase = did.slice('did:key:'.length)
  if (fragment !== undefined && fragment !== multibase) throw new DocumentRefusedError(url)
  await didKeyPublicKey(multibase).catch(() => {
    throw new DocumentRefusedError(url)
  })
  const method = verificationMethodOf(multibase)
  if (fragment !== undefined) return { '@context': MULTIKEY_CONTEXT_URL, ...method }
  // ControllerProofPurpose reads a DID document (DID context first) as it is, without expanding it.
  return {
    '@context': [DID_V1_CONTEXT_URL, MULTIKEY_CONTEXT_URL],
    id: did,
    verificationMethod: [method],
    assertionMethod: [method.id],
  }
}

/** The did:key verification method of an Ed25519 public key in multibase (did:key spec: `did:key:X#X`). */
export function verificationMethodOf(multibase: string) {
  const controller = `did:key:${multibase}`
  return { id: `${controller}#${multibase}`, type: 'Multikey', controller, publicKeyMultibase: multibase }
}

/** The raw 32-byte public key of an Ed25519 did:key's multibase value; throws if it is not one. */
export async function didKeyPublicKey(multibase: string): Promise<Uint8Array> {
  // 'z6Mk' is base58btc of the Ed25519 public-key multicodec prefix 0xed01 (did:key spec, Ed25519).
  if (!/^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/.test(multibase)) throw new Error('not an Ed25519 did:key')
  const key = await Ed25519Multikey.from({
    '@context': MULTIKEY_CONTEXT_URL,
    type: 'Multikey',
    publicKeyMultibase: multibase,
  })
  if (key.publicKey.length !== 32) throw new Error('not an Ed25519 did:key')
  return Uint8Array.from(key.publicKey)
}
