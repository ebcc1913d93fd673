// The exchange file (docs/exchange.md): JSON Lines whose first line is the signed manifest and every
// further line a ledger entry. Pure: no database, so the worker thread that reads an uploaded file loads
// only this.
import { createHash, createHmac, createPublicKey, type KeyObject, sign, verify } from 'node:crypto'
import { canonicalJson } from './canonical-json.js'
import { InvalidInputError, TooLargeError } from './errors.js'

export const FORMAT = 'xueshi-exchange'
/** Major.minor: a receiver takes every minor of its major (unknown fields ignored) and refuses another major. */
export const VERSION = '1.0'
export const MAJOR = 1

export interface ExchangeManifest {
  format: typeof FORMAT
  version: string
  issuer: {
    /** The exporting HR department's name. */
    name: string
    /** The issuing deployment's region (GB/T 2260). */
    region: string
    /** Its Ed25519 public key, base64url of the raw 32 bytes (RFC 8032): the receiver must trust it. */
    key: string
  }
  /** The region whose persons' entries the file holds. */
  region: string
  /** The ledger increment: entries written from `from` (inclusive) below `to`; the next export starts at `to`. */
  cursor: { from: string; to: string }
  exportedAt: string
  /** How persons are named: HMAC-SHA256 of the resident ID number under the shared exchange key. */
  person: { alg: 'HMAC-SHA256'; keyId: string }
  counts: { credits: number; reversals: number }
  /** SHA-256 (hex) of every line after the manifest, each with its "\n", as bytes. */
  sha256: string
  /** Ed25519 over the canonical JSON (sorted keys) of the manifest without `signature`. */
  signature: { alg: 'Ed25519'; value: string }
}

interface LineBase {
  /** The ledger entry's id at the sender (uuid): stable, names the entry for good. */
  id: string
  /** HMAC-SHA256 (hex) of the person's resident ID number under the exchange key. */
  person: string
  year: number
  public: number
  professional: number
  basis: string
  source: string
  createdAt: string
}

export interface CreditLine extends LineBase {
  type: 'credit'
  /** The credit's natural key and revision at the sender (credit-keys.ts); null for credits older than keys. */
  creditKey: string | null
  revision: number | null
  contentHash: string | null
  policy: string | null
  /** The activity record in the record vocabulary (docs/records.md). */
  record: Record<string, unknown>
}

export interface ReversalLine extends LineBase {
  type: 'reversal'
  /** The id of the credit it cancels (a credit line of this or an earlier file). */
  reverses: string
  /** The reversed credit's natural key, revision and content hash, for the receiver's checks. */
  creditKey: string | null
  revision: number | null
  contentHash: string | null
  reason: string
}

export type ExchangeLine = CreditLine | ReversalLine

/** What the exchange key is, without giving it away: HMAC of a fixed label, 16 hex digits. */
export const exchangeKeyId = (key: Buffer): string =>
  createHmac('sha256', key).update('xueshi exchange key id').digest('hex').slice(0, 16)

/** How both sides name a person: HMAC-SHA256 of the resident ID number (upper case) under the exchange key. */
export const personRefOf = (key: Buffer, idNumber: string): string =>
  createHmac('sha256', key).update(idNumber.toUpperCase()).digest('hex')

/** The raw Ed25519 public key, base64url (RFC 8032). */
export const rawPublicKey = (key: KeyObject): string => {
  const spki = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'der', type: 'spki' })
  return spki.subarray(spki.length - 32).toString('base64url')
}

/** An Ed25519 public key from base64url of its raw 32 bytes, or from PEM. */
export function publicKeyFrom(text: string): KeyObject {
  const t = text.trim()
  try {
    if (t.startsWith('-----BEGIN')) return createPublicKey(t)
    const raw = Buffer.from(t, 'base64url')
    if (raw.length !== 32) throw new Error('length')
    // SubjectPublicKeyInfo of Ed25519 (RFC 8410): a fixed 12-byte prefix, then the key.
    const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw])
    return createPublicKey({ key: der, format: 'der', type: 'spki' })
  } catch {
    throw new InvalidInputError('publicKey', '不是有效的 Ed25519 公钥（应为 32 字节的 base64url，或 PEM）')
  }
}

const unsigned = (m: ExchangeManifest): Omit<ExchangeManifest, 'signature'> => {
  const { signature: _, ...rest } = m
  return rest
}

