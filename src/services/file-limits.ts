/**
 * What an uploaded file may hold. Every file is hostile until read: each limit is checked while the
 * file is read, before the part it guards is held in memory, and a file past one is refused whole.
 */
export interface FileLimits {
  /** Data rows (the heading not counted): a deployment setting, XUESHI_MAX_UPLOAD_ROWS. */
  maxRows: number
  /** Characters in one cell, as Excel allows. */
  maxCellChars: number
  /** Columns of a sheet or fields of a CSV line: A … XFD, as Excel allows. */
  maxColumns: number
  /** Characters in one CSV line. */
  maxLineChars: number
  /** Entries in an xlsx (zip) file. */
  maxZipEntries: number
  /** Decompressed bytes of one zip entry, and of all the entries read. */
  maxEntryBytes: number
  /** Decompressed bytes per compressed byte past which an entry is a zip bomb. */
  maxZipRatio: number
  /** Entries of the shared-strings table, and its decompressed bytes (all held in memory). */
  maxSharedStrings: number
  maxSharedStringsBytes: number
  /** Files larger than this come back without an annotated copy, so that a refusal stays small. */
  maxAnnotatedBytes: number
  /** Seconds an upload may wait for its file to be read. */
  parseSeconds: number
  /** Heap of the worker thread that reads the file, in MB. */
  workerHeapMb: number
}

export const DEFAULT_MAX_UPLOAD_ROWS = 200_000

export const FILE_LIMITS: FileLimits = {
  maxRows: DEFAULT_MAX_UPLOAD_ROWS,
  maxCellChars: 32_767,
  maxColumns: 16_384,
  maxLineChars: 1 << 20,
  maxZipEntries: 1_000,
  maxEntryBytes: 256 * 1024 * 1024,
  // Sheet XML deflates 10–50 times; deflate itself stops near 1,032.
  maxZipRatio: 200,
  maxSharedStrings: 1_000_000,
  maxSharedStringsBytes: 64 * 1024 * 1024,
  // 200,000 lines of the template as CSV are 7 MB.
  maxAnnotatedBytes: 8 * 1024 * 1024,
  parseSeconds: 60,
  workerHeapMb: 512,
}

/** 0 → A, 25 → Z, 26 → AA: the column letters of a cell, for messages. */
export function columnLetters(index: number): string {
  let n = index + 1
  let letters = ''
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
    n = Math.floor((n - 1) / 26)
  }
  return letters
}
