// A PostgreSQL schema for a benchmark: a new one (named and kept, or random), or a kept one reused, so
// that one generated population (bench/stats.ts --keep-schema) serves several benchmarks.
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { postgresBulk } from '../src/db/bulk.js'
import { connect, type Database } from '../src/db/connect.js'
import { migrateOrThrow } from '../src/db/migrate.js'
import type { DB } from '../src/db/schema.js'

export type Schema = Database & { schema: string; pool: pg.Pool }

/**
 * The schema to work in: a kept one as it is, or a new one (named, or random and dropped at the end).
 * Its pool is opened here as connect() opens one (connect() sets the type parsers), so the bench can
 * see when the server has finished the requests a load run left behind.
 */
export async function schemaFor(url: string, keep?: string, reuse?: string): Promise<Schema> {
  const schema = reuse ?? keep ?? `bench_stats_${Date.now().toString(36)}`
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`模式名只能含小写字母、数字和下划线: ${schema}`)
  const admin = await connect({ url })
  if (!reuse) await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.db)
  await admin.close()
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` })
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  // A kept schema is brought to the current migrations too (a later run measures later code).
  await migrateOrThrow(db, schema)
  return { db, kind: 'postgres', bulk: postgresBulk(pool, db), close: () => db.destroy(), schema, pool }
}
