import { type Kysely, sql } from 'kysely'

// Imports from other systems (苏人社函〔2023〕308号 五（四）年底前将学时管理数据导入), idempotent per key and content.
const STATEMENTS = [
  `CREATE TABLE import_batch (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     organisation_id uuid NOT NULL REFERENCES organisation (id),
     idempotency_key text,
     content_hash text NOT NULL,
     row_count integer NOT NULL,
     created_by text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (organisation_id, idempotency_key),
     UNIQUE (organisation_id, content_hash)
   )`,
]

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('the imports migration cannot be undone')
}
