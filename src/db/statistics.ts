import { type Kysely, type RawBuilder, sql } from 'kysely'
import { regionPrefix } from './compliance.js'
import type { DB } from './schema.js'

/** Which persons the figures count: dimensions of the summaries (migration 0029). */
export interface SummaryFilter {
  /** Persons registered in this region and below (undefined: the whole country). */
  regionCode?: string
  industry?: string
  series?: string
  /** Staff of this employer (current employment), or freelancers whose file this agency holds. */
  employer?: string
}

export type SummaryDimension = 'region' | 'series' | 'industry' | 'employer'

/** One line of figures: persons registered and what their person-years of the year hold. */
export interface SummaryFigures {
  key: string
  persons: number
  compliant: number
  /** Hours (person_year figures summed). */
  public: number
  professional: number
  total: number
  /** Not compliant, by the share of the required total reached; noHours includes persons without a row. */
  short75: number
  short50: number
  short25: number
  short0: number
  noHours: number
}

/** The division directly below `region` a code falls in (a province below the country, a city below a province). */
function childRegion(region: string | undefined): RawBuilder<string> {
  if (region === undefined) return sql<string>`substr(s.region_code, 1, 2) || '0000'`
  if (region.endsWith('0000')) return sql<string>`substr(s.region_code, 1, 4) || '00'`
  return sql<string>`s.region_code`
}

function keyOf(by: SummaryDimension | undefined, f: SummaryFilter): RawBuilder<string> {
  if (by === 'region') return childRegion(f.regionCode)
  if (by === 'series') return sql<string>`s.series`
  if (by === 'industry') return sql<string>`s.industry`
  if (by === 'employer') return sql<string>`s.employer`
  return sql<string>`''`
}

function matching(f: SummaryFilter): RawBuilder<boolean> {
  const terms: RawBuilder<unknown>[] = [sql`true`]
  if (f.regionCode !== undefined) terms.push(sql`s.region_code LIKE ${`${regionPrefix(f.regionCode)}%`}`)
  if (f.industry !== undefined) terms.push(sql`s.industry = ${f.industry}`)
  if (f.series !== undefined) terms.push(sql`s.series = ${f.series}`)
  if (f.employer !== undefined) terms.push(sql`s.employer = ${f.employer}`)
  return sql<boolean>`${sql.join(terms, sql` AND `)}`
}

interface Row {
  key: string
  persons: string
  rows: string | null
  compliant: string | null
  public: string | null
  professional: string | null
  total: string | null
  short_75: string | null
  short_50: string | null
  short_25: string | null
  short_0: string | null
  no_hours: string | null
}

const toFigures = (r: Row): SummaryFigures => {
  const persons = Number(r.persons)
  return {
    key: r.key,
    persons,
    compliant: Number(r.compliant ?? 0),
    public: Number(r.public ?? 0),
    professional: Number(r.professional ?? 0),
    total: Number(r.total ?? 0),
    short75: Number(r.short_75 ?? 0),
    short50: Number(r.short_50 ?? 0),
    short25: Number(r.short_25 ?? 0),
    short0: Number(r.short_0 ?? 0),
    // Registered persons without a person_year row have no hours that year.
    noHours: Number(r.no_hours ?? 0) + persons - Number(r.rows ?? 0),
  }
}

/**
 * The year's figures of the persons a filter matches, grouped by a dimension (or one line, key ''), in
 * key order; lines of nobody are left out. Reads the summaries only: the cost follows the number of
 * buckets, not of persons.
 */
export async function summaryFigures(
  db: Kysely<DB>,
  year: number,
  f: SummaryFilter,
  by?: SummaryDimension,
): Promise<SummaryFigures[]> {
  const key = keyOf(by, f)
  const where = matching(f)
  const { rows } = await sql<Row>`
    WITH pop AS (
      SELECT ${key} AS key, sum(s.persons) AS persons FROM summary_population s WHERE ${where} GROUP BY 1
    ), yr AS (
      SELECT ${key} AS key, sum(s.persons) AS rows, sum(s.compliant) AS compliant, sum(s.public) AS public,
        sum(s.professional) AS professional, sum(s.total) AS total, sum(s.short_75) AS short_75,
        sum(s.short_50) AS short_50, sum(s.short_25) AS short_25, sum(s.short_0) AS short_0,
        sum(s.no_hours) AS no_hours
      FROM summary_year s WHERE s.year = ${year} AND ${where} GROUP BY 1
    )
    SELECT pop.key, pop.persons, yr.rows, yr.compliant, yr.public, yr.professional, yr.total, yr.short_75,
      yr.short_50, yr.short_25, yr.short_0, yr.no_hours
    FROM pop LEFT JOIN yr ON yr.key = pop.key
    WHERE pop.persons > 0
    ORDER BY pop.key`.execute(db)
  return rows.map(toFigures)
}

