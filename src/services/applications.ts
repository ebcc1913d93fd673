import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import { countRows } from '../db/count.js'
import { liveCreditsWithContent } from '../db/ledger.js'
import type { ActivityRecordTable, DB, RecordStatus } from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { InputError } from '../policy/errors.js'
import { parseRecord } from '../policy/records.js'
import type { ActivityRecord } from '../policy/types.js'
import type { Principal } from './accounts.js'
import { recordAudit } from './audit.js'
import { contentHashOf, creditKey } from './credit-keys.js'
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.js'
import { type Actor, appendCredit, assertNotFuture, personYear, previewCredit } from './ledger.js'
import { notify } from './notifications.js'
import { createRecord } from './records.js'
import { assertCanAccessPerson } from './scope.js'
import { staffRecord } from './staff-records.js'

export const actorOf = (p: Principal): Actor => ({
  id: p.userId ?? p.username,
  organisationId: p.organisationId,
})

export interface Application {
  personKey: string
  id: string
  status: RecordStatus
  source: string
  record: ActivityRecord
  reviewerOrganisationId: string | null
  reviewNote: string | null
  ledgerEntryId: string | null
  createdAt: string
  updatedAt: string
}

const toApplication = (r: Selectable<ActivityRecordTable>): Application => ({
  personKey: r.person_key,
  id: r.id,
  status: r.status,
  source: r.source,
  record: r.record as ActivityRecord,
  reviewerOrganisationId: r.reviewer_organisation_id,
  reviewNote: r.review_note,
  ledgerEntryId: r.ledger_entry_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
})

/** The employer, or for a freelancer the agency holding their file (苏人社函〔2023〕308号 五（二）). */
async function reviewerOf(db: Kysely<DB> | Transaction<DB>, personKey: string): Promise<string> {
  const row = await db
    .selectFrom('employment')
    .select('organisation_id')
    .where('person_key', '=', personKey)
    .where('to_date', 'is', null)
    .orderBy('from_date', 'desc')
    .executeTakeFirst()
  if (!row)
    throw new InvalidInputError('personKey', '没有所在单位或存档的人力资源服务机构，无法提交学时登记申请')
  return row.organisation_id
}

/**
 * Refuses an application for an activity that is already in the ledger, or already waiting in a queue
 * (the same activity however it is spelled), naming the one that has it. The person's row is locked so
 * that two identical submissions at once are seen one after the other.
 */
async function assertNotFiledYet(trx: Transaction<DB>, personKey: string, input: unknown, except?: string) {
  const record = parseRecord({ ...(input as object), id: 'new' }, 1)
  assertNotFuture(record)
  const hash = contentHashOf(record as unknown as Record<string, unknown>)
  await trx
    .selectFrom('person')
    .select('person_key')
    .where('person_key', '=', personKey)
    .forUpdate()
    .execute()
  const pending = await trx
    .selectFrom('activity_record')
    .select(['id', 'record', 'status'])
    .where('person_key', '=', personKey)
    .where('source', '=', 'application')
    .where('status', 'in', ['submitted', 'returned'])
    .execute()
  const same = pending.find(
    (r) => r.id !== except && contentHashOf(r.record as Record<string, unknown>) === hash,
  )
  if (same) throw new ConflictError(`已有相同的待审核申请（申请编号 ${same.id}），请勿重复提交`)
  const [credited] = await liveCreditsWithContent(trx, [personKey], [hash])
  if (credited) throw new ConflictError(`该活动已记入学时账户（账户记录 ${credited.id}），不能重复申请`)
}

/** A person applies for registration of an activity; it goes to their employer's (or agency's) queue. */
export async function submitApplication(
  trx: Transaction<DB>,
  p: Principal,
  input: unknown,
): Promise<Application> {
  const personKey = p.personKey as string
  const reviewer = await reviewerOf(trx, personKey)
  await assertNotFiledYet(trx, personKey, input)
  const row = await createRecord(trx, actorOf(p), {
    personKey,
    record: input,
    source: 'application',
    status: 'submitted',
    reviewerOrganisationId: reviewer,
  })
  await notify(trx, {
    organisationId: reviewer,
    kind: 'application.submitted',
    title: '新的学时登记申请待审核',
    body: `收到一条${(input as { title?: string }).title ?? '继续教育'}学时登记申请，请审核。`,
    link: `/applications/${personKey}/${row.id}`,
  })
  return toApplication(row)
}

