import { connectFromEnv, type Database } from '../db/connect.js'
import { migrateOrThrow } from '../db/migrate.js'

/** Where embedded data lives: XUESHI_DATA_DIR, default ./data. */
export const dataDirOf = (env: NodeJS.ProcessEnv = process.env): string => env.XUESHI_DATA_DIR ?? 'data'

/** Operational messages go to standard error, so standard output stays the command's result. */
export const log = (line: string): void => {
  process.stderr.write(`xueshi: ${line}\n`)
}

/** The database the environment names, migrated; closed when `work` ends. */
export async function withDatabase<T>(work: (d: Database) => Promise<T>): Promise<T> {
  const d = await connectFromEnv()
  try {
    await migrateOrThrow(d.db)
    return await work(d)
  } finally {
    await d.close()
  }
}

/** A command's outcome: what to print and the exit code (0 unless said). */
export type CommandResult = string | { output: string; exitCode: number }
