import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../src/db/schema.js'
import { hashPassword } from '../src/services/passwords.js'
import { documentedRoutes, routeUrl, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'

const PASSWORD = 'Right-Pass-1'

describe.each(DATABASES)('sign-in on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let routes: [string, string][]
  beforeAll(async () => {
    api = await startApi(kind)
    routes = await documentedRoutes(api.app)
  }, 60_000)
  afterAll(() => api.stop())

  /** An organisation account of its own, so each test starts from a clean count and inbox. */
  async function addUser(username: string, role: Exclude<Role, 'person'> = 'authority', password = PASSWORD) {
    const org = await api.d.db
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', role)
      .executeTakeFirstOrThrow()
    await api.d.db
      .insertInto('app_user')
      .values({ username, role, organisation_id: org.id, password_hash: await hashPassword(password) })
      .execute()
  }

  const login = (username: string, password: string) =>
    api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })

  const audited = async (action: string, username: string) => {
    const user = await api.d.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow()
    const rows = await api.d.db
      .selectFrom('audit_event')
      .select('after')
      .where('action', '=', action)
      .where('entity_id', '=', user.id)
      .execute()
    return rows.map((r) => (r.after ? JSON.parse(r.after) : {}))
  }

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

  it('parallel wrong passwords: exactly 5 are checked, then the account is locked', async () => {
    await addUser('race-1')
    const answers = await Promise.all(Array.from({ length: 12 }, () => login('race-1', 'Wrong-Pass-1')))
    expect(answers.map((r) => r.statusCode)).toEqual(Array(12).fill(401))
    const checked = await audited('auth.login_failed', 'race-1')
    expect(checked.map((a) => a.reason)).toEqual(Array(5).fill('wrong password'))
    expect(checked.map((a) => a.failed).sort()).toEqual([1, 2, 3, 4, 5])
    expect(await audited('auth.login_refused', 'race-1')).toHaveLength(7)
    expect((await login('race-1', PASSWORD)).statusCode).toBe(401)
  })

  it('an unknown user, a wrong password and a locked account get the same answer', async () => {
    await addUser('same-1')
    const wrong = await login('same-1', 'Wrong-Pass-1')
    const unknown = await login('nobody-here', 'Wrong-Pass-1')
    for (let i = 0; i < 4; i++) await login('same-1', 'Wrong-Pass-1')
    const locked = await login('same-1', PASSWORD)
    for (const res of [unknown, locked]) {
      expect(res.statusCode).toBe(wrong.statusCode)
      expect(res.body).toBe(wrong.body)
    }
    expect(wrong.json().error.message).toContain('用户名或密码错误')
    expect(await audited('auth.login_refused', 'same-1')).toEqual([{ ip: '127.0.0.1', reason: 'locked' }])
  })

  it('when the lock ends the right password signs in, and the count starts again', async () => {
    await addUser('lock-end-1')
    for (let i = 0; i < 5; i++) await login('lock-end-1', 'Wrong-Pass-1')
    await sql`UPDATE app_user SET locked_until = now() - interval '1 second' WHERE username = 'lock-end-1'`.execute(
      api.d.db,
    )
    expect((await login('lock-end-1', 'Wrong-Pass-1')).statusCode).toBe(401)
    expect((await login('lock-end-1', PASSWORD)).statusCode).toBe(200)
    const user = await api.d.db
      .selectFrom('app_user')
      .select(['failed_logins', 'locked_until'])
      .where('username', '=', 'lock-end-1')
      .executeTakeFirstOrThrow()
    expect(user).toEqual({ failed_logins: 0, locked_until: null })
  })
})
