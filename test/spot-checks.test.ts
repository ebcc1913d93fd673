import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../src/services/passwords.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'

// 随机抽查 (青人社字〔2023〕14号 六（三）「定期检查或随机抽查」; 鲁人社发〔2016〕10号 （十五）「随机统计」): a
// reproducible sample in the caller's oversight, its checklist, its close and its workbook.
describe.each(DATABASES)('spot checks on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let hr: Client
  let authority: Client
  let qingdaoHr: Client
  beforeAll(async () => {
    api = await startApi(kind)
    hr = await api.as('hr_department')
    authority = await api.as('authority')
    qingdaoHr = await signInFor(api, '青岛市人力资源和社会保障局', 'hr_department')
  }, 180_000)
  afterAll(() => api?.stop())

  const draw = async (client: Client, body: object) => {
    const res = await client.request('POST', '/api/spot-checks', { title: '抽查', ...body })
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }
  const items = async (client: Client, id: string) =>
    (await client.request('GET', `/api/spot-checks/${id}/items?pageSize=200`)).json().items as {
      id: string
      subjectId: string
      stratum: string
      personKey: string | null
      label: string
      detail: string
    }[]
  const persons = (where: (q: ReturnType<typeof base>) => ReturnType<typeof base>) => where(base()).execute()
  const base = () => api.d.db.selectFrom('person').select(['person_key', 'region_code', 'industry', 'series'])

  it('六（三） the same seed draws the same sample, another seed another; the redraw says so', async () => {
    const a = await draw(hr, { population: 'persons', sampleSize: 5, seed: 20260101 })
    const b = await draw(hr, { population: 'persons', sampleSize: 5, seed: 20260101 })
    const c = await draw(hr, { population: 'persons', sampleSize: 5, seed: 777 })
    expect(a).toMatchObject({ seed: 20260101, sampleSize: 5, state: 'open', regionName: '常州市' })
    expect(b.populationHash).toBe(a.populationHash)
    const ids = async (id: string) => (await items(hr, id)).map((i) => i.subjectId)
    expect(await ids(b.id)).toEqual(await ids(a.id))
    expect(await ids(c.id)).not.toEqual(await ids(a.id))
    const again = (await hr.request('GET', `/api/spot-checks/${a.id}/redraw`)).json()
    expect(again).toMatchObject({
      populationChanged: false,
      sameItems: true,
      populationSize: a.populationSize,
    })
    expect(again.items).toEqual(await ids(a.id))
    // A seed not given is drawn and recorded.
    const random = await draw(hr, { population: 'persons', sampleSize: 1 })
    expect(random.seed).toBeGreaterThan(0)
  })

  it('stays in scope: the city HR department its region, the authority its industry there', async () => {
    const city = await persons((q) => q.where('region_code', 'like', '3204%'))
    const all = await draw(hr, { population: 'persons', sampleSize: 500, seed: 1 })
    expect(all.populationSize).toBe(city.length)
    const keys = new Set(city.map((p) => p.person_key))
    for (const i of await items(hr, all.id)) expect(keys.has(i.subjectId)).toBe(true)

    const building = await persons((q) =>
      q.where('region_code', 'like', '3204%').where('industry', '=', '建筑'),
    )
    const mine = await draw(authority, { population: 'persons', sampleSize: 500, seed: 1 })
    expect(mine.definition).toMatchObject({ industry: '建筑', regionCode: '320400' })
    expect(mine.populationSize).toBe(building.length)
    expect(building.length).toBeLessThan(city.length)
    const theirs = new Set(building.map((p) => p.person_key))
    for (const i of await items(authority, mine.id)) expect(theirs.has(i.subjectId)).toBe(true)

    const employers = await draw(authority, { population: 'employers', sampleSize: 500, seed: 1 })
    const rows = await api.d.db
      .selectFrom('organisation')
      .select(['industry', 'region_code'])
      .where(
        'id',
        'in',
        (await items(authority, employers.id)).map((i) => i.subjectId),
      )
      .execute()
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows)
      expect(r).toMatchObject({ industry: '建筑', region_code: expect.stringMatching(/^3204/) })

    const elsewhere = await hr.request('POST', '/api/spot-checks', {
      title: '青岛',
      population: 'persons',
      sampleSize: 3,
      regionCode: '370200',
    })
    expect(elsewhere.statusCode).toBe(403)
    // Another organisation neither sees the spot check nor its items.
    expect((await qingdaoHr.request('GET', `/api/spot-checks/${all.id}`)).statusCode).toBe(404)
    expect((await qingdaoHr.request('GET', `/api/spot-checks/${all.id}/items`)).json()).toMatchObject({
      total: 0,
      items: [],
    })
    expect((await qingdaoHr.request('GET', `/api/spot-checks/${all.id}/export`)).statusCode).toBe(404)
    expect(
      (await qingdaoHr.request('GET', '/api/spot-checks')).json().items.map((c: { id: string }) => c.id),
    ).not.toContain(all.id)
  })

  it('an authority registered without an industry is refused', async () => {
    const org = await api.d.db
      .insertInto('organisation')
      .values({ kind: 'authority', name: '无行业主管部门', region_code: '320400', industry: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    await api.d.db
      .insertInto('app_user')
      .values({
        username: 'no-industry',
        role: 'authority',
        organisation_id: org.id,
        password_hash: await hashPassword('No-Industry-2026!'),
      })
      .execute()
    const none = await api.signIn('no-industry', 'No-Industry-2026!')
    const res = await none.request('POST', '/api/spot-checks', {
      title: '抽查',
      population: 'persons',
      sampleSize: 3,
    })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.message).toContain('未登记所管行业')
  })

  it('stratified by district: each stratum gets ⌊n·Nₕ/N⌋ and the rest by largest remainders', async () => {
    const city = await persons((q) => q.where('region_code', 'like', '3204%'))
    const sizes = new Map<string, number>()
    for (const p of city) sizes.set(p.region_code, (sizes.get(p.region_code) ?? 0) + 1)
    const n = 7
    const c = await draw(hr, { population: 'persons', sampleSize: n, seed: 99, stratifyBy: 'district' })
    const allocation = c.allocation as {
      stratum: string
      population: number
      sample: number
      label: string
    }[]
    expect(allocation.map((a) => a.stratum)).toEqual([...sizes.keys()].sort())
    for (const a of allocation) {
      expect(a.population).toBe(sizes.get(a.stratum))
      const floor = Math.floor((n * a.population) / city.length)
      expect(a.sample === floor || a.sample === floor + 1).toBe(true)
    }
    expect(allocation.reduce((s, a) => s + a.sample, 0)).toBe(n)
    const drawn = await items(hr, c.id)
    for (const a of allocation) expect(drawn.filter((i) => i.stratum === a.stratum).length).toBe(a.sample)
    const regions = new Map(city.map((p) => [p.person_key, p.region_code]))
    for (const i of drawn) expect(regions.get(i.subjectId)).toBe(i.stratum)
    // Each item names its person as the checker sees them: the name and the masked ID number.
    const names = new Map(
      (
        await api.d.db
          .selectFrom('person')
          .select(['person_key', 'name', 'id_masked'])
          .where(
            'person_key',
            'in',
            drawn.map((i) => i.subjectId),
          )
          .execute()
      ).map((p) => [p.person_key, `${p.name}（${p.id_masked}）`]),
    )
    for (const i of drawn) {
      expect(i.personKey).toBe(i.subjectId)
      expect(i.label).toBe(names.get(i.subjectId))
      expect(i.detail).toContain(' · ')
    }
    // A stratum the population does not have is refused, naming the field.
    const bad = await hr.request('POST', '/api/spot-checks', {
      title: '单位',
      population: 'employers',
      sampleSize: 3,
      stratifyBy: 'series',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.field).toBe('stratifyBy')
    const noYear = await hr.request('POST', '/api/spot-checks', {
      title: '学时',
      population: 'entries',
      sampleSize: 3,
    })
    expect(noYear.json().error.field).toBe('year')
  })

  it('records the checklist, revokes a credit from a finding, refuses out of scope, closes once all are checked; all audited', async () => {
    const c = await draw(hr, {
      population: 'entries',
      year: 2025,
      sampleSize: 3,
      seed: 5,
      stratifyBy: 'source',
    })
    expect(c.sampleSize).toBe(3)
    const [first, second, third] = await items(hr, c.id)
    if (!first || !second || !third) throw new Error('three items')
    const put = (client: Client, id: string, body: object) =>
      client.request('PUT', `/api/spot-check-items/${id}`, body)

    const noFinding = await put(hr, first.id, { evidenceSeen: true, matchesRecord: false })
    expect(noFinding.statusCode).toBe(400)
    expect(noFinding.json().error.field).toBe('finding')
    const ok = await put(hr, first.id, { evidenceSeen: true, matchesRecord: true })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({
      evidenceSeen: true,
      matchesRecord: true,
      checkedBy: expect.any(String),
    })
    expect((await put(qingdaoHr, first.id, { evidenceSeen: true, matchesRecord: true })).statusCode).toBe(404)
    const warning = await put(hr, second.id, {
      evidenceSeen: true,
      matchesRecord: false,
      finding: '证书伪造',
      action: 'warning',
    })
    expect(warning.statusCode).toBe(400)
    expect(warning.json().error.field).toBe('action')

    const early = await hr.request('POST', `/api/spot-checks/${c.id}/close`, { conclusion: '完成' })
    expect(early.statusCode).toBe(409)

    const revoked = await hr.request('POST', `/api/spot-check-items/${second.id}/revoke`, {
      ground: 'fraud',
      reason: '证书伪造',
    })
    expect(revoked.statusCode, revoked.body).toBe(200)
    expect(revoked.json()).toMatchObject({ action: 'revocation', matchesRecord: false, finding: '证书伪造' })
    const reversal = await api.d.db
      .selectFrom('ledger_entry')
      .select(['reverses_id', 'source'])
      .where('id', '=', revoked.json().actionRef)
      .executeTakeFirstOrThrow()
    expect(reversal).toEqual({ reverses_id: second.subjectId, source: 'revocation' })
    // The credit revoked leaves the population: a redraw sees it changed.
    expect((await hr.request('GET', `/api/spot-checks/${c.id}/redraw`)).json().populationChanged).toBe(true)

    // The third item's person moves out of the city: no longer the HR department's to check.
    const person = third.personKey as string
    const before = await api.d.db
      .selectFrom('person')
      .select('region_code')
      .where('person_key', '=', person)
      .executeTakeFirstOrThrow()
    await api.d.db
      .updateTable('person')
      .set({ region_code: '370202' })
      .where('person_key', '=', person)
      .execute()
    const outside = await put(hr, third.id, { evidenceSeen: true, matchesRecord: true })
    expect(outside.statusCode).toBe(403)
    await api.d.db
      .updateTable('person')
      .set({ region_code: before.region_code })
      .where('person_key', '=', person)
      .execute()
    expect((await put(hr, third.id, { evidenceSeen: false, matchesRecord: true })).statusCode).toBe(200)

    expect(
      (await hr.request('POST', `/api/spot-checks/${c.id}/close`, { conclusion: ' ' })).json().error.field,
    ).toBe('conclusion')
    const closed = await hr.request('POST', `/api/spot-checks/${c.id}/close`, {
      conclusion: '一条学时证书伪造，已撤销',
    })
    expect(closed.statusCode).toBe(200)
    expect(closed.json()).toMatchObject({ state: 'closed', checked: 3, findings: 1 })
    expect((await put(hr, first.id, { evidenceSeen: true, matchesRecord: true })).statusCode).toBe(409)

    const actions = (
      await api.d.db
        .selectFrom('audit_event')
        .select('action')
        .where('entity', '=', 'spot_check')
        .where('entity_id', '=', c.id)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action)
    expect(actions).toEqual([
      'spot_check.draw',
      'spot_check.item',
      'spot_check.revocation',
      'spot_check.item',
      'spot_check.close',
    ])
  })

  it('an institution finding records the warning intended (江西 第二十五条); the authority may not revoke', async () => {
    const c = await draw(hr, { population: 'institutions', sampleSize: 1, seed: 3 })
    const [item] = await items(hr, c.id)
    if (!item) throw new Error('an institution')
    const res = await hr.request('PUT', `/api/spot-check-items/${item.id}`, {
      evidenceSeen: true,
      matchesRecord: false,
      finding: '未按规定公布培训项目',
      action: 'criticism',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ action: 'criticism', finding: '未按规定公布培训项目' })
    // The finding's 警告机构: the sanction issued with this spot check's id, then linked to the item.
    const other = await hr.request('POST', `/api/institutions/${item.subjectId}/warnings`, {
      kind: 'warning',
      reason: '另案',
      ground: 'duties',
    })
    expect(other.statusCode, other.body).toBe(200)
    const unrelated = await hr.request('POST', `/api/spot-check-items/${item.id}/warning`, {
      warningId: other.json().id,
    })
    expect(unrelated.statusCode).toBe(400)
    expect(unrelated.json().error.field).toBe('warningId')
    const issued = await hr.request('POST', `/api/institutions/${item.subjectId}/warnings`, {
      kind: 'criticism',
      reason: '未按规定公布培训项目',
      ground: 'publication',
      spotCheckId: c.id,
    })
    expect(issued.statusCode, issued.body).toBe(200)
    // The rule breached is the one chosen, not 其他: 未提前一个月公布培训项目 (江西省人民政府令第259号 第十六条),
    // stored with the sanction and published with it on the credit record (第二十三条).
    expect(issued.json()).toMatchObject({ ground: 'publication', spotCheckId: c.id })
    const stored = await api.d.db
      .selectFrom('institution_sanction')
      .select(['ground', 'spot_check_id'])
      .where('id', '=', issued.json().id)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ ground: 'publication', spot_check_id: c.id })
    const records = (await api.app.inject({ url: '/api/public/credit-records' })).json()
    expect(records.items).toContainEqual(
      expect.objectContaining({
        id: issued.json().id,
        kind: 'criticism',
        groundBasis: '江西省人民政府令第259号 第十六条',
      }),
    )
    const linked = await hr.request('POST', `/api/spot-check-items/${item.id}/warning`, {
      warningId: issued.json().id,
    })
    expect(linked.statusCode, linked.body).toBe(200)
    expect(linked.json()).toMatchObject({ action: 'criticism', actionRef: issued.json().id })
    expect(
      (
        await qingdaoHr.request('POST', `/api/spot-check-items/${item.id}/warning`, {
          warningId: issued.json().id,
        })
      ).statusCode,
    ).toBe(404)
    const e = await draw(authority, { population: 'entries', year: 2025, sampleSize: 1, seed: 3 })
    const [entry] = await items(authority, e.id)
    if (entry)
      expect(
        (
          await authority.request('POST', `/api/spot-check-items/${entry.id}/revoke`, {
            ground: 'fraud',
            reason: 'x',
          })
        ).statusCode,
      ).toBe(403)
  })

  it('exports the draw, the sample and the findings as xlsx', async () => {
    const c = await draw(hr, { population: 'persons', sampleSize: 2, seed: 11, stratifyBy: 'series' })
    const [first] = await items(hr, c.id)
    if (!first) throw new Error('an item')
    await hr.request('PUT', `/api/spot-check-items/${first.id}`, {
      evidenceSeen: true,
      matchesRecord: false,
      finding: '继续教育证明缺失',
    })
    const res = await hr.request('GET', `/api/spot-checks/${c.id}/export`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toContain('.xlsx')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const about = book.getWorksheet('抽查说明')
    const value = (label: string) =>
      about
        ?.getRows(1, 30)
        ?.find((r) => r.getCell(1).value === label)
        ?.getCell(2).value
    expect(value('随机种子')).toBe('11')
    expect(value('总体数量')).toBe(String(c.populationSize))
    expect(value('总体指纹（SHA-256）')).toBe(c.populationHash)
    expect(value('分层')).toBe('职称系列')
    const sheet = book.getWorksheet('样本与结果')
    expect(sheet?.getRow(1).getCell(8).value).toBe('发现的问题')
    expect(sheet?.rowCount).toBe(3)
    const row = sheet?.getRow(2)
    expect(row?.getCell(5).value).toBe(first.subjectId)
    expect(row?.getCell(7).value).toBe('否')
    expect(row?.getCell(8).value).toBe('继续教育证明缺失')
  })
})
