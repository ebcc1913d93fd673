import { sql, type Transaction } from 'kysely'
import type { DB } from '../db/schema.js'
import { changingPersons } from '../db/summaries.js'
import { InputError } from '../policy/errors.js'
import { isIsoDate } from '../policy/records.js'
import type { Principal } from './accounts.js'
import { actorOf } from './applications.js'
import { recordAudit } from './audit.js'
import { ConflictError, InvalidInputError } from './errors.js'
import { personYear } from './ledger.js'
import { notify } from './notifications.js'
import { personKeyOfIdNumber } from './persons.js'
import { assertCanAccessPerson, canAccessPerson, UNVERIFIABLE } from './scope.js'
import type { Secrets } from './secrets.js'
import { REVIEW_BASIS } from './year-lock.js'

/** The year as reviewed: its figures are kept with the review. */
async function reviewOne(
  trx: Transaction<DB>,
  p: Principal,
  personKey: string,
  year: number,
  kind: 'year_end' | 'departure',
) {
  const view = await personYear(trx, personKey, year)
  await trx
    .insertInto('year_review')
    .values({
      person_key: personKey,
      year,
      kind,
      organisation_id: p.organisationId as string,
      public: view.evaluation.totals.public,
      professional: view.evaluation.totals.professional,
      compliant: view.evaluation.compliant,
      reviewed_by: actorOf(p).id,
    })
    .onConflict((oc) => oc.doNothing())
    .execute()
  return { personKey, year, totals: view.evaluation.totals, compliant: view.evaluation.compliant }
}

/** An employer's (or agency's) year-end review of every current staff member's year. */
export async function reviewYearEnd(trx: Transaction<DB>, p: Principal, year: number) {
  const staff = await trx
    .selectFrom('employment')
    .select('person_key')
    .where('organisation_id', '=', p.organisationId as string)
    .where('to_date', 'is', null)
    .execute()
  let compliant = 0
  for (const { person_key } of staff) {
    try {
      if ((await reviewOne(trx, p, person_key, year, 'year_end')).compliant) compliant += 1
    } catch (e) {
      if (!(e instanceof InputError)) throw e // no policy that year: nothing to review
    }
  }
  await recordAudit(trx, {
    actor: actorOf(p).id,
    actorOrganisationId: p.organisationId,
    action: 'review.year_end',
    entity: 'organisation',
    entityId: p.organisationId as string,
    after: { year, staff: staff.length, compliant, basis: REVIEW_BASIS },
  })
  return { year, reviewed: staff.length, compliant }
}

/**
 * Review before a person leaves (五（三）工作单位变动时，用人单位应于离职前…审核), then the employment ends.
 * The next employer registers the person and sees the earlier records (鲁人社发〔2016〕10号 （九）).
 */
export async function departure(trx: Transaction<DB>, p: Principal, personKey: string, leavingOn: string) {
  await assertCanAccessPerson(trx, p, personKey)
  if (!isIsoDate(leavingOn)) throw new InvalidInputError('date', '离职日期须为 YYYY-MM-DD')
  const year = Number(leavingOn.slice(0, 4))
  let review: Awaited<ReturnType<typeof reviewOne>> | undefined
  try {
    review = await reviewOne(trx, p, personKey, year, 'departure')
  } catch (e) {
    if (!(e instanceof InputError)) throw e
  }
  // The person leaves the employer's buckets of the summaries with the same write.
  const ended = await changingPersons(trx, [personKey], () =>
    trx
      .updateTable('employment')
      .set({ to_date: leavingOn })
      .where('person_key', '=', personKey)
      .where('organisation_id', '=', p.organisationId as string)
      .where('to_date', 'is', null)
      .where(sql<boolean>`from_date <= ${leavingOn}`)
      .executeTakeFirst(),
  )
  if (Number(ended.numUpdatedRows) === 0)
    throw new InvalidInputError('date', '离职日期早于入职日期，或该人员已不在本单位')
  await recordAudit(trx, {
    actor: actorOf(p).id,
    actorOrganisationId: p.organisationId,
    action: 'employment.end',
    entity: 'person',
    entityId: personKey,
    personKey,
    after: { date: leavingOn, review: review ?? null, basis: REVIEW_BASIS },
  })
  await notify(trx, {
    personKey,
    kind: 'employment.end',
    title: '原单位已完成离职审核',
    body: `${leavingOn} 离开原单位；学时记录随人保留，新单位可查看。`,
    link: `/years/${year}`,
  })
  return { personKey, leftOn: leavingOn, review }
}

/** The one answer for a number that cannot be taken on, whichever the reason (no oracle). */
export const CANNOT_JOIN = `${UNVERIFIABLE}；尚在原单位的人员须原单位先完成离职审核`

/**
 * A new employer (or the agency holding a freelancer's file) registers a person by ID number and name.
 * Not registered, registered under another name, or still employed elsewhere get the same answer; only
 * a caller who already has the person hears which.
 */
export async function joinOrganisation(
  trx: Transaction<DB>,
  secrets: Secrets,
  p: Principal,
  input: { idNumber: string; name: string; fromDate: string },
) {
  const personKey = personKeyOfIdNumber(secrets, input.idNumber)
  if (!isIsoDate(input.fromDate)) throw new InvalidInputError('fromDate', '入职日期须为 YYYY-MM-DD')
  const person = await trx
    .selectFrom('person')
    .select(['person_key', 'name'])
    .where('person_key', '=', personKey)
    .executeTakeFirst()
  const sameName = person?.name === input.name.trim()
  if (await canAccessPerson(trx, p, personKey))
    throw sameName
      ? new ConflictError('该人员已在本单位')
      : new InvalidInputError('name', '姓名与登记信息不一致')
  const current = await trx
    .selectFrom('employment')
    .select('organisation_id')
    .where('person_key', '=', personKey)
    .where('to_date', 'is', null)
    .executeTakeFirst()
  if (!person || !sameName || current) throw new InvalidInputError('idNumber', CANNOT_JOIN)
  // Where the person comes from: the employment that ended last (none: their first on record).
  const previous = await trx
    .selectFrom('employment as e')
    .innerJoin('organisation as o', 'o.id', 'e.organisation_id')
    .select(['o.name', 'e.to_date'])
    .where('e.person_key', '=', personKey)
    .where('e.to_date', 'is not', null)
    .orderBy('e.to_date', 'desc')
    .limit(1)
    .executeTakeFirst()
  await changingPersons(trx, [personKey], () =>
    trx
      .insertInto('employment')
      .values({
        person_key: personKey,
        organisation_id: p.organisationId as string,
        relation: p.role === 'agency' ? 'file_holder' : 'employee',
        from_date: input.fromDate,
      })
      .execute(),
  )
  await recordAudit(trx, {
    actor: actorOf(p).id,
    actorOrganisationId: p.organisationId,
    action: 'employment.start',
    entity: 'person',
    entityId: personKey,
    personKey,
    after: { from: input.fromDate },
  })
  return {
    personKey,
    name: person.name,
    fromDate: input.fromDate,
    previousEmployer: previous ? { name: previous.name, leftOn: String(previous.to_date) } : null,
  }
}
