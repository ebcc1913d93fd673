import { type Kysely, sql } from 'kysely'

// 导师制: a mentorship contract filed with the city HR department, at most 10 mentees a mentor a year
// (鲁人社发〔2016〕10号 （十九）, 青人社字〔2023〕14号 六（二）).
const STATEMENTS = [
  `CREATE TABLE mentorship (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     organisation_id uuid NOT NULL REFERENCES organisation (id),
     mentor_person_key text NOT NULL,
     year integer NOT NULL,
     title text NOT NULL,
     plan text NOT NULL,
     status text NOT NULL CHECK (status IN ('submitted', 'filed', 'evaluated')),
     filed_by text,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX mentorship_mentor_year ON mentorship (mentor_person_key, year)`,
  `CREATE TABLE mentorship_mentee (
     person_key text NOT NULL REFERENCES person (person_key),
     mentorship_id uuid NOT NULL REFERENCES mentorship (id),
     hours numeric(6, 1),
     ledger_entry_id uuid,
     PRIMARY KEY (person_key, mentorship_id)
   )`,
  `CREATE INDEX mentorship_mentee_mentorship ON mentorship_mentee (mentorship_id)`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the mentorships migration cannot be undone')
}
