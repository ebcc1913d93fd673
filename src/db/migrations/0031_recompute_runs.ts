import { type Kysely, sql } from 'kysely'

// The year-end recomputation's runs (xueshi recompute): the last person done, moved forward in the same
// transaction as each chunk's person_year writes, so a killed run resumes exactly where it stopped; and
// how far the report file had got then, so a resumed run cuts off lines of a chunk that never committed.
const STATEMENTS = [
  `
CREATE TABLE recompute_run (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  year integer NOT NULL,
  region_code text NOT NULL,
  last_person_key text,
  persons_done bigint NOT NULL DEFAULT 0,
  changed bigint NOT NULL DEFAULT 0,
  report_bytes bigint NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
)
  `,
  `CREATE INDEX recompute_run_open ON recompute_run (year, region_code, started_at) WHERE finished_at IS NULL`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the recompute-runs migration cannot be undone')
}
