import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUscc } from '../src/domain/uscc.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'

// An organisation's only administrator forgot their password: the HR department whose region holds the
// organisation resets it (POST /api/organisations/{id}/reset-admin-password), nobody else.

const NEW_PASSWORD = 'Chosen-Pass-7'
const REASON = '管理员来电申请，已核对营业执照和经办人身份证'

interface Listed {
  id: string
  name: string
  kind: string
  administrators: { id: string; username: string; displayName: string | null }[]
}

describe.each(DATABASES)("resetting an organisation administrator's password on %s", (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let hr: Client
  /** The demo employer (Changzhou, in demo-hr's region) and its administrator's account. */
  let employer: Listed
  let adminId: string

  beforeAll(async () => {
    api = await startApi(kind)
    hr = await api.as('hr_department')
    const list = (await hr.request('GET', '/api/organisations?kind=employer&pageSize=200')).json()
      .items as Listed[]
    employer = list.find((o) => o.administrators.some((a) => a.username === 'demo-employer')) as Listed
    adminId = employer.administrators.find((a) => a.username === 'demo-employer')?.id as string
  }, 120_000)
  afterAll(() => api.stop())

  const login = (username: string, password: string) =>
    api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
  const reset = (client: Client, organisationId: string, body: object) =>
    client.request('POST', `/api/organisations/${organisationId}/reset-admin-password`, body)

  it("lists each organisation's enabled administrators to the HR department", () => {
    expect(employer.kind).toBe('employer')
    expect(employer.administrators).toContainEqual(expect.objectContaining({ username: 'demo-employer' }))
  })

  it('the HR department of the region resets it: a one-time password shown once, the old password and sessions end, audited, the organisation told', async () => {
    const password = api.login('employer').password
    const oldSession = await api.as('employer')
    const res = await reset(hr, employer.id, { accountId: adminId, reason: `  ${REASON} ` })
    expect(res.statusCode, res.body).toBe(200)
    const { oneTimePassword, sentVia } = res.json()
    expect(oneTimePassword).toMatch(/^\w{4}-\w{4}-\w{4}$/)
    expect(sentVia).toBeNull()

    expect((await oldSession.request('GET', '/api/staff')).statusCode).toBe(401)
    const refused = await login('demo-employer', password)
    expect(refused.statusCode).toBe(401)

    // The one-time password opens a session that can do nothing but change it.
    const first = await api.signIn('demo-employer', oneTimePassword)
    const session = (await first.request('GET', '/api/auth/session')).json()
    expect(session).toMatchObject({ isAdmin: true, passwordChangeRequired: true })
    const blocked = await first.request('GET', '/api/staff')
    expect(blocked.statusCode).toBe(403)
    expect(blocked.json().error.code).toBe('password_change_required')
    const changed = await first.request('POST', '/api/auth/password', {
      currentPassword: oneTimePassword,
      newPassword: NEW_PASSWORD,
    })
    expect(changed.statusCode, changed.body).toBe(200)
    expect((await login('demo-employer', oneTimePassword)).statusCode).toBe(401)
    const after = await api.signIn('demo-employer', NEW_PASSWORD)
    expect((await after.request('GET', '/api/staff')).statusCode).toBe(200)

    const hrUser = await api.d.db
      .selectFrom('app_user')
      .select(['id', 'organisation_id'])
      .where('username', '=', 'demo-hr')
      .executeTakeFirstOrThrow()
    const audit = await api.d.db
      .selectFrom('audit_event')
      .select(['actor', 'actor_organisation_id', 'entity', 'after'])
      .where('action', '=', 'account.admin_password_reset')
      .where('entity_id', '=', adminId)
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      actor: hrUser.id,
      actor_organisation_id: hrUser.organisation_id,
      entity: 'app_user',
    })
    const recorded = audit[0]?.after as unknown
    const fields = typeof recorded === 'string' ? JSON.parse(recorded) : recorded
    expect(fields).toMatchObject({
      username: 'demo-employer',
      reason: REASON,
      organisationId: employer.id,
      sentVia: null,
    })
    expect(JSON.stringify(fields)).not.toContain(oneTimePassword)

    const inbox = (await after.request('GET', '/api/notifications')).json().items as {
      title: string
      body: string
    }[]
    const notice = inbox.find((n) => n.title === '管理员密码已由人社部门重置')
    expect(notice?.body).toContain('demo-employer')
    expect(notice?.body).toContain(REASON)
    expect(notice?.body).not.toContain(oneTimePassword)
  })

  it("another city's HR department is refused (403) and does not see the organisation", async () => {
    const qingdao = await signInFor(api, '青岛市人力资源和社会保障局', 'hr_department')
    await api.d.db
      .updateTable('app_user')
      .set({ is_admin: true })
      .where('organisation_id', '=', (await qingdaoOrg()).id)
      .execute()
    const res = await reset(qingdao, employer.id, { accountId: adminId, reason: REASON })
    expect(res.statusCode, res.body).toBe(403)
    expect(res.json().error.message).toBe(`${employer.name}不在本部门辖区内，应由其所在地区的人社部门重置`)
    const seen = (await qingdao.request('GET', '/api/organisations?pageSize=200')).json().items as Listed[]
    expect(seen.map((o) => o.id)).not.toContain(employer.id)
  })

  const qingdaoOrg = () =>
    api.d.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', '青岛市人力资源和社会保障局')
      .executeTakeFirstOrThrow()

  it("a clerk of the HR department, and the organisation's own roles, are refused (403)", async () => {
    const created = await hr.request('POST', '/api/accounts', { username: 'hr-clerk', isAdmin: false })
    expect(created.statusCode, created.body).toBe(201)
    const first = await api.signIn('hr-clerk', created.json().oneTimePassword)
    await first.request('POST', '/api/auth/password', {
      currentPassword: created.json().oneTimePassword,
      newPassword: NEW_PASSWORD,
    })
    const clerk = await api.signIn('hr-clerk', NEW_PASSWORD)
    const res = await reset(clerk, employer.id, { accountId: adminId, reason: REASON })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.message).toBe('只有本部门管理员可以重置单位管理员的密码')
    for (const role of ['employer', 'institution', 'authority', 'person'] as const) {
      const other = role === 'employer' ? await api.signIn('demo-employer', NEW_PASSWORD) : await api.as(role)
      expect((await reset(other, employer.id, { accountId: adminId, reason: REASON })).statusCode).toBe(403)
    }
    const audited = await api.d.db
      .selectFrom('audit_event')
      .select('seq')
      .where('action', '=', 'account.admin_password_reset')
      .execute()
    expect(audited).toHaveLength(1)
  })

  it('no reason, a clerk of the organisation, the department itself or a pending organisation: refused, naming why', async () => {
    const blank = await reset(hr, employer.id, { accountId: adminId, reason: '   ' })
    expect(blank.statusCode).toBe(400)
    expect(blank.json().error.message).toContain('须说明重置理由')
    const missing = await reset(hr, employer.id, { accountId: adminId })
    expect(missing.statusCode).toBe(400)

    const employerAdmin = await api.signIn('demo-employer', NEW_PASSWORD)
    const clerk = await employerAdmin.request('POST', '/api/accounts', {
      username: 'emp-clerk',
      isAdmin: false,
    })
    expect(clerk.statusCode, clerk.body).toBe(201)
    const notAdmin = await reset(hr, employer.id, { accountId: clerk.json().id, reason: REASON })
    expect(notAdmin.statusCode).toBe(400)
    expect(notAdmin.json().error.message).toContain(`该账户不是${employer.name}的管理员`)

    const hrUser = await api.d.db
      .selectFrom('app_user')
      .select(['id', 'organisation_id'])
      .where('username', '=', 'demo-hr')
      .executeTakeFirstOrThrow()
    const own = await reset(hr, hrUser.organisation_id as string, { accountId: hrUser.id, reason: REASON })
    expect(own.statusCode).toBe(409)
    expect(own.json().error.message).toBe('本部门的账户请在「账户管理」中重置密码')

    const requested = await api.app.inject({
      method: 'POST',
      url: '/api/registrations',
      payload: {
        kind: 'employer',
        name: '常州待审精工有限公司',
        uscc: makeUscc('91320411MA7RKT01X'),
        regionCode: '320411',
        contactName: '王经理',
        contactPhone: '13812345678',
        username: 'pending-admin',
        password: 'Employer-Admin-1',
      },
    })
    expect(requested.statusCode, requested.body).toBe(201)
    const pendingAdmin = await api.d.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'pending-admin')
      .executeTakeFirstOrThrow()
    const pending = await reset(hr, requested.json().id, { accountId: pendingAdmin.id, reason: REASON })
    expect(pending.statusCode).toBe(409)
    expect(pending.json().error.message).toBe('常州待审精工有限公司尚未通过注册审核，没有可重置的管理员账户')

    const unknown = await reset(hr, '00000000-0000-4000-8000-000000000000', {
      accountId: adminId,
      reason: REASON,
    })
    expect(unknown.statusCode).toBe(404)
  })
})
