import { type Kysely, sql } from 'kysely'

// 常用查询 (issue 15, ad-hoc statistics): an HR department's or authority's saved statistics views — the
// grouping, the scope and the measures, never the year, so the same query reruns next year. A few per
// organisation: a reference table under Citus (docs/scaling.md).
const STATEMENTS = [
  `
CREATE TABLE saved_query (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 40),
  definition jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
)
  `,
  `CREATE UNIQUE INDEX saved_query_name ON saved_query (organisation_id, name)`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the saved-queries migration cannot be undone')
}
