import { existsSync } from 'node:fs'
import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * Starts the worker module `name` that sits beside the module at `base` (its import.meta.url): the
 * compiled `name.js` in production (dist/), else, under the tests and tsx, its TypeScript source
 * loaded through tsx. `execArgv` is empty: not the parent's own flags (--import, --input-type …).
 */
export function startWorker(base: string, name: string, options: WorkerOptions): Worker {
  const withArgs = { execArgv: [], ...options }
  const compiled = new URL(`./${name}.js`, base)
  if (existsSync(compiled)) return new Worker(compiled, withArgs)
  const tsx = import.meta.resolve('tsx/esm/api')
  const source = new URL(`./${name}.ts`, base).href
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source)}) })`
  return new Worker(boot, { ...withArgs, eval: true })
}
