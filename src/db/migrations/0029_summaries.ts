import { type Kysely, sql } from 'kysely'

// Summaries kept current by the application in the same transaction as the writes they follow
// (src/db/summaries.ts), so lists' counts and statistics read a few rows instead of scanning the region.
// Persons are counted under their current attributes and current employer ('' for none; '' industry for
// none), as the compliance lists count them. On Citus both are distributed by region_code in a colocation
// group of their own (docs/scaling.md): a region's statistics read the shards of its codes.
const STATEMENTS = [
  `
CREATE TABLE summary_population (
  region_code text NOT NULL,
  industry text NOT NULL,
  series text NOT NULL,
  employer text NOT NULL,
  persons integer NOT NULL,
  PRIMARY KEY (region_code, industry, series, employer)
)`,
  `
CREATE TABLE summary_year (
  region_code text NOT NULL,
  year integer NOT NULL,
  industry text NOT NULL,
  series text NOT NULL,
  employer text NOT NULL,
  -- persons with a person_year row; persons of the population without one have no hours that year
  persons integer NOT NULL,
  compliant integer NOT NULL,
  public numeric(14, 2) NOT NULL,
  professional numeric(14, 2) NOT NULL,
  total numeric(14, 2) NOT NULL,
  -- not compliant, by the share of the required total hours reached: ≥75 %, 50–75 %, 25–50 %, >0–25 %, none
  short_75 integer NOT NULL,
  short_50 integer NOT NULL,
  short_25 integer NOT NULL,
  short_0 integer NOT NULL,
  no_hours integer NOT NULL,
  PRIMARY KEY (region_code, year, industry, series, employer)
)`,
  `CREATE INDEX summary_year_year ON summary_year (year, region_code)`,
  `CREATE INDEX summary_population_employer ON summary_population (employer) WHERE employer <> ''`,
  `CREATE INDEX summary_year_employer ON summary_year (employer, year) WHERE employer <> ''`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the summaries migration cannot be undone')
}
