/**
 * The arithmetic of the summary tables (migration 0029): what one person and one person-year add to them,
 * and a book of signed changes gathered over a batch, handed out one line per bucket in key order so
 * concurrent writers take the buckets' row locks in the same order.
 */

/** A person's current attributes and employer: the dimensions of the summaries. */
export interface Dimensions {
  regionCode: string
  /** '' for none. */
  industry: string
  series: string
  /** The current employer's organisation id; '' for none. */
  employer: string
}

/** A person_year row as the summaries count it. */
export interface YearFigures {
  year: number
  compliant: boolean
  public: number
  professional: number
  total: number
  /** The total hours the year's policy requires (0 when unknown). */
  required: number
}

export const SHORTFALL_BUCKETS = ['short_75', 'short_50', 'short_25', 'short_0', 'no_hours'] as const
export type ShortfallBucket = (typeof SHORTFALL_BUCKETS)[number]

/**
 * Where a person who does not comply stands: the share of the required total reached (≥75 %, 50–75 %,
 * 25–50 %, above 0 to 25 %) or no hours at all. Short of a subject with the total reached counts as ≥75 %.
 */
export function shortfallOf(total: number, required: number): ShortfallBucket {
  // In hundredths, so that a share of exactly 75 % is ≥75 % here and in SQL alike (rebuildSummaries).
  const t = cents(total)
  const r = cents(required)
  if (t <= 0) return 'no_hours'
  if (r <= 0 || t * 4 >= r * 3) return 'short_75'
  if (t * 2 >= r) return 'short_50'
  if (t * 4 >= r) return 'short_25'
  return 'short_0'
}

/** Hours in hundredths: person_year holds numeric(10, 2), and sums of hundredths stay exact. */
export const cents = (hours: number | string): number => Math.round(Number(hours) * 100)

export interface YearLine {
  dims: Dimensions
  year: number
  persons: number
  compliant: number
  /** Hundredths of an hour. */
  public: number
  professional: number
  total: number
  short_75: number
  short_50: number
  short_25: number
  short_0: number
  no_hours: number
}

export interface PopulationLine {
  dims: Dimensions
  persons: number
}

/** The figures a year line adds up. */
export const YEAR_COUNTS = [
  'persons',
  'compliant',
  'public',
  'professional',
  'total',
  ...SHORTFALL_BUCKETS,
] as const

/** Live credits of one year, way (activity kind) and door (credit source): what summary_hours counts. */
export interface CreditFigures {
  year: number
  /** The activity kind ('' for a credit without a record). */
  way: string
  /** The credit's source: application, roster, grant, import. */
  door: string
  /** The training institution whose confirmed roster line it is ('' for the other doors): summary_institution. */
  institution: string
  /** Credits (a reversal: −1 of its credit's). */
  credits: number
  /** Hours as the ledger credited them, before the annual caps. */
  public: number
  professional: number
}

export interface HoursLine {
  dims: Dimensions
  year: number
  way: string
  door: string
  credits: number
  /** Hundredths of an hour. */
  public: number
  professional: number
}

/** The figures an hours line (and an institution line) adds up. */
export const HOURS_COUNTS = ['credits', 'public', 'professional'] as const

/** Live credits of one training institution, year and the persons' region, industry and series. */
export interface InstitutionLine {
  dims: Omit<Dimensions, 'employer'>
  year: number
  institution: string
  credits: number
  /** Hundredths of an hour. */
  public: number
  professional: number
}

const dimsKey = (d: Dimensions) => JSON.stringify([d.regionCode, d.industry, d.series, d.employer])
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Signed changes to the summaries, one line per bucket. */
export class SummaryBook {
  private readonly population = new Map<string, PopulationLine>()
  private readonly years = new Map<string, YearLine>()
  private readonly hours = new Map<string, HoursLine>()
  private readonly institutions = new Map<string, InstitutionLine>()

  /** A person counted (+1) or no longer counted (−1) under these dimensions. */
  person(dims: Dimensions, sign: 1 | -1): void {
    const key = dimsKey(dims)
    const line = this.population.get(key) ?? { dims, persons: 0 }
    line.persons += sign
    this.population.set(key, line)
  }

  /** A person_year row added (+1) to or taken (−1) from the bucket of these dimensions. */
  year(dims: Dimensions, y: YearFigures, sign: 1 | -1): void {
    const key = JSON.stringify([y.year, dimsKey(dims)])
    const line = this.years.get(key) ?? {
      dims,
      year: y.year,
      persons: 0,
      compliant: 0,
      public: 0,
      professional: 0,
      total: 0,
      short_75: 0,
      short_50: 0,
      short_25: 0,
      short_0: 0,
      no_hours: 0,
    }
    line.persons += sign
    line.public += sign * cents(y.public)
    line.professional += sign * cents(y.professional)
    line.total += sign * cents(y.total)
    if (y.compliant) line.compliant += sign
    else line[shortfallOf(y.total, y.required)] += sign
    this.years.set(key, line)
  }

