// Runs in a worker thread (exchange-reader.ts starts it): checks and parses an uploaded exchange file, so
// that a large or crafted file never holds up the server's event loop or its heap.
import { parentPort, workerData } from 'node:worker_threads'
import { InvalidInputError, TooLargeError } from './errors.js'
import { type ExchangeLimits, type ReadExchange, readExchangeFile } from './exchange-format.js'

export type ExchangeJob = { bytes: Uint8Array; limits: ExchangeLimits }

export type ExchangeReply =
  | { kind: 'read'; result: ReadExchange }
  | { kind: 'refused'; tooLarge: boolean; field: string; problem: string }

if (parentPort) {
  const port = parentPort
  const job = workerData as ExchangeJob
  try {
    port.postMessage({
      kind: 'read',
      result: readExchangeFile(job.bytes, job.limits),
    } satisfies ExchangeReply)
  } catch (e) {
    // Only what the file did wrong crosses back, in words for the user; never a stack.
    const known = e instanceof InvalidInputError
    port.postMessage({
      kind: 'refused',
      tooLarge: e instanceof TooLargeError,
      field: known ? e.field : 'file',
      problem: known ? e.problem : '不是有效的学时交换文件',
    } satisfies ExchangeReply)
  }
  port.unref()
}
