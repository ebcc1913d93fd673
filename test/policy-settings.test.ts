import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { transact } from '../src/services/audit.js'
import { appendCredit, previewCredit } from '../src/services/ledger.js'
import { findTopHrDepartment } from '../src/services/policy-settings.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'

const ENGINEERING = '/api/settings/policies/cn-engineering-2026'
const training = (date: string, title: string) => ({
  kind: 'training',
  subject: 'professional',
  organizer: 'employer',
  days: 1,
  date,
  title,
})

describe.each(DATABASES)('policies in force (部署设置 适用政策) on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let hr: Client
  /** A 常州 engineer: the national draft governs their 2026 by default. */
  let engineer: string

  beforeAll(async () => {
    api = await startApi(kind)
    hr = await api.as('hr_department')
    const p = await api.d.db
      .selectFrom('person')
      .select('person_key')
      .where('region_code', 'like', '3204%')
      .where('series', '=', 'engineering')
      .orderBy('person_key')
      .executeTakeFirstOrThrow()
    engineer = p.person_key
  }, 120_000)
  afterAll(() => api.stop())

  const admin = async (organisation: string) => {
    const client = await signInFor(api, organisation, 'hr_department')
    await api.d.db
      .updateTable('app_user')
      .set({ is_admin: true })
      .where('username', 'like', 't-%-hr_department')
      .where('organisation_id', 'in', (eb) =>
        eb.selectFrom('organisation').select('id').where('name', '=', organisation),
      )
      .execute()
    return client
  }

  const credit = (date: string, title: string) =>
    transact(api.d.db, (trx) =>
      appendCredit(
        trx,
        { id: 'test' },
        {
          personKey: engineer,
          record: training(date, title),
          source: 'import',
          creditKey: `test:${title}`,
        },
      ),
    )

  it('the demo: its top HR department is 常州市人社局 (demo-hr), and it may set the national, 江苏 and 常州 texts only', async () => {
    expect((await findTopHrDepartment(api.d.db))?.name).toBe('常州市人力资源和社会保障局')
    const res = await hr.request('GET', '/api/settings/policies')
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.department).toEqual({
      name: '常州市人力资源和社会保障局',
      regionCode: '320400',
      regionName: '江苏省常州市',
    })
    expect(body.items.map((p: { id: string }) => p.id)).toEqual([
      'cn-engineering-2026',
      'jiangsu-2023',
      'changzhou-2024',
    ])
    expect(body.items[0]).toMatchObject({
      documentNo: '工程技术人员继续教育规定（征求意见稿）',
      jurisdictionName: '全国',
      series: ['engineering'],
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      current: null,
      history: [],
    })
  })

  it('refuses everyone but the administrator of the top HR department (403), and the signed-out (401)', async () => {
    const clerk = await signInFor(api, '常州市人力资源和社会保障局', 'hr_department')
    const qingdao = await admin('青岛市人力资源和社会保障局')
    const jiangsu = await admin('江苏省人力资源和社会保障厅')
    const employer = await api.as('employer')
    const body = { applies: false, fromYear: 2026, reason: '征求意见稿' }
    for (const [who, client, code] of [
      ['clerk', clerk, 'admin_required'],
      ['青岛 HR', qingdao, 'forbidden'],
      ['江苏 HR', jiangsu, 'forbidden'],
      ['employer', employer, 'forbidden'],
    ] as const) {
      const get = await client.request('GET', '/api/settings/policies')
      expect(get.statusCode, `${who} ${get.body}`).toBe(403)
      const put = await client.request('PUT', ENGINEERING, body)
      expect(put.statusCode, `${who} ${put.body}`).toBe(403)
      expect(put.json().error.code).toBe(code)
    }
    expect((await qingdao.request('PUT', ENGINEERING, body)).json().error.message).toBe(
      '适用政策由本部署最高一级人社部门（常州市人力资源和社会保障局）设置',
    )
    const anonymous = await api.app.inject({ method: 'PUT', url: ENGINEERING, payload: body })
    expect(anonymous.statusCode).toBe(401)
    expect(await api.d.db.selectFrom('policy_setting').select('id').execute()).toEqual([])
  })

  it.each([
    [
      ENGINEERING,
      { applies: false, fromYear: 2025, reason: '早于施行' },
      400,
      'fromYear',
      '起始年度不能早于',
    ],
    [ENGINEERING, { applies: false, fromYear: 2026.5, reason: '非整数' }, 400, 'fromYear', '整数'],
    [ENGINEERING, { applies: false, fromYear: 2026, reason: '   ' }, 400, 'reason', '请填写调整理由'],
    [ENGINEERING, { applies: 'no', fromYear: 2026, reason: '类型' }, 400, 'applies', ''],
    [
      '/api/settings/policies/jiangxi-2023',
      { applies: false, fromYear: 2024, reason: '外省' },
      400,
      'policyId',
      '与本部署（江苏省常州市）无关',
    ],
    [
      '/api/settings/policies/beijing-2020',
      { applies: false, fromYear: 2024, reason: '未知' },
      404,
      undefined,
      '未找到政策文件',
    ],
  ])('refuses %s %j (%i %s)', async (url, body, status, field, message) => {
    const res = await hr.request('PUT', url, body)
    expect(res.statusCode, res.body).toBe(status)
    if (field) expect(res.json().error.field).toBe(field)
    expect(res.json().error.message).toContain(message)
  })

  it('engineering off from 2026: a credit after the change takes 常人社职〔2024〕1号, an earlier entry keeps the national draft; audited', async () => {
    const before = await credit('2026-03-02', '设置前的培训')
    expect(before.policyId).toBe('cn-engineering-2026')
    const publicBefore = (await api.app.inject({ method: 'GET', url: '/api/policies' })).json()
    expect(publicBefore.items.map((p: { id: string }) => p.id)).toEqual([
      'cn-engineering-2026',
      'jiangsu-2023',
      'changzhou-2024',
    ])

    const res = await hr.request('PUT', ENGINEERING, {
      applies: false,
      fromYear: 2026,
      reason: '征求意见稿，本市暂按常人社职〔2024〕1号执行',
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ policyId: 'cn-engineering-2026', applies: false, fromYear: 2026 })

    const after = await credit('2026-03-09', '设置后的培训')
    expect(after.policyId).toBe('changzhou-2024')
    expect(after.basis).toContain('常人社职〔2024〕1号')
    const kept = await api.d.db
      .selectFrom('ledger_entry')
      .select(['policy_id', 'professional', 'basis'])
      .where('person_key', '=', engineer)
      .where('id', '=', before.id)
      .executeTakeFirstOrThrow()
    expect({ ...kept, professional: Number(kept.professional) }).toEqual({
      policy_id: 'cn-engineering-2026',
      professional: before.professional,
      basis: before.basis,
    })

    const audit = await api.d.db
      .selectFrom('audit_event')
      .select(['actor', 'entity_id', 'before', 'after'])
      .where('action', '=', 'policy_setting.change')
      .execute()
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0]?.after as string)).toEqual({
      policy: 'cn-engineering-2026',
      region: '320400',
      applies: false,
      fromYear: 2026,
      reason: '征求意见稿，本市暂按常人社职〔2024〕1号执行',
    })
    expect(audit[0]?.before).toBeNull()

    // The year view and the public list follow the setting.
    const year = await hr.request('GET', `/api/persons/${engineer}/years/2026`)
    expect(year.statusCode, year.body).toBe(200)
    expect(year.json().policy).toBe('changzhou-2024')
    // Compliance measures a 常州 engineer with no hours yet in 2027 against 常人社职〔2024〕1号 (公需30; the draft asks none).
    const compliance = await hr.request('GET', '/api/compliance?year=2027&series=engineering&pageSize=200')
    expect(compliance.statusCode, compliance.body).toBe(200)
    const rows = compliance.json().items as { policyId: string | null; required: { public: number } }[]
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) expect(r).toMatchObject({ policyId: null, required: { public: 30 } })
    const publicAfter = (await api.app.inject({ method: 'GET', url: '/api/policies' })).json()
    expect(publicAfter.items.map((p: { id: string }) => p.id)).toEqual(['jiangsu-2023', 'changzhou-2024'])
    expect(publicAfter.items[1]).toMatchObject({
      documentNo: '常人社职〔2024〕1号',
      jurisdictionName: '江苏省常州市',
      effectiveFrom: '2024-01-08',
      fromYear: 2024,
      toYear: null,
    })
  })

  it('the same setting again is refused (409); applies from 2027: the history keeps both, latest first, and preview follows the year', async () => {
    const same = await hr.request('PUT', ENGINEERING, { applies: false, fromYear: 2026, reason: '重复' })
    expect(same.statusCode).toBe(409)
    const res = await hr.request('PUT', ENGINEERING, {
      applies: true,
      fromYear: 2027,
      reason: '国家规定自2027年起执行',
    })
    expect(res.statusCode, res.body).toBe(200)
    const item = (await hr.request('GET', '/api/settings/policies')).json().items[0]
    expect(item.current).toMatchObject({
      applies: true,
      fromYear: 2027,
      reason: '国家规定自2027年起执行',
      setBy: 'demo-hr',
    })
    expect(item.history.map((h: { fromYear: number }) => h.fromYear)).toEqual([2027, 2026])
    const preview = (date: string) =>
      previewCredit(api.d.db, engineer, training(date, '预估'), { allowFuture: true }).then((p) => p.policy)
    expect(await preview('2026-05-01')).toBe('changzhou-2024')
    expect(await preview('2027-05-01')).toBe('cn-engineering-2026')
    const listed = (await api.app.inject({ method: 'GET', url: '/api/policies' })).json().items[0]
    expect(listed).toMatchObject({ id: 'cn-engineering-2026', fromYear: 2027, toYear: null })
  })
})