/** The file: the manifest signed with the deployment's key, then the lines. */
export function writeExchangeFile(
  manifest: Omit<ExchangeManifest, 'signature' | 'sha256' | 'format' | 'version'>,
  lines: readonly ExchangeLine[],
  signingKey: KeyObject,
): { text: string; manifest: ExchangeManifest } {
  const body = lines.map(lineText).join('')
  const signed = signManifest(manifest, createHash('sha256').update(body, 'utf8').digest('hex'), signingKey)
  return { text: `${JSON.stringify(signed)}\n${body}`, manifest: signed }
}

/** A line of the file's body, with its newline. */
export const lineText = (line: ExchangeLine): string => `${JSON.stringify(line)}\n`

/** The manifest of a body already written (its SHA-256 given), signed with the deployment's key. */
export function signManifest(
  manifest: Omit<ExchangeManifest, 'signature' | 'sha256' | 'format' | 'version'>,
  sha256: string,
  signingKey: KeyObject,
): ExchangeManifest {
  const head: Omit<ExchangeManifest, 'signature'> = { format: FORMAT, version: VERSION, ...manifest, sha256 }
  const value = sign(null, Buffer.from(canonicalJson(head), 'utf8'), signingKey).toString('base64url')
  return { ...head, signature: { alg: 'Ed25519', value } }
}

/** What the reader takes: the file's size and lines (file-limits.ts). */
export interface ExchangeLimits {
  maxBytes: number
  maxLines: number
  maxLineChars: number
}

export const EXCHANGE_LIMITS: ExchangeLimits = {
  maxBytes: 256 * 1024 * 1024,
  maxLines: 1_000_000,
  maxLineChars: 1 << 16,
}

/** A line the reader could not take: its number in the file (the manifest is line 1) and why. */
export interface LineProblem {
  line: number
  reason: string
}

export interface ReadExchange {
  manifest: ExchangeManifest
  /** The entries with their line numbers in the file. */
  lines: { line: number; entry: ExchangeLine }[]
  problems: LineProblem[]
}

const HEX64 = /^[0-9a-f]{64}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const CURSOR = /^\d{1,20}$/
const REGION = /^\d{6}$/

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const bad = (problem: string) => new InvalidInputError('manifest', problem)

