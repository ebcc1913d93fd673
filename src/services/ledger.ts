import { randomUUID } from 'node:crypto'
import type { Insertable, Kysely, Transaction } from 'kysely'
import {
  type CreditRow,
  creditsUnderKeys,
  DuplicateCreditError,
  findEntry,
  findReversalOf,
  insertCredits,
  insertEntry,
  type LedgerEntry,
  liveCredits,
  liveRecordsOf,
  personYearRow,
  withoutJit,
} from '../db/ledger.js'
import { type LedgerFilter, type LedgerLine, ledgerPage } from '../db/ledger-lines.js'
import { findPerson, findPersons, type Person } from '../db/persons.js'
import type { DB, LedgerSource, PersonYearTable, RecordSource } from '../db/schema.js'
import { type LedgerHours, writePersonYears } from '../db/summaries.js'
import { chinaToday } from '../domain/china-date.js'
import type { ListPage, PageQuery } from '../domain/pages.js'
import { evaluate, evaluateWindow } from '../policy/evaluate.js'
import { parseRecord, yearOf } from '../policy/records.js'
import type { PolicySetting } from '../policy/registry.js'
import type { ActivityRecord, Evaluation, RecordCredit } from '../policy/types.js'
import { recordAudit } from './audit.js'
import { contentHashOf } from './credit-keys.js'
import { ConflictError, InvalidInputError, NotFoundError } from './errors.js'
import {
  affectedYears,
  EARLIER_YEARS,
  engineRecords,
  evaluatePersonYear,
  findPolicyFor,
  policyFor,
} from './person-year.js'
import { policySettingsOf } from './policy-settings.js'
import { assertYearOpen, closedYearsOf } from './year-lock.js'

export { policyFor } from './person-year.js'

export interface Actor {
  /** User id or system name ('demo', 'import:…'). */
  id: string
  organisationId?: string | null
}

/** No activity is credited, previewed or applied for before it has happened (China's calendar day). */
export function assertNotFuture(record: ActivityRecord, today = chinaToday()): void {
  if (record.date > today)
    throw new InvalidInputError('date', `活动日期${record.date}晚于今天（${today}），活动结束后才能登记学时`)
}

const NO_POLICY_BASIS = '该年度所在地区无适用政策，暂不计学时（青岛近五年滚动管理按申报年度政策计算）'

async function getPerson(db: Kysely<DB> | Transaction<DB>, personKey: string): Promise<Person> {
  const person = await findPerson(db, personKey)
  if (!person) throw new NotFoundError('person', personKey)
  return person
}

/**
 * Re-evaluates a person's year over the ledger: the person_year row to store, so compliance lists are one
 * indexed query. Records of the next year may be make-ups for this one, and this year's make-ups depend on
 * last year's leave, hence the three-year read.
 */
async function evaluatedYear(
  trx: Transaction<DB>,
  person: Person,
  year: number,
  settings: readonly PolicySetting[],
): Promise<Insertable<PersonYearTable> | undefined> {
  if (findPolicyFor(person, year, settings) === undefined) return undefined // no policy in force then
  const entries = await liveCredits(trx, person.personKey, year - EARLIER_YEARS, year + 1)
  const result = evaluatePersonYear(person, year, settings, entries) as Evaluation
  return personYearRow(person.personKey, result)
}

export interface CreditInput {
  personKey: string
  /** The activity record in the contract's vocabulary (validated here). */
  record: unknown
  recordId?: string | null
  source: RecordSource
  /** The credit's natural key (credit-keys.ts): at most one live credit per person and key. */
  creditKey: string
}

/**
 * The revision each (person, key) credit will take: the number of earlier credits under the key, all of
 * which must have been reversed. A live one means the hours are already in the ledger.
 */
async function nextRevisions(
  trx: Transaction<DB>,
  pairs: readonly { personKey: string; creditKey: string }[],
): Promise<Map<string, number>> {
  const revisions = new Map<string, number>()
  for (const c of await creditsUnderKeys(trx, pairs)) {
    const at = `${c.personKey} ${c.creditKey}`
    if (c.live) throw new DuplicateCreditError(`该学时已记入（账户记录 ${c.id}），不能重复记入`)
    revisions.set(at, Math.max(revisions.get(at) ?? 0, c.revision + 1))
  }
  return revisions
}

