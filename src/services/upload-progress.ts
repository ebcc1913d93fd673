/**
 * How far the server has got with an upload that the browser follows by a token of its own choosing:
 * a 100,000-line roster takes seconds to check, and the clerk sees the lines counted instead of a frozen
 * page. Kept in this process's memory only (a progress bar, not a record); entries go after ten minutes.
 */
export interface UploadProgress {
  phase: 'checking' | 'saving' | 'done'
  /** Lines read and checked so far. */
  checked: number
  /** Lines in the file when it can be told without reading it (CSV), else null. */
  total: number | null
}

const KEEP_MS = 10 * 60_000
const MAX_ENTRIES = 10_000
const entries = new Map<string, UploadProgress & { owner: string; at: number }>()

const keyOf = (owner: string, token: string) => `${owner}\n${token}`

function sweep(now: number) {
  for (const [key, e] of entries) if (now - e.at > KEEP_MS || entries.size > MAX_ENTRIES) entries.delete(key)
}

/** Starts following an upload; the returned tracker moves it on. */
export function trackUpload(owner: string, token: string, total: number | null) {
  const now = Date.now()
  sweep(now)
  const entry = { phase: 'checking' as UploadProgress['phase'], checked: 0, total, owner, at: now }
  entries.set(keyOf(owner, token), entry)
  return {
    /** Counts the lines as they pass on to the checks. */
    async *count<T>(lines: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
      for await (const line of lines) {
        entry.checked += 1
        yield line
      }
      entry.phase = 'saving'
    },
    done() {
      entry.phase = 'done'
      entry.at = Date.now()
    },
  }
}

/** The progress of the caller's own upload, or undefined (unknown, expired, or someone else's). */
export function uploadProgress(owner: string, token: string): UploadProgress | undefined {
  const e = entries.get(keyOf(owner, token))
  return e && { phase: e.phase, checked: e.checked, total: e.total }
}

/** Lines of a CSV file after its heading (a cheap count of line ends); null for any other file. */
export function csvLineCount(bytes: Uint8Array, xlsx: boolean): number | null {
  if (xlsx) return null
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let n = 0
  for (let at = buffer.indexOf(0x0a); at !== -1; at = buffer.indexOf(0x0a, at + 1)) n += 1
  const endsWithNewline = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a
  return Math.max(0, (endsWithNewline ? n : n + 1) - 1)
}
