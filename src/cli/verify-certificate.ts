import { existsSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { SignedCertificate } from '../services/certificate-content.js'
import {
  keyringFileOf,
  loadCertificateKeys,
  type PublicCertificateKey,
  parseKeyring,
  rotateCertificateKeys,
} from '../services/certificate-keys.js'
import { certificateFromPdf } from '../services/certificate-pdf.js'
import { verifyCertificate } from '../services/certificate-signatures.js'
import { type CommandResult, dataDirOf, log } from './context.js'
import { UsageError } from './errors.js'

// Offline: nothing here opens the database (or loads its modules).

/** The period as printed: 2025年度, or 2021–2025年（近5年）. */
export const period = ({ content: { period: p } }: SignedCertificate): string =>
  p.window === null ? `${p.year}年度` : `${p.fromYear}–${p.toYear}年（近${p.window}年）`

/** The keys to verify with: --keys (the published JSON), else the deployment's keyring when there is one. */
function verifyingKeys(keysFile: string | undefined): PublicCertificateKey[] {
  if (keysFile !== undefined) {
    let text: string
    try {
      text = readFileSync(keysFile, 'utf8')
    } catch {
      throw new UsageError(`cannot read --keys ${keysFile}`)
    }
    try {
      return parseKeyring(text, false)
    } catch (e) {
      throw new UsageError(`${keysFile}: ${(e as Error).message}`)
    }
  }
  let file: string | undefined
  try {
    file = keyringFileOf(process.env, dataDirOf())
  } catch {
    file = undefined
  }
  if (file === undefined || !existsSync(file))
    throw new UsageError(
      "no certificate keyring here: pass --keys <keys.json> (the deployment's /.well-known/xueshi-keys.json)",
    )
  try {
    return loadCertificateKeys(process.env, dataDirOf())
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
}

/**
 * `xueshi verify-certificate <file.pdf> [--keys <keys.json>]`, offline: exit 0 when every signature holds
 * (printing what the certificate says), 1 when it is invalid or tampered with (the reason), 2 on bad input.
 * A JSON file is read as the portable credential (Open Badges 3.0, eddsa-rdfc-2022) and verified the same way,
 * its key checked against the published keys.
 */
export async function runVerifyCertificate(args: string[]): Promise<CommandResult> {
  const { values, positionals } = parseArgs({
    args,
    options: { keys: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length !== 1)
    throw new UsageError('usage: xueshi verify-certificate <file.pdf> [--keys <keys.json>]')
  const path = positionals[0] as string
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch {
    throw new UsageError(`cannot read ${path}`)
  }
  const keys = verifyingKeys(values.keys)
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return verifyCredentialFile(path, bytes, keys)
  let cert: SignedCertificate
  try {
    cert = certificateFromPdf(bytes)
  } catch (e) {
    throw new UsageError(`${path}: ${(e as Error).message}`)
  }
  const verdict = verifyCertificate(cert, keys)
  if (!verdict.ok) return { output: `INVALID: ${verdict.reason}\n`, exitCode: 1 }
  const c = cert.content
  const lines = [
    `VALID: certificate ${c.serial}`,
    `  ${c.person.name} (${c.person.idMasked}), ${period(cert)}, ${c.policy.title}（${c.policy.documentNumber}）`,
    `  公需 ${c.totals.public} + 专业 ${c.totals.professional} = ${c.totals.total} 学时（要求 ${c.required.total}）：${c.verdict}`,
    `  issued ${c.issuedAt} by ${c.issuer.name}`,
    ...verdict.verified.map(
      (v) => `  signature ${v.alg} ${v.kid} verified${v.status === 'retired' ? ' (key retired since)' : ''}`,
    ),
    `  current status (revoked or superseded since?): ${cert.verifyUrl}`,
  ]
  return `${lines.join('\n')}\n`
}

/** A credential file (JSON): exit 0 valid, 1 invalid with the reason, 2 when the file is not JSON at all. */
async function verifyCredentialFile(
  path: string,
  bytes: Buffer,
  keys: readonly PublicCertificateKey[],
): Promise<CommandResult> {
  let credential: unknown
  try {
    credential = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new UsageError(`${path} is neither a PDF certificate nor a JSON credential`)
  }
  const types = (credential as { type?: unknown } | null)?.type
  if (!Array.isArray(types) || !types.includes('VerifiableCredential'))
    throw new UsageError(`${path} is neither a PDF certificate nor a verifiable credential`)
  const { verifyCredential } = await import('../services/certificate-credential.js')
  const verdict = await verifyCredential(credential, keys)
  if (!verdict.valid) return { output: `INVALID: ${verdict.reason}\n`, exitCode: 1 }
  const lines = [
    `VALID: credential for certificate ${verdict.serial}`,
    `  ${verdict.name} (${verdict.idMasked}), ${verdict.term}（${verdict.documentNumber}）`,
    `  公需 ${verdict.totals.public} + 专业 ${verdict.totals.professional} = ${verdict.totals.total} 学时（要求 ${verdict.required.total}）：${verdict.verdict}`,
    `  issued ${verdict.issuedAt}; signature Ed25519 ${verdict.kid} verified`,
    `  current status (revoked or superseded since?): ${verdict.verifyUrl}`,
  ]
  return `${lines.join('\n')}\n`
}

/**
 * `xueshi rotate-certificate-keys`: a new active Ed25519 and SM2 key; the keys active until now are
 * retired (they still verify what they signed, and sign nothing new).
 */
export async function runRotateCertificateKeys(args: string[]): Promise<string> {
  if (args.length > 0)
    throw new UsageError(`rotate-certificate-keys takes no arguments, got "${args.join(' ')}"`)
  const { file, retired, added } = rotateCertificateKeys(process.env, dataDirOf())
  log(`rotated the certificate keys in ${file}; publish the new /.well-known/xueshi-keys.json`)
  return `retired: ${retired.join(', ') || '(none)'}\nactive: ${added.map((k) => `${k.kid} (${k.alg})`).join(', ')}\n`
}
