import { parseArgs } from 'node:util'
import { recompute } from '../services/recompute.js'
import { type CommandResult, log, withDatabase } from './context.js'
import { UsageError, wholeIn } from './errors.js'
import { progressOnStderr } from './progress.js'

/**
 * `xueshi recompute --year Y [--region R] [--workers N] [--report file] [--resume]`: re-evaluates every
 * person-year in the region and writes the changed ones; prints the run's figures as JSON. Ctrl-C stops
 * after the chunk being written (exit 130); --resume continues.
 */
export async function runRecompute(args: string[]): Promise<CommandResult> {
  const { values } = parseArgs({
    args,
    options: {
      year: { type: 'string' },
      region: { type: 'string' },
      workers: { type: 'string' },
      report: { type: 'string' },
      resume: { type: 'boolean' },
    },
    strict: true,
  })
  const year = wholeIn('year', values.year, 1990, 2200)
  if (year === undefined) throw new UsageError('--year <YYYY> is required')
  const workers = wholeIn('workers', values.workers, 1, 64)
  if (values.region !== undefined && !/^\d{6}$/.test(values.region))
    throw new UsageError(`--region must be a 6-digit GB/T 2260 code, got "${values.region}"`)
  const stop = new AbortController()
  const interrupt = () => {
    log('stopping after the chunk being written; continue with --resume')
    stop.abort()
  }
  process.once('SIGINT', interrupt)
  process.once('SIGTERM', interrupt)
  const progress = progressOnStderr()
  try {
    return await withDatabase('recompute', async ({ db }) => {
      const outcome = await recompute(db, {
        year,
        ...(values.region !== undefined ? { regionCode: values.region } : {}),
        ...(workers !== undefined ? { workers } : {}),
        ...(values.report !== undefined ? { reportPath: values.report } : {}),
        resume: values.resume === true,
        signal: stop.signal,
        onProgress: (p) => progress.update(p),
      })
      progress.end(outcome)
      const output = `${JSON.stringify({
        year,
        region: outcome.regionCode,
        run: outcome.runId,
        finished: outcome.finished,
        persons: outcome.done,
        changed: outcome.changed,
        seconds: Math.round(outcome.elapsedMs) / 1000,
        report: values.report ?? null,
      })}\n`
      return outcome.finished ? output : { output, exitCode: 130 }
    })
  } finally {
    process.off('SIGINT', interrupt)
    process.off('SIGTERM', interrupt)
  }
}
