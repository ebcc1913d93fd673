import { createPublicKey } from 'node:crypto'
import { InvalidInputError } from './errors.js'

/**
 * A public key as the deployment publishes it (/.well-known/xueshi-keys.json), in the form the credential
 * verifier takes: `publicKey` is base64url of the raw 32 bytes (no padding) or an SPKI PEM. Keys of other
 * algorithms (SM2) may be listed; the credential verifier uses the Ed25519 ones only.
 */
export interface PublishedKey {
  kid: string
  alg: string
  publicKey: string
}

/** An Ed25519 public key from the published list, decoded. */
export interface Ed25519PublishedKey {
  kid: string
  raw: Uint8Array
}

/** The Ed25519 keys of a published list, as raw 32-byte keys; a malformed Ed25519 entry is an error naming its kid. */
export function ed25519KeysOf(keys: readonly PublishedKey[]): Ed25519PublishedKey[] {
  return keys.filter((k) => k.alg === 'Ed25519').map((k) => ({ kid: k.kid, raw: rawEd25519(k) }))
}

function rawEd25519(key: PublishedKey): Uint8Array {
  const text = key.publicKey.trim()
  if (text.startsWith('-----BEGIN PUBLIC KEY-----')) {
    try {
      const spki = createPublicKey(text)
      if (spki.asymmetricKeyType === 'ed25519')
        return Buffer.from(spki.export({ format: 'jwk' }).x ?? '', 'base64url')
    } catch {}
    throw new InvalidInputError(`keys[${key.kid}].publicKey`, '不是 Ed25519 公钥（SPKI PEM）')
  }
  const raw = /^[A-Za-z0-9_-]{43}$/.test(text) ? Buffer.from(text, 'base64url') : Buffer.alloc(0)
  if (raw.length !== 32) {
    throw new InvalidInputError(
      `keys[${key.kid}].publicKey`,
      '须为 32 字节 Ed25519 公钥的 base64url 或 SPKI PEM',
    )
  }
  return raw
}

/**
 * The adapter from a keys document to PublishedKey[]: the integrator maps cert-core's
 * /.well-known/xueshi-keys.json (or a `--keys` file) through it. Accepted: an array, or an object with a
 * `keys` array; each entry either `{ kid, alg, publicKey }` (publicKey: base64url raw or SPKI PEM; `publicKeyPem`
 * is taken as a synonym) or a JWK `{ kid, kty: 'OKP', crv: 'Ed25519', x }`. Entries of other algorithms are
 * kept with their `alg` and ignored by the verifier. Anything else is an InvalidInputError naming the field.
 */
export function publishedKeysFrom(document: unknown): PublishedKey[] {
  const list = Array.isArray(document) ? document : (document as { keys?: unknown } | null)?.keys
  if (!Array.isArray(list)) throw new InvalidInputError('keys', '须为公钥数组，或含 keys 数组的对象')
  return list.map((entry, i) => publishedKeyFrom(entry, i))
}

function publishedKeyFrom(entry: unknown, i: number): PublishedKey {
  if (typeof entry !== 'object' || entry === null) throw new InvalidInputError(`keys[${i}]`, '须为对象')
  const e = entry as Record<string, unknown>
  if (typeof e.kid !== 'string' || e.kid === '')
    throw new InvalidInputError(`keys[${i}].kid`, '须为非空字符串')
  if (e.kty === 'OKP' && e.crv === 'Ed25519' && typeof e.x === 'string') {
    return { kid: e.kid, alg: 'Ed25519', publicKey: e.x }
  }
  const publicKey = e.publicKey ?? e.publicKeyPem
  if (typeof e.alg !== 'string') throw new InvalidInputError(`keys[${i}].alg`, '须为字符串（如 Ed25519）')
  if (typeof publicKey !== 'string') throw new InvalidInputError(`keys[${i}].publicKey`, '须为字符串')
  return { kid: e.kid, alg: e.alg, publicKey }
}
