import { type Kysely, sql } from 'kysely'

// What the public sees of a training project: its fees (收费项目及标准 — 江西省人民政府令第259号 第十五条,
// 工程技术人员继续教育规定 第十五条 ask institutions to publish them) and whether it is still a draft, which
// is never shown. Projects published so far are published (draft false).
const STATEMENTS = [
  `ALTER TABLE training_project ADD COLUMN fees text`,
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