/** The manifest's fields checked; its signature and checksum are checked by readExchangeFile. */
function checkManifest(value: unknown): ExchangeManifest {
  if (!isObject(value) || value.format !== FORMAT)
    throw bad(`第1行不是学时交换文件的清单（format 应为 ${FORMAT}）`)
  const version = String(value.version ?? '')
  const major = /^(\d{1,4})\.(\d{1,4})$/.exec(version)
  if (!major) throw bad(`版本号「${version.slice(0, 20)}」无效（应为 主版本.次版本）`)
  if (Number(major[1]) !== MAJOR)
    throw bad(`不支持的格式版本 ${version}：本系统读取 ${MAJOR}.x（docs/exchange.md 版本规则）`)
  const issuer = value.issuer
  if (!isObject(issuer) || typeof issuer.name !== 'string' || typeof issuer.key !== 'string')
    throw bad('缺少 issuer（签发部门的名称与公钥）')
  if (typeof issuer.region !== 'string' || !REGION.test(issuer.region)) throw bad('issuer.region 无效')
  if (typeof value.region !== 'string' || !REGION.test(value.region)) throw bad('region 无效')
  const cursor = value.cursor
  if (
    !isObject(cursor) ||
    typeof cursor.from !== 'string' ||
    typeof cursor.to !== 'string' ||
    !CURSOR.test(cursor.from) ||
    !CURSOR.test(cursor.to) ||
    BigInt(cursor.from) > BigInt(cursor.to)
  )
    throw bad('cursor 无效（from、to 为十进制数字，from 不大于 to）')
  const person = value.person
  if (!isObject(person) || person.alg !== 'HMAC-SHA256' || typeof person.keyId !== 'string')
    throw bad('person 应为 {"alg": "HMAC-SHA256", "keyId": …}')
  const counts = value.counts
  if (!isObject(counts) || !Number.isInteger(counts.credits) || !Number.isInteger(counts.reversals))
    throw bad('counts 无效')
  if (typeof value.sha256 !== 'string' || !HEX64.test(value.sha256)) throw bad('sha256 无效')
  const signature = value.signature
  if (!isObject(signature) || signature.alg !== 'Ed25519' || typeof signature.value !== 'string')
    throw bad('缺少 Ed25519 签名')
  return value as unknown as ExchangeManifest
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const keyOrNull = (v: unknown) => v === null || v === undefined || typeof v === 'string'

/** One entry line checked; the problem in words, or the entry. Unknown fields are ignored (minor versions). */
function checkLine(value: unknown): ExchangeLine | string {
  if (!isObject(value)) return '不是 JSON 对象'
  if (value.type !== 'credit' && value.type !== 'reversal') return 'type 应为 credit 或 reversal'
  if (typeof value.id !== 'string' || !UUID.test(value.id)) return 'id 应为记录编号（uuid）'
  if (typeof value.person !== 'string' || !HEX64.test(value.person))
    return 'person 应为身份证号的 HMAC-SHA256（64位十六进制）'
  if (!Number.isInteger(value.year) || (value.year as number) < 1990 || (value.year as number) > 2200)
    return 'year 无效'
  if (!num(value.public) || !num(value.professional)) return 'public、professional 应为数字'
  if (typeof value.basis !== 'string' || typeof value.source !== 'string') return '缺少 basis 或 source'
  if (!keyOrNull(value.creditKey) || !keyOrNull(value.contentHash)) return 'creditKey、contentHash 无效'
  if (value.type === 'credit') {
    if (!isObject(value.record)) return 'record 应为学时记录（对象）'
    return value as unknown as CreditLine
  }
  if (typeof value.reverses !== 'string' || !UUID.test(value.reverses)) return 'reverses 应为所冲销学时的编号'
  if (typeof value.reason !== 'string' || value.reason.trim() === '') return '冲销须有理由（reason）'
  return value as unknown as ReversalLine
}

/**
 * Reads an exchange file within the limits: the manifest, its signature (with the key it names — whether
 * that key is trusted is the receiver's to decide), the lines' checksum and the counts; then each line.
 * A file that fails any of the first is refused whole (InvalidInputError naming what was tampered with);
 * lines that do not parse come back as problems with their line numbers.
 */
export function readExchangeFile(bytes: Uint8Array, limits: ExchangeLimits = EXCHANGE_LIMITS): ReadExchange {
  if (bytes.length > limits.maxBytes)
    throw new TooLargeError(`文件超过${Math.round(limits.maxBytes / 1024 / 1024)}MB`)
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  const firstEnd = buf.indexOf(10)
  if (firstEnd < 0) throw bad('文件应以清单行开头，每行以换行结束')
  if (firstEnd > limits.maxLineChars * 4) throw bad('清单行过长')
  let head: unknown
  try {
    head = JSON.parse(buf.subarray(0, firstEnd).toString('utf8'))
  } catch {
    throw bad('第1行不是 JSON')
  }
  const manifest = checkManifest(head)
  const signer = publicKeyFrom(manifest.issuer.key)
  const signed = verify(
    null,
    Buffer.from(canonicalJson(unsigned(manifest)), 'utf8'),
    signer,
    Buffer.from(manifest.signature.value, 'base64url'),
  )
  if (!signed) throw new InvalidInputError('signature', '清单的签名不正确：文件被改动过，或不是该公钥签发的')
  const body = buf.subarray(firstEnd + 1)
  if (createHash('sha256').update(body).digest('hex') !== manifest.sha256)
    throw new InvalidInputError('sha256', '数据行的校验和与清单不符：文件被改动过或不完整')
  const lines: ReadExchange['lines'] = []
  const problems: LineProblem[] = []
  let start = 0
  let lineNo = 1
  let credits = 0
  let reversals = 0
  while (start < body.length) {
    let end = body.indexOf(10, start)
    if (end < 0) end = body.length
    lineNo += 1
    if (lineNo - 1 > limits.maxLines) throw new TooLargeError(`数据行超过${limits.maxLines}行`)
    if (end - start > limits.maxLineChars * 4) {
      problems.push({ line: lineNo, reason: `行过长（超过${limits.maxLineChars}个字符）` })
    } else {
      let value: unknown
      try {
        value = JSON.parse(body.subarray(start, end).toString('utf8'))
      } catch {
        value = undefined
      }
      const checked = value === undefined ? '不是 JSON' : checkLine(value)
      if (typeof checked === 'string') problems.push({ line: lineNo, reason: checked })
      else {
        if (checked.type === 'credit') credits += 1
        else reversals += 1
        lines.push({ line: lineNo, entry: checked })
      }
    }
    start = end + 1
  }
  if (
    problems.length === 0 &&
    (credits !== manifest.counts.credits || reversals !== manifest.counts.reversals)
  )
    throw new InvalidInputError(
      'counts',
      `清单所列条数（记入${manifest.counts.credits}、冲销${manifest.counts.reversals}）与数据行（${credits}、${reversals}）不符`,
    )
  return { manifest, lines, problems }
}
