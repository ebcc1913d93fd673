import { migrateOrThrow } from '../db/migrate.js'
import { openDatabase } from './context.js'
import { UsageError } from './errors.js'

/** `xueshi migrate`: brings the database (DATABASE_URL, else PGlite in XUESHI_DATA_DIR) up to date. */
export async function runMigrate(args: string[]): Promise<string> {
  if (args.length > 0) throw new UsageError(`migrate takes no arguments, got "${args.join(' ')}"`)
  const d = await openDatabase('migrate')
  try {
    const applied = await migrateOrThrow(d.db)
    return applied.length === 0
      ? `${d.kind}: the database is up to date\n`
      : `${d.kind}: applied ${applied.join(', ')}\n`
  } finally {
    await d.close()
  }
}
