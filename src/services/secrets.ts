import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigurationError } from './errors.js'

/** Keys that protect resident ID numbers: one for the look-up hash, one for the encrypted copy. */
export interface Secrets {
  lookupKey: Buffer
  encryptionKey: Buffer
}

const derive = (master: Buffer, purpose: string): Buffer =>
  Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `xueshi ${purpose}`, 32))

export function secretsFrom(master: Buffer): Secrets {
  if (master.length < 32) throw new ConfigurationError('XUESHI_SECRET must hold at least 32 bytes (base64)')
  return { lookupKey: derive(master, 'id lookup'), encryptionKey: derive(master, 'id encryption') }
}

/**
 * XUESHI_SECRET (base64, ≥ 32 bytes). In embedded mode (no DATABASE_URL) one is generated into the
 * data directory on first start, and `log` says so; with PostgreSQL it must be configured.
 */
export function loadSecrets(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  log: (line: string) => void = () => {},
): Secrets {
  if (env.XUESHI_SECRET) return secretsFrom(Buffer.from(env.XUESHI_SECRET, 'base64'))
  if (env.DATABASE_URL) {
    throw new ConfigurationError('XUESHI_SECRET is required with DATABASE_URL (base64 of ≥ 32 random bytes)')
  }
  const file = join(dataDir, 'secret.key')
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
    log(
      `generated a new secret for resident ID protection in ${file}: back it up, the data cannot be read without it`,
    )
  }
  return secretsFrom(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'))
}

/** The person's key: keyed hash (HMAC-SHA256) of the resident ID number, 128 bits in hex. */
export function personKeyOf(secrets: Secrets, idNumber: string): string {
  return createHmac('sha256', secrets.lookupKey).update(idNumber).digest('hex').slice(0, 32)
}

/** AES-256-GCM: 12-byte nonce, 16-byte tag, ciphertext. Seals ID numbers and second-factor secrets. */
export function seal(secrets: Secrets, text: string): Buffer {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', secrets.encryptionKey, iv)
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body])
}

export function unseal(secrets: Secrets, sealed: Uint8Array): string {
  const buf = Buffer.from(sealed)
  const decipher = createDecipheriv('aes-256-gcm', secrets.encryptionKey, buf.subarray(0, 12))
  decipher.setAuthTag(buf.subarray(12, 28))
  return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8')
}
