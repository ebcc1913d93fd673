import { type Insertable, type Kysely, sql, type Transaction } from 'kysely'
import {
  type CreditFigures,
  type Dimensions,
  HOURS_COUNTS,
  SummaryBook,
  YEAR_COUNTS,
  type YearFigures,
} from '../domain/summary-book.js'
import { findPolicy } from '../policy/registry.js'
import {
  enterRoll,
  keptRollYears,
  moveRollLines,
  type RollPerson,
  writeRollLines,
} from './compliance-roll.js'
import { REVERSED, upsertPersonYears } from './ledger.js'
import type { DB, PersonYearTable } from './schema.js'

type Executor = Kysely<DB> | Transaction<DB>

/** Persons per statement when reading or locking many (a staff import's tens of thousands). */
const CHUNK = 5000

/** The total hours a policy requires in a year (0 for a policy no longer known). */
const requiredBy = (policyId: string): number => findPolicy(policyId)?.required.total ?? 0

/** The current employer of the person aliased `p` (a person has at most one current employment). */
export const CURRENT_EMPLOYER = sql<string>`coalesce((SELECT min(e.organisation_id::text) FROM employment e WHERE e.person_key = p.person_key AND e.to_date IS NULL), '')`

/**
 * The persons' dimensions, their rows locked (FOR NO KEY UPDATE, in key order) so that every write a
 * summary follows — ledger, employment, attributes — is serialised per person until the transaction ends.
 */
async function lockedDimensions(trx: Executor, personKeys: readonly string[]) {
  const dims = new Map<string, RollPerson>()
  const keys = [...new Set(personKeys)].sort()
  for (let i = 0; i < keys.length; i += CHUNK) {
    for (const [k, d] of await dimensionsOf(trx, keys.slice(i, i + CHUNK))) dims.set(k, d)
  }
  return dims
}

async function dimensionsOf(trx: Executor, personKeys: readonly string[]) {
  const dims = new Map<string, RollPerson>()
  const rows = await trx
    .selectFrom('person as p')
    .select([
      'p.person_key',
      'p.region_code',
      sql<string>`coalesce(p.industry, '')`.as('industry'),
      'p.series',
      'p.name',
      CURRENT_EMPLOYER.as('employer'),
    ])
    .where('p.person_key', 'in', personKeys)
    .orderBy('p.person_key')
    .forNoKeyUpdate()
    .execute()
  for (const r of rows)
    dims.set(r.person_key, {
      regionCode: r.region_code,
      industry: r.industry,
      series: r.series,
      employer: r.employer,
      name: r.name,
    })
  return dims
}

/** A person_year row as the summaries count it. */
const yearFigures = (r: Insertable<PersonYearTable>): YearFigures => ({
  year: r.year,
  compliant: r.compliant,
  public: Number(r.public),
  professional: Number(r.professional),
  total: Number(r.total),
  required: requiredBy(r.policy_id),
})

type StoredYear = { person_key: string } & YearFigures

/** The persons' person_year rows (of these years, or all), as the summaries count them. */
async function storedYears(
  trx: Executor,
  personKeys: readonly string[],
  years?: readonly number[],
): Promise<StoredYear[]> {
  if (years?.length === 0) return []
  const keys = [...new Set(personKeys)]
  const found: StoredYear[] = []
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await trx
      .selectFrom('person_year')
      .select(['person_key', 'year', 'policy_id', 'public', 'professional', 'total', 'compliant'])
      .where('person_key', 'in', keys.slice(i, i + CHUNK))
      .$if(years !== undefined, (q) => q.where('year', 'in', [...new Set(years)]))
      .execute()
    for (const r of rows)
      found.push({
        person_key: r.person_key,
        year: r.year,
        compliant: r.compliant,
        public: Number(r.public),
        professional: Number(r.professional),
        total: Number(r.total),
        required: requiredBy(r.policy_id),
      })
  }
  return found
}

/**
 * A ledger entry as summary_hours and summary_institution count it: a credit (+1), or a reversal (−1 of
 * its credit's figures); its credit key tells the institution (creditInstitutions).
 */
export type LedgerHours = { personKey: string; sign: 1 | -1; creditKey: string | null } & Omit<
  CreditFigures,
  'institution'
>

