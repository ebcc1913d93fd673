import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { InvalidArgumentError } from '../domain/errors.js'
import type { CertificateKey } from './certificate-keys.js'
import type { CertificateZipItem } from './certificate-zip.js'
import { issueCertificate, signedCertificate } from './certificates.js'
import { DomainError, InvalidInputError } from './errors.js'
import type { Actor } from './ledger.js'

/** An employer's (or agency's) current staff, by name: whose certificates its bulk download holds. */
export async function currentStaff(
  db: Kysely<DB>,
  organisationId: string,
): Promise<{ personKey: string; name: string }[]> {
  const rows = await db
    .selectFrom('employment as e')
    .innerJoin('person as p', 'p.person_key', 'e.person_key')
    .where('e.organisation_id', '=', organisationId)
    .where('e.to_date', 'is', null)
    .select(['p.person_key', 'p.name'])
    .orderBy('p.name')
    .orderBy('p.person_key')
    .execute()
  return rows.map((r) => ({ personKey: r.person_key, name: r.name }))
}

export interface StaffCertificates {
  items: AsyncIterable<CertificateZipItem>
  /** Who could not be issued, with the reason in words; complete once `items` has been read to its end. */
  failed: { name: string; reason: string }[]
}

/**
 * The year's certificate of each of the staff, issued one at a time as the ZIP asks for the next (a
 * certificate whose figures have not changed is the one already issued). A person whose certificate
 * cannot be issued (no policy for the year, a character the font lacks) is passed over and named in
 * `failed`, so one person does not stop everyone else's.
 */
export function staffCertificates(
  db: Kysely<DB>,
  keys: readonly CertificateKey[],
  actor: Actor,
  staff: readonly { personKey: string; name: string }[],
  year: number,
  publicUrl: string,
): StaffCertificates {
  const failed: { name: string; reason: string }[] = []
  async function* items(): AsyncIterable<CertificateZipItem> {
    for (const person of staff) {
      try {
        const { certificate } = await issueCertificate(db, keys, actor, person.personKey, { year })
        yield { cert: signedCertificate(certificate, publicUrl) }
      } catch (e) {
        // Only refusals in plain words pass a person over; anything else stops the download (and is logged).
        if (
          !(e instanceof DomainError || e instanceof InvalidInputError || e instanceof InvalidArgumentError)
        )
          throw e
        failed.push({ name: person.name, reason: e.message })
      }
    }
  }
  return { items: items(), failed }
}
