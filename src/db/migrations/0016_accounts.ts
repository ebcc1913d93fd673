import { type Kysely, sql } from 'kysely'

// Organisation administrators and clerks, one-time passwords and disabled accounts (issue #12).
const STATEMENTS = [
  `ALTER TABLE app_user
     ADD COLUMN is_admin boolean NOT NULL DEFAULT false,
     ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
     ADD COLUMN disabled_at timestamptz`,
  // Every organisation account made before roles existed could do everything an administrator can.
  `UPDATE app_user SET is_admin = true WHERE role <> 'person'`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the accounts migration cannot be undone')
}
