import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import {
  type HoursFigures,
  hoursFigures,
  type InstitutionFigures,
  institutionFigures,
  type SummaryDimension,
  type SummaryFigures,
  type SummaryFilter,
  summaryFigures,
} from '../db/statistics.js'
import type { Kind } from '../policy/types.js'
import { InvalidInputError } from './errors.js'
import { KIND_LABEL, SOURCE_LABEL } from './ledger-export.js'
import { rate, regionName, seriesName } from './overview.js'

/** The statistics' persons: a region and below, and optionally an industry and a series. */
export type StatisticsFilter = Omit<SummaryFilter, 'employer'>

/** One line of a statistics table: the persons of a key and their year. */
export interface StatisticsLine {
  key: string
  label: string
  persons: number
  compliant: number
  /** 达标率 (%), one decimal. */
  rate: number
  /** Hours: 公需科目, 专业科目 and the total (person_year figures summed). */
  public: number
  professional: number
  total: number
  /** Persons not compliant by the share of the required total reached; noHours includes persons with no record. */
  shortfall: { from75: number; from50: number; from25: number; above0: number; none: number }
}

/**
 * One line of the hours' make-up (学时构成): the live credits of a way (activity kind) or door (credit
 * source) and their hours as the ledger credited them, entry by entry — before the annual caps the engine
 * applies, so these hours can exceed a StatisticsLine's, which are the person-years' figures after them.
 */
export interface HoursLine {
  key: string
  label: string
  credits: number
  public: number
  professional: number
  total: number
}

/** The hours' make-up of a scope's year: by way, by door, and both together. */
export interface HoursMakeUp {
  byWay: HoursLine[]
  byDoor: HoursLine[]
  all: HoursLine
}

/** The doors in the order the app lists them. */
const DOORS = ['application', 'roster', 'grant', 'import']

/** The figures summed by way or door: ways by hours (most first), doors in their order. */
function hoursBy(
  figures: readonly HoursFigures[],
  pick: 'way' | 'door',
  label: (key: string) => string,
): HoursLine[] {
  const lines = new Map<string, HoursLine>()
  for (const f of figures) {
    const key = f[pick]
    const line = lines.get(key) ?? {
      key,
      label: label(key),
      credits: 0,
      public: 0,
      professional: 0,
      total: 0,
    }
    line.credits += f.credits
    line.public = hours(line.public + f.public)
    line.professional = hours(line.professional + f.professional)
    line.total = hours(line.public + line.professional)
    lines.set(key, line)
  }
  const rank = (l: HoursLine) => (pick === 'door' ? DOORS.indexOf(l.key) : -l.total)
  return [...lines.values()].sort((a, b) => rank(a) - rank(b) || (a.key < b.key ? -1 : 1))
}

/** The year's live credits of the persons in scope by way and by door (summary_hours only). */
export async function hoursMakeUp(db: Kysely<DB>, year: number, f: StatisticsFilter): Promise<HoursMakeUp> {
  const figures = await hoursFigures(db, year, f)
  const all = hoursBy(
    figures.map((x) => ({ ...x, way: '' })),
    'way',
    () => '合计',
  )[0]
  return {
    byWay: hoursBy(figures, 'way', (k) => KIND_LABEL[k as Kind] ?? (k || '未记录形式')),
    byDoor: hoursBy(figures, 'door', (k) => SOURCE_LABEL[k as keyof typeof SOURCE_LABEL] ?? k),
    all: all ?? { key: '', label: '合计', credits: 0, public: 0, professional: 0, total: 0 },
  }
}

/** The figures of nobody (a scope without persons). */
const NOBODY: SummaryFigures = {
  key: '',
  persons: 0,
  compliant: 0,
  public: 0,
  professional: 0,
  total: 0,
  short75: 0,
  short50: 0,
  short25: 0,
  short0: 0,
  noHours: 0,
}

const hours = (n: number) => Math.round(n * 100) / 100

