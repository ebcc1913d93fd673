import { type ApiError, ApiFailure, csrfTokenNow, signedOut } from './client.js'
import type { paths } from './schema.js'

export type ImportReport =
  paths['/api/exchange/imports']['post']['responses'][201]['content']['application/json']

/** A refused file's lines: the file's line numbers (the manifest is line 1), the field and the reason. */
export type RefusedLine = { row: number; column: string; reason: string }

/** The answer to a file: what it did, or every refused line (nothing was written). */
export type ExchangeOutcome =
  | { kind: 'taken'; report: ImportReport }
  | { kind: 'refused'; message: string; rows: RefusedLine[] }

/**
 * Sends an exchange file (multipart field "file") to POST /api/exchange/imports, reporting the bytes sent:
 * XMLHttpRequest, since fetch reports no upload progress. Refused lines (400 invalid_rows) resolve as
 * `refused`; any other failure (a tampered file, an untrusted key) rejects with the API's own message.
 */
export function uploadExchangeFile(
  file: File,
  onProgress: (sent: number, total: number) => void,
): Promise<ExchangeOutcome> {
  const xhr = new XMLHttpRequest()
  return new Promise<ExchangeOutcome>((resolve, reject) => {
    xhr.open('POST', '/api/exchange/imports')
    xhr.responseType = 'json'
    const token = csrfTokenNow()
    if (token) xhr.setRequestHeader('X-CSRF-Token', token)
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size)
    xhr.onload = () => {
      const body = xhr.response as (ImportReport & { error?: ApiError & { rows?: RefusedLine[] } }) | null
      if (xhr.status === 201 && body) return resolve({ kind: 'taken', report: body })
      if (xhr.status === 400 && body?.error?.code === 'invalid_rows')
        return resolve({ kind: 'refused', message: body.error.message, rows: body.error.rows ?? [] })
      if (xhr.status === 401) signedOut()
      reject(new ApiFailure(xhr.status, body?.error ?? { code: 'http', message: xhr.statusText || 'HTTP' }))
    }
    xhr.onerror = () => reject(new ApiFailure(0, { code: 'network', message: 'network' }))
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
}