/**
 * The credit aliased `e` is a line of the roster of the training project aliased `tp` (credit key
 * project:<id>, door roster): the credit counts under the project's institution. A grant's lines carry a
 * project key too but are the department's own activity, not an institution's.
 */
export const ROSTER_PROJECT = sql<boolean>`e.source = 'roster' AND e.credit_key = 'project:' || tp.id::text`

const PROJECT_KEY = /^project:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/

/** The institutions of roster credits by credit key (as ROSTER_PROJECT): a lookup of their projects. */
async function creditInstitutions(
  trx: Executor,
  ledger: readonly LedgerHours[],
): Promise<Map<string, string>> {
  const projects = new Set<string>()
  for (const l of ledger) {
    const id = l.door === 'roster' ? PROJECT_KEY.exec(l.creditKey ?? '')?.[1] : undefined
    if (id) projects.add(id)
  }
  if (projects.size === 0) return new Map()
  const rows = await trx
    .selectFrom('training_project')
    .select(['id', 'institution_id'])
    .where('id', 'in', [...projects])
    .execute()
  return new Map(rows.map((r) => [`project:${r.id}`, r.institution_id]))
}

/** The persons' live credits (credits no reversal cancels) summed by year, way, door and institution. */
async function liveCreditFigures(
  trx: Executor,
  personKeys: readonly string[],
): Promise<({ personKey: string } & CreditFigures)[]> {
  const keys = [...new Set(personKeys)]
  const found: ({ personKey: string } & CreditFigures)[] = []
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await trx
      .selectFrom('ledger_entry as e')
      .select([
        'e.person_key',
        'e.year',
        sql<string>`coalesce(e.record->>'kind', '')`.as('way'),
        'e.source',
        sql<string>`coalesce(tp.institution_id::text, '')`.as('institution'),
        sql<string>`count(*)`.as('credits'),
        sql<string>`sum(e.public)`.as('public'),
        sql<string>`sum(e.professional)`.as('professional'),
      ])
      .leftJoin('training_project as tp', (j) => j.on(ROSTER_PROJECT))
      .where('e.person_key', 'in', keys.slice(i, i + CHUNK))
      .where('e.entry_type', '=', 'credit')
      .where(sql<boolean>`NOT ${REVERSED}`)
      .groupBy([
        'e.person_key',
        'e.year',
        sql`coalesce(e.record->>'kind', '')`,
        'e.source',
        sql`coalesce(tp.institution_id::text, '')`,
      ])
      .execute()
    for (const r of rows)
      found.push({
        personKey: r.person_key,
        year: r.year,
        way: r.way,
        door: r.source,
        institution: r.institution,
        credits: Number(r.credits),
        public: Number(r.public),
        professional: Number(r.professional),
      })
  }
  return found
}

/** The summary changes of each open transaction that holds them back (deferringSummaries). */
const heldBack = new WeakMap<Executor, SummaryBook>()

/**
 * Runs `work` holding back the summary changes it makes in this transaction, then applies them all at once,
 * buckets in key order, as its last writes: the bucket rows are locked only from there to the commit, and
 * two long transactions (roster confirmations of many batches) never lock them in opposite orders.
 */
export async function deferringSummaries<T>(trx: Executor, work: () => Promise<T>): Promise<T> {
  if (heldBack.has(trx)) return work()
  const book = new SummaryBook()
  heldBack.set(trx, book)
  try {
    const result = await work()
    heldBack.delete(trx)
    await applyNow(trx, book)
    return result
  } finally {
    heldBack.delete(trx)
  }
}

/** Adds the book's lines to the summaries, at once or, in a transaction holding them back, at its end. */
export async function applySummaryBook(trx: Executor, book: SummaryBook): Promise<void> {
  const held = heldBack.get(trx)
  if (held) held.absorb(book)
  else await applyNow(trx, book)
}

/** Hundredths of an hour as numeric text. */
const hours = (c: number) => (c / 100).toFixed(2)

/** The summary tables, each a set of counters keyed by its bucket. */
type SummaryTable = 'summary_population' | 'summary_year' | 'summary_hours' | 'summary_institution'

