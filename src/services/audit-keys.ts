import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigurationError } from './errors.js'

/**
 * The Ed25519 key that signs audit checkpoints. It lives outside the database (a file), so someone who
 * can rewrite the database cannot forge a checkpoint: XUESHI_AUDIT_KEY_FILE (PKCS#8 PEM), or in
 * embedded mode a key generated into the data directory on first use.
 */
export function loadSigningKey(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  log: (line: string) => void = () => {},
): KeyObject {
  if (env.XUESHI_AUDIT_KEY_FILE) return createPrivateKey(readFileSync(env.XUESHI_AUDIT_KEY_FILE))
  if (env.DATABASE_URL) {
    throw new ConfigurationError(
      'XUESHI_AUDIT_KEY_FILE is required with DATABASE_URL (an Ed25519 private key, PEM)',
    )
  }
  const file = join(dataDir, 'audit-signing-key.pem')
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' })
    writeFileSync(
      join(dataDir, 'audit-signing-key.pub.pem'),
      publicKey.export({ type: 'spki', format: 'pem' }),
    )
    log(
      `generated the audit checkpoint signing key in ${file}; keep a copy of its .pub.pem away from this machine`,
    )
  }
  return createPrivateKey(readFileSync(file))
}

/** The key that verifies checkpoints: XUESHI_AUDIT_PUBLIC_KEY_FILE, else derived from the signing key. */
export function loadVerifyingKey(env: NodeJS.ProcessEnv, dataDir: string): KeyObject {
  if (env.XUESHI_AUDIT_PUBLIC_KEY_FILE) return createPublicKey(readFileSync(env.XUESHI_AUDIT_PUBLIC_KEY_FILE))
  return createPublicKey(loadSigningKey(env, dataDir))
}
