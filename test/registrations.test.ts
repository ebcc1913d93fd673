import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUscc } from '../src/domain/uscc.js'
import { buildApp } from '../src/http/app.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'

const PASSWORD = 'Employer-Admin-1'
let seq = 0
/** A valid credit code not used before in this file. */
const freshUscc = (county = '320411') => {
  seq += 1
  return makeUscc(`91${county}MA${String(seq).padStart(3, '0')}TEXT`.slice(0, 17))
}

describe.each(DATABASES)('organisation registration on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let hr: Client
  let qingdaoHr: Client

  beforeAll(async () => {
    api = await startApi(kind)
    hr = await api.as('hr_department')
    qingdaoHr = await signInFor(api, '青岛市人力资源和社会保障局', 'hr_department')
  }, 120_000)
  afterAll(() => api.stop())

  const login = (username: string, password: string) =>
    api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })

  const request = (fields: Record<string, unknown> = {}) =>
    api.app.inject({
      method: 'POST',
      url: '/api/registrations',
      payload: {
        kind: 'employer',
        name: '常州新北精工有限公司',
        uscc: freshUscc(),
        regionCode: '320411',
        contactName: '王经理',
        contactPhone: '13812345678',
        username: `emp-${seq}-${Math.random().toString(36).slice(2, 8)}`,
        password: PASSWORD,
        ...fields,
      },
    })

  const pending = async (client: Client) =>
    (await client.request('GET', '/api/registrations?pageSize=200')).json().items as {
      id: string
      name: string
      uscc: string
      username: string
      contactPhone: string
      regionName: string
    }[]

  it('an employer requests registration; its administrator cannot sign in until the HR department of its region approves', async () => {
    const uscc = freshUscc()
    const res = await request({ uscc, username: 'xinbei-admin', name: '常州新北精工有限公司' })
    expect(res.statusCode, res.body).toBe(201)
    const { id } = res.json()
    expect(res.json().status).toBe('pending')
    const before = await login('xinbei-admin', PASSWORD)
    expect(before.statusCode).toBe(403)
    expect(before.json().error).toEqual({
      code: 'organisation_pending',
      message: '本单位的注册申请正在等待所在地区人社部门审核，审核通过后方可登录',
    })
    expect(await pending(hr)).toContainEqual(
      expect.objectContaining({
        id,
        uscc,
        username: 'xinbei-admin',
        contactPhone: '13812345678',
        regionName: '江苏省常州市新北区',
      }),
    )
    const inbox = (await hr.request('GET', '/api/notifications')).json().items
    expect(inbox).toContainEqual(
      expect.objectContaining({ kind: 'registration.pending', link: '/registrations' }),
    )
    expect((await hr.request('POST', `/api/registrations/${id}/approve`)).statusCode).toBe(200)
    const after = await login('xinbei-admin', PASSWORD)
    expect(after.statusCode, after.body).toBe(200)
    expect(after.json()).toMatchObject({ role: 'employer', passwordChangeRequired: false })
    const admin = await api.signIn('xinbei-admin', PASSWORD)
    expect((await admin.request('GET', '/api/auth/session')).json().isAdmin).toBe(true)
    expect((await admin.request('POST', '/api/accounts', { username: 'xinbei-clerk' })).statusCode).toBe(201)
    expect(await pending(hr)).not.toContainEqual(expect.objectContaining({ id }))
    const twice = await hr.request('POST', `/api/registrations/${id}/approve`)
    expect(twice.statusCode).toBe(409)
    const audit = await api.d.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['organisation.create', 'registration.approve'])
  })

  it('a duplicate or invalid credit code is refused naming the field', async () => {
    const uscc = freshUscc()
    expect((await request({ uscc })).statusCode).toBe(201)
    const waiting = await request({ uscc })
    expect(waiting.statusCode).toBe(409)
    expect(waiting.json().error).toEqual({
      code: 'conflict',
      field: 'uscc',
      message: '该统一社会信用代码的注册申请正在审核中',
    })
    const demoEmployer = await api.d.db
      .selectFrom('organisation')
      .select('uscc')
      .where('kind', '=', 'employer')
      .executeTakeFirstOrThrow()
    const registered = await request({ uscc: demoEmployer.uscc })
    expect(registered.json().error).toMatchObject({ field: 'uscc', message: '该统一社会信用代码已注册' })
    const broken = await request({ uscc: `${uscc.slice(0, 17)}${uscc.endsWith('0') ? '1' : '0'}` })
    expect(broken.statusCode).toBe(400)
    expect(broken.json().error).toMatchObject({
      field: 'uscc',
      message: expect.stringContaining('校验码错误'),
    })
  })

  it('every other bad field is refused naming it, and nothing is created', async () => {
    const cases: [Record<string, unknown>, string, number][] = [
      [{ contactPhone: '12345' }, 'contactPhone', 400],
      [{ contactName: ' ' }, 'contactName', 400],
      [{ password: 'short' }, 'password', 400],
      [{ regionCode: '999999' }, 'regionCode', 400],
      [{ regionCode: '110101' }, 'regionCode', 400], // no HR department of Beijing uses Xueshi
      [{ username: 'demo-employer' }, 'username', 409],
      [{ kind: 'institution' }, 'kind', 400],
      [{ name: '' }, 'name', 400],
    ]
    const count = async () => (await api.d.db.selectFrom('organisation').select('id').execute()).length
    const organisations = await count()
    for (const [fields, field, status] of cases) {
      const res = await request(fields)
      expect(res.statusCode, JSON.stringify(fields)).toBe(status)
      expect(res.json().error.field, JSON.stringify(fields)).toBe(field)
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    expect((await request({ regionCode: '110101' })).json().error.message).toContain(
      '北京市东城区的人社部门尚未开通本系统',
    )
    expect(await count()).toBe(organisations)
  })

  it('an HR department cannot see or decide a request of another region; the one of its region rejects with a reason', async () => {
    const res = await request({
      regionCode: '370212',
      uscc: freshUscc('370212'),
      username: 'laoshan-admin',
      kind: 'agency',
    })
    expect(res.statusCode, res.body).toBe(201)
    const { id } = res.json()
    expect(await pending(hr)).not.toContainEqual(expect.objectContaining({ id }))
    const outside = await hr.request('POST', `/api/registrations/${id}/approve`)
    expect(outside.statusCode).toBe(403)
    expect(outside.json().error.message).toContain('不在本部门辖区内')
    expect((await hr.request('POST', `/api/registrations/${id}/reject`, { reason: '越权' })).statusCode).toBe(
      403,
    )
    expect(await pending(qingdaoHr)).toContainEqual(
      expect.objectContaining({ id, username: 'laoshan-admin' }),
    )
    const noReason = await qingdaoHr.request('POST', `/api/registrations/${id}/reject`, { reason: '' })
    expect(noReason.json().error.field).toBe('reason')
    const rejected = await qingdaoHr.request('POST', `/api/registrations/${id}/reject`, {
      reason: '营业执照与名称不符',
    })
    expect(rejected.statusCode).toBe(200)
    const refused = await login('laoshan-admin', PASSWORD)
    expect(refused.json().error).toEqual({
      code: 'organisation_rejected',
      message: '本单位的注册申请未通过审核：营业执照与名称不符',
    })
    const history = (await qingdaoHr.request('GET', '/api/registrations?status=rejected')).json().items
    expect(history).toContainEqual(expect.objectContaining({ id, reason: '营业执照与名称不符' }))
    // A rejected request frees its credit code for a corrected one.
    const uscc = (
      await api.d.db.selectFrom('organisation').select('uscc').where('id', '=', id).executeTakeFirstOrThrow()
    ).uscc as string
    expect((await request({ regionCode: '370212', uscc, kind: 'agency' })).statusCode).toBe(201)
  })

  it('registration requests are rate limited like the login', async () => {
    const strict = await buildApp({ ...api.ctx, registrationRateLimit: 2 })
    try {
      const statuses = []
      for (let i = 0; i < 3; i++)
        statuses.push(
          (await strict.inject({ method: 'POST', url: '/api/registrations', payload: {} })).statusCode,
        )
      expect(statuses).toEqual([400, 400, 429])
    } finally {
      await strict.close()
    }
  })

  it('an HR department registers a lower HR department, an authority and an institution of its region, each with a first administrator', async () => {
    const district = await hr.request('POST', '/api/organisations', {
      kind: 'hr_department',
      name: '常州市新北区人力资源和社会保障局',
      regionCode: '320411',
      username: 'xinbei-hr',
    })
    expect(district.statusCode, district.body).toBe(201)
    expect(district.json().organisation).toMatchObject({
      kind: 'hr_department',
      level: 'district',
      regionCode: '320411',
    })
    const first = await login('xinbei-hr', district.json().oneTimePassword)
    expect(first.json()).toMatchObject({ role: 'hr_department', passwordChangeRequired: true })
    const authority = await hr.request('POST', '/api/organisations', {
      kind: 'authority',
      name: '常州市卫生健康委员会',
      regionCode: '320400',
      industry: '卫生',
      username: 'cz-health',
    })
    expect(authority.statusCode, authority.body).toBe(201)
    expect(authority.json().organisation).toMatchObject({ industry: '卫生' })
    const institution = await hr.request('POST', '/api/organisations', {
      kind: 'institution',
      name: '常州市卫生专业技术人员继续教育基地',
      regionCode: '320402',
      level: 'city',
      occupationCategories: ['卫生'],
      isBase: true,
      username: 'cz-health-base',
    })
    expect(institution.statusCode, institution.body).toBe(201)
    expect(institution.json().organisation).toMatchObject({
      level: 'city',
      isBase: true,
      occupationCategories: ['卫生'],
    })
    const tree = (await hr.request('GET', '/api/organisations?pageSize=200')).json()
    expect(tree.items.map((o: { name: string }) => o.name)).toEqual(
      expect.arrayContaining([
        '常州市新北区人力资源和社会保障局',
        '常州市卫生健康委员会',
        '常州市卫生专业技术人员继续教育基地',
      ]),
    )
    expect(tree.items.every((o: { regionCode: string }) => o.regionCode.startsWith('3204'))).toBe(true)
    const created = await api.d.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'account.create')
      .where('after', 'like', '%cz-health%')
      .execute()
    expect(created).toHaveLength(2)
  })

  it('out-of-region, same-level, duplicate and incomplete registrations are refused; clerks may not register', async () => {
    const post = (body: Record<string, unknown>) => hr.request('POST', '/api/organisations', body)
    const outside = await post({
      kind: 'hr_department',
      name: '青岛市崂山区人社局',
      regionCode: '370212',
      username: 'x-1',
    })
    expect(outside.statusCode).toBe(403)
    expect(outside.json().error.message).toContain('不在本部门辖区内')
    const own = await post({
      kind: 'hr_department',
      name: '常州市人社局',
      regionCode: '320400',
      username: 'x-2',
    })
    expect(own.json().error).toMatchObject({ field: 'regionCode', message: expect.stringContaining('下级') })
    await post({
      kind: 'hr_department',
      name: '常州市天宁区人社局',
      regionCode: '320402',
      username: 'tianning-hr',
    })
    const again = await post({
      kind: 'hr_department',
      name: '天宁区人社局',
      regionCode: '320402',
      username: 'x-3',
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.field).toBe('regionCode')
    const noIndustry = await post({
      kind: 'authority',
      name: '常州市交通局',
      regionCode: '320400',
      username: 'x-4',
    })
    expect(noIndustry.statusCode).toBe(400)
    expect(noIndustry.json().error.field).toBe('industry')
    const clerk = await signInFor(api, '常州市人力资源和社会保障局', 'hr_department')
    const refused = await clerk.request('POST', '/api/organisations', {
      kind: 'authority',
      name: '常州市交通运输局',
      regionCode: '320400',
      industry: '交通',
      username: 'x-5',
    })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error).toEqual({ code: 'admin_required', message: '只有本部门管理员可以登记单位' })
    // A clerk of the HR department still reviews requests.
    expect((await clerk.request('GET', '/api/registrations')).statusCode).toBe(200)
    const names = await api.d.db
      .selectFrom('app_user')
      .select('username')
      .where('username', 'like', 'x-%')
      .execute()
    expect(names).toEqual([])
  })
})
