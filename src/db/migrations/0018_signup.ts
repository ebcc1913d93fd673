import { type Kysely, sql } from 'kysely'

// A professional who signs up names their employer or agency; the employment starts only when that
// organisation confirms it (until then it cannot see them). Distributed by person_key like employment.
const STATEMENTS = [
  `CREATE TABLE employment_request (
     person_key text NOT NULL REFERENCES person (person_key),
     id uuid NOT NULL DEFAULT gen_random_uuid(),
     organisation_id uuid NOT NULL,
     status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'declined')),
     requested_at timestamptz NOT NULL DEFAULT now(),
     decided_by text,
     decided_at timestamptz,
     reason text,
     PRIMARY KEY (person_key, id)
   )`,
  // One account per person: a second sign-up with the same ID number, even racing the first, is refused.
  `CREATE UNIQUE INDEX app_user_person ON app_user (person_key) WHERE person_key IS NOT NULL`,
  `CREATE INDEX employment_request_pending ON employment_request (organisation_id, requested_at) WHERE status = 'pending'`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the sign-up migration cannot be undone')
}
