import { type Kysely, sql } from 'kysely'

// An account signed up for a person the registry already holds (registered by an employer, a roster or an
// import) claims that person's hours: it signs in only once the organisation the person chose has checked
// who they are, so that knowing a name and an ID number is not enough to read or file someone's hours.
const STATEMENTS = [
  `ALTER TABLE app_user ADD COLUMN awaiting_confirmation boolean NOT NULL DEFAULT false`,
  `ALTER TABLE employment_request ADD COLUMN claims_account boolean NOT NULL DEFAULT false`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the account-claims migration cannot be undone')
}
