import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sm2 } from 'sm-crypto-v2'
import type { CertificateAlgorithm } from './certificate-content.js'
import { ConfigurationError, InvalidInputError } from './errors.js'

/**
 * A published certificate key, as GET /.well-known/xueshi-keys.json lists it and `xueshi verify-certificate
 * --keys` reads it. `publicKey`: Ed25519 — base64url of the raw 32-byte key (RFC 8032); SM2-SM3 — hex of the
 * uncompressed point 04‖x‖y (130 hex digits, GB/T 32918.1), as SM2 libraries take it. A retired key still
 * verifies the certificates it signed; it signs nothing new.
 */
export interface PublicCertificateKey {
  kid: string
  alg: CertificateAlgorithm
  publicKey: string
  status: 'active' | 'retired'
  /** ISO 8601 instant the key was made. */
  created: string
}

/**
 * A key of the keyring file. `privateKey`: Ed25519 — PKCS#8 PEM; SM2-SM3 — the private scalar in hex (64
 * digits). The file (XUESHI_CERT_KEYS_FILE, or certificate-keys.json in the data directory, mode 0600) is
 * `{ "keys": [CertificateKey, …] }`.
 */
export interface CertificateKey extends PublicCertificateKey {
  privateKey: string
}

export interface PublishedKeys {
  keys: PublicCertificateKey[]
}

export const KEYRING_FILE = 'certificate-keys.json'

const ALGORITHMS: readonly CertificateAlgorithm[] = ['Ed25519', 'SM2-SM3']

/** A fresh key: kid is the algorithm, the day and 6 random hex digits (ed25519-20261202-9f3a1c). */
export function generateCertificateKey(alg: CertificateAlgorithm, now = new Date()): CertificateKey {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '')
  const kid = `${alg === 'Ed25519' ? 'ed25519' : 'sm2'}-${day}-${randomBytes(3).toString('hex')}`
  const created = now.toISOString()
  if (alg === 'Ed25519') {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    return {
      kid,
      alg,
      status: 'active',
      created,
      publicKey: rawEd25519(publicKey.export({ format: 'der', type: 'spki' })),
      privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    }
  }
  const pair = sm2.generateKeyPairHex()
  return { kid, alg, status: 'active', created, publicKey: pair.publicKey, privateKey: pair.privateKey }
}

/** The raw key is the last 32 bytes of an Ed25519 SubjectPublicKeyInfo (RFC 8410). */
const rawEd25519 = (spki: Buffer): string => spki.subarray(spki.length - 32).toString('base64url')

/** What the public may know of a keyring: no private key. */
export const publishedKeys = (keys: readonly PublicCertificateKey[]): PublishedKeys => ({
  keys: keys.map(({ kid, alg, publicKey, status, created }) => ({ kid, alg, publicKey, status, created })),
})

/** Reads a keyring file's keys, checking each (bad: InvalidInputError naming the key). */
export function parseKeyring(text: string, withPrivate: true): CertificateKey[]
export function parseKeyring(text: string, withPrivate: false): PublicCertificateKey[]
export function parseKeyring(text: string, withPrivate: boolean): PublicCertificateKey[] {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw new InvalidInputError('keys', '不是 JSON（应为 {"keys": [...]}）')
  }
  const keys = (doc as { keys?: unknown } | null)?.keys
  if (!Array.isArray(keys) || keys.length === 0)
    throw new InvalidInputError('keys', '应为 {"keys": [...]}，且至少有一把密钥')
  return keys.map((k, i) => checkKey(k, i, withPrivate))
}

