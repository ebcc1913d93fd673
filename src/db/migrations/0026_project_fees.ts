import { type Kysely, sql } from 'kysely'

// 收费项目及标准 of a training project (工程技术人员继续教育规定 第十五条: institutions make their fees public;
// 第十二条: activities HR departments and authorities run themselves charge none). Null: not stated
// (projects published before this column).
const STATEMENTS = [`ALTER TABLE training_project ADD COLUMN fees text`]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the project fees migration cannot be undone')
}
