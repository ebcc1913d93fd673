import { type Kysely, sql } from 'kysely'

// Sign-in hardening: a second factor replaced only once the new one is confirmed, the last accepted
// TOTP time step (RFC 6238 §5.2: a code is accepted once), and the hashes of the previous passwords.
const STATEMENTS = [
  `ALTER TABLE app_user
     ADD COLUMN totp_pending_cipher bytea,
     ADD COLUMN totp_last_step integer,
     ADD COLUMN previous_password_hashes text[] NOT NULL DEFAULT '{}'`,
  // An enrolment never confirmed was stored as the secret itself; it is pending.
  `UPDATE app_user SET totp_pending_cipher = totp_secret_cipher, totp_secret_cipher = NULL
     WHERE NOT totp_enabled AND totp_secret_cipher IS NOT NULL`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the sign-in migration cannot be undone')
}
