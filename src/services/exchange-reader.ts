import { InvalidInputError, TooLargeError } from './errors.js'
import {
  EXCHANGE_LIMITS,
  type ExchangeLimits,
  type ReadExchange,
  readExchangeFile,
} from './exchange-format.js'
import type { ExchangeJob, ExchangeReply } from './exchange-worker.js'
import { slots } from './worker-slots.js'
import { startWorker } from './worker-start.js'

/** Files up to this size are read on the spot; larger ones in a worker thread. */
const INLINE_BYTES = 256 * 1024
/** Seconds a file may take to read, and the reading worker's heap. */
const PARSE_SECONDS = 60
const WORKER_HEAP_MB = 512
/** One file read at a time: the others wait their turn (within PARSE_SECONDS). */
const WORKERS = slots(1)

/**
 * An exchange file checked and parsed (exchange-format.ts): small ones at once, larger ones in a worker
 * thread with a capped heap and time, so the event loop keeps answering. Throws InvalidInputError (what
 * was wrong or tampered with) or TooLargeError.
 */
export async function readExchange(
  bytes: Uint8Array,
  limits: ExchangeLimits = EXCHANGE_LIMITS,
): Promise<ReadExchange> {
  if (bytes.length > limits.maxBytes)
    throw new TooLargeError(`文件超过${Math.round(limits.maxBytes / 1024 / 1024)}MB`)
  if (bytes.length <= INLINE_BYTES) return readExchangeFile(bytes, limits)
  const release = await WORKERS.take(PARSE_SECONDS * 1000)
  const worker = startWorker(import.meta.url, 'exchange-worker', {
    workerData: { bytes, limits } satisfies ExchangeJob,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, stackSizeMb: 4 },
  })
  try {
    const reply = await new Promise<ExchangeReply>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          resolve({
            kind: 'refused',
            tooLarge: true,
            field: 'file',
            problem: `文件读取超过${PARSE_SECONDS}秒`,
          }),
        PARSE_SECONDS * 1000,
      )
      worker.once('message', (m: ExchangeReply) => {
        clearTimeout(timer)
        resolve(m)
      })
      worker.once('error', (e: Error & { code?: string }) => {
        clearTimeout(timer)
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY')
          resolve({ kind: 'refused', tooLarge: true, field: 'file', problem: '文件过大：读取时超出内存限制' })
        else reject(new Error('the exchange worker failed', { cause: e }))
      })
      worker.once('exit', () => {
        clearTimeout(timer)
        reject(new Error('the exchange worker stopped'))
      })
    })
    if (reply.kind === 'read') return reply.result
    throw reply.tooLarge
      ? new TooLargeError(reply.problem)
      : new InvalidInputError(reply.field, reply.problem)
  } finally {
    void worker.terminate()
    release()
  }
}
