import { type ApiError, ApiFailure, csrfTokenNow, signedOut } from '../../api/client.js'
import type { paths } from '../../api/schema.js'

type Route = paths['/api/staff/import']['post']
export type Imported = Route['responses'][201]['content']['application/json']
export type Refused = Route['responses'][400]['content']['application/json']

/** The import's answer: counts, or the file refused with its row errors (and the annotated file). */
export type Outcome = { kind: 'imported'; body: Imported } | { kind: 'refused'; body: Refused }

/**
 * Sends the staff file (multipart field "file"), reporting the bytes sent: XMLHttpRequest, since fetch
 * (and so openapi-fetch) reports no upload progress. Row errors (400 invalid_rows) resolve as `refused`;
 * any other failure rejects with an ApiFailure carrying the API's own message.
 */
export function uploadStaffFile(
  file: File,
  onProgress: (sent: number, total: number) => void,
): { done: Promise<Outcome>; abort(): void } {
  const xhr = new XMLHttpRequest()
  const done = new Promise<Outcome>((resolve, reject) => {
    xhr.open('POST', '/api/staff/import')
    xhr.responseType = 'json'
    const token = csrfTokenNow()
    if (token) xhr.setRequestHeader('X-CSRF-Token', token)
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size)
    xhr.onload = () => {
      const body = xhr.response as (Imported & Refused) | null
      if ((xhr.status === 200 || xhr.status === 201) && body) return resolve({ kind: 'imported', body })
      if (xhr.status === 400 && body?.error?.code === 'invalid_rows')
        return resolve({ kind: 'refused', body })
      if (xhr.status === 401) signedOut()
      const error: ApiError = body?.error ?? { code: 'http', message: xhr.statusText || 'HTTP' }
      reject(new ApiFailure(xhr.status, error))
    }
    xhr.onerror = () => reject(new ApiFailure(0, { code: 'network', message: 'network' }))
    xhr.onabort = () => reject(new ApiFailure(0, { code: 'aborted', message: 'aborted' }))
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
  return { done, abort: () => xhr.abort() }
}

/** Bytes of a base64 text (the annotated file the refusal carries). */
export function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

/** Starts the download of a file held in the page. */
export function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
