import { type Kysely, sql } from 'kysely'

// Employer reviews of a person's year: at year end, and before the person leaves (苏人社函〔2023〕308号 五（三）).
const STATEMENTS = [
  `CREATE TABLE year_review (
     person_key text NOT NULL REFERENCES person (person_key),
     year integer NOT NULL,
     kind text NOT NULL CHECK (kind IN ('year_end', 'departure')),
     organisation_id uuid NOT NULL,
     public numeric(10, 2) NOT NULL,
     professional numeric(10, 2) NOT NULL,
     compliant boolean NOT NULL,
     reviewed_by text NOT NULL,
     reviewed_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (person_key, year, kind, organisation_id)
   )`,
  `CREATE INDEX year_review_organisation ON year_review (organisation_id, year)`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the reviews migration cannot be undone')
}