/**
 * Writes an approved record to the ledger with the hours the engine credits it in its year, keeps the
 * year's summary current and records the change in the audit trail — all in the caller's transaction.
 */
export async function appendCredit(
  trx: Transaction<DB>,
  actor: Actor,
  input: CreditInput,
): Promise<LedgerEntry> {
  const person = await getPerson(trx, input.personKey)
  const id = randomUUID()
  const record = parseRecord({ ...(input.record as object), id }, 1)
  assertNotFuture(record)
  const year = yearOf(record)
  await assertYearOpen(trx, person.personKey, year)
  const revisions = await nextRevisions(trx, [input])
  // The settings as this transaction sees them: a change made later never reaches this entry.
  const settings = await policySettingsOf(trx)
  const policy = findPolicyFor(person, year, settings)
  const live = await liveCredits(trx, person.personKey, year - EARLIER_YEARS, year + 1)
  const credit = policy
    ? evaluate(policy, year, [...engineRecords(live), record]).records.find((r) => r.id === id)
    : undefined
  const entry = await insertEntry(trx, {
    person_key: person.personKey,
    id,
    entry_type: 'credit',
    year,
    record_id: input.recordId ?? null,
    record: JSON.stringify(record),
    credit_key: input.creditKey,
    credit_revision: revisions.get(`${input.personKey} ${input.creditKey}`) ?? 0,
    content_hash: contentHashOf(record as unknown as Record<string, unknown>),
    policy_id: policy?.id ?? null,
    public: credit?.public ?? 0,
    professional: credit?.professional ?? 0,
    basis: credit?.basis || (policy?.documentNo ?? NO_POLICY_BASIS),
    source: input.source,
    actor: actor.id,
    actor_organisation_id: actor.organisationId ?? null,
  })
  await recomputeAround(trx, person, record, settings, [hoursOf(entry, 1)])
  await recordAudit(trx, {
    actor: actor.id,
    actorOrganisationId: actor.organisationId,
    action: 'ledger.credit',
    entity: 'ledger_entry',
    entityId: id,
    personKey: person.personKey,
    after: {
      year,
      policy: policy?.id ?? null,
      kind: record.kind,
      public: entry.public,
      professional: entry.professional,
      basis: entry.basis,
      source: input.source,
    },
  })
  return entry
}

/** A credit as summary_hours counts it (+1), or its reversal (−1): its year, way, door, key and hours. */
const hoursOf = (credit: LedgerEntry, sign: 1 | -1): LedgerHours => ({
  personKey: credit.personKey,
  sign,
  creditKey: credit.creditKey,
  year: credit.year,
  way: credit.record?.kind ?? '',
  door: credit.source,
  credits: 1,
  public: credit.public,
  professional: credit.professional,
})

async function recomputeAround(
  trx: Transaction<DB>,
  person: Person,
  record: ActivityRecord | null,
  settings: readonly PolicySetting[],
  ledger: readonly LedgerHours[],
): Promise<void> {
  const rows = []
  if (record)
    for (const year of affectedYears(record)) rows.push(await evaluatedYear(trx, person, year, settings))
  // The stored years, the ledger entries written and the summaries over them move together
  // (src/db/summaries.ts).
  await writePersonYears(
    trx,
    rows.filter((r) => r !== undefined),
    ledger,
  )
}

export interface ReversalInput {
  personKey: string
  entryId: string
  reason: string
  source: Extract<LedgerSource, 'revocation' | 'correction'>
  /** The clause behind the reversal, e.g. 第二十七条 for hours obtained by fraud. */
  basis: string
}

