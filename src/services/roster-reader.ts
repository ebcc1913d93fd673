import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { InvalidInputError, TooLargeError } from './errors.js'
import type { FileLimits } from './file-limits.js'
import type { RowProblem } from './roster-annotate.js'
import type { ColumnSpec } from './roster-files.js'
import type { Job, Line, Reply } from './roster-worker.js'
import { slots } from './worker-slots.js'
import { startWorker } from './worker-start.js'

/**
 * Reading a file is CPU work: more workers than cores would only slow every upload down and multiply
 * the heap each may fill, so at most one per core runs; the others wait their turn (within parseSeconds).
 */
const WORKERS = slots(Math.max(1, availableParallelism()))

/**
 * The lines of an uploaded roster file (xlsx or CSV; another upload's columns: `spec`), read in a worker thread (roster-worker.ts) with
 * a capped heap, and handed over a thousand at a time as the caller takes them. Throws
 * InvalidInputError or TooLargeError (413) when the file breaks a limit, takes longer than
 * `parseSeconds` to read, or fills the worker's heap; the worker is stopped whenever the caller stops.
 */
export function readRosterFile(
  bytes: Uint8Array,
  limits: FileLimits,
  spec?: ColumnSpec,
): AsyncGenerator<Line> {
  return readInWorker({ kind: 'lines', bytes, limits, ...(spec && { spec }) }, limits)
}

/** The lines of a roster sent as JSON (`{"rows": [...]}`, roster-json.ts), parsed in the worker in the same way. */
export function readRosterJson(bytes: Uint8Array, limits: FileLimits): AsyncGenerator<Line> {
  return readInWorker({ kind: 'json', bytes, limits }, limits)
}

async function* readInWorker(job: Job, limits: FileLimits): AsyncGenerator<Line> {
  const release = await WORKERS.take(limits.parseSeconds * 1000)
  const worker = startRosterWorker(job, limits)
  const next = replies(worker, limits)
  try {
    for (;;) {
      const reply = await next()
      if (reply.kind === 'end') return
      if (reply.kind !== 'lines') throw refusal(reply)
      worker.postMessage('more')
      yield* reply.lines
    }
  } finally {
    void worker.terminate()
    release()
  }
}

/**
 * The file with an 错误 column (roster-annotate.ts), made in a worker thread within the same limits;
 * undefined when the file is over `maxAnnotatedBytes` or cannot be annotated within the limits.
 */
export async function annotateRosterFile(
  bytes: Uint8Array,
  problems: RowProblem[],
  limits: FileLimits,
): Promise<Buffer | undefined> {
  if (bytes.length > limits.maxAnnotatedBytes) return undefined
  let release: (() => void) | undefined
  try {
    release = await WORKERS.take(limits.parseSeconds * 1000)
  } catch {
    return undefined // busy: the reply lists the problems all the same
  }
  const worker = startRosterWorker({ kind: 'annotate', bytes, problems }, limits)
  try {
    const reply = await replies(worker, limits)()
    return reply.kind === 'annotated' ? Buffer.from(reply.bytes) : undefined
  } catch {
    return undefined // the reply lists the problems all the same
  } finally {
    void worker.terminate()
    release()
  }
}

function startRosterWorker(job: Job, limits: FileLimits): Worker {
  return startWorker(import.meta.url, 'roster-worker', {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb, stackSizeMb: 4 },
  })
}

/**
 * The worker's replies one at a time. Waiting for them counts against the upload's time budget
 * (time the worker spends ahead of the caller does not); past it, or when the worker dies, the next
 * reply is a refusal or an error.
 */
function replies(worker: Worker, limits: FileLimits): () => Promise<Reply> {
  const queue: (Reply | Error)[] = []
  let deliver: ((reply: Reply | Error) => void) | undefined
  const push = (reply: Reply | Error) => {
    const waiting = deliver
    deliver = undefined
    if (waiting) waiting(reply)
    else queue.push(reply)
  }
  worker.on('message', push)
  worker.on('error', (e: Error & { code?: string }) =>
    push(
      e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? { kind: 'refused', tooLarge: true, field: 'file', problem: '文件过大：读取时超出内存限制' }
        : new Error('the roster worker failed', { cause: e }),
    ),
  )
  worker.on('exit', () => push(new Error('the roster worker stopped')))
  let left = limits.parseSeconds * 1000
  return async () => {
    const started = performance.now()
    let timer: NodeJS.Timeout | undefined
    const reply =
      queue.shift() ??
      (await new Promise<Reply | Error>((resolve) => {
        deliver = resolve
        timer = setTimeout(
          () => {
            deliver = undefined
            resolve({
              kind: 'refused',
              tooLarge: true,
              field: 'file',
              problem: `文件读取超过${limits.parseSeconds}秒`,
            })
          },
          Math.max(left, 0),
        )
      }))
    clearTimeout(timer)
    left -= performance.now() - started
    if (reply instanceof Error) throw reply
    return reply
  }
}

function refusal(reply: Reply): Error {
  if (reply.kind !== 'refused') return new Error(`unexpected reply from the roster worker: ${reply.kind}`)
  return reply.tooLarge ? new TooLargeError(reply.problem) : new InvalidInputError(reply.field, reply.problem)
}
