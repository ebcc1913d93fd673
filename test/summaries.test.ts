import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openRollYear } from '../src/db/compliance-roll.js'
import type { Database } from '../src/db/connect.js'
import { DuplicateCreditError } from '../src/db/ledger.js'
import { insertOrganisation } from '../src/db/organisations.js'
import { updatePersonAttributes } from '../src/db/persons.js'
import { rebuildSummaries } from '../src/db/summary-rebuild.js'
import { makeResidentId } from '../src/domain/resident-id.js'
import { cents, HOURS_COUNTS, shortfallOf, YEAR_COUNTS } from '../src/domain/summary-book.js'
import { InputError } from '../src/policy/errors.js'
import { findPolicy } from '../src/policy/registry.js'
import type { Principal } from '../src/services/accounts.js'
import { transact } from '../src/services/audit.js'
import { ConflictError, ForbiddenError, InvalidInputError } from '../src/services/errors.js'
import { appendCredit, appendCredits, reverseEntry } from '../src/services/ledger.js'
import { registerPerson } from '../src/services/persons.js'
import { departure, joinOrganisation, reviewYearEnd } from '../src/services/reviews.js'
import { DATABASES, freshDatabase, TEST_SECRETS } from './database.js'

// Every summary equals a brute-force recount over person, employment, person_year and the ledger's live
// credits (credits no reversal cancels, by year, way and door; by the institution of a roster line's
// project), after random
// sequences of the real writers: registrations, joins and departures (transfers between employers),
// attribute changes, credits one by one and in batches from random doors, reversals and year-end locks
// (after which credits to the year are refused and their transactions roll back).

const REFUSALS = [ConflictError, InvalidInputError, ForbiddenError, DuplicateCreditError, InputError]
const REGIONS = ['320402', '320411', '370211', '360102']
const SERIES = ['health', 'engineering', 'accounting']
const INDUSTRIES = [null, '卫生', '工程']
const SOURCES = ['application', 'roster', 'grant', 'import'] as const

type Op =
  | { t: 'register'; region: string; series: string; industry: string | null }
  | { t: 'join'; person: number; employer: number }
  | { t: 'leave'; person: number }
  | { t: 'attributes'; person: number; region?: string; series?: string; industry?: string | null }
  | { t: 'credit'; person: number; record: object; source: (typeof SOURCES)[number]; project: number }
  | {
      t: 'bulk'
      lines: { person: number; record: object; project: number }[]
      source: (typeof SOURCES)[number]
    }
  | { t: 'reverse'; entry: number }
  | { t: 'lock'; employer: number; year: number }

const date = fc
  .tuple(
    fc.integer({ min: 2023, max: 2025 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
  )
  .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
const record = fc.oneof(
  fc.record({
    kind: fc.constant('online_course'),
    subject: fc.constantFrom('public', 'professional'),
    hours: fc.integer({ min: 1, max: 80 }).map((n) => n / 2),
    date,
  }),
  fc.record({ kind: fc.constant('public_course_exam'), date }),
  fc.record({ kind: fc.constant('paper'), authorship: fc.constantFrom('sole', 'first', 'other'), date }),
  fc.record({
    kind: fc.constant('training'),
    subject: fc.constantFrom('public', 'professional'),
    organizer: fc.constantFrom('hrss', 'employer', 'institution'),
    days: fc.integer({ min: 1, max: 10 }),
    date,
  }),
)
const index = fc.nat(1000)
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('register' as const),
      region: fc.constantFrom(...REGIONS),
      series: fc.constantFrom(...SERIES),
      industry: fc.constantFrom(...INDUSTRIES),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('join' as const), person: index, employer: index }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('leave' as const), person: index }) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        t: fc.constant('attributes' as const),
        person: index,
        region: fc.constantFrom(...REGIONS),
        series: fc.constantFrom(...SERIES),
        industry: fc.constantFrom(...INDUSTRIES),
      },
      { requiredKeys: ['t', 'person'] },
    ),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('credit' as const),
      person: index,
      record,
      source: fc.constantFrom(...SOURCES),
      project: index,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('bulk' as const),
      lines: fc.array(fc.record({ person: index, record, project: index }), { minLength: 1, maxLength: 6 }),
      source: fc.constantFrom(...SOURCES),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('reverse' as const), entry: index }) },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('lock' as const),
      employer: index,
      year: fc.integer({ min: 2023, max: 2025 }),
    }),
  },
)

