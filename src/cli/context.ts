import { connectFromEnv, type Database } from '../db/connect.js'
import { migrateOrThrow } from '../db/migrate.js'
import { type DataDirHold, holdDataDir } from './data-lock.js'

/** Where embedded data lives: XUESHI_DATA_DIR, default ./data. */
export const dataDirOf = (env: NodeJS.ProcessEnv = process.env): string => env.XUESHI_DATA_DIR ?? 'data'

/** Operational messages go to standard error, so standard output stays the command's result. */
export const log = (line: string): void => {
  process.stderr.write(`xueshi: ${line}\n`)
}

/**
 * The database the environment names. An embedded data directory is held for this process
 * (data-lock.ts) until closed: while another xueshi process holds it, this refuses (exit 2).
 */
export async function openDatabase(command: string): Promise<Database & { hold?: DataDirHold }> {
  if (process.env.DATABASE_URL) return connectFromEnv()
  const hold = holdDataDir(dataDirOf(), command)
  try {
    const d = await connectFromEnv()
    const close = async () => {
      try {
        await d.close()
      } finally {
        hold.release()
      }
    }
    return { ...d, hold, close }
  } catch (e) {
    hold.release()
    throw e
  }
}

/** The database the environment names, migrated; closed when `work` ends. */
export async function withDatabase<T>(command: string, work: (d: Database) => Promise<T>): Promise<T> {
  const d = await openDatabase(command)
  try {
    await migrateOrThrow(d.db)
    return await work(d)
  } finally {
    await d.close()
  }
}

/** A command's outcome: what to print and the exit code (0 unless said). */
export type CommandResult = string | { output: string; exitCode: number }
