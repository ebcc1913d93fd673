// Driving the real server over HTTP: signing in as a demo login, and autocannon (which ships no types).
import { createRequire } from 'node:module'
import type { DemoLogin } from '../src/services/demo.js'

/** The parts of autocannon's programmatic API the benchmarks use. */
export interface LoadOptions {
  url: string
  connections: number
  duration: number
  headers: Record<string, string>
}
export interface LoadResult {
  latency: { p50: number; p99: number; max: number }
  requests: { average: number; total: number }
  non2xx: number
  errors: number
  timeouts: number
  statusCodeStats: Record<string, { count: number }>
}
export const autocannon = createRequire(import.meta.url)('autocannon') as (
  o: LoadOptions,
) => Promise<LoadResult>

/** Signs in over HTTP; returns the session cookie's value. */
export async function signIn(base: string, login: Pick<DemoLogin, 'username' | 'password'>): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: login.username, password: login.password }),
  })
  if (res.status !== 200) throw new Error(`login ${login.username}: ${res.status} ${await res.text()}`)
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] as string)
    .find((c) => c.startsWith('xueshi_session='))
  if (!cookie) throw new Error(`login ${login.username}: no session cookie`)
  return cookie.slice('xueshi_session='.length)
}
