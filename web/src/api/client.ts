import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from './schema.js'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])
let csrfToken: string | undefined
let onSignedOut: () => void = () => {}

/** The session's CSRF token, sent as X-CSRF-Token on every write (the API refuses a write without it). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token
}

/** The session's CSRF token, for requests made outside the typed client (uploads with progress, api/upload.ts). */
export const csrfTokenNow = (): string | undefined => csrfToken

/** What to do when the API answers 401 to a signed-in page: the app brings the sign-in back. */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler
}

/** Tells the app the session has ended (a 401 to a request made outside the typed client). */
export const signedOut = (): void => onSignedOut()

const session: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !SAFE.has(request.method)) request.headers.set('X-CSRF-Token', csrfToken)
    return request
  },
  onResponse({ request, response }) {
    const path = new URL(request.url).pathname
    if (response.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/totp/verify')
      onSignedOut()
    return response
  },
}

/** The API, typed by the server's OpenAPI document (schema.d.ts, `npm run api:types`). */
export const api = createClient<paths>({ baseUrl: window.location.origin })
api.use(session)

/** The API's error answer: `{ error: { code, message, field? } }`. */
export interface ApiError {
  code: string
  message: string
  field?: string
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(error.message)
  }
}

/** The data of an openapi-fetch answer, or an ApiFailure carrying the API's own message. */
export function dataOf<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.response.ok) return r.data as T
  const body = r.error as { error?: ApiError } | undefined
  throw new ApiFailure(r.response.status, body?.error ?? { code: 'http', message: r.response.statusText })
}
