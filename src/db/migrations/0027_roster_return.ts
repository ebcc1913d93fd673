import { type Kysely, sql } from 'kysely'

// 第二十一条 由行业主管部门…确认: the authority that will not confirm a roster returns it to the institution with
// its reason; the institution corrects it and reports a new version.
const STATEMENTS = [
  `ALTER TABLE roster DROP CONSTRAINT roster_status_check`,
  `ALTER TABLE roster ADD CONSTRAINT roster_status_check CHECK (status IN ('pending', 'confirmed', 'superseded', 'returned'))`,
  `ALTER TABLE roster ADD COLUMN return_reason text`,
  `ALTER TABLE roster ADD COLUMN returned_by text`,
  `ALTER TABLE roster ADD COLUMN returned_at timestamptz`,
  `CREATE INDEX roster_status ON roster (status, created_at)`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the roster-return migration cannot be undone')
}