async function lockApplication(trx: Transaction<DB>, personKey: string, id: string) {
  const row = await trx
    .selectFrom('activity_record')
    .selectAll()
    .where('person_key', '=', personKey)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw new NotFoundError('application', id)
  return row
}

export async function getApplication(db: Kysely<DB>, p: Principal, personKey: string, id: string) {
  await assertCanAccessPerson(db, p, personKey)
  const row = await db
    .selectFrom('activity_record')
    .selectAll()
    .where('person_key', '=', personKey)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw new NotFoundError('application', id)
  const [person, evidence, history] = await Promise.all([
    db
      .selectFrom('person')
      .select(['name', 'id_masked'])
      .where('person_key', '=', personKey)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('evidence')
      .select(['id', 'filename', 'media_type', 'size', 'sha256', 'created_at'])
      .where('person_key', '=', personKey)
      .where('record_id', '=', id)
      .execute(),
    db
      .selectFrom('audit_event')
      .select(['seq', 'at', 'action', 'actor', 'after'])
      .where('person_key', '=', personKey)
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute(),
  ])
  const application = toApplication(row)
  return {
    application,
    personName: person.name,
    idMasked: person.id_masked,
    ...(await reviewAid(db, application)),
    evidence: evidence.map((e) => ({
      id: e.id,
      filename: e.filename,
      mediaType: e.media_type,
      size: e.size,
      sha256: e.sha256,
      createdAt: e.created_at.toISOString(),
    })),
    history: history.map((h) => ({
      at: h.at.toISOString(),
      action: h.action,
      detail: h.after ? JSON.parse(h.after) : null,
    })),
  }
}

/**
 * What a reviewer needs beside the record: while it waits, the engine's proposal (hours and the clause,
 * given the person's ledger today) and the person's year so far against the requirement.
 */
async function reviewAid(db: Kysely<DB>, a: Application) {
  const year = Number(a.record.date.slice(0, 4))
  const { id: _, ...body } = a.record
  const waiting = a.status === 'submitted' || a.status === 'returned'
  try {
    const [proposal, sofar] = await Promise.all([
      waiting ? previewCredit(db, a.personKey, body, { allowFuture: true }) : undefined,
      personYear(db, a.personKey, year),
    ])
    const e = sofar.evaluation
    return {
      proposal: proposal
        ? {
            policy: proposal.policy,
            public: proposal.credit.public,
            professional: proposal.credit.professional,
            hours: proposal.credit.public + proposal.credit.professional,
            basis: proposal.credit.basis,
            notes: proposal.credit.notes,
          }
        : null,
      yearSoFar: {
        year,
        policy: sofar.policy,
        totals: e.totals,
        required: e.required,
        shortfall: e.shortfall,
        compliant: e.compliant,
      },
    }
  } catch (err) {
    // A year no policy covers: nothing to propose or compare with.
    if (err instanceof InputError) return { proposal: null, yearSoFar: null }
    throw err
  }
}

export interface ApplicationFilter extends PageQuery {
  status?: RecordStatus
  kind?: string
  /** By time submitted: newest first (a person's list), or oldest first (a reviewer's queue). */
  order?: 'newest' | 'oldest'
}

