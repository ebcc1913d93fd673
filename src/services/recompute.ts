import type { Insertable, Kysely } from 'kysely'
import {
  countPersonsAfter,
  creditsInRange,
  personsAfter,
  personYearsInRange,
  type YearRow,
} from '../db/recompute.js'
import { findOpenRun, finishRun, type RecomputeRun, saveProgress, startRun } from '../db/recompute-runs.js'
import type { DB, PersonYearTable } from '../db/schema.js'
import { replacePersonYears } from '../db/summaries.js'
import { rebuildYearSummaries } from '../db/summary-rebuild.js'
import { regions } from '../domain/region-data.js'
import { transact } from './audit.js'
import { InvalidInputError } from './errors.js'
import { EARLIER_YEARS } from './person-year.js'
import { findTopHrDepartment, policySettingsOf } from './policy-settings.js'
import type { ChunkInput, ChunkResult } from './recompute-chunk.js'
import { chunkPool } from './recompute-pool.js'
import { openReport, type ReportFile } from './recompute-report.js'

export interface RecomputeOptions {
  year: number
  /** GB/T 2260 code: persons registered there and below; default the deployment's top HR department's. */
  regionCode?: string
  /** Worker threads evaluating chunks (default 2). */
  workers?: number
  /** Persons per chunk (default 2,000). */
  chunkSize?: number
  /** Continue the latest unfinished run of the year and region. */
  resume?: boolean
  /** Where to write the report (JSON Lines) of every person whose figures changed. */
  reportPath?: string
  /** Stops after the chunk being written: the run stays open for --resume. */
  signal?: AbortSignal
  onProgress?: (progress: RecomputeProgress) => void
}

export interface RecomputeProgress {
  done: number
  total: number
  changed: number
  elapsedMs: number
}

export interface RecomputeOutcome extends RecomputeProgress {
  runId: string
  regionCode: string
  /** False when stopped by the signal before the end. */
  finished: boolean
  /** Milliseconds the workers spent in the engine, and busy in all (summed over workers). */
  engineMs: number
  workerMs: number
  /** Milliseconds this thread spent reading chunks, and writing them (merge, report, progress). */
  readMs: number
  writeMs: number
}

/** A recomputed row as person_year stores it. */
const personYearRow =
  (year: number) =>
  (r: YearRow): Insertable<PersonYearTable> => ({
    person_key: r.personKey,
    year,
    policy_id: r.policyId,
    public: r.public,
    professional: r.professional,
    total: r.total,
    year_complete: r.yearComplete,
    compliant: r.compliant,
  })

function checkOptions(o: RecomputeOptions): void {
  if (!Number.isInteger(o.year) || o.year < 1990 || o.year > 2200)
    throw new InvalidInputError('year', '年度须为1990至2200之间的整数')
  if (o.regionCode !== undefined && !(/^\d{6}$/.test(o.regionCode) && regions.has(o.regionCode)))
    throw new InvalidInputError('region', `未知的行政区划代码 ${o.regionCode}（须为 GB/T 2260 六位代码）`)
  if (o.workers !== undefined && !(Number.isInteger(o.workers) && o.workers >= 1 && o.workers <= 64))
    throw new InvalidInputError('workers', '工作线程数须为1至64之间的整数')
}

async function regionOf(db: Kysely<DB>, regionCode: string | undefined): Promise<string> {
  if (regionCode !== undefined) return regionCode
  const top = await findTopHrDepartment(db)
  if (!top)
    throw new InvalidInputError(
      'region',
      '未指定地区，数据库中也没有人社部门（请先运行 xueshi init，或给出 --region）',
    )
  return top.regionCode
}

/** A chunk read and sent to a worker, with the key it ends at. */
interface InFlight {
  last: string
  readAt: Date
  persons: number
  result: Promise<ChunkResult>
}

