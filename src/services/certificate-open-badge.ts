import type { CertificateContent, SignedCertificate } from './certificate-content.js'
import { CREDENTIALS_V2_CONTEXT_URL } from './credential-contexts/document-loader.js'
import { OPEN_BADGES_V3_CONTEXT_URL } from './credential-contexts/open-badges-v3p0.js'
import { InvalidInputError } from './errors.js'

/**
 * The certificate as an unsigned Open Badges 3.0 credential (OpenBadgeCredential, VC Data Model 2.0).
 * Where each part of the certificate goes:
 * - `id` is the verification URL (it never changes); `validFrom` is `issuedAt`; `name` carries the serial.
 * - `issuer.id` is the signing key's did:key (the VC model wants the issuer to control the proof's
 *   verification method); the deployment's own identifier goes in `issuer.url`, its name in `issuer.name`.
 * - `credentialSubject.identifier`: the name in full and the masked ID number (IdentityObject, unhashed),
 *   never the full number. `licenseNumber` is the serial.
 * - `credentialSubject.achievement`: the year's (or window's) hours under the policy, its document number
 *   in the name, description, criteria and otherIdentifier; one ResultDescription per figure, with the
 *   requirement as `requiredValue`.
 * - `credentialSubject.result`: the totals (public, professional, total) and the verdict; `status` is
 *   `Completed` when the requirement is met. `creditsEarned` is the total.
 * - `evidence`: one entry per registered activity (date, way, subject, hours, clause), as printed.
 */
export function openBadgeOf(cert: SignedCertificate, issuer: { did: string; id: string; name: string }) {
  const c = cert.content
  assertMasked(c.person.idMasked)
  const years = c.period.window === null ? `${c.period.year}` : `${c.period.fromYear}-${c.period.toYear}`
  const achievementId = `urn:xueshi:achievement:${encodeURIComponent(c.policy.id)}:${years}`
  const rd = (key: FigureKey | 'verdict') => `${achievementId}#${key}`
  const period = periodText(c)
  const policy = `${c.policy.title}（${c.policy.documentNumber}）`
  return {
    '@context': [CREDENTIALS_V2_CONTEXT_URL, OPEN_BADGES_V3_CONTEXT_URL],
    id: cert.verifyUrl,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `继续教育学时登记证书 ${c.serial}`,
    description: `${c.issuer.name}出具的${period}继续教育学时登记证书，编号 ${c.serial}，核验地址 ${cert.verifyUrl}。${subjectText(c)}`,
    issuer: { id: issuer.did, type: ['Profile'], name: issuer.name, url: issuer.id },
    validFrom: c.issuedAt,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: c.person.name },
        {
          type: 'IdentityObject',
          identityType: 'ext:maskedNationalIdentityNumber',
          hashed: false,
          identityHash: c.person.idMasked,
        },
      ],
      licenseNumber: c.serial,
      term: period,
      creditsEarned: c.totals.total,
      achievement: {
        id: achievementId,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: `${period}专业技术人员继续教育学时`,
        description: `依据${policy}，${period}登记的专业技术人员继续教育学时（公需科目、专业科目）及是否达到规定学时。`,
        criteria: {
          narrative: `依据${policy}，${period}应完成继续教育 ${c.required.total} 学时，其中公需科目 ${c.required.public} 学时、专业科目 ${c.required.professional} 学时。`,
        },
        creditsAvailable: c.required.total,
        otherIdentifier: [
          { type: 'IdentifierEntry', identifier: c.policy.id, identifierType: 'systemId' },
          {
            type: 'IdentifierEntry',
            identifier: c.policy.documentNumber,
            identifierType: 'ext:documentNumber',
          },
        ],
        resultDescription: [
          ...FIGURES.map(([key, name]) => ({
            id: rd(key),
            type: ['ResultDescription'],
            name,
            resultType: 'ext:hours',
            requiredValue: String(c.required[key]),
          })),
          {
            id: rd('verdict'),
            type: ['ResultDescription'],
            name: '结论',
            resultType: 'Status',
            requiredValue: '达标',
          },
        ],
      },
      result: [
        ...FIGURES.map(([key]) => ({
          type: ['Result'],
          resultDescription: rd(key),
          value: String(c.totals[key]),
        })),
        {
          type: ['Result'],
          resultDescription: rd('verdict'),
          value: c.verdict,
          ...(c.compliant ? { status: 'Completed' } : {}),
        },
      ],
    },
    evidence: c.activities.map((a) => ({
      type: ['Evidence'],
      name: a.subject || a.way,
      description: `${a.date} ${a.way}：公需科目 ${a.public} 学时，专业科目 ${a.professional} 学时（${a.basis}）`,
      genre: a.way,
    })),
  }
}

type FigureKey = 'public' | 'professional' | 'total'
const FIGURES: [FigureKey, string][] = [
  ['public', '公需科目学时'],
  ['professional', '专业科目学时'],
  ['total', '合计学时'],
]

function periodText(c: CertificateContent): string {
  const p = c.period
  return p.window === null ? `${p.year}年度` : `${p.fromYear}—${p.toYear}年（${p.window}年周期）`
}

function subjectText(c: CertificateContent): string {
  const title = [c.person.series, c.person.titleLevel].filter(Boolean).join(' ')
  const employer = c.employer ? `，${c.employer.name}` : ''
  return `持证人 ${c.person.name}（身份证号 ${c.person.idMasked}${title ? `，${title}` : ''}${employer}），${c.verdict}。`
}

/** The credential shows the masked number only (architecture: identity and privacy); a full number is refused. */
function assertMasked(idMasked: string) {
  if (!idMasked.includes('*'))
    throw new InvalidInputError('person.idMasked', '须为打码后的证件号码，不得为完整号码')
}
