import { randomBytes } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import {
  certificatesOf,
  findCertificateByCode,
  findCertificateBySerial,
  firstEntryAfter,
  insertCertificate,
  latestCertificateOf,
  markRevoked,
  nextSerialNumber,
  type StoredCertificate,
} from '../db/certificates.js'
import type { DB } from '../db/schema.js'
import { chinaToday } from '../domain/china-date.js'
import { type ListPage, listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { getPolicy, jurisdictionChain } from '../policy/registry.js'
import type { Evaluation } from '../policy/types.js'
import type { Principal } from './accounts.js'
import { recordAudit, transact } from './audit.js'
import { canonicalJson } from './canonical-json.js'
import {
  CERTIFICATE_VERSION,
  type CertificateActivity,
  type CertificateContent,
  type CertificateFigures,
  type CertificateStatus,
  type SignedCertificate,
} from './certificate-content.js'
import { assertContentPrintable } from './certificate-font.js'
import type { CertificateKey } from './certificate-keys.js'
import { signCertificate } from './certificate-signatures.js'
import { ConfigurationError, ConflictError, InvalidInputError, NotFoundError } from './errors.js'
import type { Actor } from './ledger.js'
import { personYear } from './ledger.js'
import { KIND_LABEL } from './ledger-export.js'
import { assertCanAccessPerson } from './scope.js'

/** The period a certificate covers: a year, or qingdao-2023's window of N years ending with it. */
export interface CertificatePeriod {
  year: number
  window?: number
}

/** What the ledger says of a person's period now: the certificate's content but for serial, code, issue and issuer. */
type Figures = Omit<CertificateContent, 'version' | 'serial' | 'code' | 'issuedAt' | 'issuer'>

const hours = (n: number): string => String(Math.round(n * 100) / 100)

/** 达标, or 未达标，差 N 学时 with the public and professional shortfall (what the year still lacks). */
export function verdictOf(e: Pick<Evaluation, 'compliant' | 'shortfall'>): string {
  if (e.compliant) return '达标'
  const { public: pub, professional: pro, total } = e.shortfall
  const parts = [
    ...(pub > 0 ? [`公需科目差 ${hours(pub)} 学时`] : []),
    ...(pro > 0 ? [`专业科目差 ${hours(pro)} 学时`] : []),
  ]
  const missing = Math.max(total, pub + pro)
  return `未达标，差 ${hours(missing)} 学时${parts.length > 0 ? `（${parts.join('，')}）` : ''}`
}

/** The ledger's figures for a person's period now, as a certificate would print them. */
async function figuresNow(db: Kysely<DB>, personKey: string, period: CertificatePeriod): Promise<Figures> {
  const view = await personYear(db, personKey, period.year, { window: period.window })
  const policy = getPolicy(view.policy)
  const entries = new Map(view.entries.map((e) => [e.id, e]))
  const activities: CertificateActivity[] = view.evaluation.records.map((r) => {
    const record = entries.get(r.id)?.record
    return {
      entryId: r.id,
      date: record?.date ?? '',
      way: KIND_LABEL[r.kind] ?? r.kind,
      subject: record?.title ?? '',
      public: r.public,
      professional: r.professional,
      basis: r.basis,
    }
  })
  activities.sort((a, b) => a.date.localeCompare(b.date) || a.entryId.localeCompare(b.entryId))
  const { person, evaluation } = view
  const window = period.window ?? null
  return {
    person: {
      name: person.name,
      idMasked: person.idMasked,
      series: person.series,
      titleLevel: person.titleLevel,
    },
    employer: await employerOf(db, personKey),
    policy: {
      id: policy.id,
      title: policy.title,
      documentNumber: policy.documentNo,
      regionCode: policy.jurisdiction,
    },
    period: { year: period.year, window, fromYear: period.year - (window ?? 1) + 1, toYear: period.year },
    activities,
    totals: { ...evaluation.totals },
    required: { ...evaluation.required },
    compliant: evaluation.compliant,
    verdict: verdictOf(evaluation),
  }
}

/** The person's current employer (or the agency holding a freelancer's file). */
async function employerOf(db: Kysely<DB>, personKey: string): Promise<{ name: string } | null> {
  const row = await db
    .selectFrom('employment as e')
    .innerJoin('organisation as o', 'o.id', 'e.organisation_id')
    .select('o.name')
    .where('e.person_key', '=', personKey)
    .where('e.to_date', 'is', null)
    .orderBy('e.relation')
    .orderBy('e.from_date', 'desc')
    .executeTakeFirst()
  return row ? { name: row.name } : null
}

const HR_LEVELS = ['national', 'province', 'city', 'district']

/**
 * The HR department that issues: the deepest one whose region covers the person's; else the deployment's
 * top one (the widest region).
 */
async function issuerOf(db: Kysely<DB>, regionCode: string): Promise<CertificateContent['issuer']> {
  const departments = await db
    .selectFrom('organisation')
    .select(['id', 'name', 'region_code', 'level', 'created_at'])
    .where('kind', '=', 'hr_department')
    .where('status', '=', 'approved')
    .execute()
  const chain = jurisdictionChain(regionCode)
  const depth = (d: (typeof departments)[number]) =>
    d.level === 'national' ? chain.length : chain.indexOf(d.region_code)
  const covering = departments.filter((d) => depth(d) >= 0).sort((a, b) => depth(a) - depth(b))
  const top = [...departments].sort(
    (a, b) =>
      HR_LEVELS.indexOf(a.level ?? '') - HR_LEVELS.indexOf(b.level ?? '') || +a.created_at - +b.created_at,
  )
  const chosen = covering[0] ?? top[0]
  if (!chosen) throw new ConfigurationError('系统中没有人社部门，无法出具学时证明（先运行 xueshi init）')
  return { organisationId: chosen.id, name: chosen.name, regionCode: chosen.region_code }
}

/** Whether two contents show the same activities (entry ids and hours) and figures. */
const figuresKey = (c: Pick<CertificateContent, 'activities' | 'totals' | 'required' | 'compliant'>) =>
  canonicalJson({
    activities: c.activities.map((a) => [a.entryId, a.public, a.professional]),
    totals: c.totals,
    required: c.required,
    compliant: c.compliant,
  })

/** The unguessable code of the verification URL: 144 random bits, base64url (24 characters). */
const newCode = (): string => randomBytes(18).toString('base64url')

export interface IssuedCertificate {
  certificate: StoredCertificate
  /** false: the period's newest valid certificate already showed these figures, and is returned. */
  created: boolean
}

/**
 * Issues a person's certificate for a year (or window), signed with the active keys. Issuing again with
 * unchanged figures returns the existing valid certificate; with changed ones, a new certificate (the old
 * one then answers superseded). Audited as certificate.issue.
 */
export async function issueCertificate(
  db: Kysely<DB>,
  keys: readonly CertificateKey[],
  actor: Actor,
  personKey: string,
  period: CertificatePeriod,
  now = new Date(),
): Promise<IssuedCertificate> {
  return transact(db, async (trx) => {
    // One issue per person at a time, so two requests cannot both find no certificate and issue two.
    const locked = await trx
      .selectFrom('person')
      .select('region_code')
      .where('person_key', '=', personKey)
      .forUpdate()
      .executeTakeFirst()
    if (!locked) throw new NotFoundError('person', personKey)
    const figures = await figuresNow(trx, personKey, period)
    const latest = await latestCertificateOf(trx, personKey, period.year, period.window ?? null)
    if (latest && figuresKey(latest.content) === figuresKey(figures))
      return { certificate: latest, created: false }
    const issuer = await issuerOf(trx, locked.region_code)
    const issueYear = Number(chinaToday(now).slice(0, 4))
    const sequence = await nextSerialNumber(trx, issueYear, issuer.regionCode)
    const content: CertificateContent = {
      version: CERTIFICATE_VERSION,
      serial: `XS-${issueYear}-${issuer.regionCode}-${String(sequence).padStart(6, '0')}`,
      code: newCode(),
      issuedAt: now.toISOString(),
      issuer,
      ...figures,
    }
    assertContentPrintable(content)
    const certificate: StoredCertificate = {
      personKey,
      serial: content.serial,
      code: content.code,
      year: period.year,
      window: period.window ?? null,
      content,
      payload: canonicalJson(content),
      signatures: signCertificate(content, keys),
      issuedBy: actor.id,
      issuedByOrganisationId: actor.organisationId ?? null,
      issuedAt: now,
      revoked: null,
    }
    await insertCertificate(trx, certificate)
    await recordAudit(trx, {
      actor: actor.id,
      actorOrganisationId: actor.organisationId,
      action: 'certificate.issue',
      entity: 'certificate',
      entityId: content.serial,
      personKey,
      after: {
        serial: content.serial,
        period: content.period,
        totals: content.totals,
        compliant: content.compliant,
        signatures: certificate.signatures.map((s) => s.kid),
      },
    })
    return { certificate, created: true }
  })
}

/** An activity as the changes name it. */
type ActivityLine = Pick<
  CertificateActivity,
  'entryId' | 'date' | 'way' | 'subject' | 'public' | 'professional'
>

export interface CertificateChanges {
  /** Entries the certificate counts that the ledger no longer does (revoked or corrected). */
  removed: ActivityLine[]
  /** Entries the ledger counts now that the certificate does not show. */
  added: ActivityLine[]
  /** Entries in both whose credited hours differ. */
  changed: { entryId: string; before: CertificateFigures; now: CertificateFigures }[]
  totals: { before: CertificateFigures; now: CertificateFigures }
  compliant: { before: boolean; now: boolean }
  /** The change in one line of Chinese. */
  summary: string
}

export interface CertificateState {
  status: CertificateStatus
  superseded: { at: string | null; changes: CertificateChanges } | null
  revoked: { at: string; reason: string } | null
}

const line = ({
  entryId,
  date,
  way,
  subject,
  public: pub,
  professional,
}: CertificateActivity): ActivityLine => ({
  entryId,
  date,
  way,
  subject,
  public: pub,
  professional,
})
const figuresOf = (a: { public: number; professional: number }): CertificateFigures => ({
  public: a.public,
  professional: a.professional,
  total: a.public + a.professional,
})
const named = (a: ActivityLine) =>
  `${a.date} ${a.way}${a.subject ? `「${a.subject}」` : ''} ${hours(a.public + a.professional)} 学时`

/** What differs between a certificate's content and the ledger's figures now (undefined: nothing). */
export function changesBetween(issued: CertificateContent, now: Figures): CertificateChanges | undefined {
  if (figuresKey(issued) === figuresKey(now)) return undefined
  const before = new Map(issued.activities.map((a) => [a.entryId, a]))
  const after = new Map(now.activities.map((a) => [a.entryId, a]))
  const removed = issued.activities.filter((a) => !after.has(a.entryId)).map(line)
  const added = now.activities.filter((a) => !before.has(a.entryId)).map(line)
  const changed = issued.activities.flatMap((a) => {
    const b = after.get(a.entryId)
    return b && (b.public !== a.public || b.professional !== a.professional)
      ? [{ entryId: a.entryId, before: figuresOf(a), now: figuresOf(b) }]
      : []
  })
  const parts = [
    ...(removed.length > 0 ? [`不再计入 ${removed.length} 条（${removed.map(named).join('；')}）`] : []),
    ...(added.length > 0 ? [`新增 ${added.length} 条（${added.map(named).join('；')}）`] : []),
    ...(changed.length > 0 ? [`学时变动 ${changed.length} 条`] : []),
    `合计 ${hours(issued.totals.total)} → ${hours(now.totals.total)} 学时`,
    ...(issued.compliant !== now.compliant
      ? [`${issued.compliant ? '达标' : '未达标'} → ${now.compliant ? '达标' : '未达标'}`]
      : []),
  ]
  return {
    removed,
    added,
    changed,
    totals: { before: issued.totals, now: now.totals },
    compliant: { before: issued.compliant, now: now.compliant },
    summary: parts.join('；'),
  }
}

/**
 * valid, superseded (the ledger now gives other activities or figures for the period: when it changed —
 * the first ledger entry of the period written after issue — and what) or revoked (by an HR department).
 */
export async function certificateState(db: Kysely<DB>, c: StoredCertificate): Promise<CertificateState> {
  if (c.revoked)
    return {
      status: 'revoked',
      superseded: null,
      revoked: { at: c.revoked.at.toISOString(), reason: c.revoked.reason },
    }
  const period = c.content.period
  const changes = changesBetween(
    c.content,
    await figuresNow(db, c.personKey, { year: period.year, window: period.window ?? undefined }),
  )
  if (!changes) return { status: 'valid', superseded: null, revoked: null }
  const at = await firstEntryAfter(db, c.personKey, period.fromYear, period.toYear, c.issuedAt)
  return { status: 'superseded', superseded: { at: at?.toISOString() ?? null, changes }, revoked: null }
}

/** The signed certificate as the PDF and the API show it, with its verification URL. */
export const signedCertificate = (c: StoredCertificate, publicUrl: string): SignedCertificate => ({
  content: c.content,
  signatures: c.signatures,
  verifyUrl: verifyUrlOf(publicUrl, c.code),
})

export const verifyUrlOf = (publicUrl: string, code: string): string =>
  `${publicUrl.replace(/\/+$/, '')}/verify/${code}`

const SERIAL = /^XS-\d{4}-\d{6}-\d{6,}$/

/** A certificate the principal may see (its person in their scope); unknown or out of scope: 404 / 403. */
export async function getCertificate(
  db: Kysely<DB>,
  p: Principal,
  serial: string,
): Promise<StoredCertificate> {
  if (!SERIAL.test(serial)) throw new InvalidInputError('serial', '证书编号格式应为 XS-年度-地区代码-序号')
  const c = await findCertificateBySerial(db, serial)
  if (!c) throw new NotFoundError('certificate', serial)
  await assertCanAccessPerson(db, p, c.personKey)
  return c
}

/** A person's certificates with their status, newest first. */
export async function listCertificates(
  db: Kysely<DB>,
  personKey: string,
  q: PageQuery,
): Promise<ListPage<{ certificate: StoredCertificate; state: CertificateState }>> {
  const { items, total } = await certificatesOf(db, personKey, { limit: q.pageSize, offset: offsetOf(q) })
  const states = []
  for (const c of items) states.push({ certificate: c, state: await certificateState(db, c) })
  return listPage(states, total, q)
}

/**
 * An HR department in scope revokes the certificate itself (not the hours), with a reason; audited as
 * certificate.revoke. Revoking twice: 409.
 */
export async function revokeCertificate(
  trx: Transaction<DB>,
  p: Principal,
  actor: Actor,
  serial: string,
  reason: string,
  now = new Date(),
): Promise<StoredCertificate> {
  const c = await getCertificate(trx, p, serial)
  const why = reason.trim()
  if (!why) throw new InvalidInputError('reason', '撤销证书须说明理由')
  const revoked = { at: now, by: actor.id, organisationId: actor.organisationId ?? null, reason: why }
  if (!(await markRevoked(trx, c, revoked)))
    throw new ConflictError(`证书 ${serial} 已撤销`, { en: `certificate ${serial} is already revoked` })
  await recordAudit(trx, {
    actor: actor.id,
    actorOrganisationId: actor.organisationId,
    action: 'certificate.revoke',
    entity: 'certificate',
    entityId: serial,
    personKey: c.personKey,
    before: { serial, revoked: false },
    after: { serial, revoked: true, reason: why },
  })
  return { ...c, revoked }
}

/** The public answer for a verification code: the certificate as issued and its state; unknown: undefined. */
export async function verifyCode(
  db: Kysely<DB>,
  code: string,
): Promise<(CertificateState & { issuedAt: string; content: CertificateContent }) | undefined> {
  if (!/^[\w-]{16,64}$/.test(code)) return undefined
  const c = await findCertificateByCode(db, code)
  if (!c) return undefined
  return { ...(await certificateState(db, c)), issuedAt: c.issuedAt.toISOString(), content: c.content }
}