/** Cancels a credit with a reversal entry that points at it; a credit can be reversed once. */
export async function reverseEntry(
  trx: Transaction<DB>,
  actor: Actor,
  input: ReversalInput,
): Promise<LedgerEntry> {
  const person = await getPerson(trx, input.personKey)
  const original = await findEntry(trx, input.personKey, input.entryId)
  if (!original) throw new NotFoundError('ledger entry', input.entryId)
  if (original.entryType !== 'credit')
    throw new ConflictError('冲销记录本身不能再冲销', { en: 'a reversal entry cannot itself be reversed' })
  if (await findReversalOf(trx, input.personKey, input.entryId)) {
    throw new ConflictError(`学时账户记录（${input.entryId}）已冲销，不能再次冲销`, {
      en: `ledger entry ${input.entryId} has already been reversed`,
    })
  }
  const entry = await insertEntry(trx, {
    person_key: input.personKey,
    entry_type: 'reversal',
    year: original.year,
    record: null,
    policy_id: original.policyId,
    public: -original.public,
    professional: -original.professional,
    basis: input.basis,
    source: input.source,
    actor: actor.id,
    actor_organisation_id: actor.organisationId ?? null,
    reason: input.reason,
    reverses_id: original.id,
  })
  await recomputeAround(trx, person, original.record, await policySettingsOf(trx), [hoursOf(original, -1)])
  await recordAudit(trx, {
    actor: actor.id,
    actorOrganisationId: actor.organisationId,
    action: `ledger.${input.source}`,
    entity: 'ledger_entry',
    entityId: entry.id,
    personKey: input.personKey,
    before: { entry: original.id, public: original.public, professional: original.professional },
    after: { reverses: original.id, reason: input.reason, basis: input.basis },
  })
  return entry
}

export interface PersonYearView {
  person: Person
  policy: string
  evaluation: Evaluation
  /** The ledger entry behind each evaluated record (its id is the entry id). */
  entries: LedgerEntry[]
}

/**
 * A person's year (or the Qingdao window ending in it) computed by the engine over the ledger, with
 * totals, compliance and the clause behind every hour.
 */
export async function personYear(
  db: Kysely<DB>,
  personKey: string,
  year: number,
  options: { window?: number } = {},
): Promise<PersonYearView> {
  const person = await getPerson(db, personKey)
  const policy = policyFor(person, year, await policySettingsOf(db))
  const from = year - Math.max(options.window ?? 1, EARLIER_YEARS)
  const entries = await liveCredits(db, personKey, from, year + 1)
  const records = engineRecords(entries)
  const evaluation =
    options.window === undefined
      ? evaluate(policy, year, records)
      : evaluateWindow(policy, year, options.window, records)
  const shown = new Set(evaluation.records.map((r) => r.id))
  return { person, policy: policy.id, evaluation, entries: entries.filter((e) => shown.has(e.id)) }
}

/**
 * What the engine would credit a record in the person's year, with the clause: the "what would this
 * earn?" preview shown before submitting. Nothing is written.
 */
export async function previewCredit(
  db: Kysely<DB>,
  personKey: string,
  input: unknown,
  options: { allowFuture?: boolean; settings?: readonly PolicySetting[] } = {},
): Promise<{ policy: string; credit: RecordCredit }> {
  const person = await getPerson(db, personKey)
  const record = parseRecord({ ...(input as object), id: 'preview' }, 1)
  if (!options.allowFuture) assertNotFuture(record)
  const year = yearOf(record)
  const policy = policyFor(person, year, options.settings ?? (await policySettingsOf(db)))
  const live = await liveCredits(db, personKey, year - EARLIER_YEARS, year + 1)
  const result = evaluate(policy, year, [...engineRecords(live), record])
  return { policy: policy.id, credit: result.records.find((r) => r.id === 'preview') as RecordCredit }
}

/**
 * A page of a person's ledger entries, credits and reversals, newest first unless sorted by date; filtered
 * by year, kind and source in SQL.
 */
export function ledgerOf(
  db: Kysely<DB>,
  personKey: string,
  query: LedgerFilter & PageQuery,
): Promise<ListPage<LedgerLine>> {
  return ledgerPage(db, personKey, query)
}

export interface BulkCreditLine {
  personKey: string
  /** The activity record in the contract's vocabulary. */
  record: unknown
  /** The credit's natural key (credit-keys.ts). */
  creditKey: string
}

/**
 * Many approved records at once (a roster confirmed, a grant, an import): each credited by the engine in
 * its person's year exactly as appendCredit would, but with one read of the persons and their ledger,
 * batched inserts, one person_year upsert and one audit event naming the batch, which every entry carries.
 * Returns the batch id and the new entry ids in line order.
 */