/** Live credits and their hours of one way (activity kind) and door (credit source). */
export interface HoursFigures {
  way: string
  door: string
  credits: number
  /** Hours as the ledger credited them, entry by entry, before the annual caps. */
  public: number
  professional: number
}

/**
 * The year's live credits of the persons a filter matches by way and door, from summary_hours (migration
 * 0032): a few dozen lines whatever the region's size; lines of nothing are left out.
 */
export async function hoursFigures(db: Kysely<DB>, year: number, f: SummaryFilter): Promise<HoursFigures[]> {
  const { rows } = await sql<{
    way: string
    door: string
    credits: string
    public: string
    professional: string
  }>`
    SELECT s.way, s.door, sum(s.credits) AS credits, sum(s.public) AS public,
      sum(s.professional) AS professional
    FROM summary_hours s WHERE s.year = ${year} AND ${matching(f)}
    GROUP BY 1, 2
    HAVING sum(s.credits) <> 0 OR sum(s.public) <> 0 OR sum(s.professional) <> 0
    ORDER BY 1, 2`.execute(db)
  return rows.map((r) => ({
    way: r.way,
    door: r.door,
    credits: Number(r.credits),
    public: Number(r.public),
    professional: Number(r.professional),
  }))
}

/** Live credits and their hours (as credited, before the annual caps) of one training institution. */
export interface InstitutionFigures {
  /** The institution's organisation id ('' for credits from the other doors: no institution). */
  key: string
  credits: number
  public: number
  professional: number
}

/**
 * The year's live credits of the persons a filter matches by training institution, from summary_institution
 * (migration 0035), most hours first (then by id): the first `top` institutions (all without it), how many
 * there are, all of theirs together, and the credits of no institution (the other doors). The cost follows the scope's buckets, not its persons.
 */
export async function institutionFigures(
  db: Kysely<DB>,
  year: number,
  f: SummaryFilter,
  top?: number,
): Promise<{
  lines: InstitutionFigures[]
  count: number
  all: InstitutionFigures
  none: InstitutionFigures
}> {
  type Row = { key: string; credits: string | null; public: string | null; professional: string | null }
  const grouped = sql`
    SELECT s.institution AS key, sum(s.credits) AS credits, sum(s.public) AS public,
      sum(s.professional) AS professional
    FROM summary_institution s WHERE s.year = ${year} AND ${matching(f)}
    GROUP BY 1
    HAVING sum(s.credits) <> 0 OR sum(s.public) <> 0 OR sum(s.professional) <> 0`
  const [{ rows }, { rows: totals }] = await Promise.all([
    sql<Row>`
      SELECT g.* FROM (${grouped}) g
      WHERE g.key <> ''
      ORDER BY g.public + g.professional DESC, g.key
      ${top === undefined ? sql`` : sql`LIMIT ${top}`}`.execute(db),
    sql<Row & { none: boolean; count: string }>`
      SELECT '' AS key, g.key = '' AS none, count(*) AS count, sum(g.credits) AS credits,
        sum(g.public) AS public, sum(g.professional) AS professional
      FROM (${grouped}) g GROUP BY 2`.execute(db),
  ])
  const figures = (r: Row | undefined): InstitutionFigures => ({
    key: r?.key ?? '',
    credits: Number(r?.credits ?? 0),
    public: Number(r?.public ?? 0),
    professional: Number(r?.professional ?? 0),
  })
  const named = totals.find((t) => !t.none)
  return {
    lines: rows.map(figures),
    count: Number(named?.count ?? 0),
    all: figures(named),
    none: figures(totals.find((t) => t.none)),
  }
}
