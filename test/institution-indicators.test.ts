import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../src/db/connect.js'
import { chinaToday } from '../src/domain/china-date.js'
import { ADVANCED_SEMINAR_REPORT, governs } from '../src/policy/procedures.js'
import { holidayCalendar, seminarReportDue } from '../src/services/calendar.js'
import { type Indicators, indicatorsOf } from '../src/services/institution-indicators.js'
import { earliestStart } from '../src/services/projects.js'
import { DATABASES, freshDatabase } from './database.js'

// Issue 16: an institution's indicators are computed from the data, never typed in. On generated projects,
// roster versions, roster lines and their credits (some revoked, some reversed by a correction, some kept by a
// later version), and ratings, indicatorsOf equals a recount written here from the raw rows.
const PERSONS = ['p-a', 'p-b', 'p-c', 'p-d']
const TODAY = '2026-03-01'

const day = (base: string, offset: number) => {
  const d = new Date(`${base}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + offset)
  return d.toISOString().slice(0, 10)
}

const line = fc.record({
  person: fc.constantFrom(...PERSONS),
  hours: fc.integer({ min: 1, max: 4000 }).map((n) => n / 100),
  reversal: fc.constantFrom(null, null, 'revocation', 'correction'),
  keptByNext: fc.boolean(),
})
const version = fc.record({
  status: fc.constantFrom('pending', 'confirmed', 'superseded', 'returned'),
  rows: fc.integer({ min: 0, max: 30 }),
  reportedAfterEnd: fc.integer({ min: 0, max: 60 }),
  correction: fc.boolean(),
})
const project = fc.record({
  institution: fc.integer({ min: 0, max: 1 }),
  startInYear: fc.integer({ min: -20, max: 360 }),
  days: fc.integer({ min: 0, max: 10 }),
  publishedBefore: fc.integer({ min: 0, max: 60 }),
  advanced: fc.boolean(),
  draft: fc.boolean(),
  versions: fc.array(version, { maxLength: 3 }),
  lines: fc.uniqueArray(line, { maxLength: 4, selector: (l) => l.person }),
  ratings: fc.uniqueArray(
    fc.record({ person: fc.constantFrom(...PERSONS), rating: fc.integer({ min: 1, max: 5 }) }),
    { maxLength: 4, selector: (r) => r.person },
  ),
})

type Project = typeof project extends fc.Arbitrary<infer T> ? T : never

describe.each(DATABASES)('institution indicators on %s', (kind) => {
  let d: Database & { drop(): Promise<void> }
  beforeAll(async () => {
    d = await freshDatabase(kind)
    for (const key of PERSONS)
      await d.db
        .insertInto('person')
        .values({
          person_key: key,
          id_cipher: Buffer.from(key),
          id_masked: '3204**********0000',
          name: key,
          sex: 'female',
          birth_date: '1990-01-01',
          region_code: '320402',
          series: 'health',
          title_level: 'junior',
        })
        .execute()
  }, 120_000)
  afterAll(() => d?.drop())

  /** Writes one generated world; returns its two institutions (Changzhou, where 308号 governs; Nanchang). */
  async function write(projects: Project[]) {
    const institutions: string[] = []
    for (const region of ['320402', '360102'])
      institutions.push(
        (
          await d.db
            .insertInto('organisation')
            .values({ kind: 'institution', name: `机构${randomUUID()}`, region_code: region, level: 'city' })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      )
    for (const p of projects) {
      const start = day('2025-01-01', p.startInYear)
      const t = await d.db
        .insertInto('training_project')
        .values({
          institution_id: institutions[p.institution] as string,
          title: '项目',
          subject: 'professional',
          way: 'face_to_face',
          start_date: start,
          end_date: day(start, p.days),
          schedule: '-',
          venue: '-',
          faculty: '-',
          rules: '-',
          hours: 8,
          advanced_seminar: p.advanced,
          draft: p.draft,
          published_at: new Date(`${day(start, -p.publishedBefore)}T04:00:00Z`),
        })
        .returning(['id', 'end_date'])
        .executeTakeFirstOrThrow()
      const rosters: string[] = []
      for (const [i, v] of p.versions.entries())
        rosters.push(
          (
            await d.db
              .insertInto('roster')
              .values({
                project_id: t.id,
                version: i + 1,
                status: v.status as 'pending',
                content_hash: randomUUID(),
                row_count: v.rows,
                uploaded_by: 'x',
                correction_reason: v.correction ? '更正' : null,
                created_at: new Date(`${day(String(t.end_date).slice(0, 10), v.reportedAfterEnd)}T02:00:00Z`),
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
        )
      const [first, second] = rosters
      if (!first) continue
      for (const [n, l] of p.lines.entries()) {
        const credit = await d.db
          .insertInto('ledger_entry')
          .values({
            person_key: l.person,
            entry_type: 'credit',
            year: 2025,
            record: JSON.stringify({ id: `r${n}`, kind: 'training' }),
            public: 0,
            professional: l.hours,
            basis: '测试',
            source: 'roster',
            actor: 'x',
            credit_key: `project:${t.id}`,
            credit_revision: 0,
            content_hash: randomUUID(),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await d.db
          .insertInto('roster_row')
          .values({
            person_key: l.person,
            roster_id: first,
            row_no: n + 1,
            record: '{}',
            ledger_entry_id: credit.id,
          })
          .execute()
        if (second && l.keptByNext)
          await d.db
            .insertInto('roster_row')
            .values({
              person_key: l.person,
              roster_id: second,
              row_no: n + 1,
              record: '{}',
              ledger_entry_id: credit.id,
            })
            .execute()
        if (l.reversal)
          await d.db
            .insertInto('ledger_entry')
            .values({
              person_key: l.person,
              entry_type: 'reversal',
              year: 2025,
              record: null,
              public: 0,
              professional: -l.hours,
              basis: '测试',
              source: l.reversal as 'revocation',
              actor: 'x',
              reason: '测试',
              reverses_id: credit.id,
            })
            .execute()
      }
      for (const r of p.ratings)
        await d.db
          .insertInto('project_rating')
          .values({ person_key: r.person, project_id: t.id, rating: r.rating })
          .execute()
    }
    return institutions
  }

  /** The indicators recounted from the raw rows, institution by institution. */
  async function recount(institutionId: string): Promise<Indicators> {
    const db = d.db
    const org = await db
      .selectFrom('organisation')
      .selectAll()
      .where('id', '=', institutionId)
      .executeTakeFirstOrThrow()
    const projects = (
      await db
        .selectFrom('training_project')
        .selectAll()
        .where('institution_id', '=', institutionId)
        .execute()
    ).filter((t) => !t.draft && String(t.end_date).slice(0, 4) === '2025')
    const ids = new Set(projects.map((t) => t.id))
    const rosters = (await db.selectFrom('roster').selectAll().execute()).filter((r) => ids.has(r.project_id))
    const rosterIds = new Set(rosters.map((r) => r.id))
    const rows = (await db.selectFrom('roster_row').selectAll().execute()).filter((r) =>
      rosterIds.has(r.roster_id),
    )
    const ledger = await db.selectFrom('ledger_entry').selectAll().execute()
    const ratings = (await db.selectFrom('project_rating').selectAll().execute()).filter((r) =>
      ids.has(r.project_id),
    )
    const calendar = await holidayCalendar(db)
    const creditIds = new Set(rows.map((r) => `${r.person_key}/${r.ledger_entry_id}`))
    const credits = ledger.filter((e) => creditIds.has(`${e.person_key}/${e.id}`))
    const reversalOf = (c: (typeof ledger)[number]) =>
      ledger.find((e) => e.person_key === c.person_key && e.reverses_id === c.id)
    const live = credits.filter((c) => !reversalOf(c))
    const revoked = credits.filter((c) => reversalOf(c)?.source === 'revocation')
    const hundredths = (cs: typeof credits) =>
      cs.reduce(
        (sum, c) => sum + Math.round(Number(c.public) * 100) + Math.round(Number(c.professional) * 100),
        0,
      )
    let due = 0
    let late = 0
    for (const t of projects) {
      const end = String(t.end_date).slice(0, 10)
      if (!t.advanced_seminar || !governs(ADVANCED_SEMINAR_REPORT, org.region_code, end)) continue
      const limit = seminarReportDue(calendar, end).due
      const reported = rosters
        .filter((r) => r.project_id === t.id)
        .map((r) => chinaToday(r.created_at))
        .sort()[0]
      if (reported === undefined && limit >= TODAY) continue
      due += 1
      if (reported === undefined || reported > limit) late += 1
    }
    const sum = ratings.reduce((s, r) => s + r.rating, 0)
    return {
      projects: projects.length,
      publishedLate: projects.filter(
        (t) => String(t.start_date).slice(0, 10) < earliestStart(chinaToday(t.published_at)),
      ).length,
      rostersDue: due,
      rostersLate: late,
      linesReturned: rosters.filter((r) => r.status === 'returned').reduce((s, r) => s + r.row_count, 0),
      rostersCorrected: rosters.filter((r) => r.correction_reason !== null).length,
      trainees: new Set(live.map((c) => c.person_key)).size,
      hundredths: hundredths(live),
      creditsRevoked: revoked.length,
      hundredthsRevoked: hundredths(revoked),
      ratings: ratings.length,
      ratingMean: ratings.length === 0 ? null : Math.round((sum / ratings.length) * 100) / 100,
    }
  }

  it('equal a recount from the raw rows on generated data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(project, { maxLength: 6 }), async (projects) => {
        const institutions = await write(projects)
        const computed = await indicatorsOf(d.db, institutions, 2025, TODAY)
        for (const id of institutions) expect(computed.get(id)).toEqual(await recount(id))
        // Read one institution at a time, crossing every chunk boundary, the answer is the same.
        expect(await indicatorsOf(d.db, institutions, 2025, TODAY, 1)).toEqual(computed)
      }),
      { numRuns: kind === 'pglite' ? 25 : 40 },
    )
    // Not vacuous: the generated worlds had trainees, revocations and late rosters somewhere.
    const all = await indicatorsOf(
      d.db,
      (await d.db.selectFrom('organisation').select('id').where('kind', '=', 'institution').execute()).map(
        (o) => o.id,
      ),
      2025,
      TODAY,
    )
    const totals = [...all.values()].reduce(
      (s, i) => ({
        trainees: s.trainees + i.trainees,
        revoked: s.revoked + i.creditsRevoked,
        late: s.late + i.rostersLate,
      }),
      { trainees: 0, revoked: 0, late: 0 },
    )
    expect(totals.trainees).toBeGreaterThan(0)
    expect(totals.revoked).toBeGreaterThan(0)
    expect(totals.late).toBeGreaterThan(0)
  }, 600_000)
})
