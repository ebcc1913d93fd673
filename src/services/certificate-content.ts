/**
 * What a continuing-education hours certificate says (继续教育学时登记证书 / 学时证明, 苏人社函〔2023〕308号
 * 五（五）; cn-engineering-2026 第十六条). One shape for every door that shows it: the stored record, the
 * signed payload (canonicalJson of this object), the PDF, the QR summary, the verification page and
 * the portable credential. Figures are as the ledger stood at `issuedAt`; they never change afterwards.
 */
export const CERTIFICATE_VERSION = 1

export interface CertificateActivity {
  /** The ledger entry the hours come from (its id), so later reversals can be named. */
  entryId: string
  /** The activity's date, YYYY-MM-DD (the start of a span). */
  date: string
  /** The way of learning as the policy names it (学习方式, Chinese label of the record kind). */
  way: string
  /** The subject or title (项目名称 / 课程 / 论文题目); may be empty where the record has none. */
  subject: string
  public: number
  professional: number
  /** The clause behind the hours, as the engine cites it (document number and article). */
  basis: string
}

export interface CertificateFigures {
  public: number
  professional: number
  total: number
}

export interface CertificateContent {
  version: typeof CERTIFICATE_VERSION
  /** Printed serial number, unique in the deployment (e.g. XS-2026-320400-000123). */
  serial: string
  /** The unguessable code in the verification URL (/verify/<code>), URL-safe. */
  code: string
  /** ISO 8601 instant of issue. */
  issuedAt: string
  /** The issuing HR department (人社部门). */
  issuer: { organisationId: string; name: string; regionCode: string }
  /** Name in full (as registered) and the masked resident ID number; never the full number. */
  person: { name: string; idMasked: string; series: string; titleLevel: string }
  employer: { name: string } | null
  /** The jurisdiction and the policy the year was evaluated under. */
  policy: { id: string; title: string; documentNumber: string; regionCode: string }
  /** A single year, or qingdao-2023's window of `window` years ending with `year`. */
  period: { year: number; window: number | null; fromYear: number; toYear: number }
  activities: CertificateActivity[]
  totals: CertificateFigures
  required: CertificateFigures
  compliant: boolean
  /** The verdict in words (达标 / 未达标，差 N 学时), as printed. */
  verdict: string
}

export type CertificateAlgorithm = 'Ed25519' | 'SM2-SM3'

/** A signature over the UTF-8 bytes of canonicalJson(content), by the key `kid`. */
export interface CertificateSignature {
  alg: CertificateAlgorithm
  kid: string
  /** base64url of the signature (Ed25519: 64 bytes; SM2: r||s, 64 bytes). */
  value: string
}

export interface SignedCertificate {
  content: CertificateContent
  signatures: CertificateSignature[]
  /** Absolute URL of the public verification page, as in the QR code. */
  verifyUrl: string
}

/** What verification answers (GET /api/verify/<code>, the /verify page, `xueshi verify-certificate`). */
export type CertificateStatus = 'valid' | 'superseded' | 'revoked'