/** A person's own applications, or a reviewer's queue. */
export async function listApplications(db: Kysely<DB>, p: Principal, f: ApplicationFilter) {
  let q = db
    .selectFrom('activity_record as a')
    .innerJoin('person as p', 'p.person_key', 'a.person_key')
    // The credit an approval wrote: the hours credited, and the most the reviewer approved when lower (核减).
    .leftJoin('ledger_entry as le', (j) =>
      j.onRef('le.person_key', '=', 'a.person_key').onRef('le.id', '=', 'a.ledger_entry_id'),
    )
  q =
    p.role === 'person'
      ? q.where('a.person_key', '=', p.personKey as string)
      : q.where('a.reviewer_organisation_id', '=', p.organisationId as string)
  if (f.status) q = q.where('a.status', '=', f.status)
  if (f.kind) q = q.where('a.kind', '=', f.kind)
  const direction = f.order === 'oldest' ? 'asc' : 'desc'
  const [rows, count] = await Promise.all([
    q
      .selectAll('a')
      .select([
        'p.name',
        'p.id_masked',
        'le.public as credited_public',
        'le.professional as credited_professional',
      ])
      .select(sql<string | null>`le.record->>'approvedMax'`.as('approved_max'))
      .orderBy('a.created_at', direction)
      .orderBy('a.id', direction)
      .limit(f.pageSize)
      .offset(offsetOf(f))
      .execute(),
    countRows(q),
  ])
  const items = []
  for (const r of rows) {
    const application = toApplication(r)
    items.push({
      ...application,
      personName: r.name,
      idMasked: r.id_masked,
      proposal: await proposalFor(db, application),
      credited:
        r.credited_public === null
          ? null
          : {
              public: Number(r.credited_public),
              professional: Number(r.credited_professional),
              approvedMax: r.approved_max === null ? null : Number(r.approved_max),
            },
    })
  }
  return listPage(items, count, f)
}

/** The engine's proposal for a waiting application (hours and clause), or null once decided or where no policy covers its year. */
async function proposalFor(db: Kysely<DB>, a: Application) {
  if (a.status !== 'submitted' && a.status !== 'returned') return null
  const { id: _, ...body } = a.record
  try {
    const { credit } = await previewCredit(db, a.personKey, body, { allowFuture: true })
    return { public: credit.public, professional: credit.professional, basis: credit.basis }
  } catch (err) {
    if (err instanceof InputError) return null
    throw err
  }
}

export type Decision =
  | { action: 'approve'; hours?: number; reason?: string }
  | { action: 'return'; reason: string }
  | { action: 'reject'; reason: string }

const DECISION_STATUS = { approve: 'approved', return: 'returned', reject: 'rejected' } as const
const DECISION_TITLE = {
  approve: '学时登记申请已通过',
  return: '学时登记申请被退回修改',
  reject: '学时登记申请未通过',
} as const

/**
 * The reviewer's decision. Approval writes the ledger entry in the same transaction, as proposed or
 * lower with a reason; the row lock makes a second, concurrent decision see the first and fail.
 */
export async function decide(
  trx: Transaction<DB>,
  p: Principal,
  personKey: string,
  id: string,
  d: Decision,
): Promise<Application> {
  // A reviewer decides only for a person still in its scope: a former employer no longer credits them.
  await assertCanAccessPerson(trx, p, personKey)
  const row = await lockApplication(trx, personKey, id)
  if (row.reviewer_organisation_id !== p.organisationId) throw new ForbiddenError('该申请不由本单位审核')
  if (row.status !== 'submitted') throw new ConflictError('该申请已审核过，不能再次审核')
  if (d.action !== 'approve' && !d.reason?.trim())
    throw new InvalidInputError('reason', '退回或不予通过须说明理由')
  let ledgerEntryId: string | null = null
  if (d.action === 'approve') {
    const record = row.record as ActivityRecord
    if (d.hours !== undefined && !d.reason?.trim())
      throw new InvalidInputError('reason', '核减学时须说明理由')
    const { id: _, ...body } = record
    if (d.hours !== undefined) {
      // Approval may lower the engine's proposal, never raise it: the hours come from the clause, not the reviewer.
      const { credit } = await previewCredit(trx, personKey, body)
      const proposed = credit.public + credit.professional
      if (d.hours > proposed)
        throw new InvalidInputError(
          'hours',
          `核定学时（${d.hours}）不能高于系统按政策拟认定的${proposed}学时（${credit.basis}）：只能按拟认定学时通过或核减`,
        )
    }
    const entry = await appendCredit(trx, actorOf(p), {
      personKey,
      record: d.hours === undefined ? body : { ...body, approvedMax: d.hours },
      recordId: id,
      source: 'application',
      creditKey: creditKey.record(contentHashOf(body)),
    })
    ledgerEntryId = entry.id
  }
  const updated = await trx
    .updateTable('activity_record')
    .set({
      status: DECISION_STATUS[d.action],
      review_note: d.reason?.trim() || null,
      reviewed_by: actorOf(p).id,
      ledger_entry_id: ledgerEntryId,
      updated_at: new Date(),
    })
    .where('person_key', '=', personKey)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordAudit(trx, {
    actor: actorOf(p).id,
    actorOrganisationId: p.organisationId,
    action: `application.${d.action}`,
    entity: 'activity_record',
    entityId: id,
    personKey,
    before: { status: row.status },
    after: {
      status: updated.status,
      reason: d.reason ?? null,
      hours: d.action === 'approve' ? (d.hours ?? null) : null,
      ledgerEntryId,
    },
  })
  await notify(trx, {
    personKey,
    kind: `application.${d.action}`,
    title: DECISION_TITLE[d.action],
    body: d.reason ? `理由：${d.reason}` : '已记入学时账户。',
    link: `/applications/${personKey}/${id}`,
  })
  return toApplication(updated)
}