export async function appendCredits(
  trx: Transaction<DB>,
  actor: Actor,
  lines: readonly BulkCreditLine[],
  source: RecordSource,
): Promise<{ batchId: string; ids: string[] }> {
  const batchId = randomUUID()
  if (lines.length === 0) return { batchId, ids: [] }
  const seen = new Set<string>()
  lines.forEach((l, i) => {
    const at = `${l.personKey} ${l.creditKey}`
    if (seen.has(at))
      throw new DuplicateCreditError(`第${i + 1}条与前面的记录是同一人员、同一来源，不能重复记入`)
    seen.add(at)
  })
  const revisions = await nextRevisions(trx, lines)
  const keys = [...new Set(lines.map((l) => l.personKey))]
  const persons = new Map((await findPersons(trx, keys)).map((p) => [p.personKey, p]))
  const records = lines.map((l, i) => parseRecord({ ...(l.record as object), id: randomUUID() }, i + 1))
  const today = chinaToday()
  for (const record of records) assertNotFuture(record, today)
  const years = records.map(yearOf)
  // A loop, not Math.min(...years): a region's exchange file is ~200,000 records, past the call stack.
  let firstYear = Number.POSITIVE_INFINITY
  let lastYear = Number.NEGATIVE_INFINITY
  for (const y of years) {
    if (y < firstYear) firstYear = y
    if (y > lastYear) lastYear = y
  }
  const closed = await closedYearsOf(trx, keys)
  lines.forEach((l, i) => {
    if (closed.has(`${l.personKey}/${years[i]}`))
      throw new ConflictError(`${years[i]}年度已完成年终审核，只能以冲销更正并说明理由（第${i + 1}条）`)
  })
  await withoutJit(trx)
  const byPerson = new Map<string, ActivityRecord[]>()
  // Earlier years: a summary reads them (make-ups, results credited once); a leave touches the next year.
  for (const e of await liveRecordsOf(trx, keys, firstYear - EARLIER_YEARS - 1, lastYear + 2)) {
    const theirs = byPerson.get(e.personKey) ?? []
    theirs.push({ ...e.record, id: e.id })
    byPerson.set(e.personKey, theirs)
  }
  const settings = await policySettingsOf(trx)
  const rows: CreditRow[] = []
  const touched = new Map<string, Set<number>>()
  records.forEach((record, i) => {
    const line = lines[i] as BulkCreditLine
    const personKey = line.personKey
    const person = persons.get(personKey)
    if (!person) throw new NotFoundError('person', personKey)
    const year = years[i] as number
    const policy = findPolicyFor(person, year, settings)
    const theirs = byPerson.get(personKey) ?? []
    theirs.push(record)
    byPerson.set(personKey, theirs)
    const credit = policy ? evaluate(policy, year, theirs).records.find((r) => r.id === record.id) : undefined
    rows.push({
      person_key: personKey,
      id: record.id,
      year,
      record: JSON.stringify(record),
      credit_key: line.creditKey,
      credit_revision: revisions.get(`${personKey} ${line.creditKey}`) ?? 0,
      content_hash: contentHashOf(record as unknown as Record<string, unknown>),
      batch_id: batchId,
      policy_id: policy?.id ?? null,
      public: credit?.public ?? 0,
      professional: credit?.professional ?? 0,
      basis: credit?.basis || (policy?.documentNo ?? NO_POLICY_BASIS),
      source,
      actor: actor.id,
      actor_organisation_id: actor.organisationId ?? null,
    })
    const theirYears = touched.get(personKey) ?? new Set<number>()
    for (const y of affectedYears(record)) theirYears.add(y)
    touched.set(personKey, theirYears)
  })
  for (let i = 0; i < rows.length; i += 5000) await insertCredits(trx, rows.slice(i, i + 5000))
  const summaries = []
  for (const [personKey, ys] of touched) {
    const person = persons.get(personKey) as Person
    for (const year of ys) {
      const policy = findPolicyFor(person, year, settings)
      if (policy)
        summaries.push(personYearRow(personKey, evaluate(policy, year, byPerson.get(personKey) ?? [])))
    }
  }
  await writePersonYears(
    trx,
    summaries,
    rows.map((r, i) => ({
      personKey: r.person_key,
      sign: 1,
      creditKey: r.credit_key,
      year: r.year,
      way: (records[i] as ActivityRecord).kind,
      door: r.source,
      credits: 1,
      public: r.public,
      professional: r.professional,
    })),
  )
  await recordAudit(trx, {
    actor: actor.id,
    actorOrganisationId: actor.organisationId,
    action: 'ledger.credit_bulk',
    entity: 'ledger_batch',
    entityId: batchId,
    after: { source, entries: rows.length, persons: keys.length, first: rows[0]?.id ?? null },
  })
  return { batchId, ids: rows.map((r) => r.id) }
}
