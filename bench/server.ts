// Helpers of the benchmarks that run a real `xueshi serve` (dist/) on a PostgreSQL schema of their own.
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'

export { onlineProject } from '../test/people.js'

/** `xueshi serve` on a random port against `url`, once /api/health answers. */
export async function startServer(
  url: string,
  env: Record<string, string> = {},
): Promise<{ server: ChildProcess; base: string }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  const server = spawn(
    process.execPath,
    [
      // e.g. BENCH_SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=prof" to profile the server (NODE_OPTIONS refuses it)
      ...(process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean),
      join(import.meta.dirname, '..', 'dist', 'cli', 'main.js'),
      'serve',
      '--port',
      String(port),
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        XUESHI_SECRET: Buffer.alloc(32, 7).toString('base64'),
        XUESHI_LOG: '0',
        HOST: '127.0.0.1',
        ...env,
      },
      stdio: 'ignore',
    },
  )
  const base = `http://127.0.0.1:${port}`
  await waitFor(`${base}/api/health`)
  return { server, base }
}

/** The process's peak resident memory (VmHWM) in MB. */
export const peakRss = (pid: number | undefined) =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

/** Starts the peak over (Linux: writing 5 to clear_refs resets VmHWM to the current RSS). */
export const resetPeakRss = (pid: number | undefined) => writeFileSync(`/proc/${pid}/clear_refs`, '5')

export async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('the server did not start')
}

export async function signIn(
  base: string,
  username: string,
  password: string,
): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] as string, 'x-csrf-token': csrfToken }
}

/** The roster CSV (comma-separated, CRLF) as an xlsx workbook. */
export async function toXlsx(csvBytes: Buffer): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('花名册')
  for (const line of csvBytes.toString().split('\r\n')) sheet.addRow(line.split(','))
  return Buffer.from(await book.xlsx.writeBuffer())
}

/** Stops the server as an operator would (SIGTERM: it closes and exits, writing a --cpu-prof profile),
 * killing it after 10 s if it has not exited. */
export async function stopServer(server: ChildProcess | undefined): Promise<void> {
  if (!server || server.exitCode !== null) return
  const exited = new Promise((resolve) => server.once('exit', resolve))
  server.kill('SIGTERM')
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}