/**
 * Re-evaluates every person-year of the year in the region and below in one streaming pass: persons in
 * key order, a chunk at a time (their live credits read once, in a key range), evaluated in worker
 * threads; each chunk's changed rows are written with one merge, in a transaction that also records the
 * run's progress and moves summary_year and the compliance roll with the rows, so a killed run resumes
 * where it stopped; after the last chunk summary_year of the scope is recounted. The ledger is not touched.
 */
export async function recompute(db: Kysely<DB>, options: RecomputeOptions): Promise<RecomputeOutcome> {
  checkOptions(options)
  const { year } = options
  const regionCode = await regionOf(db, options.regionCode)
  const chunkSize = options.chunkSize ?? 2000
  const workers = options.workers ?? 2
  let run: RecomputeRun
  if (options.resume) {
    const open = await findOpenRun(db, year, regionCode)
    if (!open) throw new InvalidInputError('resume', `没有未完成的${year}年度（${regionCode}）重算可以继续`)
    run = open
  } else run = await startRun(db, year, regionCode)
  const settings = await policySettingsOf(db)
  const started = performance.now()
  const total = run.personsDone + (await countPersonsAfter(db, regionCode, run.lastPersonKey))
  const progress = (): RecomputeProgress => ({
    done: run.personsDone,
    total,
    changed: run.changed,
    elapsedMs: performance.now() - started,
  })
  let report: ReportFile | undefined
  if (options.reportPath !== undefined)
    report = await openReport(options.reportPath, options.resume ? run.reportBytes : undefined)
  const pool = chunkPool(workers, settings)
  let engineMs = 0
  let workerMs = 0
  let readMs = 0
  let writeMs = 0
  let after = run.lastPersonKey
  let exhausted = false
  const inFlight: InFlight[] = []

  /** Reads the next chunk and hands it to the pool; false when no person is left. */
  const readChunk = async (): Promise<boolean> => {
    const t0 = performance.now()
    const readAt = new Date()
    const persons = await personsAfter(db, regionCode, after, chunkSize)
    const last = persons.at(-1)?.personKey
    if (last === undefined) return false
    const range = { after, last }
    const input: ChunkInput = {
      year,
      persons,
      // The years the ledger service reads for a person's year (person-year.ts).
      credits: await creditsInRange(db, regionCode, range, year - EARLIER_YEARS, year + 1),
      stored: await personYearsInRange(db, year, range),
    }
    const result = pool.run(input)
    result.catch(() => {}) // awaited in order below; a failure is thrown there
    inFlight.push({ last, readAt, persons: persons.length, result })
    after = last
    readMs += performance.now() - t0
    return true
  }

  try {
    options.onProgress?.(progress())
    while (!options.signal?.aborted) {
      // Keep every worker busy, and one chunk ready behind them, while this thread writes.
      while (!exhausted && inFlight.length <= workers) exhausted = !(await readChunk())
      const chunk = inFlight.shift()
      if (!chunk) break
      const result = await chunk.result
      engineMs += result.engineMs
      workerMs += result.busyMs
      const t0 = performance.now()
      const reportBytes = report ? await report.append(result.changes) : run.reportBytes
      const next: RecomputeRun = {
        ...run,
        lastPersonKey: chunk.last,
        personsDone: run.personsDone + chunk.persons,
        changed: run.changed + result.changes.length,
        reportBytes,
      }
      await transact(db, async (trx) => {
        await replacePersonYears(
          trx,
          year,
          result.upserts.map(personYearRow(year)),
          result.deletes,
          chunk.readAt,
        )
        await saveProgress(trx, next)
      })
      run = next
      writeMs += performance.now() - t0
      options.onProgress?.(progress())
    }
    const finished = !options.signal?.aborted
    if (finished) {
      // The chunks moved summary_year with every row they wrote; the recount mends what a write outside
      // the services left behind (the chunks' deltas assume the summaries agreed with person_year).
      await transact(db, (trx) => rebuildYearSummaries(trx, { year, regionCode }))
      await finishRun(db, run.id)
    }
    return { runId: run.id, regionCode, finished, engineMs, workerMs, readMs, writeMs, ...progress() }
  } finally {
    await pool.close()
    await report?.close()
  }
}
