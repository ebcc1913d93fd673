import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { chinaToday } from '../domain/china-date.js'
import { ADVANCED_SEMINAR_REPORT, governs } from '../policy/procedures.js'
import { holidayCalendar, seminarReportDue } from './calendar.js'
import { earliestStart } from './projects.js'

/**
 * What the data say of an institution's year (江西省人民政府令第259号 第十八条 考核评估, 第二十三条 信用管理;
 * cn-engineering-2026 第二十五条 教学质量动态监测): counted from the rows, never typed in. The year is the one its
 * projects ended in. Hours are in hundredths of an hour, summed exactly.
 */
export interface Indicators {
  /** Published projects that ended in the year. */
  projects: number
  /** Published less than a month before they started (第十六条 提前一个月公布). */
  publishedLate: number
  /** Advanced seminars whose roster was due within 20 working days of the end (308号 五（二）, where it governs). */
  rostersDue: number
  /** Of those: reported after the due date, or not yet reported once it passed. */
  rostersLate: number
  /** Lines of rosters the industry authority returned (退回) at confirmation. */
  linesReturned: number
  /** Roster versions reported as corrections after lines had been confirmed (changed after confirmation). */
  rostersCorrected: number
  /** Persons holding a live credit from the institution's rosters. */
  trainees: number
  /** Their live hours (public + professional), in hundredths. */
  hundredths: number
  /** Credits from its rosters later revoked (撤销, cn-engineering-2026 第二十七条), and their hours in hundredths. */
  creditsRevoked: number
  hundredthsRevoked: number
  /** Trainees' ratings of its projects (1–5): how many, and their mean (null without any). */
  ratings: number
  ratingMean: number | null
}

export const NO_INDICATORS: Indicators = {
  projects: 0,
  publishedLate: 0,
  rostersDue: 0,
  rostersLate: 0,
  linesReturned: 0,
  rostersCorrected: 0,
  trainees: 0,
  hundredths: 0,
  creditsRevoked: 0,
  hundredthsRevoked: 0,
  ratings: 0,
  ratingMean: null,
}

const CHUNK = 500
const hundredthsOf = (v: string | number): number => Math.round(Number(v) * 100)

/** Trainees' ratings as published: the mean of `count` ratings summing to `sum`, to two places (none: null). */
export const ratingMeanOf = (sum: number, count: number): number | null =>
  count === 0 ? null : Math.round((sum / count) * 100) / 100
const dayOf = (d: Date | string): string =>
  d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10)

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * The indicators of each institution in `institutionIds` for `year` (every id answered, zeros without data).
 * Institutions are read `chunkSize` at a time (tests use a small size to cross chunk boundaries).
 */
