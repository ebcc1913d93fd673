import { type Kysely, sql } from 'kysely'

// Credited hours by way (the activity kind, ledger_entry.record->>'kind') and door (the source of the
// credit: application, roster, grant, import) per summary dimensions and year, kept by the application in
// the ledger writers' transactions (src/db/summaries.ts). The hours are the ledger's per-entry credits as
// registered, before the annual caps the engine applies (summary_year holds the year's figures after
// them); a reversal takes its credit's hours and count out of the credit's way and door. Distributed by
// region_code, co-located with summary_population (docs/scaling.md).
const STATEMENTS = [
  `
CREATE TABLE summary_hours (
  region_code text NOT NULL,
  year integer NOT NULL,
  industry text NOT NULL,
  series text NOT NULL,
  employer text NOT NULL,
  -- the activity kind of the contract ('' for a credit without a record)
  way text NOT NULL,
  -- the credit's source: application, roster, grant, import
  door text NOT NULL,
  -- live credits: credits not reversed
  credits integer NOT NULL,
  public numeric(14, 2) NOT NULL,
  professional numeric(14, 2) NOT NULL,
  PRIMARY KEY (region_code, year, industry, series, employer, way, door)
)`,
  `CREATE INDEX summary_hours_year ON summary_hours (year, region_code)`,
  `CREATE INDEX summary_hours_employer ON summary_hours (employer, year) WHERE employer <> ''`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the summary hours migration cannot be undone')
}
