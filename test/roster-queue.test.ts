import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { transact } from '../src/services/audit.js'
import { registerPerson } from '../src/services/persons.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES, TEST_SECRETS } from './database.js'
import { signInFor } from './org-accounts.js'
import { insertProject } from './people.js'

const ids = [1, 2, 3].map((n) => makeResidentId('320402', `1979030${n}`, 300 + n))
const names = ['钱立新', '孙晓梅', '李卫东']

type Item = { id: string; status: string; awaiting: number; deadline: { due: string; late: boolean } | null }

// 第二十一条 由行业主管部门或用人单位确认: the authority's queue, a roster's page, return with a reason, bulk confirm.
describe.each(DATABASES)('the confirmation queue on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let institution: Client
  let authority: Client
  let employer: Client
  let qingdao: Client
  const rosters: Record<'seminar' | 'online' | 'late' | 'returned', string> = {
    seminar: '',
    online: '',
    late: '',
    returned: '',
  }

  const project = (title: string, end: string, advanced: boolean, hours = 16) =>
    insertProject(api.d.db, {
      title,
      subject: 'professional',
      way: advanced ? 'face_to_face' : 'online',
      start_date: end,
      end_date: end,
      schedule: '1天',
      venue: '常州',
      faculty: '专家',
      rules: '考勤',
      hours,
      advanced_seminar: advanced,
    })
  const report = async (projectId: string, people: number[], hours: number) => {
    const res = await institution.request('POST', `/api/projects/${projectId}/rosters`, {
      rows: people.map((i) => ({ idNumber: ids[i], name: names[i], hours })),
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().roster.id as string
  }
  const queue = async (client: Client, query = '') =>
    (await client.request('GET', `/api/rosters?pageSize=50${query}`)).json() as {
      total: number
      items: Item[]
    }

  beforeAll(async () => {
    api = await startApi(kind)
    institution = await api.as('institution')
    authority = await api.as('authority')
    employer = await api.as('employer')
    const employerOrg = await api.d.db
      .selectFrom('app_user')
      .select('organisation_id')
      .where('username', '=', 'demo-employer')
      .executeTakeFirstOrThrow()
    for (const [i, idNumber] of ids.entries()) {
      const { person } = await transact(api.d.db, (trx) =>
        registerPerson(
          trx,
          TEST_SECRETS,
          { id: 'clerk' },
          {
            idNumber,
            name: names[i] as string,
            regionCode: '320402',
            series: 'engineering',
            titleLevel: 'junior',
          },
        ),
      )
      // The first works for the demo employer.
      if (i === 0)
        await api.d.db
          .insertInto('employment')
          .values({
            person_key: person.personKey,
            organisation_id: employerOrg.organisation_id as string,
            relation: 'employee',
            from_date: '2020-01-01',
          })
          .execute()
    }
    qingdao = await signInFor(api, '青岛市卫生健康委员会', 'authority')
    // An advanced seminar ending 2025-09-26 is due 2025-10-30 (308号 五（二）); one ending 2025-06-06 is due
    // 2025-07-04, and reported today it is late; an online course has no deadline.
    rosters.seminar = await report((await project('队列-高级研修班', '2025-09-26', true)).id, [0, 1, 2], 8)
    rosters.online = await report((await project('队列-线上课程', '2025-05-01', false)).id, [0, 1], 6)
    rosters.late = await report((await project('队列-早期研修班', '2025-06-06', true)).id, [1], 8)
    rosters.returned = await report((await project('队列-待退回', '2025-04-01', false)).id, [0, 2], 4)
  }, 300_000)
  afterAll(() => api.stop())

  it('the authority lists the rosters of its region waiting for it, newest first by default', async () => {
    const q = await queue(authority, '&projectTitle=队列')
    expect(q.total).toBe(4)
    expect(q.items.map((r) => r.id)).toEqual([
      rosters.returned,
      rosters.late,
      rosters.online,
      rosters.seminar,
    ])
    expect(q.items.every((r) => r.status === 'pending')).toBe(true)
    const seminar = (await authority.request('GET', '/api/rosters?projectTitle=队列-高级')).json().items[0]
    expect(seminar).toMatchObject({
      projectTitle: '队列-高级研修班',
      institutionName: '常州市专业技术人员继续教育基地（常州工学院）',
      awaiting: 3,
      rowCount: 3,
      deadline: { due: '2025-10-30', late: true, basis: '苏人社函〔2023〕308号 五（二）' },
    })
    const oldest = await queue(authority, '&projectTitle=队列&order=asc')
    expect(oldest.items.map((r) => r.id)).toEqual([
      rosters.seminar,
      rosters.online,
      rosters.late,
      rosters.returned,
    ])
  })

  it('sorted by deadline: the soonest due first, those without a deadline after them', async () => {
    const q = await queue(authority, '&projectTitle=队列&sort=deadline')
    expect(q.items.map((r) => r.id).slice(0, 2)).toEqual([rosters.late, rosters.seminar])
    expect(q.items.slice(2).every((r) => r.deadline === null)).toBe(true)
    expect(q.items[0]?.deadline?.due).toBe('2025-07-04')
    const latest = await queue(authority, '&projectTitle=队列&sort=deadline&order=desc')
    expect(latest.items.map((r) => r.id).slice(0, 2)).toEqual([rosters.seminar, rosters.late])
  })

  it('pages: two of four, then the other two', async () => {
    const first = (await authority.request('GET', '/api/rosters?projectTitle=队列&pageSize=2')).json()
    const second = (await authority.request('GET', '/api/rosters?projectTitle=队列&pageSize=2&page=2')).json()
    expect(first).toMatchObject({ total: 4, page: 1, pageSize: 2 })
    expect(new Set([...first.items, ...second.items].map((r: Item) => r.id)).size).toBe(4)
  })

  it('another region’s authority sees none of them, opens none, lists no line and returns none', async () => {
    expect((await queue(qingdao, '&projectTitle=队列')).total).toBe(0)
    expect((await qingdao.request('GET', `/api/rosters/${rosters.seminar}`)).statusCode).toBe(403)
    expect((await qingdao.request('GET', `/api/rosters/${rosters.seminar}/lines`)).json()).toMatchObject({
      total: 0,
      items: [],
    })
    const refused = await qingdao.request('POST', `/api/rosters/${rosters.seminar}/return`, {
      reason: '不予确认',
    })
    expect(refused.statusCode).toBe(403)
    const summary = await qingdao.request('POST', '/api/rosters/bulk-confirm/summary', {
      ids: [rosters.seminar],
    })
    expect(summary.statusCode).toBe(403)
    expect((await authority.request('GET', `/api/rosters/${crypto.randomUUID()}`)).statusCode).toBe(404)
  })

  it('a roster opens on its project, institution and what waits; its lines page with masked ID numbers', async () => {
    const detail = (await authority.request('GET', `/api/rosters/${rosters.seminar}`)).json()
    expect(detail).toMatchObject({
      status: 'pending',
      institutionName: '常州市专业技术人员继续教育基地（常州工学院）',
      project: { title: '队列-高级研修班', endDate: '2025-09-26', advancedSeminar: true },
      awaiting: { lines: 3, persons: 3, hours: 24 },
      mayConfirm: true,
      mayReturn: true,
    })
    const lines = (await authority.request('GET', `/api/rosters/${rosters.seminar}/lines?pageSize=2`)).json()
    expect(lines.total).toBe(3)
    expect(lines.items).toHaveLength(2)
    expect(lines.items[0]).toMatchObject({ row: 1, name: names[0], hours: 8, confirmed: false })
    expect(lines.items[0].idMasked).not.toContain(ids[0]?.slice(6, 14))
    // The employer sees its own staff only, and may not return the roster.
    const mine = (await employer.request('GET', `/api/rosters/${rosters.seminar}/lines`)).json()
    expect(mine.items.map((l: { name: string }) => l.name)).toEqual([names[0]])
    expect((await employer.request('GET', `/api/rosters/${rosters.seminar}`)).json()).toMatchObject({
      awaiting: { lines: 1, persons: 1, hours: 8 },
      mayReturn: false,
    })
  })

  it('returned with a reason: the institution is told why, the roster leaves the queue and cannot be confirmed', async () => {
    const empty = await authority.request('POST', `/api/rosters/${rosters.returned}/return`, { reason: '  ' })
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error.message).toContain('退回理由')
    expect(
      (await employer.request('POST', `/api/rosters/${rosters.returned}/return`, { reason: '有误' }))
        .statusCode,
    ).toBe(403)
    const res = await authority.request('POST', `/api/rosters/${rosters.returned}/return`, {
      reason: '第3行学时超过项目公布学时',
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ status: 'returned', returnReason: '第3行学时超过项目公布学时' })
    expect((await queue(authority, '&projectTitle=队列')).items.map((r) => r.id)).not.toContain(
      rosters.returned,
    )
    expect((await queue(authority, '&projectTitle=队列&status=returned')).items).toMatchObject([
      { id: rosters.returned, status: 'returned' },
    ])
    const confirm = await authority.request('POST', `/api/rosters/${rosters.returned}/confirm`)
    expect(confirm.statusCode).toBe(409)
    expect(confirm.json().error.message).toContain('退回')
    expect(
      (await authority.request('POST', `/api/rosters/${rosters.returned}/return`, { reason: '再退' }))
        .statusCode,
    ).toBe(409)
    const notes = (await institution.request('GET', '/api/notifications')).json().items as {
      link: string
      body: string
    }[]
    expect(notes.find((n) => n.link === `/rosters/${rosters.returned}`)?.body).toContain(
      '第3行学时超过项目公布学时',
    )
    const audit = await api.d.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', rosters.returned)
      .execute()
    expect(audit.map((a) => a.action)).toContain('roster.return')
  })

  it('bulk: the summary counts rosters, lines, persons once and hours; confirmation is all or none', async () => {
    const summary = await authority.request('POST', '/api/rosters/bulk-confirm/summary', {
      ids: [rosters.seminar, rosters.online],
    })
    expect(summary.statusCode, summary.body).toBe(200)
    // 3 lines of 8 hours and 2 of 6: 5 lines, 3 persons (two are in both), 36 hours.
    expect(summary.json()).toMatchObject({ rosters: 2, lines: 5, persons: 3, hours: 36 })
    const ledger = () =>
      api.d.db
        .selectFrom('roster_row')
        .select('ledger_entry_id')
        .where('ledger_entry_id', 'is not', null)
        .execute()
    const before = (await ledger()).length
    const mixed = await authority.request('POST', '/api/rosters/bulk-confirm', {
      ids: [rosters.seminar, rosters.online, rosters.returned],
    })
    expect(mixed.statusCode).toBe(409)
    expect((await ledger()).length).toBe(before)
    const done = await authority.request('POST', '/api/rosters/bulk-confirm', {
      ids: [rosters.seminar, rosters.online],
    })
    expect(done.statusCode, done.body).toBe(200)
    expect(done.json()).toMatchObject({ rosters: 2, confirmed: 5, remaining: 0 })
    expect((await ledger()).length).toBe(before + 5)
    expect((await queue(authority, '&projectTitle=队列')).items.map((r) => r.id)).toEqual([rosters.late])
    expect((await queue(authority, '&projectTitle=队列&status=confirmed')).total).toBe(2)
    expect(
      (await authority.request('POST', '/api/rosters/bulk-confirm/summary', { ids: [] })).statusCode,
    ).toBe(400)
  })
})
