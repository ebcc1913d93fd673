import { type Kysely, sql } from 'kysely'

// Confirmation walks a roster's unconfirmed lines in line order, 5,000 at a time (rosters.ts creditRows):
// with only (roster_id) indexed, every chunk read and sorted the whole roster again (1.3 s of a 100,000-line
// confirmation, issue 15). (roster_id, row_no) hands each chunk over in order and serves every lookup by
// roster_id as the old index did, which it replaces.
const STATEMENTS = [
  `CREATE INDEX roster_row_roster_line ON roster_row (roster_id, row_no)`,
  `DROP INDEX roster_row_roster`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the roster-line-order migration cannot be undone')
}