export async function indicatorsOf(
  db: Kysely<DB>,
  institutionIds: readonly string[],
  year: number,
  today = chinaToday(),
  chunkSize = CHUNK,
): Promise<Map<string, Indicators>> {
  const chunks = <T>(items: readonly T[]) => chunksOf(items, chunkSize)
  const result = new Map<string, Indicators>(institutionIds.map((id) => [id, { ...NO_INDICATORS }]))
  if (institutionIds.length === 0) return result
  const regions = new Map<string, string>()
  const projects: {
    id: string
    institution_id: string
    start_date: string
    end_date: string
    published_at: Date
    advanced_seminar: boolean
  }[] = []
  for (const ids of chunks(institutionIds)) {
    const orgs = await db
      .selectFrom('organisation')
      .select(['id', 'region_code'])
      .where('id', 'in', ids)
      .execute()
    for (const o of orgs) regions.set(o.id, o.region_code)
    projects.push(
      ...(await db
        .selectFrom('training_project')
        .select(['id', 'institution_id', 'start_date', 'end_date', 'published_at', 'advanced_seminar'])
        .where('institution_id', 'in', ids)
        .where('draft', '=', false)
        .where('end_date', '>=', `${year}-01-01`)
        .where('end_date', '<=', `${year}-12-31`)
        .execute()),
    )
  }
  const ownerOf = new Map(projects.map((t) => [t.id, t.institution_id]))
  // undefined for a project published while this ran (not among `projects`): left out, as it was before
  const at = (projectId: string) => result.get(ownerOf.get(projectId) as string)
  const firstReported = new Map<string, string>()
  const trainees = new Map<string, Set<string>>()
  const calendar = projects.some((t) => t.advanced_seminar) ? await holidayCalendar(db) : undefined
  // The rosters, lines and ratings of a chunk of institutions' projects of the year, named by a subquery
  // rather than by lists of project ids: one pass over roster_row per 500 institutions, not per 500 projects
  // (a province's 30,000 projects were 60 full scans of roster_row; bench/oversight.ts, bench/RESULTS.md).
  const yearProjects = (ids: string[]) =>
    db
      .selectFrom('training_project')
      .select('id')
      .where('institution_id', 'in', ids)
      .where('draft', '=', false)
      .where('end_date', '>=', `${year}-01-01`)
      .where('end_date', '<=', `${year}-12-31`)
  for (const ids of projects.length === 0 ? [] : chunks(institutionIds)) {
    const rosters = await db
      .selectFrom('roster')
      .select(['project_id', 'status', 'row_count', 'created_at', 'correction_reason'])
      .where('project_id', 'in', yearProjects(ids))
      .execute()
    for (const r of rosters) {
      const i = at(r.project_id)
      if (!i) continue
      if (r.status === 'returned') i.linesReturned += r.row_count
      if (r.correction_reason !== null) i.rostersCorrected += 1
      const day = chinaToday(r.created_at)
      const first = firstReported.get(r.project_id)
      if (first === undefined || day < first) firstReported.set(r.project_id, day)
    }
    const credits = await db
      .selectFrom('roster_row as rr')
      .innerJoin('roster as r', 'r.id', 'rr.roster_id')
      .innerJoin('ledger_entry as c', (j) =>
        j.onRef('c.person_key', '=', 'rr.person_key').onRef('c.id', '=', 'rr.ledger_entry_id'),
      )
      .leftJoin('ledger_entry as x', (j) =>
        j.onRef('x.person_key', '=', 'c.person_key').onRef('x.reverses_id', '=', 'c.id'),
      )
      .select([
        'r.project_id',
        'rr.person_key',
        'c.id',
        'c.public',
        'c.professional',
        'x.source as reversedBy',
      ])
      // a line kept unchanged by a corrected version points at the same credit: count each credit once
      .distinct()
      .where('r.project_id', 'in', yearProjects(ids))
      .execute()
    for (const c of credits) {
      const i = at(c.project_id)
      if (!i) continue
      const hundredths = hundredthsOf(c.public) + hundredthsOf(c.professional)
      if (c.reversedBy === null) {
        i.hundredths += hundredths
        const owner = ownerOf.get(c.project_id) as string
        const seen = trainees.get(owner) ?? new Set<string>()
        seen.add(c.person_key)
        trainees.set(owner, seen)
      } else if (c.reversedBy === 'revocation') {
        i.creditsRevoked += 1
        i.hundredthsRevoked += hundredths
      }
    }
    const ratings = await db
      .selectFrom('project_rating')
      .select([
        'project_id',
        (eb) => eb.fn.countAll<string>().as('n'),
        (eb) => eb.fn.sum<string>('rating').as('sum'),
      ])
      .where('project_id', 'in', yearProjects(ids))
      .groupBy('project_id')
      .execute()
    for (const r of ratings) {
      const i = at(r.project_id)
      if (!i) continue
      const n = Number(r.n)
      // the mean is kept as a running sum here and divided once all projects are in
      i.ratingMean = (i.ratingMean ?? 0) + Number(r.sum)
      i.ratings += n
    }
  }
  for (const t of projects) {
    const i = at(t.id) as Indicators
    i.projects += 1
    if (t.start_date < earliestStart(chinaToday(t.published_at))) i.publishedLate += 1
    const region = regions.get(t.institution_id) as string
    if (calendar && t.advanced_seminar && governs(ADVANCED_SEMINAR_REPORT, region, dayOf(t.end_date))) {
      const { due } = seminarReportDue(calendar, dayOf(t.end_date))
      const reported = firstReported.get(t.id)
      if (due < today || reported !== undefined) {
        i.rostersDue += 1
        if (reported === undefined ? due < today : reported > due) i.rostersLate += 1
      }
    }
  }
  for (const [id, i] of result) {
    i.trainees = trainees.get(id)?.size ?? 0
    i.ratingMean = ratingMeanOf(i.ratingMean ?? 0, i.ratings)
  }
  return result
}
