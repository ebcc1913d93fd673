import { type FileHandle, open } from 'node:fs/promises'
import { InvalidInputError } from './errors.js'
import type { Change } from './recompute-chunk.js'

/** The report of a recomputation: one JSON line per person whose figures changed (JSON Lines). */
export interface ReportFile {
  /** Appends the lines and flushes them to disk; returns the file's length after them. */
  append(changes: readonly Change[]): Promise<number>
  close(): Promise<void>
}

/** One report line: the person's key, masked ID number and name, and their figures before → after. */
export const reportLine = (c: Change): string =>
  `${JSON.stringify({ personKey: c.personKey, id: c.idMasked, name: c.name, before: c.before, after: c.after })}\n`

/**
 * Opens the report: a new run starts it empty; a resumed run cuts it back to `resumeAt`, the length when
 * its last chunk committed (lines written after that belong to a chunk that is done again).
 */
export async function openReport(path: string, resumeAt?: number): Promise<ReportFile> {
  let file: FileHandle
  let length = 0
  if (resumeAt === undefined) file = await open(path, 'w')
  else {
    try {
      file = await open(path, 'r+')
    } catch {
      throw new InvalidInputError('report', `找不到上次的报告文件 ${path}，无法继续重算`)
    }
    if ((await file.stat()).size < resumeAt) {
      await file.close()
      throw new InvalidInputError('report', `报告文件 ${path} 比上次记录的短，不是这次重算的报告`)
    }
    await file.truncate(resumeAt)
    length = resumeAt
  }
  return {
    async append(changes) {
      if (changes.length === 0) return length
      const bytes = Buffer.from(changes.map(reportLine).join(''))
      await file.write(bytes, 0, bytes.length, length)
      await file.datasync()
      length += bytes.length
      return length
    },
    close: () => file.close(),
  }
}
