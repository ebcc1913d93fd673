import type { Transaction } from 'kysely'
import type { DB, RecordSource, RecordStatus } from '../db/schema.js'
import { parseRecord } from '../policy/records.js'
import { recordAudit } from './audit.js'
import { NotFoundError } from './errors.js'
import type { Actor } from './ledger.js'

export interface RecordInput {
  personKey: string
  /** The activity in the contract's vocabulary; validated, errors name the field. */
  record: unknown
  source: RecordSource
  status: RecordStatus
  /** Who reviews or confirms it: the employer, the agency, the industry authority. */
  reviewerOrganisationId?: string | null
  /** The organisation filing it (institution roster, employer's own training). */
  organisationId?: string | null
}

/** Files an activity record that came in through one of the four doors. */
export async function createRecord(trx: Transaction<DB>, actor: Actor, input: RecordInput) {
  const person = await trx
    .selectFrom('person')
    .select('person_key')
    .where('person_key', '=', input.personKey)
    .executeTakeFirst()
  if (!person) throw new NotFoundError('person', input.personKey)
  const record = parseRecord({ id: 'new', ...(input.record as object) }, 1)
  const row = await trx
    .insertInto('activity_record')
    .values({
      person_key: input.personKey,
      kind: record.kind,
      activity_date: record.date,
      record: JSON.stringify(record),
      source: input.source,
      status: input.status,
      reviewer_organisation_id: input.reviewerOrganisationId ?? null,
      organisation_id: input.organisationId ?? null,
      created_by: actor.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordAudit(trx, {
    actor: actor.id,
    actorOrganisationId: actor.organisationId,
    action: 'record.create',
    entity: 'activity_record',
    entityId: row.id,
    personKey: input.personKey,
    after: { kind: record.kind, date: record.date, source: input.source, status: input.status },
  })
  return row
}
