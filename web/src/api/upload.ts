import { type ApiError, ApiFailure, csrfTokenNow, signedOut } from './client.js'
import type { paths } from './schema.js'

type EvidenceRoute = paths['/api/applications/{personKey}/{id}/evidence']['post']
export type StoredEvidence = EvidenceRoute['responses'][201]['content']['application/json']

export interface Upload {
  /** The stored evidence, or an ApiFailure carrying the API's own message. */
  done: Promise<StoredEvidence>
  abort(): void
}

/**
 * Sends one evidence file of an application (multipart field "file"), reporting the bytes sent so far:
 * XMLHttpRequest, since fetch (and so openapi-fetch) reports no upload progress. The CSRF token goes in
 * the header as it does for every write of the typed client.
 */
export function uploadEvidence(
  personKey: string,
  applicationId: string,
  file: File,
  onProgress: (sent: number, total: number) => void,
): Upload {
  const xhr = new XMLHttpRequest()
  const done = new Promise<StoredEvidence>((resolve, reject) => {
    const url = `/api/applications/${encodeURIComponent(personKey)}/${encodeURIComponent(applicationId)}/evidence`
    xhr.open('POST', url)
    xhr.responseType = 'json'
    const token = csrfTokenNow()
    if (token) xhr.setRequestHeader('X-CSRF-Token', token)
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size)
    xhr.onload = () => {
      const body = xhr.response as (StoredEvidence & { error?: ApiError }) | null
      if (xhr.status === 201 && body) return resolve(body)
      if (xhr.status === 401) signedOut()
      reject(new ApiFailure(xhr.status, body?.error ?? { code: 'http', message: xhr.statusText || 'HTTP' }))
    }
    xhr.onerror = () => reject(new ApiFailure(0, { code: 'network', message: 'network' }))
    xhr.onabort = () => reject(new ApiFailure(0, { code: 'aborted', message: 'aborted' }))
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
  return { done, abort: () => xhr.abort() }
}
