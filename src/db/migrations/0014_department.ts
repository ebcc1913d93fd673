import { type Kysely, sql } from 'kysely'

// The department (科室/部门) a person works in at the employer: free text the employer keeps, used to
// filter its staff lists. NULL for an agency's freelancers and for staff the employer has not placed.
const STATEMENTS = [
  `ALTER TABLE employment ADD COLUMN department text`,
  `CREATE INDEX employment_department ON employment (organisation_id, department) WHERE to_date IS NULL`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the department migration cannot be undone')
}
