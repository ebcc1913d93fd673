import { type ApiError, ApiFailure, signedOut } from './client.js'

/** The 4 bytes that open every file inside a ZIP (a local file header, PK\x03\x04). */
const ENTRY = [0x50, 0x4b, 0x03, 0x04]

export interface ZipProgress {
  /** Files begun in the stream so far (the ZIP's local headers seen). */
  files: number
  /** Files the server announced (X-Certificate-Count), when it did. */
  total: number | undefined
  bytes: number
}

/**
 * Downloads a ZIP the server streams as it makes it, counting the files as their headers arrive, and
 * saves it under the server's file name. The entries are stored uncompressed PDFs, whose own streams are
 * compressed: a stray PK\x03\x04 inside one is possible but would only nudge the count shown.
 */
export async function downloadZip(
  url: string,
  fallbackName: string,
  onProgress: (p: ZipProgress) => void,
  signal: AbortSignal,
): Promise<ZipProgress> {
  let response: Response
  try {
    response = await fetch(url, { signal, credentials: 'same-origin' })
  } catch (e) {
    if (signal.aborted) throw new ApiFailure(0, { code: 'aborted', message: 'aborted' })
    throw new ApiFailure(0, { code: 'network', message: (e as Error).message })
  }
  if (!response.ok || !response.body) {
    if (response.status === 401) signedOut()
    const body = (await response.json().catch(() => null)) as { error?: ApiError } | null
    throw new ApiFailure(response.status, body?.error ?? { code: 'http', message: response.statusText })
  }
  const announced = Number(response.headers.get('X-Certificate-Count'))
  const progress: ZipProgress = {
    files: 0,
    total: Number.isFinite(announced) ? announced : undefined,
    bytes: 0,
  }
  const chunks: Uint8Array[] = []
  const reader = response.body.getReader()
  let matched = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    progress.bytes += value.length
    for (const byte of value) {
      matched = byte === ENTRY[matched] ? matched + 1 : byte === ENTRY[0] ? 1 : 0
      if (matched === ENTRY.length) {
        progress.files++
        matched = 0
      }
    }
    onProgress({ ...progress })
  }
  const link = document.createElement('a')
  link.href = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: 'application/zip' }))
  link.download = fileNameOf(response.headers.get('Content-Disposition')) ?? fallbackName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000)
  return progress
}

/** The UTF-8 file name of a Content-Disposition header (filename*), else its plain filename. */
function fileNameOf(header: string | null): string | undefined {
  if (!header) return undefined
  const star = header
    .split(';')
    .map((p) => p.trim())
    .find((p) => p.toLowerCase().startsWith("filename*=utf-8''"))
  if (star) return decodeURIComponent(star.slice("filename*=utf-8''".length))
  const plain = header
    .split(';')
    .map((p) => p.trim())
    .find((p) => p.toLowerCase().startsWith('filename='))
  return plain?.slice('filename='.length).replaceAll('"', '')
}
