import type { Kysely, Transaction } from 'kysely'
import { regionPrefix } from '../db/compliance.js'
import { countRows } from '../db/count.js'
import { liveCredits } from '../db/ledger.js'
import { findPerson, findPersons } from '../db/persons.js'
import type { DB } from '../db/schema.js'
import { type ListPage, listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { parseResidentId } from '../domain/resident-id.js'
import type { Principal } from './accounts.js'
import { actorOf } from './applications.js'
import { recordAudit, transact } from './audit.js'
import { creditKey } from './credit-keys.js'
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  InvalidRowsError,
  NotFoundError,
} from './errors.js'
import { appendCredit } from './ledger.js'
import { notify } from './notifications.js'
import { findPolicyFor } from './person-year.js'
import { policySettingsOf } from './policy-settings.js'
import { personsInScope, personsOverseen, UNVERIFIABLE } from './scope.js'
import { personKeyOf, type Secrets } from './secrets.js'

export const MENTORSHIP_BASIS = '鲁人社发〔2016〕10号 （十九）；青人社字〔2023〕14号 六（二）'
export const MAX_MENTEES_A_YEAR = 10

export interface MentorshipInput {
  mentorIdNumber: string
  year: number
  title: string
  plan: string
  menteeIdNumbers: string[]
}

/** The city whose HR department files an employer's mentorships: （十九）经各设区的市人社部门备案. */
const cityOf = (regionCode: string) => `${regionCode.slice(0, 4)}00`

async function cityOfOrganisation(db: Kysely<DB>, organisationId: string): Promise<string> {
  const org = await db
    .selectFrom('organisation')
    .select('region_code')
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow()
  return cityOf(org.region_code)
}

/**
 * The mentor's and mentees' keys, each a registered person of the employer's city; any other number
 * gets the same answer, whether unregistered or registered elsewhere (no oracle).
 */
async function keysOf(db: Kysely<DB>, secrets: Secrets, city: string, input: MentorshipInput) {
  const numbers = [input.mentorIdNumber, ...input.menteeIdNumbers]
  const keys = numbers.map((n) => {
    const id = parseResidentId(n)
    return id.ok ? { key: personKeyOf(secrets, id.id) } : { reason: id.reason }
  })
  const usable = await personsOverseen(
    db,
    { regionCode: city },
    keys.flatMap((k) => (k.key ? [k.key] : [])),
  )
  const problems = keys.flatMap((k, row) => {
    const reason = k.key === undefined ? k.reason : usable.has(k.key) ? undefined : UNVERIFIABLE
    return reason ? [{ row, column: row === 0 ? 'mentorIdNumber' : 'menteeIdNumbers', reason }] : []
  })
  if (problems.length > 0) throw new InvalidRowsError(problems)
  const [mentor, ...mentees] = keys.map((k) => k.key as string)
  return { mentor: mentor as string, mentees }
}

/**
 * Only the Shandong texts make mentorship a way of continuing education (鲁人社发〔2016〕10号 （十九）;
 * 青人社字〔2023〕14号 六（二）). A mentee whose policy for the year lists no such way (an engineer under the
 * national rules, a person of another province) could never be credited: the filing is refused at the door,
 * naming the row and the policy, rather than after a year of mentoring at the evaluation.
 */
async function assertMentorshipCounts(db: Kysely<DB>, mentees: readonly string[], year: number) {
  const settings = await policySettingsOf(db)
  const persons = new Map((await findPersons(db, mentees)).map((person) => [person.personKey, person]))
  const problems = mentees.flatMap((key, i) => {
    const person = persons.get(key)
    if (!person) return []
    const policy = findPolicyFor(person, year, settings)
    if (!policy)
      return [{ row: i + 1, column: 'menteeIdNumbers', reason: `${year}年度没有适用于该学员的继续教育政策` }]
    if (policy.rules.mentorship) return []
    return [
      {
        row: i + 1,
        column: 'menteeIdNumbers',
        reason: `该学员${year}年度适用${policy.documentNo}，导师制不是其中的继续教育方式（${MENTORSHIP_BASIS}），不能登记学时`,
      },
    ]
  })
  if (problems.length > 0) throw new InvalidRowsError(problems)
}

/**
 * （十九）为每年不超过10名专业技术人员提供个性化继续教育…经设区的市人社部门备案: an employer files a
 * mentorship (mentor, plan, mentees); a mentor's mentees in a year, over all contracts, never exceed 10.
 */
