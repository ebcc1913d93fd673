import type { KeyObject } from 'node:crypto'
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { type Checkpoint, issueCheckpoint } from './audit.js'

const DAY_MS = 24 * 60 * 60 * 1000

/** Saves a signed checkpoint under `dir` (data/checkpoints), named by time and row. */
export async function saveCheckpoint(
  db: Kysely<DB>,
  key: KeyObject,
  dir: string,
  now = new Date(),
): Promise<{ file: string; checkpoint: Checkpoint }> {
  const checkpoint = await issueCheckpoint(db, key, now)
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${checkpoint.issuedAt.replace(/[:.]/g, '-')}-${checkpoint.seq}.json`)
  writeFileSync(file, `${JSON.stringify(checkpoint, null, 2)}\n`)
  return { file, checkpoint }
}

function newestAge(dir: string, now: number): number {
  try {
    const times = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => statSync(join(dir, f)).mtimeMs)
    return times.length === 0 ? Number.POSITIVE_INFINITY : now - Math.max(...times)
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

/**
 * Issues a checkpoint now if the newest is a day old or more, then every day. Returns a stop function.
 * Checkpoints are worth most copied away from the machine: point an operator's backup at `dir`.
 */
export function scheduleDailyCheckpoints(
  db: Kysely<DB>,
  key: KeyObject,
  dir: string,
  log: (line: string) => void,
): () => void {
  const tick = async () => {
    try {
      if (newestAge(dir, Date.now()) < DAY_MS) return
      const { file, checkpoint } = await saveCheckpoint(db, key, dir)
      log(`audit checkpoint of row ${checkpoint.seq} saved to ${file}`)
    } catch (e) {
      log(`audit checkpoint failed: ${(e as Error).message}`)
    }
  }
  void tick()
  const timer = setInterval(tick, 60 * 60 * 1000)
  timer.unref()
  return () => clearInterval(timer)
}
