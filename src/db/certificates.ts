import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { CertificateContent, CertificateSignature } from '../services/certificate-content.js'
import type { CertificateTable, DB } from './schema.js'

type Executor = Kysely<DB> | Transaction<DB>

/** A certificate as stored: what it said when issued, and whether it was revoked since. */
export interface StoredCertificate {
  personKey: string
  serial: string
  code: string
  year: number
  window: number | null
  content: CertificateContent
  payload: string
  signatures: CertificateSignature[]
  issuedBy: string
  issuedByOrganisationId: string | null
  issuedAt: Date
  revoked: { at: Date; by: string; organisationId: string | null; reason: string } | null
}

const toCertificate = (r: Selectable<CertificateTable>): StoredCertificate => ({
  personKey: r.person_key,
  serial: r.serial,
  code: r.code,
  year: r.year,
  window: r.window_years,
  content: JSON.parse(r.payload) as CertificateContent,
  payload: r.payload,
  signatures: r.signatures as CertificateSignature[],
  issuedBy: r.issued_by,
  issuedByOrganisationId: r.issued_by_organisation_id,
  issuedAt: r.issued_at,
  revoked:
    r.revoked_at === null
      ? null
      : {
          at: r.revoked_at,
          by: r.revoked_by as string,
          organisationId: r.revoked_by_organisation_id,
          reason: r.revoked_reason as string,
        },
})

export async function insertCertificate(db: Executor, c: Omit<StoredCertificate, 'revoked'>): Promise<void> {
  await db
    .insertInto('certificate')
    .values({
      person_key: c.personKey,
      serial: c.serial,
      code: c.code,
      year: c.year,
      window_years: c.window,
      content: c.payload,
      payload: c.payload,
      signatures: JSON.stringify(c.signatures),
      issued_by: c.issuedBy,
      issued_by_organisation_id: c.issuedByOrganisationId,
      issued_at: c.issuedAt,
    })
    .execute()
}

/** The next sequence number of a year and issuing region (1, 2, …), taken atomically. */
export async function nextSerialNumber(db: Executor, year: number, regionCode: string): Promise<number> {
  const row = await db
    .insertInto('certificate_counter')
    .values({ year, region_code: regionCode, last: 1 })
    .onConflict((oc) =>
      oc.columns(['year', 'region_code']).doUpdateSet({ last: sql`certificate_counter.last + 1` }),
    )
    .returning('last')
    .executeTakeFirstOrThrow()
  return row.last
}

export async function findCertificateBySerial(db: Executor, serial: string) {
  const row = await db.selectFrom('certificate').selectAll().where('serial', '=', serial).executeTakeFirst()
  return row ? toCertificate(row) : undefined
}

export async function findCertificateByCode(db: Executor, code: string) {
  const row = await db.selectFrom('certificate').selectAll().where('code', '=', code).executeTakeFirst()
  return row ? toCertificate(row) : undefined
}

/** The newest certificate of a person's period that was not revoked, if any. */
export async function latestCertificateOf(
  db: Executor,
  personKey: string,
  year: number,
  window: number | null,
) {
  const row = await db
    .selectFrom('certificate')
    .selectAll()
    .where('person_key', '=', personKey)
    .where('year', '=', year)
    .where('window_years', window === null ? 'is' : '=', window)
    .where('revoked_at', 'is', null)
    .orderBy('issued_at', 'desc')
    .orderBy('serial', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? toCertificate(row) : undefined
}

/** A page of a person's certificates, newest first, and how many there are. */
export async function certificatesOf(
  db: Executor,
  personKey: string,
  page: { limit: number; offset: number },
): Promise<{ items: StoredCertificate[]; total: number }> {
  const rows = await db
    .selectFrom('certificate')
    .selectAll()
    .where('person_key', '=', personKey)
    .orderBy('issued_at', 'desc')
    .orderBy('serial', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  const { n } = await db
    .selectFrom('certificate')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('person_key', '=', personKey)
    .executeTakeFirstOrThrow()
  return { items: rows.map(toCertificate), total: Number(n) }
}

export async function markRevoked(
  db: Executor,
  c: { personKey: string; serial: string },
  revoked: { at: Date; by: string; organisationId: string | null; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('certificate')
    .set({
      revoked_at: revoked.at,
      revoked_by: revoked.by,
      revoked_by_organisation_id: revoked.organisationId,
      revoked_reason: revoked.reason,
    })
    .where('person_key', '=', c.personKey)
    .where('serial', '=', c.serial)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** The earliest ledger entry of a person's years written after an instant: when the figures changed. */
export async function firstEntryAfter(
  db: Executor,
  personKey: string,
  fromYear: number,
  toYear: number,
  after: Date,
): Promise<Date | undefined> {
  const row = await db
    .selectFrom('ledger_entry')
    .select('created_at')
    .where('person_key', '=', personKey)
    .where('year', '>=', fromYear)
    .where('year', '<=', toYear)
    .where('created_at', '>', after)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst()
  return row?.created_at
}