/** Adds rows to a summary table's counters: one multi-row upsert per 1,000 buckets, a bucket's counts added. */
async function addCounts(
  trx: Executor,
  table: SummaryTable,
  keys: readonly string[],
  counts: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const add = Object.fromEntries(
    counts.map((c) => [c, sql`${sql.table(table)}.${sql.ref(c)} + excluded.${sql.ref(c)}`]),
  )
  for (let i = 0; i < rows.length; i += 1000)
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + 1000) as never)
      .onConflict((oc) => oc.columns(keys as never).doUpdateSet(add as never))
      .execute()
}

/** Adds the book's lines to the summaries: one multi-row upsert per table, buckets in key order. */
async function applyNow(trx: Executor, book: SummaryBook): Promise<void> {
  const dims = (d: Dimensions) => ({
    region_code: d.regionCode,
    industry: d.industry,
    series: d.series,
    employer: d.employer,
  })
  await addCounts(
    trx,
    'summary_population',
    ['region_code', 'industry', 'series', 'employer'],
    ['persons'],
    book.populationLines().map((l) => ({ ...dims(l.dims), persons: l.persons })),
  )
  await addCounts(
    trx,
    'summary_year',
    ['region_code', 'year', 'industry', 'series', 'employer'],
    YEAR_COUNTS,
    book.yearLines().map((l) => ({
      ...dims(l.dims),
      year: l.year,
      persons: l.persons,
      compliant: l.compliant,
      public: hours(l.public),
      professional: hours(l.professional),
      total: hours(l.total),
      short_75: l.short_75,
      short_50: l.short_50,
      short_25: l.short_25,
      short_0: l.short_0,
      no_hours: l.no_hours,
    })),
  )
  const credited = (l: { credits: number; public: number; professional: number }) => ({
    credits: l.credits,
    public: hours(l.public),
    professional: hours(l.professional),
  })
  await addCounts(
    trx,
    'summary_hours',
    ['region_code', 'year', 'industry', 'series', 'employer', 'way', 'door'],
    HOURS_COUNTS,
    book
      .hoursLines()
      .map((l) => ({ ...dims(l.dims), year: l.year, way: l.way, door: l.door, ...credited(l) })),
  )
  await addCounts(
    trx,
    'summary_institution',
    ['region_code', 'year', 'industry', 'series', 'institution'],
    HOURS_COUNTS,
    book.institutionLines().map((l) => ({
      region_code: l.dims.regionCode,
      year: l.year,
      industry: l.dims.industry,
      series: l.dims.series,
      institution: l.institution,
      ...credited(l),
    })),
  )
}

/**
 * Stores person_year rows (the engine's evaluations) and moves the summaries with them: the old rows
 * leave their buckets, the new ones enter, all in the caller's transaction. The ledger entries just
 * written (`ledger`: credits and reversals) enter summary_hours under the same dimensions, read once, and
 * summary_institution under their roster's institution.
 */
export async function writePersonYears(
  trx: Executor,
  rows: readonly Insertable<PersonYearTable>[],
  ledger: readonly LedgerHours[] = [],
): Promise<void> {
  if (rows.length === 0 && ledger.length === 0) return
  const keys = rows.map((r) => r.person_key)
  const dims = await lockedDimensions(trx, [...keys, ...ledger.map((l) => l.personKey)])
  const wanted = new Set(rows.map((r) => `${r.person_key}/${r.year}`))
  const old = (await storedYears(trx, keys, [...new Set(rows.map((r) => r.year))])).filter((y) =>
    wanted.has(`${y.person_key}/${y.year}`),
  )
  for (let i = 0; i < rows.length; i += 1000) await upsertPersonYears(trx, rows.slice(i, i + 1000))
  const kept = new Set(await keptRollYears(trx))
  await writeRollLines(
    trx,
    rows
      .filter((r) => kept.has(r.year))
      .map((r) => ({
        ...(dims.get(r.person_key) as RollPerson),
        personKey: r.person_key,
        year: r.year,
        total: Number(r.total),
        compliant: r.compliant,
      })),
  )
  const book = new SummaryBook()
  for (const y of old) book.year(dims.get(y.person_key) as Dimensions, y, -1)
  for (const r of rows) book.year(dims.get(r.person_key) as Dimensions, yearFigures(r), 1)
  const institutions = await creditInstitutions(trx, ledger)
  for (const l of ledger)
    book.credit(
      dims.get(l.personKey) as Dimensions,
      { ...l, institution: institutions.get(l.creditKey ?? '') ?? '' },
      l.sign,
    )
  await applySummaryBook(trx, book)
}

