import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import type { Principal } from '../src/services/accounts.js'
import { transact } from '../src/services/audit.js'
import { publicationRuleFor } from '../src/services/own-projects.js'
import { registerPerson } from '../src/services/persons.js'
import { csvLineCount } from '../src/services/upload-progress.js'
import { type Client, multipart, startApi } from './api-helpers.js'
import { DATABASES, TEST_SECRETS } from './database.js'

const ids = [1, 2, 3].map((n) => makeResidentId('320402', `1987060${n}`, 300 + n))
const names = ['钱一', '孙二', '李三']

const project = (over: Record<string, unknown>) => ({
  title: '项目',
  subject: 'professional',
  way: 'face_to_face',
  startDate: '2025-05-12',
  endDate: '2025-05-14',
  schedule: '三天面授',
  venue: '常州市继续教育中心',
  faculty: '高级工程师三名',
  rules: '全程考勤',
  hours: 24,
  ...over,
})

describe.each(DATABASES)("an organiser's own projects on %s", (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let institution: Client
  let hr: Client
  let finished: string
  beforeAll(async () => {
    api = await startApi(kind)
    institution = await api.as('institution')
    hr = await api.as('hr_department')
    for (const [i, idNumber] of ids.entries()) {
      await transact(api.d.db, (trx) =>
        registerPerson(
          trx,
          TEST_SECRETS,
          { id: 'clerk' },
          {
            idNumber,
            name: names[i] as string,
            regionCode: '320402',
            series: 'engineering',
            titleLevel: 'intermediate',
          },
        ),
      )
    }
    const a = await institution.request(
      'POST',
      '/api/projects',
      project({ title: '桥梁检测新技术研修班', fees: '每人1200元（含资料费）' }),
    )
    expect(a.statusCode, a.body).toBe(201)
    finished = a.json().id
    const b = await institution.request(
      'POST',
      '/api/projects',
      project({ title: '装配式建筑培训', startDate: '2099-03-01', endDate: '2099-03-02', hours: 16 }),
    )
    expect(b.statusCode, b.body).toBe(201)
  }, 180_000)
  afterAll(() => api.stop())

  it('lists its projects with their state, fees and roster; searches by title and filters by state', async () => {
    const all = (await institution.request('GET', '/api/projects/mine')).json()
    expect(all.total).toBe(2)
    expect(all.items.map((p: { title: string; state: string }) => [p.title, p.state])).toEqual([
      ['装配式建筑培训', 'published'],
      ['桥梁检测新技术研修班', 'finished'],
    ])
    expect(all.items[1]).toMatchObject({ fees: '每人1200元（含资料费）', roster: null })
    const found = (
      await institution.request('GET', `/api/projects/mine?q=${encodeURIComponent('桥梁')}`)
    ).json()
    expect(found.items.map((p: { id: string }) => p.id)).toEqual([finished])
    const done = (await institution.request('GET', '/api/projects/mine?state=finished')).json()
    expect(done.items.map((p: { id: string }) => p.id)).toEqual([finished])
    expect((await institution.request('GET', '/api/projects/mine?state=running')).json().total).toBe(0)
    // Another organiser sees only its own.
    expect((await hr.request('GET', '/api/projects/mine')).json().total).toBe(0)
  })

  it('第十二条: an HR department’s own activity charges no fees', async () => {
    const res = await hr.request(
      'POST',
      '/api/projects',
      project({ way: 'public_course_exam', subject: 'public', fees: '每人50元' }),
    )
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toContain('第十二条')
  })

  it('第十六条: the earliest start shown before publishing, where the Jiangxi order governs', async () => {
    expect((await institution.request('GET', '/api/projects/publication-rule')).json()).toMatchObject({
      rule: null, // Changzhou: no text sets a lead time
      earliestStart: null,
    })
    const nanchang = await api.d.db
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'institution')
      .where('region_code', 'like', '36%')
      .executeTakeFirstOrThrow()
    const p = { organisationId: nanchang.id } as Principal
    const now = await publicationRuleFor(api.d.db, p, '2026-01-31')
    expect(now.rule?.basis).toContain('第十六条')
    expect(now.earliestStart).toBe('2026-02-28')
  })

  it('the versions of a roster, newest first, each with its difference from the one before', async () => {
    const v1 = await institution.request('POST', `/api/projects/${finished}/rosters`, {
      rows: [
        { idNumber: ids[0], name: names[0] },
        { idNumber: ids[1], name: names[1] },
      ],
    })
    expect(v1.statusCode, v1.body).toBe(201)
    const v2 = await institution.request('POST', `/api/projects/${finished}/rosters`, {
      rows: [
        { idNumber: ids[0], name: names[0], hours: 20 },
        { idNumber: ids[1], name: names[1] },
        { idNumber: ids[2], name: names[2] },
      ],
    })
    expect(v2.statusCode, v2.body).toBe(201)
    const res = await institution.request('GET', `/api/projects/${finished}/rosters`)
    expect(res.statusCode).toBe(200)
    const { versions } = res.json()
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'pending'],
      [1, 'superseded'],
    ])
    expect(versions[0].diff).toMatchObject({ added: 1, removed: 0, changed: 1 })
    expect(versions[0].diff.persons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ change: 'added', name: '李三', hoursAfter: 24 }),
        expect.objectContaining({ change: 'changed', name: '钱一', hoursBefore: 24, hoursAfter: 20 }),
      ]),
    )
    expect(versions[1].diff).toBeNull()
    const mine = (await institution.request('GET', '/api/projects/mine?state=finished')).json()
    expect(mine.items[0].roster).toMatchObject({ version: 2, status: 'pending', rowCount: 3 })
    // Someone else's project's versions: refused.
    expect((await hr.request('GET', `/api/projects/${finished}/rosters`)).statusCode).toBe(403)
    expect((await institution.request('GET', `/api/projects/${randomUUID()}/rosters`)).statusCode).toBe(404)
  })

  it('an upload sent with X-Upload-Id: its checking is followed line by line, by its sender only', async () => {
    const uploadId = randomUUID()
    const csv = `身份证号,姓名,学时\n${ids[0]},${names[0]},20\n${ids[1]},${names[1]},30\n`
    const { body, headers } = multipart('花名册.csv', Buffer.from(csv), 'text/csv')
    const res = await institution.request('POST', `/api/projects/${finished}/rosters`, body, {
      ...headers,
      'x-upload-id': uploadId,
    })
    expect(res.statusCode, res.body).toBe(400) // 孙二: 30 hours, over the project's 24
    expect(res.json().error.rows).toEqual([{ row: 3, column: '学时', reason: '超过项目公布的24学时' }])
    const progress = await institution.request('GET', `/api/uploads/${uploadId}`)
    expect(progress.json()).toEqual({ phase: 'done', checked: 2, total: 2 })
    expect((await hr.request('GET', `/api/uploads/${uploadId}`)).statusCode).toBe(404)
    expect((await institution.request('GET', `/api/uploads/${randomUUID()}`)).statusCode).toBe(404)
  })
})

describe('csvLineCount', () => {
  it.each([
    ['a\nb\nc\n', 2],
    ['a\nb\nc', 2],
    ['a\n', 0],
    ['', 0],
  ])('%j → %i lines after the heading', (text, n) => {
    expect(csvLineCount(Buffer.from(text), false)).toBe(n)
  })
  it('xlsx: not known without reading it', () => expect(csvLineCount(Buffer.from('PK'), true)).toBeNull())
})
