import { createHash } from 'node:crypto'
import { inflateSync } from 'node:zlib'
import { z } from 'zod'
import { CERTIFICATE_VERSION, type SignedCertificate } from './certificate-content.js'
import { InvalidInputError } from './errors.js'

/**
 * The signed certificate travels inside its PDF as an embedded file (PDF 1.3+ EmbeddedFiles name tree,
 * also listed in the catalog's /AF), so any PDF tool lists it (`pdfdetach -list`). It is the first
 * object of the file: its dictionary says `/Type /EmbeddedFile /Subtype /application#2Fjson`, with
 * /Params /CheckSum (MD5 of the JSON, as the PDF format defines it), followed by the stream (FlateDecode)
 * of the UTF-8 JSON of the whole SignedCertificate. certificateFromPdf reads that first object without
 * a PDF parser; a PDF re-saved by another program may move it, and is then refused.
 */
export const PAYLOAD_FILE_NAME = 'xueshi-certificate.json'
export const PAYLOAD_MARKER = '/Type /EmbeddedFile'

/** Far above a certificate of 2,000 activities (~1 MB); the payload itself is bounded below. */
export const MAX_PDF_BYTES = 20 * 1024 * 1024
const MAX_PAYLOAD_BYTES = 2 * 1024 * 1024

const text = (max: number) => z.string().max(max)
const hours = z.number().finite().min(0).max(10_000)
const figures = z.strictObject({ public: hours, professional: hours, total: hours })
const year = z.number().int().min(1990).max(2200)

/** The shape of certificate-content.ts, with bounds, for payloads read back from outside. */
export const signedCertificateSchema = z.strictObject({
  content: z.strictObject({
    version: z.literal(CERTIFICATE_VERSION),
    serial: text(64).min(1),
    code: text(128).min(1),
    issuedAt: z.iso.datetime({ offset: true }),
    issuer: z.strictObject({ organisationId: text(64), name: text(100).min(1), regionCode: text(12) }),
    person: z.strictObject({
      name: text(64).min(1),
      idMasked: text(32),
      series: text(64),
      titleLevel: text(64),
    }),
    employer: z.strictObject({ name: text(200) }).nullable(),
    policy: z.strictObject({
      id: text(64),
      title: text(200),
      documentNumber: text(100),
      regionCode: text(12),
    }),
    period: z.strictObject({
      year,
      window: z.number().int().min(1).max(10).nullable(),
      fromYear: year,
      toYear: year,
    }),
    activities: z
      .array(
        z.strictObject({
          entryId: text(64),
          date: z.iso.date(),
          way: text(64),
          subject: text(300),
          public: hours,
          professional: hours,
          basis: text(200),
        }),
      )
      .max(2_000),
    totals: figures,
    required: figures,
    compliant: z.boolean(),
    verdict: text(100),
  }),
  signatures: z
    .array(z.strictObject({ alg: z.enum(['Ed25519', 'SM2-SM3']), kid: text(128).min(1), value: text(200) }))
    .max(8),
  verifyUrl: z.url({ protocol: /^https?$/ }).max(500),
})

const refuse = (problem: string) => new InvalidInputError('pdf', problem)

/** The certificate's fields, checked; throws InvalidInputError('certificate', …) naming the first bad field. */
export function parseSignedCertificate(value: unknown, field = 'certificate'): SignedCertificate {
  const parsed = signedCertificateSchema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new InvalidInputError(field, `证书内容不符合格式（${issue?.path.join('.') || '根'}：${issue?.code}）`)
}

/** The bytes to embed, and their MD5 as /Params /CheckSum wants it. */
export function payloadBytes(cert: SignedCertificate): { data: Buffer; md5: string } {
  const data = Buffer.from(JSON.stringify(cert), 'utf8')
  return { data, md5: createHash('md5').update(data).digest('hex') }
}

/** Reads the signed certificate embedded by renderCertificatePdf. Throws InvalidInputError('pdf', …). */
export function certificateFromPdf(pdf: Buffer): SignedCertificate {
  if (!Buffer.isBuffer(pdf) || pdf.length === 0) throw refuse('不是 PDF 文件（内容为空）')
  if (pdf.length > MAX_PDF_BYTES)
    throw refuse(`文件超过 ${MAX_PDF_BYTES / 1024 / 1024} MB，不是本系统出具的证书`)
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw refuse('不是 PDF 文件')
  const none = () => refuse('PDF 中没有本系统出具的证书数据（可能不是本系统出具，或已被其他程序另存）')
  const at = pdf.indexOf(PAYLOAD_MARKER, 0, 'latin1')
  if (at < 0) throw none()
  const dictStart = pdf.lastIndexOf('<<', at, 'latin1')
  const streamAt = pdf.indexOf('stream', at, 'latin1')
  if (dictStart < 0 || streamAt < 0 || streamAt - dictStart > 4_096) throw none()
  const dict = pdf.subarray(dictStart, streamAt).toString('latin1')
  const length = integerAfter(dict, '/Length ')
  if (length === undefined || length > MAX_PAYLOAD_BYTES) throw refuse('证书数据的长度不可读')
  // The keyword `stream` is followed by CRLF or LF (ISO 32000-1 7.3.8.1).
  let dataAt = streamAt + 'stream'.length
  if (pdf[dataAt] === 0x0d) dataAt++
  if (pdf[dataAt] !== 0x0a) throw none()
  dataAt++
  if (dataAt + length > pdf.length) throw refuse('证书数据不完整（文件被截断）')
  let data = pdf.subarray(dataAt, dataAt + length)
  if (dict.includes('/Filter /FlateDecode')) {
    try {
      data = inflateSync(data, { maxOutputLength: MAX_PAYLOAD_BYTES })
    } catch {
      throw refuse('证书数据已损坏（无法解压）')
    }
  } else if (dict.includes('/Filter')) throw refuse('证书数据的编码不受支持')
  const checksum = stringAfter(dict, '/CheckSum (')
  if (checksum !== undefined && checksum !== createHash('md5').update(data).digest('hex'))
    throw refuse('证书数据已被改动（校验和不符）')
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data))
  } catch {
    throw refuse('证书数据已损坏（不是有效的 JSON）')
  }
  return parseSignedCertificate(json, 'pdf')
}

/** The decimal integer after `key` in a dictionary's text (digits only, at most 9). */
function integerAfter(dict: string, key: string): number | undefined {
  const at = dict.indexOf(key)
  if (at < 0) return undefined
  let digits = ''
  for (const ch of dict.slice(at + key.length, at + key.length + 10)) {
    if (ch < '0' || ch > '9') break
    digits += ch
  }
  return digits.length > 0 && digits.length < 10 ? Number(digits) : undefined
}

/** The literal string after `key` up to `)`, when short and plain (the hex checksum). */
function stringAfter(dict: string, key: string): string | undefined {
  const at = dict.indexOf(key)
  if (at < 0) return undefined
  const end = dict.indexOf(')', at)
  return end < 0 || end - at > 80 ? undefined : dict.slice(at + key.length, end)
}