/** A returned application, corrected by the person and submitted again. */
export async function resubmit(
  trx: Transaction<DB>,
  p: Principal,
  id: string,
  input: unknown,
): Promise<Application> {
  const personKey = p.personKey as string
  const row = await lockApplication(trx, personKey, id)
  if (row.status !== 'returned') throw new ConflictError('只有被退回的申请可以修改后重新提交')
  await assertNotFiledYet(trx, personKey, input, id)
  const record = parseRecord({ ...(input as object), id: 'resubmitted' }, 1)
  const updated = await trx
    .updateTable('activity_record')
    .set({
      record: JSON.stringify(record),
      kind: record.kind,
      activity_date: record.date,
      status: 'submitted',
      updated_at: new Date(),
    })
    .where('person_key', '=', personKey)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordAudit(trx, {
    actor: actorOf(p).id,
    action: 'application.resubmit',
    entity: 'activity_record',
    entityId: id,
    personKey,
    before: { status: 'returned' },
    after: { status: 'submitted' },
  })
  if (row.reviewer_organisation_id) {
    await notify(trx, {
      organisationId: row.reviewer_organisation_id,
      kind: 'application.submitted',
      title: '学时登记申请已修改并重新提交',
      body: '请审核。',
      link: `/applications/${personKey}/${id}`,
    })
  }
  return toApplication(updated)
}

/**
 * An employer registers training it organised, or self-study it organised and assessed with a learning
 * archive (苏人社函〔2023〕308号 四（十二）), for one of its staff: approved on entry.
 */
export async function registerForStaff(
  trx: Transaction<DB>,
  p: Principal,
  personKey: string,
  input: unknown,
) {
  await assertCanAccessPerson(trx, p, personKey)
  const { id: _, ...body } = staffRecord(input)
  const row = await createRecord(trx, actorOf(p), {
    personKey,
    record: body,
    source: 'grant',
    status: 'approved',
    reviewerOrganisationId: p.organisationId,
    organisationId: p.organisationId,
  })
  const entry = await appendCredit(trx, actorOf(p), {
    personKey,
    record: body,
    recordId: row.id,
    source: 'grant',
    creditKey: creditKey.record(contentHashOf(body)),
  })
  await trx
    .updateTable('activity_record')
    .set({ ledger_entry_id: entry.id })
    .where('person_key', '=', personKey)
    .where('id', '=', row.id)
    .execute()
  await notify(trx, {
    personKey,
    kind: 'ledger.credit',
    title: '单位为您登记了继续教育学时',
    body: `${entry.public + entry.professional}学时，依据${entry.basis}`,
    link: `/years/${entry.year}`,
  })
  return entry
}
