import type { Worker } from 'node:worker_threads'
import type { PolicySetting } from '../policy/registry.js'
import type { ChunkInput, ChunkResult } from './recompute-chunk.js'
import type { Reply, Request, WorkerSetup } from './recompute-worker.js'
import { startWorker } from './worker-start.js'

/** Worker threads that evaluate chunks: each chunk goes to an idle worker, or waits for one. */
export interface ChunkPool {
  run(input: ChunkInput): Promise<ChunkResult>
  close(): Promise<void>
}

interface Pending {
  resolve(result: ChunkResult): void
  reject(e: Error): void
}

export function chunkPool(size: number, settings: readonly PolicySetting[]): ChunkPool {
  const setup: WorkerSetup = { settings: [...settings] }
  const idle: Worker[] = []
  const waiting: { request: Request; pending: Pending }[] = []
  const pending = new Map<number, Pending>()
  let seq = 0
  let failure: Error | undefined

  const send = (worker: Worker, request: Request, p: Pending) => {
    pending.set(request.seq, p)
    worker.postMessage(request)
  }
  const fail = (e: Error) => {
    failure ??= e
    for (const p of pending.values()) p.reject(e)
    pending.clear()
    for (const w of waiting.splice(0)) w.pending.reject(e)
  }
  const workers = Array.from({ length: size }, () => {
    const worker = startWorker(import.meta.url, 'recompute-worker', { workerData: setup })
    worker.on('message', (reply: Reply) => {
      const p = pending.get(reply.seq)
      pending.delete(reply.seq)
      if ('error' in reply) p?.reject(new Error(`recompute worker: ${reply.error}`))
      else p?.resolve(reply.result)
      const next = waiting.shift()
      if (next) send(worker, next.request, next.pending)
      else idle.push(worker)
    })
    worker.on('error', (e) => fail(new Error('a recompute worker failed', { cause: e })))
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`a recompute worker stopped (exit code ${code})`))
    })
    idle.push(worker)
    return worker
  })

  return {
    run(input) {
      if (failure) return Promise.reject(failure)
      return new Promise<ChunkResult>((resolve, reject) => {
        const request = { seq: seq++, input }
        const worker = idle.shift()
        if (worker) send(worker, request, { resolve, reject })
        else waiting.push({ request, pending: { resolve, reject } })
      })
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}
