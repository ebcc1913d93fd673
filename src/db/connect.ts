import { mkdirSync } from 'node:fs'
import { Kysely, PostgresDialect } from 'kysely'
import { type BulkTransaction, pgliteBulk, postgresBulk } from './bulk.js'
import { PGliteDialect } from './pglite-dialect.js'
import type { DB } from './schema.js'

export type DatabaseKind = 'postgres' | 'pglite'

/** PostgreSQL's type OID of `date`. */
const DATE_OID = 1082

export interface Database {
  db: Kysely<DB>
  kind: DatabaseKind
  /** A transaction for bulk loads that can stream rows in (COPY on PostgreSQL). */
  bulk: BulkTransaction
  close(): Promise<void>
}

export interface ConnectOptions {
  /** PostgreSQL connection string; without it, the embedded PGlite database is used. */
  url?: string
  /** PGlite data directory; 'memory' keeps it in memory (tests). */
  dataDir?: string
  /** Schema to work in (tests isolate themselves in one schema each). */
  schema?: string
}

/** PostgreSQL when a URL is given (DATABASE_URL), else PGlite in `dataDir` (XUESHI_DATA_DIR, ./data). */
export async function connect(options: ConnectOptions = {}): Promise<Database> {
  if (options.url) {
    const { default: pg } = await import('pg')
    // date columns stay 'YYYY-MM-DD' (a calendar day, not an instant in some time zone).
    pg.types.setTypeParser(DATE_OID, (value: string) => value)
    // numeric stays a string (exact); bigint (int8) as string too.
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    })
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
    return { db, kind: 'postgres', bulk: postgresBulk(pool, db), close: () => db.destroy() }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const dir = options.dataDir ?? 'data'
  if (dir !== 'memory') mkdirSync(dir, { recursive: true })
  const parsers = { [DATE_OID]: (value: string) => value }
  const pglite = await PGlite.create(dir === 'memory' ? { parsers } : { dataDir: `${dir}/pgdata`, parsers })
  if (options.schema) {
    await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${options.schema}; SET search_path = ${options.schema}`)
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) })
  return { db, kind: 'pglite', bulk: pgliteBulk(db), close: () => db.destroy() }
}

/** The database the environment names: DATABASE_URL, else PGlite in XUESHI_DATA_DIR (default ./data). */
export function connectFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  return connect({ url: env.DATABASE_URL, dataDir: env.XUESHI_DATA_DIR ?? 'data' })
}
