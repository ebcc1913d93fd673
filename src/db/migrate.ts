import type { Kysely } from 'kysely'
import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration'
import * as initial from './migrations/0001_initial.js'
import * as regions from './migrations/0002_regions.js'
import type { DB } from './schema.js'

/** Migrations in order; the same set serves PostgreSQL and PGlite. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_regions': regions,
}

export async function migrate(db: Kysely<DB>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } })
  return migrator.migrateToLatest()
}

/** Runs the migrations and throws the first error, naming the migration that failed. */
export async function migrateOrThrow(db: Kysely<DB>): Promise<string[]> {
  const { error, results } = await migrate(db)
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    const name = failed ? ` (${failed.migrationName})` : ''
    throw new Error(`migration failed${name}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
