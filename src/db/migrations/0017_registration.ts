import { type Kysely, sql } from 'kysely'

// Organisations registering themselves (employers, agencies) wait for the HR department of their region;
// HR departments register the organisations below them. Until approved an organisation's accounts
// cannot sign in; a rejected request keeps its reason and frees its credit code for a new request.
const STATEMENTS = [
  `ALTER TABLE organisation
     ADD COLUMN status text NOT NULL DEFAULT 'approved' CHECK (status IN ('pending', 'approved', 'rejected')),
     ADD COLUMN contact_name text,
     ADD COLUMN contact_phone text,
     ADD COLUMN registered_by text,
     ADD COLUMN decided_by text,
     ADD COLUMN decided_at timestamptz,
     ADD COLUMN decision_reason text,
     ADD CHECK (status <> 'rejected' OR decision_reason IS NOT NULL)`,
  `ALTER TABLE organisation DROP CONSTRAINT organisation_uscc_key`,
  `CREATE UNIQUE INDEX organisation_uscc_live ON organisation (uscc) WHERE status <> 'rejected'`,
  `CREATE INDEX organisation_pending ON organisation (region_code) WHERE status = 'pending'`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the registration migration cannot be undone')
}
