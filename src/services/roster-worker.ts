// Runs in a worker thread (roster-reader.ts starts it): reads an uploaded roster file, or annotates it,
// so that no file, however crafted, holds up the server's event loop or its heap.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads'
import { InvalidInputError, TooLargeError } from './errors.js'
import type { FileLimits } from './file-limits.js'
import type { RowProblem } from './roster-annotate.js'
import { type ColumnSpec, decodeCsv, isXlsx, rosterFileLines } from './roster-files.js'
import { rosterJsonLines } from './roster-json.js'

/** A roster line: text from a file's cells, or the JSON door's fields (numbers as numbers). */
export type Line = { line: number; values: Record<string, unknown> }

export type Job =
  | { kind: 'lines'; bytes: Uint8Array; limits: FileLimits; spec?: ColumnSpec }
  | { kind: 'json'; bytes: Uint8Array; limits: FileLimits }
  | { kind: 'annotate'; bytes: Uint8Array; problems: RowProblem[] }

export type Reply =
  | { kind: 'lines'; lines: Line[] }
  | { kind: 'end' }
  | { kind: 'annotated'; bytes: Uint8Array }
  | { kind: 'refused'; tooLarge: boolean; field: string; problem: string }

/** Lines a message carries, and messages posted before the reader asks for more. */
export const CHUNK = 1000
export const AHEAD = 4

async function run(job: Job, port: MessagePort): Promise<void> {
  if (job.kind === 'annotate') {
    // ExcelJS loads only here: reading lines never needs it.
    const { annotateCsv, annotateXlsx } = await import('./roster-annotate.js')
    const bytes = isXlsx(job.bytes)
      ? await annotateXlsx(job.bytes, job.problems)
      : annotateCsv(decodeCsv(job.bytes), job.problems)
    port.postMessage({ kind: 'annotated', bytes } satisfies Reply)
    return
  }
  let credit = AHEAD
  let wake = () => {}
  port.on('message', () => {
    credit += 1
    wake()
  })
  const post = async (lines: Line[]) => {
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve))
    credit -= 1
    port.postMessage({ kind: 'lines', lines } satisfies Reply)
  }
  let lines: Line[] = []
  const source =
    job.kind === 'json'
      ? rosterJsonLines(job.bytes, job.limits)
      : rosterFileLines(job.bytes, job.limits, job.spec)
  for await (const line of source) {
    lines.push(line)
    if (lines.length === CHUNK) {
      await post(lines)
      lines = []
    }
  }
  if (lines.length > 0) await post(lines)
  port.postMessage({ kind: 'end' } satisfies Reply)
}

if (parentPort) {
  const port = parentPort
  run(workerData as Job, port)
    .catch((e: unknown) => {
      // Only what the file did wrong crosses back, in words for the user; never a stack.
      const known = e instanceof InvalidInputError
      port.postMessage({
        kind: 'refused',
        tooLarge: e instanceof TooLargeError,
        field: known ? e.field : 'file',
        problem: known ? e.problem : '不是有效的花名册文件',
      } satisfies Reply)
    })
    .finally(() => port.unref())
}
