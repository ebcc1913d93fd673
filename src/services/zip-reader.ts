import { createInflateRaw } from 'node:zlib'
import { InvalidInputError, TooLargeError } from './errors.js'
import type { FileLimits } from './file-limits.js'

interface Entry {
  method: number
  compressedSize: number
  size: number
  dataStart: number
}

const MB = 1024 * 1024
const corrupt = () => new InvalidInputError('file', '不是有效的 xlsx 文件（压缩包已损坏）')

/**
 * The entries of a zip file (an xlsx) held in memory, read from its central directory. Each entry's
 * declared sizes are checked before it is inflated and its actual size while it is: inflation stops at
 * the first byte past what the entry declared or the limits allow, whatever the headers say.
 */
export class ZipReader {
  private readonly entries = new Map<string, Entry>()
  private inflated = 0

  constructor(
    private readonly bytes: Buffer,
    private readonly limits: FileLimits,
  ) {
    const end = endOfCentralDirectory(bytes)
    const count = bytes.readUInt16LE(end + 10)
    let p = bytes.readUInt32LE(end + 16)
    // ZIP64 (over 65,535 entries or 4 GB) is never needed within our limits.
    if (count === 0xffff || p === 0xffffffff) throw corrupt()
    if (count > limits.maxZipEntries)
      throw new TooLargeError(`xlsx 文件中的条目超过${limits.maxZipEntries}个`)
    for (let i = 0; i < count; i++) {
      if (p + 46 > end || bytes.readUInt32LE(p) !== 0x02014b50) throw corrupt()
      const nameLength = bytes.readUInt16LE(p + 28)
      const name = bytes.toString('utf8', p + 46, p + 46 + nameLength)
      const entry = this.check(bytes, p)
      this.entries.set(name, entry)
      p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32)
    }
  }

  /** A central directory record's entry, its declared sizes within the limits. */
  private check(bytes: Buffer, p: number): Entry {
    const flags = bytes.readUInt16LE(p + 8)
    const method = bytes.readUInt16LE(p + 10)
    const compressedSize = bytes.readUInt32LE(p + 20)
    const size = bytes.readUInt32LE(p + 24)
    const local = bytes.readUInt32LE(p + 42)
    if (flags & 1 || (method !== 0 && method !== 8)) throw corrupt() // encrypted, or not deflate
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) throw corrupt()
    const dataStart = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28)
    if (dataStart + compressedSize > bytes.length) throw corrupt()
    if (method === 0 && size !== compressedSize) throw corrupt()
    const entryLimit = this.limits.maxEntryBytes
    if (size > entryLimit) throw new TooLargeError(`xlsx 文件中有条目解压后超过${entryLimit / MB}MB`)
    if (size > MB && size > compressedSize * this.limits.maxZipRatio)
      throw new TooLargeError(`xlsx 文件中有条目压缩比超过${this.limits.maxZipRatio}倍（疑似压缩炸弹）`)
    return { method, compressedSize, size, dataStart }
  }

  has(name: string): boolean {
    return this.entries.has(name)
  }

  /**
   * An entry's bytes, decompressed a chunk at a time; at most `maxBytes`, and at most what the entry
   * declared. Throws TooLargeError past the limit, InvalidInputError when the sizes disagree.
   */
  async *chunks(name: string, maxBytes = this.limits.maxEntryBytes): AsyncGenerator<Buffer> {
    const entry = this.entries.get(name)
    if (!entry) throw corrupt()
    if (entry.size > maxBytes) throw new TooLargeError(`xlsx 文件中有条目解压后超过${maxBytes / MB}MB`)
    const data = this.bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize)
    const inflate = createInflateRaw()
    const source: AsyncIterable<Buffer> | Iterable<Buffer> = entry.method === 0 ? [data] : inflate
    if (entry.method === 8) inflate.end(data)
    let read = 0
    try {
      for await (const chunk of source) {
        read += chunk.length
        this.inflated += chunk.length
        if (read > entry.size) throw corrupt() // more than its header declared: stop inflating here
        if (this.inflated > this.limits.maxEntryBytes)
          throw new TooLargeError(`xlsx 文件解压后超过${this.limits.maxEntryBytes / MB}MB`)
        yield chunk
      }
    } catch (e) {
      if (e instanceof InvalidInputError) throw e
      throw corrupt() // zlib: not deflate data
    } finally {
      inflate.destroy()
    }
    if (read !== entry.size) throw corrupt()
  }
}

/** Where the end-of-central-directory record starts (it is followed by a comment of at most 64 KB). */
function endOfCentralDirectory(bytes: Buffer): number {
  for (let p = bytes.length - 22; p >= 0 && p >= bytes.length - 22 - 0xffff; p--) {
    if (bytes.readUInt32LE(p) === 0x06054b50) return p
  }
  throw corrupt()
}