export async function submitMentorship(
  db: Kysely<DB>,
  secrets: Secrets,
  p: Principal,
  input: MentorshipInput,
) {
  if (!input.title.trim()) throw new InvalidInputError('title', '须填写项目名称')
  if (!input.plan.trim()) throw new InvalidInputError('plan', '须填写实施方案')
  const city = await cityOfOrganisation(db, p.organisationId as string)
  const { mentor, mentees } = await keysOf(db, secrets, city, input)
  const keys = [...new Set(mentees)]
  if (keys.length === 0) throw new InvalidInputError('menteeIdNumbers', '至少一名学员')
  if (keys.includes(mentor)) throw new InvalidInputError('menteeIdNumbers', '导师不能是自己的学员')
  await assertMentorshipCounts(db, mentees, input.year)
  return transact(db, async (trx) => {
    // Serialise filings for one mentor, so two at once cannot both pass the limit.
    await trx.selectFrom('person').select('person_key').where('person_key', '=', mentor).forUpdate().execute()
    const already = await trx
      .selectFrom('mentorship_mentee as m')
      .innerJoin('mentorship as s', 's.id', 'm.mentorship_id')
      .select('m.person_key')
      .distinct()
      .where('s.mentor_person_key', '=', mentor)
      .where('s.year', '=', input.year)
      .execute()
    const total = new Set([...already.map((r) => r.person_key), ...keys]).size
    if (total > MAX_MENTEES_A_YEAR) {
      throw new InvalidInputError(
        'menteeIdNumbers',
        `导师每年指导不超过${MAX_MENTEES_A_YEAR}名学员（${MENTORSHIP_BASIS}），本年度将达${total}名`,
      )
    }
    const row = await trx
      .insertInto('mentorship')
      .values({
        organisation_id: p.organisationId as string,
        mentor_person_key: mentor,
        year: input.year,
        title: input.title.trim(),
        plan: input.plan,
        status: 'submitted',
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('mentorship_mentee')
      .values(keys.map((k) => ({ person_key: k, mentorship_id: row.id })))
      .execute()
    await recordAudit(trx, {
      actor: actorOf(p).id,
      actorOrganisationId: p.organisationId,
      action: 'mentorship.submit',
      entity: 'mentorship',
      entityId: row.id,
      after: { year: input.year, mentees: keys.length },
    })
    const cityHr = await trx
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'hr_department')
      .where('region_code', '=', city)
      .execute()
    for (const hr of cityHr) {
      await notify(trx, {
        organisationId: hr.id,
        kind: 'mentorship.submitted',
        title: '导师制项目待备案',
        body: `「${row.title}」${keys.length}名学员，请备案。`,
        link: `/mentorships/${row.id}`,
      })
    }
    return { id: row.id, status: row.status, mentees: keys.length }
  })
}

async function lockMentorship(trx: Transaction<DB>, id: string) {
  const row = await trx
    .selectFrom('mentorship')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw new NotFoundError('mentorship', id)
  return row
}

/** The mentor and the mentees of a mentorship. */
async function personsOf(trx: Transaction<DB>, row: { id: string; mentor_person_key: string }) {
  const mentees = await trx
    .selectFrom('mentorship_mentee')
    .select('person_key')
    .where('mentorship_id', '=', row.id)
    .execute()
  return [row.mentor_person_key, ...mentees.map((m) => m.person_key)]
}

/** The city HR department files (备案) a mentorship of an employer in its city. */
export async function fileMentorship(trx: Transaction<DB>, p: Principal, id: string) {
  const row = await lockMentorship(trx, id)
  const [hr, org] = await Promise.all([
    trx
      .selectFrom('organisation')
      .select(['region_code', 'level'])
      .where('id', '=', p.organisationId as string)
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom('organisation')
      .select('region_code')
      .where('id', '=', row.organisation_id)
      .executeTakeFirstOrThrow(),
  ])
  if (hr.level !== 'city' || !org.region_code.startsWith(regionPrefix(hr.region_code)))
    throw new ForbiddenError('导师制项目由所在设区的市人社部门备案')
  if (row.status !== 'submitted') throw new ConflictError('该项目已备案')
  const persons = await personsOf(trx, row)
  if ((await personsInScope(trx, p, persons)).size < new Set(persons).size)
    throw new ForbiddenError('导师制项目含本市以外的人员，不能备案')
  await trx
    .updateTable('mentorship')
    .set({ status: 'filed', filed_by: actorOf(p).id })
    .where('id', '=', id)
    .execute()
  await recordAudit(trx, {
    actor: actorOf(p).id,
    actorOrganisationId: p.organisationId,
    action: 'mentorship.file',
    entity: 'mentorship',
    entityId: id,
  })
  await notify(trx, {
    organisationId: row.organisation_id,
    kind: 'mentorship.filed',
    title: '导师制项目已备案',
    body: `「${row.title}」已备案，项目结束并完成绩效评估后登记学时。`,
    link: `/mentorships/${id}`,
  })
  return { id, status: 'filed' as const }
}

/** 六（二）项目结束、完成绩效评估后登记继续教育学时: the employer's evaluation gives each mentee's hours. */
export async function evaluateMentorship(
  trx: Transaction<DB>,
  p: Principal,
  id: string,
  hours: Record<string, number>,
  date: string,
) {
  const row = await lockMentorship(trx, id)
  if (row.organisation_id !== p.organisationId) throw new ForbiddenError('只能评估本单位的导师制项目')
  if (row.status === 'submitted') throw new ConflictError('项目尚未经市人社部门备案，不能登记学时')
  if (row.status === 'evaluated') throw new ConflictError('该项目已完成绩效评估')
  const [, ...mentees] = await personsOf(trx, row)
  const city = await cityOfOrganisation(trx, row.organisation_id)
  if ((await personsOverseen(trx, { regionCode: city }, mentees)).size < new Set(mentees).size)
    throw new ForbiddenError('导师制项目含本市以外的人员，不能登记学时')
  for (const person_key of mentees) {
    const h = hours[person_key]
    if (h === undefined || !(h >= 0))
      throw new InvalidInputError(`hours.${person_key}`, '须为每名学员给出评估认定的学时')
    const room = await mentorshipRoom(trx, person_key, yearOfDate(date))
    if (h > room.hours)
      throw new InvalidInputError(
        `hours.${person_key}`,
        `该学员${yearOfDate(date)}年度导师制学时最多还可认定${room.hours}学时（${room.basis}），评估给出${h}学时，请核减后重新登记`,
      )
    const entry = await appendCredit(trx, actorOf(p), {
      personKey: person_key,
      record: { kind: 'mentorship', role: 'mentee', hours: h, date, title: row.title },
      source: 'grant',
      creditKey: creditKey.mentorship(id),
    })
    // Where the policy of the mentee's year credits mentorship lower (or not at all), the evaluation is refused whole.
    const credited = entry.public + entry.professional
    if (credited < h)
      throw new InvalidInputError(
        `hours.${person_key}`,
        `该学员${entry.year}年度导师制学时最多还可认定${credited}学时（${entry.basis}），评估给出${h}学时，请核减后重新登记`,
      )
    await trx
      .updateTable('mentorship_mentee')
      .set({ hours: h, ledger_entry_id: entry.id })
      .where('person_key', '=', person_key)
      .where('mentorship_id', '=', id)
      .execute()
  }
  await trx.updateTable('mentorship').set({ status: 'evaluated' }).where('id', '=', id).execute()
  await recordAudit(trx, {
    actor: actorOf(p).id,
    actorOrganisationId: p.organisationId,
    action: 'mentorship.evaluate',
    entity: 'mentorship',
    entityId: id,
    after: { mentees: mentees.length, date },
  })
  return { id, status: 'evaluated' as const, credited: mentees.length }
}

const yearOfDate = (date: string): number => Number(date.slice(0, 4))

/**
 * How many more mentorship hours a mentee may be registered for in a year. Neither text sets mentorship
 * hours (鲁人社发〔2016〕10号 （十九）; 青人社字〔2023〕14号 六（二）): a year of personalised continuing
 * education stands at most for the year's professional requirement (鲁 （五）、裁定3; 青 一: 60), whatever
 * an evaluation asks — the registry's bound on a request, not a rule of the engine.
 */
async function mentorshipRoom(trx: Transaction<DB>, personKey: string, year: number) {
  const person = await findPerson(trx, personKey)
  if (!person) throw new NotFoundError('person', personKey)
  const policy = findPolicyFor(person, year, await policySettingsOf(trx))
  if (!policy) return { hours: 0, basis: MENTORSHIP_BASIS }
  const used = (await liveCredits(trx, personKey, year, year))
    .filter((e) => e.record?.kind === 'mentorship')
    .reduce((sum, e) => sum + e.public + e.professional, 0)
  return {
    hours: Math.max(0, policy.required.professional - used),
    basis: `${MENTORSHIP_BASIS}；${policy.documentNo} 专业科目每年${policy.required.professional}学时`,
  }
}

export interface MentorshipFilter {
  status?: 'submitted' | 'filed' | 'evaluated'
  year?: number
  /** Only this mentorship (a notification's link opens it), if the caller sees it. */
  id?: string
}

/**
 * The mentorships a caller may see, newest first: an employer its own; an HR department those of the
 * employers in its region and below, as fileMentorship checks the employer's region (（十九）经各设区的市
 * 人社部门备案). With the mentor and mentees masked, and each mentee's hours once evaluated.
 */
export async function listMentorships(
  db: Kysely<DB>,
  p: Principal,
  f: MentorshipFilter & PageQuery,
): Promise<ListPage<MentorshipItem>> {
  let q = db
    .selectFrom('mentorship as s')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .innerJoin('person as m', 'm.person_key', 's.mentor_person_key')
  if (p.role === 'employer') q = q.where('s.organisation_id', '=', p.organisationId as string)
  else if (p.role === 'hr_department') {
    const hr = await db
      .selectFrom('organisation')
      .select('region_code')
      .where('id', '=', p.organisationId as string)
      .executeTakeFirstOrThrow()
    q = q.where('o.region_code', 'like', `${regionPrefix(hr.region_code)}%`)
  } else throw new ForbiddenError('只有用人单位和人社部门可查看导师制项目')
  if (f.status !== undefined) q = q.where('s.status', '=', f.status)
  if (f.year !== undefined) q = q.where('s.year', '=', f.year)
  if (f.id !== undefined) q = q.where('s.id', '=', f.id)
  const [rows, total] = await Promise.all([
    q
      .select([
        's.id',
        's.year',
        's.title',
        's.plan',
        's.status',
        's.created_at',
        'o.name as employer_name',
        'm.name as mentor_name',
        'm.id_masked as mentor_id_masked',
      ])
      .orderBy('s.created_at', 'desc')
      .orderBy('s.id')
      .limit(f.pageSize)
      .offset(offsetOf(f))
      .execute(),
    countRows(q),
  ])
  const ids = rows.map((r) => r.id)
  const [mentees, filings] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          db
            .selectFrom('mentorship_mentee as e')
            .innerJoin('person as p', 'p.person_key', 'e.person_key')
            .select(['e.mentorship_id', 'e.person_key', 'e.hours', 'p.name', 'p.id_masked'])
            .where('e.mentorship_id', 'in', ids)
            .orderBy('p.name')
            .orderBy('e.person_key')
            .execute(),
          // The filing's time is the audit trail's: the mentorship keeps who filed it, not when.
          db
            .selectFrom('audit_event')
            .select(['entity_id', 'at'])
            .where('person_key', '=', '')
            .where('entity', '=', 'mentorship')
            .where('action', '=', 'mentorship.file')
            .where('entity_id', 'in', ids)
            .execute(),
        ])
  const filedAt = new Map(filings.map((e) => [e.entity_id, e.at]))
  return listPage(
    rows.map((r) => {
      const own = mentees.filter((e) => e.mentorship_id === r.id)
      const filed = filedAt.get(r.id)
      return {
        id: r.id,
        year: r.year,
        title: r.title,
        plan: r.plan,
        status: r.status,
        mentorName: r.mentor_name,
        mentorIdMasked: r.mentor_id_masked,
        employerName: r.employer_name,
        menteeCount: own.length,
        createdAt: r.created_at.toISOString(),
        filedAt: filed ? filed.toISOString() : null,
        mentees: own.map((e) => ({
          personKey: e.person_key,
          name: e.name,
          idMasked: e.id_masked,
          hours: e.hours === null ? null : Number(e.hours),
        })),
      }
    }),
    total,
    f,
  )
}

export interface MentorshipItem {
  id: string
  year: number
  title: string
  plan: string
  status: 'submitted' | 'filed' | 'evaluated'
  mentorName: string
  mentorIdMasked: string
  employerName: string
  menteeCount: number
  createdAt: string
  filedAt: string | null
  mentees: { personKey: string; name: string; idMasked: string; hours: number | null }[]
}
