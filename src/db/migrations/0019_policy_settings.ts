import { type Kysely, sql } from 'kysely'

// The policies a deployment applies (issue #12, 部署设置 适用政策): every choice of its top HR department is
// kept, with who made it, when and why; the latest per policy and region governs resolution from its
// year on. Never updated or deleted. A small reference table (docs/scaling.md).
const STATEMENTS = [
  `CREATE TABLE policy_setting (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     policy_id text NOT NULL,
     region_code text NOT NULL,
     applies boolean NOT NULL,
     from_year integer NOT NULL CHECK (from_year BETWEEN 1990 AND 2100),
     reason text NOT NULL CHECK (length(reason) > 0),
     set_by text NOT NULL,
     set_by_organisation_id uuid NOT NULL REFERENCES organisation (id),
     set_at timestamptz NOT NULL DEFAULT clock_timestamp()
   )`,
  `CREATE INDEX policy_setting_latest ON policy_setting (policy_id, region_code, set_at DESC, id DESC)`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the policy settings migration cannot be undone')
}
