import PDFDocument from 'pdfkit'
import type { SignedCertificate } from './certificate-content.js'
import { InvalidInputError } from './errors.js'

// PLACEHOLDER for cert-core's routes and CLI: cert-pdf's certificate-pdf.ts replaces this file at merge.
// It keeps the same two exports; the certificate rides in the Info dictionary as base64url JSON.

const KEY = 'XueshiCertificate'

/** A one-page PDF carrying the signed certificate (the real layout comes from cert-pdf). */
export function renderCertificatePdf(cert: SignedCertificate): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', compress: false, info: { Title: cert.content.serial } })
    ;(doc.info as unknown as Record<string, string>)[KEY] = Buffer.from(JSON.stringify(cert)).toString(
      'base64url',
    )
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.fontSize(14).text(`Certificate ${cert.content.serial}`)
    doc.fontSize(10).text(cert.verifyUrl)
    doc.end()
  })
}

/** The signed certificate a PDF carries; none (or not readable): InvalidInputError. */
export function certificateFromPdf(pdf: Buffer): SignedCertificate {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new InvalidInputError('pdf', '不是 PDF 文件')
  const text = pdf.toString('latin1')
  const ref = text.match(new RegExp(`/${KEY} (\\d+) 0 R`))?.[1]
  const found = ref && text.match(new RegExp(`\\n${ref} 0 obj\\s*\\(([A-Za-z0-9_-]+)\\)`))
  if (!found?.[1]) throw new InvalidInputError('pdf', 'PDF 中没有学时证明数据')
  let cert: unknown
  try {
    cert = JSON.parse(Buffer.from(found[1], 'base64url').toString('utf8'))
  } catch {
    throw new InvalidInputError('pdf', 'PDF 中的学时证明数据无法读取')
  }
  const c = cert as Partial<SignedCertificate> | null
  if (!c || typeof c.content !== 'object' || c.content === null || !Array.isArray(c.signatures))
    throw new InvalidInputError('pdf', 'PDF 中的学时证明数据不完整')
  return c as SignedCertificate
}
