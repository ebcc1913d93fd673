import QRCode from 'qrcode'
import type { SignedCertificate } from './certificate-content.js'

/**
 * What the certificate's QR code holds: the verification URL, then — when it fits in a QR code a phone
 * reads easily at print size (version ≤ 10, 57×57 modules, error correction M) — a compact summary after
 * '#'. A browser never sends the fragment to the server, so it reveals nothing to it; the verification
 * page and `xueshi verify-certificate` can compare it with what the server answers:
 *
 *   <verifyUrl>#xs1;<serial>;<fromYear>-<toYear>;<public>;<professional>;<total>;<1|0 compliant>;<kid>;<sig>
 *
 * each field percent-encoded (encodeURIComponent); <kid>;<sig> are the first Ed25519 signature of the
 * certificate (over canonicalJson(content), base64url), so the summary names the exact signed content
 * the paper was printed from. Without an Ed25519 signature, or when too long, the QR holds the URL only.
 */
export const QR_SUMMARY_PREFIX = 'xs1'
export const MAX_QR_VERSION = 10

export interface QrSummary {
  serial: string
  fromYear: number
  toYear: number
  public: number
  professional: number
  total: number
  compliant: boolean
  kid: string
  signature: string
}

export function qrSummary(cert: SignedCertificate): string | undefined {
  const { content } = cert
  const sig = cert.signatures.find((s) => s.alg === 'Ed25519')
  if (!sig) return undefined
  const { totals, period } = content
  return [
    QR_SUMMARY_PREFIX,
    content.serial,
    `${period.fromYear}-${period.toYear}`,
    totals.public,
    totals.professional,
    totals.total,
    content.compliant ? 1 : 0,
    sig.kid,
    sig.value,
  ]
    .map((f) => encodeURIComponent(String(f)))
    .join(';')
}

/** The QR code's text and its module matrix: URL + summary if the result stays readable, else the URL alone. */
export function certificateQr(cert: SignedCertificate): {
  text: string
  size: number
  dark: (x: number, y: number) => boolean
} {
  const summary = qrSummary(cert)
  const texts = summary ? [`${cert.verifyUrl}#${summary}`, cert.verifyUrl] : [cert.verifyUrl]
  for (const text of texts) {
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
    if (qr.version > MAX_QR_VERSION && text !== cert.verifyUrl) continue
    const { size, data } = qr.modules
    return { text, size, dark: (x, y) => data[y * size + x] === 1 }
  }
  throw new Error('unreachable: the URL alone is always encoded')
}

/** Reads a summary (the part after '#'); undefined when it is not one. */
export function parseQrSummary(fragment: string): QrSummary | undefined {
  if (fragment.length > 1_000) return undefined
  const fields = fragment.split(';')
  if (fields.length !== 9 || fields[0] !== QR_SUMMARY_PREFIX) return undefined
  let decoded: string[]
  try {
    decoded = fields.map(decodeURIComponent)
  } catch {
    return undefined
  }
  const [, serial, years, pub, pro, total, compliant, kid, signature] = decoded as [string, ...string[]]
  const [from, to] = (years ?? '').split('-')
  const nums = [from, to, pub, pro, total].map(Number)
  if (nums.some((n) => !Number.isFinite(n)) || (compliant !== '1' && compliant !== '0')) return undefined
  if (!serial || !kid || !signature) return undefined
  const [fromYear, toYear, pubN, proN, totalN] = nums as [number, number, number, number, number]
  return {
    serial,
    fromYear,
    toYear,
    public: pubN,
    professional: proN,
    total: totalN,
    compliant: compliant === '1',
    kid,
    signature,
  }
}