const principalOf = (organisationId: string): Principal => ({
  userId: null,
  username: `clerk-${organisationId.slice(0, 8)}`,
  role: 'employer',
  organisationId,
  personKey: null,
  via: 'token',
  secondFactorDone: true,
  totpEnabled: false,
})

/** A table's rows as sorted lines, rows of nothing but zeros left out (a bucket emptied keeps its row). */
function lines(rows: Record<string, unknown>[], keys: string[], counts: readonly string[]): string[] {
  return rows
    .filter((r) => counts.some((c) => Number(r[c]) !== 0))
    .map((r) => [...keys.map((k) => String(r[k])), ...counts.map((c) => Number(r[c]).toFixed(2))].join(' | '))
    .sort()
}

/** A compliance roll line as one comparable string. */
const rollLine = (r: {
  person_key: string
  year: number
  region_code: string
  industry: string
  series: string
  employer: string
  name: string
  total: number | string
  compliant: boolean
}) =>
  [
    r.person_key,
    r.year,
    r.region_code,
    r.industry,
    r.series,
    r.name,
    Number(r.total).toFixed(2),
    r.compliant,
  ].join(' | ')

const YEAR_KEYS = ['region_code', 'year', 'industry', 'series', 'employer']
const POPULATION_KEYS = ['region_code', 'industry', 'series', 'employer']
const HOURS_KEYS = [...YEAR_KEYS, 'way', 'door']
const INSTITUTION_KEYS = ['region_code', 'year', 'industry', 'series', 'institution']

