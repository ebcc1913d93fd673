import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { documentedRoutes, routeUrl, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'

describe.each(DATABASES)('sign-in on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let routes: [string, string][]
  beforeAll(async () => {
    api = await startApi(kind)
    routes = await documentedRoutes(api.app)
  }, 60_000)
  afterAll(() => api.stop())

  it('an API token on a session-only route is refused (403, in Chinese); no route answers a token with 500', async () => {
    const institution = await api.as('institution')
    const created = (await institution.request('POST', '/api/tokens', { name: '对接' })).json()
    const headers = { authorization: `Bearer ${created.token}` }
    const sessionOnly = [
      'POST /api/auth/logout',
      'GET /api/auth/session',
      'POST /api/auth/totp/setup',
      'POST /api/auth/totp/enable',
      'POST /api/auth/totp/verify',
      'POST /api/auth/password',
      'GET /api/tokens',
      'POST /api/tokens',
      'DELETE /api/tokens/{id}',
    ]
    for (const [method, path] of routes) {
      const res = await api.app.inject({
        method: method as 'GET',
        url: routeUrl(path, api.personKey),
        headers,
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: { code: '123456', name: 'x' } }),
      })
      expect(res.statusCode, `${method} ${path}: ${res.body}`).toBeLessThan(500)
      if (sessionOnly.includes(`${method} ${path}`)) {
        expect(res.statusCode, `${method} ${path}`).toBe(403)
        expect(res.json().error.code).toBe('session_required')
        expect(res.json().error.message).toMatch(/接口令牌/)
      } else expect(res.json().error?.code, `${method} ${path}`).not.toBe('session_required')
    }
    expect(await api.d.db.selectFrom('api_token').select('id').execute()).toHaveLength(1)
  })
})
