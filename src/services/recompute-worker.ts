// Runs in a worker thread (recompute-pool.ts starts it): evaluates the recomputation's chunks, one
// message each, so the engine runs beside the thread that reads and writes the database.
import { parentPort, workerData } from 'node:worker_threads'
import type { PolicySetting } from '../policy/registry.js'
import { type ChunkInput, type ChunkResult, recomputeChunk } from './recompute-chunk.js'

export interface WorkerSetup {
  settings: PolicySetting[]
}

export type Request = { seq: number; input: ChunkInput }
export type Reply = { seq: number; result: ChunkResult } | { seq: number; error: string }

if (parentPort) {
  const port = parentPort
  const { settings } = workerData as WorkerSetup
  port.on('message', ({ seq, input }: Request) => {
    try {
      port.postMessage({ seq, result: recomputeChunk(input, settings) } satisfies Reply)
    } catch (e) {
      port.postMessage({ seq, error: e instanceof Error ? e.message : String(e) } satisfies Reply)
    }
  })
}