/**
 * Replaces persons' person_year rows of one year with a recomputation's (`rows`; `gone`: persons whose row
 * of the year goes) and moves the summaries and the roll with them, in the caller's transaction, so that
 * a year-end recomputation needs no rebuild afterwards. A person whose row the ledger service wrote since
 * `readAt` (when the recomputation read them) is left as is: that row is newer.
 */
export async function replacePersonYears(
  trx: Executor,
  year: number,
  rows: readonly Insertable<PersonYearTable>[],
  gone: readonly string[],
  readAt: Date,
): Promise<void> {
  const keys = [...rows.map((r) => r.person_key), ...gone]
  if (keys.length === 0) return
  const dims = await lockedDimensions(trx, keys)
  const newer = new Set<string>()
  for (let i = 0; i < keys.length; i += CHUNK) {
    const found = await trx
      .selectFrom('person_year')
      .select('person_key')
      .where('year', '=', year)
      .where('computed_at', '>=', readAt)
      .where('person_key', 'in', keys.slice(i, i + CHUNK))
      .execute()
    for (const r of found) newer.add(r.person_key)
  }
  const written = rows.filter((r) => !newer.has(r.person_key))
  const removed = gone.filter((k) => !newer.has(k))
  const old = await storedYears(trx, [...written.map((r) => r.person_key), ...removed], [year])
  for (let i = 0; i < written.length; i += 1000) await upsertPersonYears(trx, written.slice(i, i + 1000))
  for (let i = 0; i < removed.length; i += CHUNK)
    await trx
      .deleteFrom('person_year')
      .where('year', '=', year)
      .where('person_key', 'in', removed.slice(i, i + CHUNK))
      .execute()
  if ((await keptRollYears(trx)).includes(year)) {
    const line = (personKey: string, total: number, compliant: boolean) => ({
      ...(dims.get(personKey) as RollPerson),
      personKey,
      year,
      total,
      compliant,
    })
    await writeRollLines(trx, [
      ...written.map((r) => line(r.person_key, Number(r.total), r.compliant)),
      ...removed.map((k) => line(k, 0, false)),
    ])
  }
  const book = new SummaryBook()
  for (const y of old) book.year(dims.get(y.person_key) as Dimensions, y, -1)
  for (const r of written) book.year(dims.get(r.person_key) as Dimensions, yearFigures(r), 1)
  await applySummaryBook(trx, book)
}

/**
 * Runs a change to persons' attributes or current employment (or registers them) and moves each person,
 * with every year of theirs, from the buckets of their dimensions before to those after.
 */
export async function changingPersons<T>(
  trx: Executor,
  personKeys: readonly string[],
  change: () => Promise<T>,
): Promise<T> {
  const before = await lockedDimensions(trx, personKeys)
  const result = await change()
  const after = await lockedDimensions(trx, personKeys)
  const moved = [...after.keys()].filter((k) => {
    const a = before.get(k)
    const b = after.get(k) as Dimensions
    return (
      a === undefined ||
      a.regionCode !== b.regionCode ||
      a.industry !== b.industry ||
      a.series !== b.series ||
      a.employer !== b.employer
    )
  })
  if (moved.length === 0) return result
  const entering = new Map<string, RollPerson>()
  const moving = new Map<string, RollPerson>()
  for (const k of moved) {
    const a = before.get(k)
    const b = after.get(k) as RollPerson
    if (a === undefined) entering.set(k, b)
    else moving.set(k, b)
  }
  await enterRoll(trx, entering)
  await moveRollLines(trx, moving)
  const book = new SummaryBook()
  for (const k of moved) {
    const a = before.get(k)
    if (a) book.person(a, -1)
    book.person(after.get(k) as Dimensions, 1)
  }
  for (const y of await storedYears(trx, moved)) {
    const a = before.get(y.person_key)
    if (a) book.year(a, y, -1)
    book.year(after.get(y.person_key) as Dimensions, y, 1)
  }
  // A person registered just now has no credits yet; the others take theirs along.
  for (const c of await liveCreditFigures(
    trx,
    moved.filter((k) => before.has(k)),
  )) {
    book.credit(before.get(c.personKey) as Dimensions, c, -1)
    book.credit(after.get(c.personKey) as Dimensions, c, 1)
  }
  await applySummaryBook(trx, book)
  return result
}
