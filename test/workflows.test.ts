import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chinaToday } from '../src/domain/china-date.js'
import { type Client, multipart, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { insertProject } from './people.js'

/** The smallest file our sniffer takes for a PDF. */
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n')

const addDays = (date: string, n: number) =>
  new Date(Date.parse(date) + n * 86_400_000).toISOString().slice(0, 10)

// Issue #10: the workflows as a clerk would expect them.
describe.each(DATABASES)('workflows on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let person: Client
  let employer: Client
  beforeAll(async () => {
    api = await startApi(kind)
    person = await api.as('person')
    employer = await api.as('employer')
  }, 60_000)
  afterAll(() => api.stop())

  const tomorrow = () => addDays(chinaToday(), 1)
  const training = (date: string) => ({
    kind: 'training',
    subject: 'professional',
    organizer: 'hrss',
    days: 2,
    hours: 16,
    date,
    title: '新技术培训',
  })

  it('an activity dated after today can be neither previewed nor applied for', async () => {
    for (const url of ['/api/preview', '/api/applications']) {
      const res = await person.request('POST', url, training(tomorrow()))
      expect(res.statusCode).toBe(400)
      expect(res.json().error).toMatchObject({ field: 'date' })
      expect(res.json().error.message).toContain('晚于今天')
    }
  })

  it('a roster is reported only once its project has ended', async () => {
    const project = await insertProject(api.d.db, {
      title: '明年一月的研修班',
      subject: 'professional',
      way: 'face_to_face',
      start_date: addDays(chinaToday(), 40),
      end_date: addDays(chinaToday(), 42),
      schedule: '3天',
      venue: '常州',
      faculty: '专家',
      rules: '考勤',
      hours: 24,
      advanced_seminar: false,
    })
    const institution = await api.as('institution')
    const res = await institution.request('POST', `/api/projects/${project.id}/rosters`, {
      rows: [{ idNumber: api.login('person').idNumber, name: '张三' }],
    })
    expect(res.statusCode).toBe(409)
    expect(res.json().error.message).toContain('结束后才能报送')
    const rosters = await api.d.db
      .selectFrom('roster')
      .select('id')
      .where('project_id', '=', project.id)
      .execute()
    expect(rosters).toEqual([])
  })

  it('approval may lower the proposal, never raise it (50 asked where the clause gives 16 is a 400)', async () => {
    const created = await person.request('POST', '/api/applications', training('2025-04-10'))
    expect(created.statusCode).toBe(201)
    const url = `/api/applications/${api.personKey}/${created.json().application.id}/approve`
    const more = await employer.request('POST', url, { hours: 50, reason: '表现突出' })
    expect(more.statusCode).toBe(400)
    expect(more.json().error).toMatchObject({ field: 'hours' })
    expect(more.json().error.message).toContain('不能高于')
    const lower = await employer.request('POST', url, { hours: 12, reason: '缺勤半天' })
    expect(lower.statusCode).toBe(200)
    const year = await person.request('GET', `/api/persons/${api.personKey}/years/2025`)
    const credit = year
      .json()
      .evaluation.records.find((r: { id: string }) => r.id === lower.json().ledgerEntryId)
    expect(credit).toMatchObject({ professional: 12 })
  })

  it('the industry authority finds the rosters waiting for it, is notified when one arrives, and a superseded version is read', async () => {
    const project = await insertProject(api.d.db, {
      title: '护理质量提升班',
      subject: 'professional',
      way: 'face_to_face',
      start_date: '2025-03-03',
      end_date: '2025-03-04',
      schedule: '2天',
      venue: '常州',
      faculty: '专家',
      rules: '考勤',
      hours: 16,
      advanced_seminar: false,
    })
    const institution = await api.as('institution')
    const authority = await api.as('authority')
    const { name } = await api.d.db
      .selectFrom('person')
      .select('name')
      .where('person_key', '=', api.personKey)
      .executeTakeFirstOrThrow()
    const first = await institution.request('POST', `/api/projects/${project.id}/rosters`, {
      rows: [{ idNumber: api.login('person').idNumber, name, hours: 16 }],
    })
    expect(first.statusCode).toBe(201)
    const queue = await authority.request('GET', '/api/rosters?projectTitle=护理')
    expect(queue.statusCode).toBe(200)
    expect(queue.json()).toMatchObject({ total: 1, page: 1, pageSize: 20 })
    expect(queue.json().items[0]).toMatchObject({
      id: first.json().roster.id,
      projectTitle: '护理质量提升班',
      awaiting: 1,
      version: 1,
    })
    const inbox = async () =>
      (await authority.request('GET', '/api/notifications')).json().items as { link: string; read: boolean }[]
    expect((await inbox()).find((n) => n.link === `/rosters/${first.json().roster.id}`)).toMatchObject({
      read: false,
    })
    // A corrected version supersedes the first: its notification is done with.
    const second = await institution.request('POST', `/api/projects/${project.id}/rosters`, {
      rows: [{ idNumber: api.login('person').idNumber, name, hours: 12 }],
    })
    expect(second.statusCode).toBe(201)
    const notes = await inbox()
    expect(notes.find((n) => n.link === `/rosters/${first.json().roster.id}`)).toMatchObject({ read: true })
    expect(notes.find((n) => n.link === `/rosters/${second.json().roster.id}`)).toMatchObject({ read: false })
    const after = (await authority.request('GET', '/api/rosters?projectTitle=护理')).json()
    expect(after.items.map((r: { id: string }) => r.id)).toEqual([second.json().roster.id])
    // The employer of the person sees it too; a search that matches nothing lists nothing.
    const employerQueue = (await employer.request('GET', '/api/rosters')).json()
    expect(employerQueue.items.map((r: { id: string }) => r.id)).toContain(second.json().roster.id)
    expect((await authority.request('GET', '/api/rosters?projectTitle=%25%25')).json().total).toBe(0)
  })

  it("the reviewer sees the evidence, the engine's proposal with its clause and the person's year so far", async () => {
    const created = await person.request('POST', '/api/applications', {
      ...training('2025-08-05'),
      title: '证据审核',
    })
    expect(created.statusCode).toBe(201)
    const url = `/api/applications/${api.personKey}/${created.json().application.id}`
    const file = multipart('结业证书.pdf', PDF)
    const stored = await person.request('POST', `${url}/evidence`, file.body, file.headers)
    expect(stored.statusCode).toBe(201)
    // The same file again is refused, naming the one already there.
    const again = multipart('结业证书-副本.pdf', PDF)
    const twice = await person.request('POST', `${url}/evidence`, again.body, again.headers)
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.message).toContain('结业证书.pdf')
    const detail = (await employer.request('GET', url)).json()
    expect(detail.proposal).toMatchObject({
      hours: 16,
      professional: 16,
      basis: '常人社职〔2024〕1号 四（一）',
    })
    expect(detail.yearSoFar).toMatchObject({
      year: 2025,
      required: { total: 90, public: 30, professional: 60 },
    })
    expect(detail.yearSoFar.totals).toHaveProperty('total')
    expect(detail.evidence).toHaveLength(1)
    const download = await employer.request('GET', `${url}/evidence/${detail.evidence[0].id}`)
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-disposition']).toMatch(/^inline; /)
    expect(download.rawPayload.equals(PDF)).toBe(true)
    // Once decided, the record and its evidence stay as they were.
    expect((await employer.request('POST', `${url}/approve`, {})).statusCode).toBe(200)
    const late = multipart('补充材料.pdf', Buffer.concat([PDF, Buffer.from('%late')]))
    const after = await person.request('POST', `${url}/evidence`, late.body, late.headers)
    expect(after.statusCode).toBe(409)
    expect((await employer.request('GET', url)).json()).toMatchObject({ proposal: null })
  })
})