describe.each(DATABASES)('summaries on %s', (kind) => {
  let d: Database & { drop(): Promise<void> }
  const employers: string[] = []
  const persons: { key: string; idNumber: string; name: string }[] = []
  const credits: { personKey: string; id: string }[] = []
  let serial = 0
  /** Training projects of two institutions (the third: a department's own, whose roster lines are grants). */
  const projects: string[] = []

  beforeAll(async () => {
    d = await freshDatabase(kind)
    for (const [i, region] of ['320402', '370211', '320411'].entries()) {
      const org = await insertOrganisation(d.db, {
        kind: 'employer',
        name: `单位${i}`,
        uscc: `91320400MA1XXXXX${i}X`,
        region_code: region,
      })
      employers.push(org.id)
    }
    for (const [i, kind] of (['institution', 'institution', 'hr_department'] as const).entries()) {
      const org = await insertOrganisation(d.db, { kind, name: `机构${i}`, region_code: '320400' })
      for (let n = 0; n < 2; n++) {
        const project = await d.db
          .insertInto('training_project')
          .values({
            institution_id: org.id,
            title: `项目${i}-${n}`,
            subject: 'professional',
            way: 'online',
            start_date: '2023-01-01',
            end_date: '2025-12-31',
            schedule: '线上',
            venue: '平台',
            faculty: '专家',
            rules: '考试',
            hours: 30,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        projects.push(project.id)
      }
    }
    // The compliance roll of the years the random writes touch, open from the start (kept by the writers).
    for (const year of [2023, 2024, 2025]) await openRollYear(d.db, year)
  }, 180_000)
  afterAll(() => d.drop())

  /** The summaries as the tables hold them. */
  async function stored() {
    const population = await d.db.selectFrom('summary_population').selectAll().execute()
    const years = await d.db.selectFrom('summary_year').selectAll().execute()
    const roll = await d.db.selectFrom('compliance_roll').selectAll().execute()
    const hours = await d.db.selectFrom('summary_hours').selectAll().execute()
    const institutions = await d.db.selectFrom('summary_institution').selectAll().execute()
    return {
      population: lines(population, POPULATION_KEYS, ['persons']),
      years: lines(years, YEAR_KEYS, YEAR_COUNTS),
      hours: lines(hours, HOURS_KEYS, HOURS_COUNTS),
      institutions: lines(institutions, INSTITUTION_KEYS, HOURS_COUNTS),
      roll: roll.map(rollLine).sort(),
    }
  }

  /** The summaries counted person by person in JavaScript from the rows themselves. */
  async function recounted() {
    const people = await d.db.selectFrom('person').selectAll().execute()
    const current = await d.db
      .selectFrom('employment')
      .select(['person_key', 'organisation_id'])
      .where('to_date', 'is', null)
      .execute()
    const employerOf = new Map<string, string>()
    for (const e of current) {
      const had = employerOf.get(e.person_key)
      if (had === undefined || e.organisation_id < had) employerOf.set(e.person_key, e.organisation_id)
    }
    const dimsOf = new Map(
      people.map((p) => [
        p.person_key,
        {
          region_code: p.region_code,
          industry: p.industry ?? '',
          series: p.series,
          employer: employerOf.get(p.person_key) ?? '',
        },
      ]),
    )
    const population = new Map<string, Record<string, unknown>>()
    for (const dims of dimsOf.values()) {
      const k = JSON.stringify(dims)
      const row = population.get(k) ?? { ...dims, persons: 0 }
      row.persons = (row.persons as number) + 1
      population.set(k, row)
    }
    const years = new Map<string, Record<string, number | string>>()
    for (const y of await d.db.selectFrom('person_year').selectAll().execute()) {
      const dims = dimsOf.get(y.person_key) as Record<string, string>
      const k = JSON.stringify([y.year, dims])
      const row = years.get(k) ?? {
        ...dims,
        year: y.year,
        ...Object.fromEntries(YEAR_COUNTS.map((c) => [c, 0])),
      }
      const add = (c: string, n: number) => {
        row[c] = (row[c] as number) + n
      }
      add('persons', 1)
      add('public', cents(y.public))
      add('professional', cents(y.professional))
      add('total', cents(y.total))
      if (y.compliant) add('compliant', 1)
      else add(shortfallOf(Number(y.total), findPolicy(y.policy_id)?.required.total ?? 0), 1)
      years.set(k, row)
    }
    for (const row of years.values())
      for (const c of ['public', 'professional', 'total']) row[c] = Number(row[c]) / 100
    // The roll: every person in every open year, with that year's figures or none.
    const yearOf = new Map(
      (await d.db.selectFrom('person_year').selectAll().execute()).map((y) => [
        `${y.person_key}/${y.year}`,
        y,
      ]),
    )
    const roll = people.flatMap((p) =>
      [2023, 2024, 2025].map((year) => {
        const y = yearOf.get(`${p.person_key}/${year}`)
        const dims = dimsOf.get(p.person_key) as Record<string, string>
        return rollLine({
          person_key: p.person_key,
          year,
          region_code: dims.region_code as string,
          industry: dims.industry as string,
          series: p.series,
          employer: dims.employer as string,
          name: p.name,
          total: y?.total ?? 0,
          compliant: y?.compliant ?? false,
        })
      }),
    )
    // Live credits: every credit that no reversal points at, under its way and door.
    const ledger = await d.db.selectFrom('ledger_entry').selectAll().execute()
    const reversed = new Set(
      ledger.flatMap((e) => (e.reverses_id ? [`${e.person_key} ${e.reverses_id}`] : [])),
    )
    const hours = new Map<string, Record<string, number | string>>()
    for (const e of ledger) {
      if (e.entry_type !== 'credit' || reversed.has(`${e.person_key} ${e.id}`)) continue
      const dims = dimsOf.get(e.person_key) as Record<string, string>
      const way = (e.record as { kind: string }).kind
      const k = JSON.stringify([e.year, way, e.source, dims])
      const row = hours.get(k) ?? {
        ...dims,
        year: e.year,
        way,
        door: e.source,
        credits: 0,
        public: 0,
        professional: 0,
      }
      row.credits = (row.credits as number) + 1
      row.public = (row.public as number) + cents(e.public)
      row.professional = (row.professional as number) + cents(e.professional)
      hours.set(k, row)
    }
    // By institution: a live roster credit under a project key counts under the project's institution.
    const institutionOf = new Map(
      (await d.db.selectFrom('training_project').select(['id', 'institution_id']).execute()).map((t) => [
        `project:${t.id}`,
        t.institution_id,
      ]),
    )
    const institutions = new Map<string, Record<string, number | string>>()
    for (const e of ledger) {
      if (e.entry_type !== 'credit' || reversed.has(`${e.person_key} ${e.id}`)) continue
      const { region_code, industry, series } = dimsOf.get(e.person_key) as Record<string, string>
      const institution = e.source === 'roster' ? (institutionOf.get(e.credit_key ?? '') ?? '') : ''
      const k = JSON.stringify([e.year, institution, region_code, industry, series])
      const row = institutions.get(k) ?? {
        region_code: region_code as string,
        year: e.year,
        industry: industry as string,
        series: series as string,
        institution,
        credits: 0,
        public: 0,
        professional: 0,
      }
      row.credits = (row.credits as number) + 1
      row.public = (row.public as number) + cents(e.public)
      row.professional = (row.professional as number) + cents(e.professional)
      institutions.set(k, row)
    }
    for (const row of [...hours.values(), ...institutions.values()])
      for (const c of ['public', 'professional']) row[c] = Number(row[c]) / 100
    return {
      population: lines([...population.values()], POPULATION_KEYS, ['persons']),
      years: lines([...years.values()], YEAR_KEYS, YEAR_COUNTS),
      hours: lines([...hours.values()], HOURS_KEYS, HOURS_COUNTS),
      institutions: lines([...institutions.values()], INSTITUTION_KEYS, HOURS_COUNTS),
      roll: roll.sort(),
    }
  }

  const pickPerson = (i: number) => persons[i % persons.length] as (typeof persons)[number]
  /** A roster line's or a grant's key is its project's; the other doors' keys are their own. */
  const keyOf = (source: string, project: number) =>
    source === 'roster' || source === 'grant'
      ? `project:${projects[project % projects.length]}`
      : `test:${randomUUID()}`

  async function apply(o: Op): Promise<void> {
    if (o.t === 'register') {
      serial += 1
      const idNumber = makeResidentId('320402', `19${60 + (serial % 40)}0101`, serial % 1000)
      const name = `人员${serial}`
      const { person } = await transact(d.db, (trx) =>
        registerPerson(
          trx,
          TEST_SECRETS,
          { id: 'clerk' },
          {
            idNumber,
            name,
            regionCode: o.region,
            series: o.series,
            titleLevel: 'junior',
            industry: o.industry,
          },
        ),
      )
      persons.push({ key: person.personKey, idNumber, name })
      return
    }
    if (persons.length === 0) return
    if (o.t === 'join') {
      const p = pickPerson(o.person)
      const org = employers[o.employer % employers.length] as string
      await transact(d.db, (trx) =>
        joinOrganisation(trx, TEST_SECRETS, principalOf(org), {
          idNumber: p.idNumber,
          name: p.name,
          fromDate: '2021-01-01',
        }),
      )
    } else if (o.t === 'leave') {
      const p = pickPerson(o.person)
      const e = await d.db
        .selectFrom('employment')
        .select('organisation_id')
        .where('person_key', '=', p.key)
        .where('to_date', 'is', null)
        .executeTakeFirst()
      if (!e) return
      await transact(d.db, (trx) => departure(trx, principalOf(e.organisation_id), p.key, '2026-01-15'))
    } else if (o.t === 'attributes') {
      await updatePersonAttributes(d.db, pickPerson(o.person).key, {
        regionCode: o.region,
        series: o.series,
        industry: o.industry,
      })
    } else if (o.t === 'credit') {
      const p = pickPerson(o.person)
      const e = await transact(d.db, (trx) =>
        appendCredit(
          trx,
          { id: 'clerk' },
          {
            personKey: p.key,
            record: o.record,
            source: o.source,
            creditKey: keyOf(o.source, o.project),
          },
        ),
      )
      credits.push({ personKey: p.key, id: e.id })
    } else if (o.t === 'bulk') {
      const batch = o.lines.map((l) => ({
        personKey: pickPerson(l.person).key,
        record: l.record,
        creditKey: keyOf(o.source, l.project),
      }))
      const { ids } = await transact(d.db, (trx) => appendCredits(trx, { id: 'clerk' }, batch, o.source))
      for (const [i, id] of ids.entries()) credits.push({ personKey: batch[i]?.personKey as string, id })
    } else if (o.t === 'reverse') {
      if (credits.length === 0) return
      const [c] = credits.splice(o.entry % credits.length, 1)
      if (!c) return
      await transact(d.db, (trx) =>
        reverseEntry(
          trx,
          { id: 'clerk' },
          {
            personKey: c.personKey,
            entryId: c.id,
            reason: '测试冲销',
            source: 'correction',
            basis: '测试',
          },
        ),
      )
    } else if (o.t === 'lock') {
      const org = employers[o.employer % employers.length] as string
      await transact(d.db, (trx) => reviewYearEnd(trx, principalOf(org), o.year))
    }
  }

  it('every summary equals a recount over person, employment, person_year and the live credits after random writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
        for (const o of ops) {
          try {
            await apply(o)
          } catch (e) {
            // Refusals (a locked year, a person employed elsewhere, no policy): the transaction rolled back.
            if (!REFUSALS.some((r) => e instanceof r)) throw e
          }
        }
        expect(await stored()).toEqual(await recounted())
      }),
      { numRuns: 15, seed: 15 },
    )
    // The same figures counted from scratch by rebuildSummaries (what `xueshi recompute` will call).
    const maintained = await stored()
    expect(maintained.hours.length).toBeGreaterThan(0)
    // Roster credits reached both institutions; the grants of the department's projects are under ''.
    const named = new Set(maintained.institutions.map((l) => l.split(' | ')[4]))
    expect(named.size).toBeGreaterThanOrEqual(3)
    expect(named).toContain('')
    // A roll line gone wrong (as after a restore) is mended by the rebuild too.
    await d.db.updateTable('compliance_roll').set({ total: '999.00', compliant: true }).execute()
    expect(await stored()).not.toEqual(maintained)
    await transact(d.db, (trx) => rebuildSummaries(trx))
    expect(await stored()).toEqual(maintained)
    await transact(d.db, (trx) => rebuildSummaries(trx, { year: 2024, regionCode: '320000' }))
    expect(await stored()).toEqual(maintained)
  }, 600_000)

  it('a transaction of several batches changes the summaries once, at its end, and counts every batch', async () => {
    // New persons, employed nowhere, so no year-end lock of the random writes above covers them.
    for (let i = 0; i < 5; i++)
      await apply({
        t: 'register',
        region: REGIONS[i % REGIONS.length] as string,
        series: 'health',
        industry: null,
      })
    const fresh = persons.slice(-5)
    const before = await stored()
    const batch = (n: number) =>
      fresh.slice(0, n).map((p) => ({
        personKey: p.key,
        record: { kind: 'public_course_exam', date: '2025-03-01' },
        creditKey: `test:${randomUUID()}`,
      }))
    let inside: Pick<Awaited<ReturnType<typeof stored>>, 'population' | 'years' | 'hours'> | undefined
    await transact(d.db, async (trx) => {
      await appendCredits(trx, { id: 'clerk' }, batch(3), 'import')
      await appendCredits(trx, { id: 'clerk' }, batch(5), 'import')
      const population = await trx.selectFrom('summary_population').selectAll().execute()
      const years = await trx.selectFrom('summary_year').selectAll().execute()
      const hours = await trx.selectFrom('summary_hours').selectAll().execute()
      inside = {
        population: lines(population, POPULATION_KEYS, ['persons']),
        years: lines(years, YEAR_KEYS, YEAR_COUNTS),
        hours: lines(hours, HOURS_KEYS, HOURS_COUNTS),
      }
    })
    // Held back while the transaction ran (no bucket row locked), applied before it committed.
    expect(inside).toEqual({ population: before.population, years: before.years, hours: before.hours })
    const after = await stored()
    expect(after).not.toEqual(before)
    expect(after).toEqual(await recounted())
  }, 120_000)
})
