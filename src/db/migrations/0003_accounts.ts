import { type Kysely, sql } from 'kysely'

// Accounts, sessions, API tokens and notifications for the server. Small reference-like tables,
// except notification, which is per recipient.
const STATEMENTS = [
  `ALTER TABLE app_user
     ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
     ADD COLUMN locked_until timestamptz,
     ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now(),
     ADD COLUMN totp_secret_cipher bytea,
     ADD COLUMN totp_enabled boolean NOT NULL DEFAULT false,
     ADD COLUMN recovery_code_hashes text[] NOT NULL DEFAULT '{}',
     ADD COLUMN display_name text`,
  `CREATE TABLE session (
     -- SHA-256 of the cookie's token: a stolen database does not hand out live sessions.
     id text PRIMARY KEY,
     user_id uuid NOT NULL REFERENCES app_user (id),
     csrf_token text NOT NULL,
     second_factor_done boolean NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     last_seen_at timestamptz NOT NULL DEFAULT now(),
     ended_at timestamptz
   )`,
  `CREATE INDEX session_by_user ON session (user_id)`,
  `CREATE TABLE api_token (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     organisation_id uuid NOT NULL REFERENCES organisation (id),
     name text NOT NULL,
     token_hash text NOT NULL UNIQUE,
     created_by uuid NOT NULL REFERENCES app_user (id),
     created_at timestamptz NOT NULL DEFAULT now(),
     last_used_at timestamptz,
     revoked_at timestamptz
   )`,
  `CREATE TABLE notification (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     -- Either a person (their own account) or an organisation (every account of it) receives it.
     person_key text,
     organisation_id uuid,
     kind text NOT NULL,
     title text NOT NULL,
     body text NOT NULL,
     link text,
     created_at timestamptz NOT NULL DEFAULT now(),
     read_at timestamptz,
     CHECK ((person_key IS NULL) <> (organisation_id IS NULL))
   )`,
  `CREATE INDEX notification_person ON notification (person_key, created_at DESC) WHERE person_key IS NOT NULL`,
  `CREATE INDEX notification_organisation ON notification (organisation_id, created_at DESC) WHERE organisation_id IS NOT NULL`,
  `ALTER TABLE activity_record ADD COLUMN review_note text, ADD COLUMN reviewed_by text, ADD COLUMN ledger_entry_id uuid,
     ADD COLUMN organisation_id uuid`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the accounts migration cannot be undone')
}
