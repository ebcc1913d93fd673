import { type Kysely, sql } from 'kysely'

// Credited hours by training institution: the live credits of an institution's confirmed roster lines
// (door roster, credit key project:<training_project.id>, the project's institution_id), per the persons'
// region, industry and series and the year, kept by the application in the ledger writers' transactions
// (src/db/summaries.ts). Credits from the other doors (applications, grants, imports, generated data)
// have no institution and count under institution ''. A reversal takes its credit's hours and count out
// of the credit's institution. Distributed by region_code, co-located with summary_population
// (docs/scaling.md).
const STATEMENTS = [
  `
CREATE TABLE summary_institution (
  region_code text NOT NULL,
  year integer NOT NULL,
  industry text NOT NULL,
  series text NOT NULL,
  -- the training institution's organisation id ('' for a credit from another door)
  institution text NOT NULL,
  -- live credits: credits not reversed
  credits integer NOT NULL,
  public numeric(14, 2) NOT NULL,
  professional numeric(14, 2) NOT NULL,
  PRIMARY KEY (region_code, year, industry, series, institution)
)`,
  `CREATE INDEX summary_institution_year ON summary_institution (year, region_code)`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the summary institution migration cannot be undone')
}
