import { type Kysely, sql } from 'kysely'

// The compliance roll: one line per registered person and open year, with what a region's, an industry's or
// an employer's compliance list sorts and filters on, so that a page of the list is a walk down an index from where the
// last page ended (keyset), whatever the size of the region (src/db/compliance-roll.ts). Persons without
// hours in a year have a line too (total 0, not compliant): the lists show them first.
// A year is opened once, in the background (roll_year: opening, then open); the writers of person, person_year
// keep the lines of opening and open years current in their own transactions.
const STATEMENTS = [
  `
CREATE TABLE roll_year (
  year integer PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('opening', 'open')),
  opened_at timestamptz
)`,
  `
CREATE TABLE compliance_roll (
  person_key text NOT NULL REFERENCES person (person_key),
  year integer NOT NULL,
  region_code text NOT NULL,
  -- '' for none, as the summaries count it
  industry text NOT NULL,
  series text NOT NULL,
  -- the current employer (or the agency holding the file); '' for none, as the summaries count it
  employer text NOT NULL,
  name text NOT NULL,
  total numeric(10, 2) NOT NULL,
  compliant boolean NOT NULL,
  PRIMARY KEY (person_key, year)
)`,
  `CREATE INDEX compliance_roll_region ON compliance_roll (year, region_code, compliant, total, name, person_key)`,
  `CREATE INDEX compliance_roll_industry ON compliance_roll (year, industry, region_code, compliant, total, name, person_key)`,
  `CREATE INDEX compliance_roll_employer ON compliance_roll (year, employer, compliant, total, name, person_key) WHERE employer <> ''`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the compliance-roll migration cannot be undone')
}
