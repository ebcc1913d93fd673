import type { Kysely, Transaction } from 'kysely'
import type { DB } from './schema.js'

type Executor = Kysely<DB> | Transaction<DB>

/** A recomputation run and how far it got (recompute_run, migration 0031). */
export interface RecomputeRun {
  id: string
  year: number
  regionCode: string
  lastPersonKey: string | null
  personsDone: number
  changed: number
  reportBytes: number
}

export async function startRun(db: Executor, year: number, regionCode: string): Promise<RecomputeRun> {
  const row = await db
    .insertInto('recompute_run')
    .values({ year, region_code: regionCode })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id, year, regionCode, lastPersonKey: null, personsDone: 0, changed: 0, reportBytes: 0 }
}

/** The latest unfinished run of the year and region, if any. */
export async function findOpenRun(
  db: Executor,
  year: number,
  regionCode: string,
): Promise<RecomputeRun | undefined> {
  const row = await db
    .selectFrom('recompute_run')
    .selectAll()
    .where('year', '=', year)
    .where('region_code', '=', regionCode)
    .where('finished_at', 'is', null)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    id: row.id,
    year: row.year,
    regionCode: row.region_code,
    lastPersonKey: row.last_person_key,
    personsDone: Number(row.persons_done),
    changed: Number(row.changed),
    reportBytes: Number(row.report_bytes),
  }
}

/** Moves the run past a chunk: in the chunk's own transaction, so progress and writes commit together. */
export async function saveProgress(db: Executor, run: RecomputeRun): Promise<void> {
  await db
    .updateTable('recompute_run')
    .set({
      last_person_key: run.lastPersonKey,
      persons_done: run.personsDone,
      changed: run.changed,
      report_bytes: run.reportBytes,
      updated_at: new Date(),
    })
    .where('id', '=', run.id)
    .execute()
}

export async function finishRun(db: Executor, id: string): Promise<void> {
  await db.updateTable('recompute_run').set({ finished_at: new Date() }).where('id', '=', id).execute()
}
