import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { UsageError } from './errors.js'

// PGlite is PostgreSQL in this process, working on files nobody else may touch meanwhile: a second
// process on the same data directory reads a stale copy, and what it writes is lost or corrupts.
// So whoever opens an embedded data directory holds it with this file, and others refuse.

interface Holder {
  pid: number
  command: string
  port?: number
}

/** The data directory is held by another live xueshi process (exit 2, one line). */
export class DataDirBusyError extends UsageError {
  override name = 'DataDirBusyError'
  constructor(dataDir: string, h: Holder) {
    const who = `xueshi ${h.command}（pid ${h.pid}${h.port === undefined ? '' : `，端口 ${h.port}`}）`
    super(
      `数据目录 ${dataDir} 正被运行中的 ${who}使用：请先停止它，或改用 PostgreSQL（DATABASE_URL）。` +
        `The data directory is in use by xueshi ${h.command} (pid ${h.pid}): stop it first, or use PostgreSQL (DATABASE_URL).` +
        ` (${lockFileOf(dataDir)})`,
    )
  }
}

export const lockFileOf = (dataDir: string): string => join(dataDir, 'xueshi.lock')

const readText = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

function holderIn(text: string | undefined): Holder | undefined {
  try {
    const h = JSON.parse(text ?? '') as Partial<Holder>
    return Number.isInteger(h.pid) && typeof h.command === 'string' ? (h as Holder) : undefined
  } catch {
    return undefined
  }
}

/** Whether another process with that id runs (EPERM: it does, as another user). */
function alive(pid: number): boolean {
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const unlinkQuietly = (file: string) => {
  try {
    unlinkSync(file)
  } catch {}
}

/** Creates `file` as a copy of `temp`, failing with EEXIST if it exists: two processes cannot both take it. */
function take(temp: string, file: string) {
  try {
    linkSync(temp, file) // the whole content at once
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw e
    writeFileSync(file, readFileSync(temp), { flag: 'wx' }) // a file system without hard links
  }
}

export interface DataDirHold {
  /** Records the port a server listens on, for the message others see. */
  note(port: number): void
  release(): void
}

/**
 * Holds `dataDir` for this process (`command` names it to others). Refuses while another live process
 * holds it; a lock left behind by a process that is gone is replaced.
 */
export function holdDataDir(dataDir: string, command: string): DataDirHold {
  mkdirSync(dataDir, { recursive: true })
  const file = lockFileOf(dataDir)
  const write = (holder: Holder) => {
    // Written whole under a temporary name first: a reader never sees half a lock.
    const temp = `${file}.${process.pid}.tmp`
    writeFileSync(temp, `${JSON.stringify(holder)}\n`)
    return temp
  }
  const mine: Holder = { pid: process.pid, command }
  const temp = write(mine)
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        take(temp, file)
        break
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === 3) throw e
      }
      const text = readText(file)
      const holder = holderIn(text)
      if (holder && alive(holder.pid)) throw new DataDirBusyError(dataDir, holder)
      // Left by a process that is gone (or unreadable): replace it, unless someone just did.
      if (readText(file) === text) unlinkQuietly(file)
    }
  } finally {
    unlinkQuietly(temp)
  }
  const stillMine = () => holderIn(readText(file))?.pid === process.pid
  const release = () => {
    process.off('exit', release)
    if (stillMine()) unlinkQuietly(file)
  }
  // Also when the process ends on an error (a port in use); only a kill leaves the file behind.
  process.once('exit', release)
  return {
    note(port) {
      if (stillMine()) renameSync(write({ ...mine, port }), file)
    },
    release,
  }
}
