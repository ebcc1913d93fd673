import { type ApiError, ApiFailure, api, csrfTokenNow, dataOf, signedOut } from './client.js'
import type { paths } from './schema.js'

type Route = paths['/api/projects/{id}/rosters']['post']
export type RosterAccepted = Route['responses'][201]['content']['application/json']
export type Refused = Route['responses'][400]['content']['application/json']
export type ServerProgress =
  paths['/api/uploads/{id}']['get']['responses'][200]['content']['application/json']

/** An upload's answer: accepted, or the file refused with its row problems (and the annotated file). */
export type Outcome<T> = { kind: 'accepted'; body: T } | { kind: 'refused'; body: Refused }

export interface Sending<T> {
  done: Promise<Outcome<T>>
  abort(): void
}

/**
 * Sends a roster file (multipart field "file") with the token the server's checking is followed by
 * (X-Upload-Id, GET /api/uploads/{id}), reporting the bytes sent: XMLHttpRequest, since fetch reports no
 * upload progress. Row problems (400 invalid_rows) resolve as `refused`; any other failure rejects with an
 * ApiFailure carrying the API's own message.
 */
export function sendRoster(
  projectId: string,
  file: File,
  uploadId: string,
  onSent: (sent: number, total: number) => void,
  correction?: string,
): Sending<RosterAccepted> {
  const xhr = new XMLHttpRequest()
  const done = new Promise<Outcome<RosterAccepted>>((resolve, reject) => {
    const query = correction ? `?correction=${encodeURIComponent(correction)}` : ''
    xhr.open('POST', `/api/projects/${encodeURIComponent(projectId)}/rosters${query}`)
    xhr.responseType = 'json'
    const token = csrfTokenNow()
    if (token) xhr.setRequestHeader('X-CSRF-Token', token)
    xhr.setRequestHeader('X-Upload-Id', uploadId)
    xhr.upload.onprogress = (e) => onSent(e.loaded, e.lengthComputable ? e.total : file.size)
    xhr.onload = () => {
      const body = xhr.response as (RosterAccepted & Refused) | null
      if ((xhr.status === 200 || xhr.status === 201) && body) return resolve({ kind: 'accepted', body })
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

/** How far the server has got checking the caller's upload; undefined until it starts (404). */
export async function serverProgress(uploadId: string): Promise<ServerProgress | undefined> {
  try {
    return dataOf(await api.GET('/api/uploads/{id}', { params: { path: { id: uploadId } } }))
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 404) return undefined
    throw e
  }
}
