import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../src/db/schema.js'
import { hashPassword } from '../src/services/passwords.js'
import { base32Decode, totp } from '../src/services/totp.js'
import { type Client, documentedRoutes, routeUrl, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'

const PASSWORD = 'Right-Pass-1'
const now = () => Date.now() / 1000

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

  /** Enrols a second factor with a fully signed-in session; the first code is of the step before now. */
  async function enrol(client: Client, password = PASSWORD) {
    const setup = await client.request('POST', '/api/auth/totp/setup')
    expect(setup.statusCode).toBe(200)
    const secret = base32Decode(setup.json().secret)
    const enabled = await client.request('POST', '/api/auth/totp/enable', {
      code: totp(secret, now() - 30),
      password,
    })
    expect(enabled.statusCode, enabled.body).toBe(200)
    return { secret, recoveryCodes: enabled.json().recoveryCodes as string[] }
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

  const inbox = async (client: Client) =>
    (await client.request('GET', '/api/notifications')).json().items as { kind: string; body: string }[]

  it('a session with the second factor to do cannot enrol or replace a factor, nor mint an API token', async () => {
    await addUser('half-1')
    await enrol(await api.signIn('half-1', PASSWORD))
    const half = await api.signIn('half-1', PASSWORD)
    for (const [url, body] of [
      ['/api/auth/totp/setup', undefined],
      ['/api/auth/totp/enable', { code: '123456', password: PASSWORD }],
      ['/api/tokens', { name: 'x' }],
    ] as const) {
      const res = await half.request('POST', url, body)
      expect(res.statusCode, url).toBe(401)
      expect(res.json().error.code).toBe('second_factor_required')
    }
  })

  it('a session with the second factor to do reaches only the second step, who am I and logout', async () => {
    await addUser('half-2')
    await enrol(await api.signIn('half-2', PASSWORD))
    const half = await api.signIn('half-2', PASSWORD)
    const allowed = ['POST /api/auth/totp/verify', 'GET /api/auth/session', 'POST /api/auth/logout']
    const session = await half.request('GET', '/api/auth/session')
    expect(session.json()).toMatchObject({ username: 'half-2', secondFactorDone: false })
    let refused = 0
    for (const [method, path] of routes) {
      if (allowed.includes(`${method} ${path}`)) continue
      const url = routeUrl(path, api.personKey)
      const body = method === 'GET' || method === 'DELETE' ? undefined : {}
      const anonymous = await api.app.inject({ method: method as 'GET', url, payload: body })
      if (anonymous.statusCode !== 401) continue // a public route answers anyone alike
      const res = await half.request(method, url, body)
      expect([401, 403], `${method} ${path}: ${res.body}`).toContain(res.statusCode)
      refused += 1
    }
    expect(refused).toBeGreaterThan(30)
    expect(await api.d.db.selectFrom('api_token').select('id').execute()).toEqual([])
  })

  it('enrolling needs a fully signed-in session and the password again; it is audited and the owner notified', async () => {
    await addUser('enrol-1')
    const client = await api.signIn('enrol-1', PASSWORD)
    const setup = (await client.request('POST', '/api/auth/totp/setup')).json()
    const code = totp(base32Decode(setup.secret), now())
    expect((await client.request('POST', '/api/auth/totp/enable', { code })).statusCode).toBe(400)
    const wrong = await client.request('POST', '/api/auth/totp/enable', { code, password: 'Wrong-Pass-1' })
    expect(wrong.json().error).toMatchObject({ code: 'invalid_input', field: 'password' })
    const ok = await client.request('POST', '/api/auth/totp/enable', { code, password: PASSWORD })
    expect(ok.json().recoveryCodes).toHaveLength(10)
    expect(await audited('auth.totp_setup', 'enrol-1')).toHaveLength(1)
    expect(await audited('auth.totp_enabled', 'enrol-1')).toHaveLength(1)
    expect(await inbox(client)).toContainEqual(
      expect.objectContaining({ kind: 'auth.totp_enabled', body: expect.stringContaining('enrol-1') }),
    )
  })

  it('a replaced factor keeps working until the new one is confirmed; the replacement is audited and notified', async () => {
    await addUser('enrol-2')
    const first = await enrol(await api.signIn('enrol-2', PASSWORD))
    const half = await api.signIn('enrol-2', PASSWORD)
    await half.request('POST', '/api/auth/totp/verify', { code: first.recoveryCodes[0] })
    const setup = (await half.request('POST', '/api/auth/totp/setup')).json()
    const pending = await api.signIn('enrol-2', PASSWORD)
    const old = await pending.request('POST', '/api/auth/totp/verify', { code: first.recoveryCodes[1] })
    expect(old.statusCode).toBe(200)
    const replaced = await half.request('POST', '/api/auth/totp/enable', {
      code: totp(base32Decode(setup.secret), now() - 30),
      password: PASSWORD,
    })
    expect(replaced.statusCode).toBe(200)
    const after = await api.signIn('enrol-2', PASSWORD)
    expect(
      (await after.request('POST', '/api/auth/totp/verify', { code: first.recoveryCodes[2] })).statusCode,
    ).toBe(401)
    expect(
      (await after.request('POST', '/api/auth/totp/verify', { code: totp(first.secret, now()) })).statusCode,
    ).toBe(401)
    expect(await audited('auth.totp_replaced', 'enrol-2')).toHaveLength(1)
    expect(await inbox(half)).toContainEqual(expect.objectContaining({ kind: 'auth.totp_replaced' }))
  })

  it('RFC 6238 §5.2: a TOTP code is accepted once, even in another session', async () => {
    await addUser('replay-1')
    const { secret } = await enrol(await api.signIn('replay-1', PASSWORD))
    const a = await api.signIn('replay-1', PASSWORD)
    const b = await api.signIn('replay-1', PASSWORD)
    const code = totp(secret, now())
    expect((await a.request('POST', '/api/auth/totp/verify', { code })).statusCode).toBe(200)
    expect((await b.request('POST', '/api/auth/totp/verify', { code })).statusCode).toBe(401)
    // The step before the one used is refused too; the next one is accepted.
    const earlier = totp(secret, now() - 30)
    expect((await b.request('POST', '/api/auth/totp/verify', { code: earlier })).statusCode).toBe(401)
    const next = totp(secret, now() + 30)
    if (next !== code) {
      expect((await b.request('POST', '/api/auth/totp/verify', { code: next })).statusCode).toBe(200)
    }
  })

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
      'POST /api/auth/recovery-codes',
      'GET /api/tokens',
      'POST /api/tokens',
      'DELETE /api/tokens/{id}',
      'GET /api/accounts',
      'POST /api/accounts',
      'POST /api/accounts/{id}/disable',
      'POST /api/accounts/{id}/enable',
      'POST /api/accounts/{id}/reset-password',
      'POST /api/staff/{personKey}/reset-password',
      'GET /api/settings/policies',
      'PUT /api/settings/policies/{policyId}',
      'POST /api/organisations/{id}/reset-admin-password',
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

  it("changing the password ends the account's other sessions, keeps this one, and tells the owner", async () => {
    await addUser('pw-1')
    const here = await api.signIn('pw-1', PASSWORD)
    const elsewhere = await api.signIn('pw-1', PASSWORD)
    const changed = await here.request('POST', '/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'Next-Pass-2',
    })
    expect(changed.statusCode).toBe(200)
    expect((await elsewhere.request('GET', '/api/notifications')).statusCode).toBe(401)
    expect(await inbox(here)).toContainEqual(
      expect.objectContaining({ kind: 'auth.password_changed', body: expect.stringContaining('pw-1') }),
    )
    expect(await audited('auth.password_changed', 'pw-1')).toEqual([{ otherSessionsEnded: 1 }])
    expect((await login('pw-1', PASSWORD)).statusCode).toBe(401)
    expect((await login('pw-1', 'Next-Pass-2')).statusCode).toBe(200)
  })

  it('a new password may not be the current one nor one of the previous five; the sixth back is allowed', async () => {
    await addUser('pw-2', 'agency', 'Pass-Zero-0')
    const client = await api.signIn('pw-2', 'Pass-Zero-0')
    let current = 'Pass-Zero-0'
    const change = (newPassword: string) =>
      client.request('POST', '/api/auth/password', { currentPassword: current, newPassword })
    const reused = await change('Pass-Zero-0')
    expect(reused.statusCode).toBe(400)
    expect(reused.json().error).toMatchObject({ field: 'newPassword' })
    for (const next of ['Pass-One-1', 'Pass-Two-2', 'Pass-Three-3', 'Pass-Four-4', 'Pass-Five-5']) {
      expect((await change(next)).statusCode).toBe(200)
      current = next
    }
    expect((await change('Pass-Zero-0')).json().error.field).toBe('newPassword') // five changes back
    expect((await change('Pass-Six-6')).statusCode).toBe(200)
    current = 'Pass-Six-6'
    expect((await change('Pass-Zero-0')).statusCode).toBe(200) // six changes back
  })
})
