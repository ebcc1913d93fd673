import { type Kysely, sql } from 'kysely'

// What the public sees of a training project: whether it is still a draft, which is never shown (its fees,
// 收费项目及标准, came with 0026). Projects published so far are published (draft false).
const STATEMENTS = [
  `ALTER TABLE training_project ADD COLUMN draft boolean NOT NULL DEFAULT false`,
  `CREATE INDEX training_project_published ON training_project (start_date, id) WHERE NOT draft`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the project-publication migration cannot be undone')
}
