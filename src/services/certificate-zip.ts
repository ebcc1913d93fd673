import { PassThrough, type Readable } from 'node:stream'
import yazl from 'yazl'
import type { SignedCertificate } from './certificate-content.js'
import { renderCertificatePdf } from './certificate-pdf.js'

export interface CertificateZipItem {
  /** The entry's name; made safe (certificateFileName of the certificate when absent or empty). */
  fileName?: string
  cert: SignedCertificate
}

export interface CertificateZipOptions {
  /** How many certificates the caller expects (for progress); undefined when unknown. */
  total?: number
  /** Called after each certificate is written: how many so far, and `total`. */
  onProgress?: (done: number, total: number | undefined) => void
  /** Renders one certificate (renderCertificatePdf unless a test replaces it). */
  render?: (cert: SignedCertificate) => Promise<Buffer>
  /** A last text entry, asked for once every certificate is in (e.g. who could not be issued, and why). */
  closing?: () => { fileName: string; text: string } | undefined
}

/** Characters no file name in a ZIP may hold on some system: path separators, Windows' reserved set, controls. */
const UNSAFE = new Set(['/', '\\', ':', '*', '?', '"', '<', '>', '|'])

/** `XS-2024-320400-000123-张三.pdf`: the serial and the name, safe on every system. */
export function certificateFileName(cert: SignedCertificate): string {
  return safeFileName(`${cert.content.serial}-${cert.content.person.name}`)
}

/** A file name without path separators, reserved or control characters, leading dots, ending in .pdf. */
export function safeFileName(name: string): string {
  let out = ''
  for (const ch of name.normalize('NFC')) {
    const cp = ch.codePointAt(0) as number
    out += UNSAFE.has(ch) || cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) ? '_' : ch
  }
  out = out.trim()
  while (out.startsWith('.')) out = out.slice(1)
  if (out.toLowerCase().endsWith('.pdf')) out = out.slice(0, -4)
  out = [...out].slice(0, 120).join('') // ZIP allows more; file systems stop at 255 bytes
  return `${out || 'certificate'}.pdf`
}

/**
 * The certificates as one ZIP, streamed as it is made: PDFs are stored, not compressed (they do not
 * compress), and rendered one at a time — the next is rendered only once the reader has taken the
 * previous one, so memory does not grow with the count. Reading stops when the returned stream is
 * destroyed (the client went away). A failed certificate destroys the stream with its error; names
 * that repeat get " (2)", " (3)" before .pdf.
 */
export function certificateZip(
  items: AsyncIterable<CertificateZipItem>,
  options: CertificateZipOptions = {},
): Readable {
  const { total, onProgress, render = renderCertificatePdf, closing } = options
  const zip = new yazl.ZipFile()
  const out = zip.outputStream as Readable & { writableNeedDrain?: boolean }
  const pump = async () => {
    const seen = new Map<string, number>()
    let done = 0
    for await (const item of items) {
      if (out.destroyed) return
      const pdf = await render(item.cert)
      if (out.destroyed) return
      const name = uniqueName(
        item.fileName ? safeFileName(item.fileName) : certificateFileName(item.cert),
        seen,
      )
      await addStored(zip, out, name, pdf, new Date(item.cert.content.issuedAt))
      done++
      onProgress?.(done, total)
      await drained(out)
    }
    const last = closing?.()
    if (last && !out.destroyed) await addStored(zip, out, last.fileName, Buffer.from(last.text), new Date())
    zip.end()
  }
  pump().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))))
  return out
}

/**
 * Adds one stored entry and resolves once yazl has read it. Not addBuffer: yazl keeps the closure that
 * writes a buffer (and so the buffer) until the ZIP is finished, so memory would grow with the count.
 */
function addStored(zip: yazl.ZipFile, out: Readable, name: string, pdf: Buffer, mtime: Date): Promise<void> {
  const options = { compress: false, size: pdf.length, mtime, mode: 0o100644 }
  // Only `held` is seen by the closures below (yazl keeps them), and it is let go once read.
  let held: Buffer | undefined = pdf
  let finish: () => void = () => {}
  const added = new Promise<void>((resolve, reject) => {
    finish = () => {
      out.off('close', finish) // a reader gone away never takes the entry: stop waiting for it
      resolve()
    }
    out.on('close', finish)
    zip.addReadStreamLazy(name, options, (give) => {
      const source = new PassThrough()
      source.on('end', finish)
      source.on('error', reject)
      source.end(held)
      held = undefined
      give(null, source)
    })
  })
  return added
}

function uniqueName(name: string, seen: Map<string, number>): string {
  const n = (seen.get(name) ?? 0) + 1
  seen.set(name, n)
  return n === 1 ? name : `${name.slice(0, -4)} (${n}).pdf`
}

/** Resolves once the reader has taken what is buffered (or the stream is gone). */
function drained(out: Readable & { writableNeedDrain?: boolean }): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done)
      out.off('close', done)
      resolve()
    }
    out.on('drain', done)
    out.on('close', done)
  })
}
