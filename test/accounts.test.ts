import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/http/app.js'
import type { OneTimePasswordChannel } from '../src/services/one-time-passwords.js'
import { type Client, documentedRoutes, routeUrl, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'

const NEW_PASSWORD = 'Chosen-Pass-7'

/** The routes only an organisation's administrator may call. */
const ADMIN_ONLY = [
  'GET /api/accounts',
  'POST /api/accounts',
  'POST /api/accounts/{id}/disable',
  'POST /api/accounts/{id}/enable',
  'POST /api/accounts/{id}/reset-password',
  'POST /api/tokens',
  'DELETE /api/tokens/{id}',
  'POST /api/staff/{personKey}/reset-password',
]

describe.each(DATABASES)('organisation accounts on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let routes: [string, string][]
  let employer: Client
  const delivered: { username: string; password: string }[] = []

  beforeAll(async () => {
    const channel: OneTimePasswordChannel = {
      name: '测试通道',
      deliver: async (to, password) => {
        delivered.push({ username: to.username, password })
      },
    }
    api = await startApi(kind)
    routes = await documentedRoutes(api.app)
    employer = await api.as('employer')
    // The same database behind an API whose deployment plugged a gateway into the port.
    gateway = await buildApp({
      ...api.ctx,
      oneTimePasswordChannel: channel,
    })
  }, 120_000)
  let gateway: Awaited<ReturnType<typeof buildApp>>
  afterAll(async () => {
    await gateway.close()
    await api.stop()
  })

  const login = (username: string, password: string) =>
    api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })

  /** A new account of the demo employer, created by its administrator: [username, one-time password]. */
  async function newClerk(username: string, admin = employer, isAdmin = false) {
    const res = await admin.request('POST', '/api/accounts', { username, displayName: '经办人', isAdmin })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as { id: string; username: string; oneTimePassword: string }
  }

  /** Signs in with the one-time password and changes it. */
  async function activate(username: string, oneTimePassword: string) {
    const first = await api.signIn(username, oneTimePassword)
    const changed = await first.request('POST', '/api/auth/password', {
      currentPassword: oneTimePassword,
      newPassword: NEW_PASSWORD,
    })
    expect(changed.statusCode, changed.body).toBe(200)
    return first
  }

  const actions = async (entityId: string) =>
    (
      await api.d.db
        .selectFrom('audit_event')
        .select('action')
        .where('entity_id', '=', entityId)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action)

  it('an administrator creates a clerk with a one-time password, shown once and audited', async () => {
    const clerk = await newClerk('clerk-create')
    expect(clerk.oneTimePassword).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}$/)
    const list = (await employer.request('GET', '/api/accounts?pageSize=200')).json()
    expect(list.items).toContainEqual(
      expect.objectContaining({
        username: 'clerk-create',
        isAdmin: false,
        disabled: false,
        passwordChangeRequired: true,
      }),
    )
    expect(list.items.find((a: { username: string }) => a.username === 'demo-employer')).toMatchObject({
      isAdmin: true,
    })
    expect(JSON.stringify(list)).not.toContain(clerk.oneTimePassword)
    expect(await actions(clerk.id)).toEqual(['account.create'])
    expect(
      list.items.find((a: { username: string }) => a.username === 'clerk-create').lastSignInAt,
    ).toBeNull()
    const before = Date.now()
    const session = (
      await (await activate('clerk-create', clerk.oneTimePassword)).request('GET', '/api/auth/session')
    ).json()
    expect(session).toMatchObject({ role: 'employer', isAdmin: false, passwordChangeRequired: false })
    const after = (await employer.request('GET', '/api/accounts?pageSize=200')).json()
    const signedIn = after.items.find((a: { username: string }) => a.username === 'clerk-create')
    expect(Date.parse(signedIn.lastSignInAt)).toBeGreaterThanOrEqual(before - 1000)
    expect(Date.parse(signedIn.lastSignInAt)).toBeLessThanOrEqual(Date.now() + 1000)
  })

  it('a taken or malformed username is refused naming the field', async () => {
    await newClerk('clerk-dup')
    const dup = await employer.request('POST', '/api/accounts', { username: 'clerk-dup' })
    expect(dup.statusCode).toBe(409)
    expect(dup.json().error).toMatchObject({
      field: 'username',
      message: expect.stringContaining('已被使用'),
    })
    const bad = await employer.request('POST', '/api/accounts', { username: '经办 人' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error).toMatchObject({ field: 'username', message: expect.stringContaining('用户名') })
  })

  it('a session signed in with a one-time password can only change it, see the session and sign out', async () => {
    const clerk = await newClerk('clerk-otp')
    const res = await login('clerk-otp', clerk.oneTimePassword)
    expect(res.json()).toMatchObject({ passwordChangeRequired: true })
    const first = await api.signIn('clerk-otp', clerk.oneTimePassword)
    expect((await first.request('GET', '/api/auth/session')).json()).toMatchObject({
      username: 'clerk-otp',
      passwordChangeRequired: true,
    })
    const allowed = [
      'POST /api/auth/password',
      'GET /api/auth/session',
      'POST /api/auth/logout',
      'POST /api/auth/totp/verify',
    ]
    let refused = 0
    for (const [method, path] of routes) {
      if (allowed.includes(`${method} ${path}`)) continue
      const url = routeUrl(path, api.personKey)
      const body = method === 'GET' || method === 'DELETE' ? undefined : {}
      const anonymous = await api.app.inject({ method: method as 'GET', url, payload: body })
      if (anonymous.statusCode !== 401) continue // a public route answers anyone alike
      const answer = await first.request(method, url, body)
      expect(answer.statusCode, `${method} ${path}: ${answer.body}`).toBe(403)
      expect(answer.json().error).toEqual({
        code: 'password_change_required',
        message: '请先修改一次性密码，之后才能使用其他功能',
      })
      refused += 1
    }
    expect(refused).toBeGreaterThan(40)
    const reused = await first.request('POST', '/api/auth/password', {
      currentPassword: clerk.oneTimePassword,
      newPassword: clerk.oneTimePassword,
    })
    expect(reused.json().error.field).toBe('newPassword')
    expect(
      (
        await first.request('POST', '/api/auth/password', {
          currentPassword: clerk.oneTimePassword,
          newPassword: NEW_PASSWORD,
        })
      ).statusCode,
    ).toBe(200)
    expect((await first.request('GET', '/api/notifications')).statusCode).toBe(200)
    expect((await login('clerk-otp', clerk.oneTimePassword)).statusCode).toBe(401)
    expect((await login('clerk-otp', NEW_PASSWORD)).json().passwordChangeRequired).toBe(false)
  })

  it('where a second factor is required, a one-time password is changed first, then the factor enrolled', async () => {
    const strict = await buildApp({ ...api.ctx, require2fa: true })
    try {
      const clerk = await newClerk('clerk-2fa')
      const res = await strict.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'clerk-2fa', password: clerk.oneTimePassword },
      })
      const cookies = {
        xueshi_session: res.cookies.find((c) => c.name === 'xueshi_session')?.value as string,
      }
      const headers = { 'x-csrf-token': res.json().csrfToken as string }
      const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
        strict.inject({ method, url, cookies, headers, ...(payload ? { payload } : {}) })
      expect((await call('POST', '/api/auth/totp/setup')).json().error.code).toBe('password_change_required')
      const changed = await call('POST', '/api/auth/password', {
        currentPassword: clerk.oneTimePassword,
        newPassword: NEW_PASSWORD,
      })
      expect(changed.statusCode, changed.body).toBe(200)
      expect((await call('GET', '/api/staff')).json().error.code).toBe('second_factor_enrolment_required')
      expect((await call('POST', '/api/auth/totp/setup')).statusCode).toBe(200)
    } finally {
      await strict.close()
    }
  })

  it('a clerk is refused every administrator action (403, in Chinese), and so is a token', async () => {
    const clerk = await newClerk('clerk-admin-try')
    const client = await activate('clerk-admin-try', clerk.oneTimePassword)
    const documented = routes.map(([m, p]) => `${m} ${p}`)
    expect(documented).toEqual(expect.arrayContaining(ADMIN_ONLY))
    for (const route of ADMIN_ONLY) {
      const [method, path] = route.split(' ') as [string, string]
      const res = await client.request(
        method,
        routeUrl(path, api.personKey),
        method === 'POST' ? { username: 'x-by-clerk', name: 'x' } : undefined,
      )
      expect(res.statusCode, `${route}: ${res.body}`).toBe(403)
      expect(res.json().error.code, route).toBe('admin_required')
      expect(res.json().error.message, route).toMatch(/^只有本单位管理员可以/)
    }
    const token = await client.request('POST', '/api/tokens', { name: '对接' })
    expect(token.json().error.message).toBe('只有本单位管理员可以创建接口令牌')
    expect(
      await api.d.db.selectFrom('app_user').select('id').where('username', '=', 'x-by-clerk').execute(),
    ).toEqual([])
    // The routes every account of the organisation may use still answer the clerk.
    expect((await client.request('GET', '/api/staff')).statusCode).toBe(200)
    expect((await client.request('GET', '/api/tokens')).statusCode).toBe(200)
  })

  it('a disabled account cannot sign in, its sessions and the tokens it made stop working; enabled again it can', async () => {
    const second = await newClerk('admin-two', employer, true)
    const admin2 = await activate('admin-two', second.oneTimePassword)
    const token = (await admin2.request('POST', '/api/tokens', { name: '系统对接' })).json().token as string
    const bearer = { authorization: `Bearer ${token}` }
    expect((await api.app.inject({ url: '/api/staff', headers: bearer })).statusCode).toBe(200)
    expect((await employer.request('POST', `/api/accounts/${second.id}/disable`)).statusCode).toBe(200)
    expect((await admin2.request('GET', '/api/staff')).statusCode).toBe(401)
    expect((await api.app.inject({ url: '/api/staff', headers: bearer })).statusCode).toBe(401)
    const refused = await login('admin-two', NEW_PASSWORD)
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error).toEqual({
      code: 'account_disabled',
      message: '该账户已停用，请联系本单位管理员',
    })
    // A wrong password is still answered as for an unknown user: only the password holder learns it is disabled.
    const wrong = await login('admin-two', 'Wrong-Pass-9')
    expect(wrong.body).toBe((await login('nobody-at-all', 'Wrong-Pass-9')).body)
    const twice = await employer.request('POST', `/api/accounts/${second.id}/disable`)
    expect(twice.statusCode).toBe(409)
    expect((await employer.request('POST', `/api/accounts/${second.id}/enable`)).statusCode).toBe(200)
    expect((await login('admin-two', NEW_PASSWORD)).statusCode).toBe(200)
    expect((await api.app.inject({ url: '/api/staff', headers: bearer })).statusCode).toBe(200)
    const audited = await actions(second.id)
    expect(audited).toEqual(expect.arrayContaining(['account.create', 'account.disable', 'account.enable']))
    expect(audited.indexOf('account.disable')).toBeLessThan(audited.indexOf('account.enable'))
  })

  it('an administrator acts only on other accounts of their own organisation', async () => {
    const agency = await api.as('agency')
    const mine = await newClerk('clerk-scope')
    for (const action of ['disable', 'enable', 'reset-password']) {
      const res = await agency.request('POST', `/api/accounts/${mine.id}/${action}`)
      expect(res.statusCode, action).toBe(404)
    }
    expect((await login('clerk-scope', mine.oneTimePassword)).statusCode).toBe(200)
    const self = await api.d.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'demo-employer')
      .executeTakeFirstOrThrow()
    const own = await employer.request('POST', `/api/accounts/${self.id}/disable`)
    expect(own.statusCode).toBe(409)
    expect(own.json().error.message).toContain('不能停用、启用或重置自己的账户')
    const list = (await agency.request('GET', '/api/accounts?pageSize=200')).json()
    expect(list.items.map((a: { username: string }) => a.username)).toEqual(['demo-agency'])
  })

  it("resetting a clerk's password: a new one-time password, the old one and the sessions end, the lock is lifted", async () => {
    const clerk = await newClerk('clerk-reset')
    const session = await activate('clerk-reset', clerk.oneTimePassword)
    for (let i = 0; i < 5; i++) await login('clerk-reset', 'Wrong-Pass-9')
    const reset = await employer.request('POST', `/api/accounts/${clerk.id}/reset-password`)
    expect(reset.statusCode, reset.body).toBe(200)
    const { oneTimePassword, sentVia } = reset.json()
    expect(sentVia).toBeNull()
    expect((await session.request('GET', '/api/staff')).statusCode).toBe(401)
    expect((await login('clerk-reset', NEW_PASSWORD)).statusCode).toBe(401)
    expect((await login('clerk-reset', oneTimePassword)).json().passwordChangeRequired).toBe(true)
    expect(await actions(clerk.id)).toContain('account.password_reset')
  })

  it("a professional's forgotten password is reset by their employer's administrator, current staff only", async () => {
    const reset = await employer.request('POST', `/api/staff/${api.personKey}/reset-password`)
    expect(reset.statusCode, reset.body).toBe(200)
    const first = await login('demo-person', reset.json().oneTimePassword)
    expect(first.json()).toMatchObject({ role: 'person', passwordChangeRequired: true })
    const agency = await api.as('agency')
    const other = await agency.request('POST', `/api/staff/${api.personKey}/reset-password`)
    expect(other.statusCode).toBe(403)
    expect(other.json().error.message).toBe('只能重置本单位在职人员的密码')
    await api.d.db
      .updateTable('employment')
      .set({ to_date: '2026-01-31' })
      .where('person_key', '=', api.personKey)
      .execute()
    const left = await employer.request('POST', `/api/staff/${api.personKey}/reset-password`)
    expect(left.statusCode).toBe(403)
    const audit = await api.d.db
      .selectFrom('audit_event')
      .select(['person_key', 'actor_organisation_id'])
      .where('action', '=', 'account.password_reset')
      .where('person_key', '=', api.personKey)
      .execute()
    expect(audit).toHaveLength(1)
  })

  it('with a gateway plugged into the port the one-time password is sent, not shown', async () => {
    const clerk = await newClerk('clerk-gateway')
    const cookie = employer.cookie
    const res = await gateway.inject({
      method: 'POST',
      url: `/api/accounts/${clerk.id}/reset-password`,
      cookies: { xueshi_session: cookie },
      headers: { 'x-csrf-token': employer.csrf },
    })
    expect(res.json()).toEqual({ oneTimePassword: null, sentVia: '测试通道' })
    const sent = delivered.find((d) => d.username === 'clerk-gateway')?.password as string
    expect((await login('clerk-gateway', sent)).json().passwordChangeRequired).toBe(true)
  })
})