function checkKey(k: unknown, i: number, withPrivate: boolean): PublicCertificateKey {
  const key = (k ?? {}) as Record<string, unknown>
  const bad = (problem: string) => new InvalidInputError(`keys[${i}]`, problem)
  if (typeof key.kid !== 'string' || !/^[\w.-]{1,64}$/.test(key.kid))
    throw bad('kid 须为 1–64 个字母、数字、-._')
  if (!ALGORITHMS.includes(key.alg as CertificateAlgorithm)) throw bad('alg 须为 Ed25519 或 SM2-SM3')
  if (key.status !== 'active' && key.status !== 'retired') throw bad('status 须为 active 或 retired')
  if (typeof key.created !== 'string' || Number.isNaN(Date.parse(key.created))) throw bad('created 须为时间')
  const pub = key.publicKey
  if (key.alg === 'Ed25519') {
    if (typeof pub !== 'string' || Buffer.from(pub, 'base64url').length !== 32 || !/^[\w-]{43}$/.test(pub))
      throw bad('Ed25519 publicKey 须为 32 字节公钥的 base64url')
  } else if (typeof pub !== 'string' || !/^04[0-9a-f]{128}$/i.test(pub) || !sm2.verifyPublicKey(pub)) {
    throw bad('SM2 publicKey 须为曲线上的未压缩点 04‖x‖y（130 位十六进制）')
  }
  const out: PublicCertificateKey = {
    kid: key.kid,
    alg: key.alg as CertificateAlgorithm,
    publicKey: pub,
    status: key.status,
    created: key.created,
  }
  if (!withPrivate) return out
  const priv = key.privateKey
  if (key.alg === 'Ed25519') {
    let derived: string
    try {
      derived = rawEd25519(
        createPublicKey(createPrivateKey(String(priv))).export({ format: 'der', type: 'spki' }),
      )
    } catch {
      throw bad('Ed25519 privateKey 须为 PKCS#8 PEM')
    }
    if (derived !== pub) throw bad('privateKey 与 publicKey 不是一对')
  } else {
    if (typeof priv !== 'string' || !/^[0-9a-f]{64}$/i.test(priv))
      throw bad('SM2 privateKey 须为 64 位十六进制')
    if (sm2.getPublicKeyFromPrivateKey(priv).toLowerCase() !== pub.toLowerCase())
      throw bad('privateKey 与 publicKey 不是一对')
  }
  return { ...out, privateKey: priv } as CertificateKey
}

/**
 * Where the keyring lives: XUESHI_CERT_KEYS_FILE (required with DATABASE_URL, as the audit key is), else
 * certificate-keys.json in the data directory (embedded mode).
 */
export function keyringFileOf(env: NodeJS.ProcessEnv, dataDir: string): string {
  if (env.XUESHI_CERT_KEYS_FILE) return env.XUESHI_CERT_KEYS_FILE
  if (env.DATABASE_URL) {
    throw new ConfigurationError(
      'XUESHI_CERT_KEYS_FILE is required with DATABASE_URL (the certificate keyring, JSON; see README)',
    )
  }
  return join(dataDir, KEYRING_FILE)
}

/**
 * The certificate keyring: the configured file, or in embedded mode one generated into the data directory
 * on first use (an Ed25519 and an SM2 key, file mode 0600). Read at each use, so a rotation by `xueshi
 * rotate-certificate-keys` takes effect without a restart.
 */
export function loadCertificateKeys(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  log: (line: string) => void = () => {},
): CertificateKey[] {
  const file = keyringFileOf(env, dataDir)
  if (!env.XUESHI_CERT_KEYS_FILE && !existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    try {
      writeFileSync(file, keyringText(ALGORITHMS.map((alg) => generateCertificateKey(alg))), {
        mode: 0o600,
        flag: 'wx',
      })
      log(`generated the certificate signing keys in ${file}; publish /.well-known/xueshi-keys.json`)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e // another process made it first
    }
  }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new ConfigurationError(`cannot read the certificate keyring ${file}`)
  }
  try {
    return parseKeyring(text, true)
  } catch (e) {
    throw new ConfigurationError(`${file}: ${(e as Error).message}`)
  }
}

const keyringText = (keys: readonly CertificateKey[]): string => `${JSON.stringify({ keys }, null, 2)}\n`

/**
 * Rotation: a new active key of each algorithm; every key active before is retired (it still verifies
 * what it signed). The file is replaced atomically, mode 0600. Returns the new keyring.
 */
export function rotateCertificateKeys(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  now = new Date(),
): { file: string; retired: string[]; added: CertificateKey[] } {
  const file = keyringFileOf(env, dataDir)
  const old = loadCertificateKeys(env, dataDir)
  const retired = old.filter((k) => k.status === 'active').map((k) => k.kid)
  const added = ALGORITHMS.map((alg) => generateCertificateKey(alg, now))
  const keys = [...old.map((k) => ({ ...k, status: 'retired' as const })), ...added]
  const temp = `${file}.${process.pid}.tmp`
  writeFileSync(temp, keyringText(keys), { mode: 0o600 })
  renameSync(temp, file)
  return { file, retired, added }
}
