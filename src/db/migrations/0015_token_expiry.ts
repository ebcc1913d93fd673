import { type Kysely, sql } from 'kysely'

// An API token may be given an end: past it the API refuses the token as it refuses a revoked one.
const STATEMENTS = [`ALTER TABLE api_token ADD COLUMN expires_at timestamptz`]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the token expiry migration cannot be undone')
}