const lineOf = (f: SummaryFigures, label: string): StatisticsLine => ({
  key: f.key,
  label,
  persons: f.persons,
  compliant: f.compliant,
  rate: rate(f.compliant, f.persons),
  public: hours(f.public),
  professional: hours(f.professional),
  total: hours(f.total),
  shortfall: { from75: f.short75, from50: f.short50, from25: f.short25, above0: f.short0, none: f.noHours },
})

/** The names of organisations by id (employers, institutions). */
async function organisationNames(db: Kysely<DB>, ids: string[]): Promise<Map<string, string>> {
  const known = ids.filter((id) => id !== '')
  const rows =
    known.length === 0
      ? []
      : await db.selectFrom('organisation').select(['id', 'name']).where('id', 'in', known).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

/** The names of employers by id ('' is nobody's employer: 无工作单位). */
const employerNames = async (db: Kysely<DB>, ids: string[]) =>
  new Map([['', '无工作单位'], ...(await organisationNames(db, ids))])

/** What credits from the other doors (applications, grants, imports) are listed as: they have no institution. */
export const NO_INSTITUTION = '无培训机构'

const institutionLine = (f: InstitutionFigures, label: string): HoursLine => ({
  key: f.key,
  label,
  credits: f.credits,
  public: hours(f.public),
  professional: hours(f.professional),
  total: hours(f.public + f.professional),
})

/**
 * A year's live credits of the persons in scope by the training institution whose confirmed roster credited
 * them (summary_institution only), most hours first: the first `top` institutions with their names (all
 * without it), how many there are, their total, and the credits of no institution (applications,
 * grants, imports), which are not ranked.
 */
export async function institutionStatistics(
  db: Kysely<DB>,
  year: number,
  f: StatisticsFilter,
  top?: number,
): Promise<{ year: number; count: number; lines: HoursLine[]; all: HoursLine; none: HoursLine }> {
  const figures = await institutionFigures(db, year, f, top)
  const names = await organisationNames(
    db,
    figures.lines.map((x) => x.key),
  )
  return {
    year,
    count: figures.count,
    lines: figures.lines.map((x) => institutionLine(x, names.get(x.key) ?? x.key)),
    all: institutionLine(figures.all, '合计'),
    none: institutionLine(figures.none, NO_INSTITUTION),
  }
}

/**
 * A year's statistics of the persons in scope grouped by a dimension: by region, the divisions directly
 * below the region asked for (drill down by asking for one of them). From the summaries only.
 */
export async function statistics(
  db: Kysely<DB>,
  year: number,
  f: StatisticsFilter,
  by: SummaryDimension,
): Promise<{
  year: number
  by: SummaryDimension
  lines: StatisticsLine[]
  all: StatisticsLine
  hours: HoursMakeUp
}> {
  const [figures, [all], made] = await Promise.all([
    summaryFigures(db, year, f, by),
    summaryFigures(db, year, f),
    hoursMakeUp(db, year, f),
  ])
  const names =
    by === 'employer'
      ? await employerNames(
          db,
          figures.map((x) => x.key),
        )
      : undefined
  const label = (key: string) =>
    by === 'region'
      ? regionName(key)
      : by === 'series'
        ? seriesName(key)
        : by === 'industry'
          ? key || '未填行业'
          : (names?.get(key) ?? key)
  return {
    year,
    by,
    lines: figures.map((x) => lineOf(x, label(x.key))),
    all: lineOf(all ?? NOBODY, '合计'),
    hours: made,
  }
}

/** The longest trend asked for at once, in years. */
export const TREND_YEARS = 30

/** The persons in scope year by year, oldest first (persons counted under their current attributes). */
export async function trend(
  db: Kysely<DB>,
  from: number,
  to: number,
  f: StatisticsFilter,
): Promise<StatisticsLine[]> {
  if (to < from) throw new InvalidInputError('to', '结束年度不能早于起始年度')
  if (to - from >= TREND_YEARS) throw new InvalidInputError('from', `一次最多查看${TREND_YEARS}个年度`)
  const lines: StatisticsLine[] = []
  for (let y = from; y <= to; y++) {
    const [x] = await summaryFigures(db, y, f)
    lines.push(lineOf({ ...(x ?? NOBODY), key: String(y) }, `${y}年`))
  }
  return lines
}