  /**
   * Credited hours added (+1) to or taken (−1) from the bucket of these dimensions, year, way and door, and
   * from the bucket of its institution, year and the persons' region, industry and series.
   */
  credit(dims: Dimensions, c: CreditFigures, sign: 1 | -1): void {
    const key = JSON.stringify([c.year, c.way, c.door, dimsKey(dims)])
    const line = this.hours.get(key) ?? {
      dims,
      year: c.year,
      way: c.way,
      door: c.door,
      credits: 0,
      public: 0,
      professional: 0,
    }
    this.hours.set(key, addCredit(line, c, sign))
    const { regionCode, industry, series } = dims
    const at = institutionKey({
      dims: { regionCode, industry, series },
      year: c.year,
      institution: c.institution,
    })
    const own = this.institutions.get(at) ?? {
      dims: { regionCode, industry, series },
      year: c.year,
      institution: c.institution,
      credits: 0,
      public: 0,
      professional: 0,
    }
    this.institutions.set(at, addCredit(own, c, sign))
  }

  /** Adds another book's changes to this one (a transaction's books, applied together at its end). */
  absorb(other: SummaryBook): void {
    for (const [key, l] of other.population) {
      const line = this.population.get(key) ?? { dims: l.dims, persons: 0 }
      line.persons += l.persons
      this.population.set(key, line)
    }
    for (const [key, l] of other.years) {
      const line = this.years.get(key)
      if (!line) this.years.set(key, { ...l })
      else for (const f of YEAR_COUNTS) line[f] += l[f]
    }
    for (const [key, l] of other.hours) {
      const line = this.hours.get(key)
      if (!line) this.hours.set(key, { ...l })
      else for (const f of HOURS_COUNTS) line[f] += l[f]
    }
    for (const [key, l] of other.institutions) {
      const line = this.institutions.get(key)
      if (!line) this.institutions.set(key, { ...l })
      else for (const f of HOURS_COUNTS) line[f] += l[f]
    }
  }

  /** The population lines that change something, in primary-key order. */
  populationLines(): PopulationLine[] {
    return [...this.population.values()]
      .filter((l) => l.persons !== 0)
      .sort((a, b) => compare(dimsKey(a.dims), dimsKey(b.dims)))
  }

  /** The year lines that change something, in primary-key order (region, year, industry, series, employer). */
  yearLines(): YearLine[] {
    const sortKey = (l: YearLine) =>
      JSON.stringify([
        l.dims.regionCode,
        String(l.year).padStart(6, '0'),
        l.dims.industry,
        l.dims.series,
        l.dims.employer,
      ])
    return [...this.years.values()]
      .filter((l) => YEAR_COUNTS.some((f) => l[f] !== 0))
      .sort((a, b) => compare(sortKey(a), sortKey(b)))
  }

  /** The hours lines that change something, in primary-key order (region, year, industry, series, employer, way, door). */
  hoursLines(): HoursLine[] {
    const sortKey = (l: HoursLine) =>
      JSON.stringify([
        l.dims.regionCode,
        String(l.year).padStart(6, '0'),
        l.dims.industry,
        l.dims.series,
        l.dims.employer,
        l.way,
        l.door,
      ])
    return [...this.hours.values()]
      .filter((l) => HOURS_COUNTS.some((f) => l[f] !== 0))
      .sort((a, b) => compare(sortKey(a), sortKey(b)))
  }

  /** The institution lines that change something, in primary-key order (region, year, industry, series, institution). */
  institutionLines(): InstitutionLine[] {
    return [...this.institutions.values()]
      .filter((l) => HOURS_COUNTS.some((f) => l[f] !== 0))
      .sort((a, b) => compare(institutionKey(a), institutionKey(b)))
  }
}

/** A line's credit count and hours moved by a credit (+1) or its reversal (−1). */
function addCredit<L extends { credits: number; public: number; professional: number }>(
  line: L,
  c: CreditFigures,
  sign: 1 | -1,
): L {
  line.credits += sign * c.credits
  line.public += sign * cents(c.public)
  line.professional += sign * cents(c.professional)
  return line
}

/** An institution line's bucket, spelled in primary-key order. */
const institutionKey = (l: Pick<InstitutionLine, 'dims' | 'year' | 'institution'>) =>
  JSON.stringify([
    l.dims.regionCode,
    String(l.year).padStart(6, '0'),
    l.dims.industry,
    l.dims.series,
    l.institution,
  ])
