import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, multipart, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { insertRosterPeople, onlineProject, rosterIdNumber } from './people.js'

// What PostgreSQL or our own recursion would choke on is refused at the door: 400 naming the field.
const training = {
  kind: 'training',
  subject: 'professional',
  organizer: 'institution',
  days: 3,
  hours: 30,
  date: '2025-05-20',
  title: '智能制造高级研修班',
}

/** The training record as JSON text, with `extra` nested `levels` arrays deep. */
const nestedBody = (levels: number) =>
  JSON.stringify({ ...training, extra: '@' }).replace('"@"', `${'['.repeat(levels)}${']'.repeat(levels)}`)
const JSON_TYPE = { 'content-type': 'application/json' }

describe.each(DATABASES)('input limits on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let person: Client
  let institution: Client
  let hr: Client
  let projectId: string
  let roster: string
  beforeAll(async () => {
    api = await startApi(kind)
    person = await api.as('person')
    institution = await api.as('institution')
    hr = await api.as('hr_department')
    const csv = (await insertRosterPeople(api.d.db, 1, 8)).toString()
    roster = csv.split('\r\n')[1] as string
    projectId = await onlineProject(api.d.db, '在线课程')
  }, 60_000)
  afterAll(() => api.stop())

  const records = async () => (await api.d.db.selectFrom('activity_record').select('id').execute()).length

  it('a NUL in a JSON string: 400 naming the field, nothing stored', async () => {
    const before = await records()
    const res = await person.request('POST', '/api/applications', { ...training, title: '研修\u0000班' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({ code: 'invalid_input', field: 'title' })
    expect(res.json().error.message).toContain('U+0000')
    expect(await records()).toBe(before)
  })

  it('a NUL deep in a list, or in a key, names its path', async () => {
    const row = { idNumber: rosterIdNumber(0), name: '学员0', record: training }
    const res = await hr.request('POST', '/api/imports', {
      rows: [row, { ...row, record: { ...training, title: 'a\u0000' } }],
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.field).toBe('rows.1.record.title')
    const key = await person.request('POST', '/api/preview', { ...training, 'x\u0000': 1 })
    expect(key.statusCode).toBe(400)
  })

  it('half a surrogate pair is refused too (PostgreSQL refuses it in jsonb)', async () => {
    const res = await person.request('POST', '/api/applications', { ...training, title: '研修\ud800' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.field).toBe('title')
  })

  it('a NUL in a query string', async () => {
    const res = await institution.request('GET', '/api/rosters/deadlines?today=2025-01-01%00')
    expect(res.statusCode).toBe(400)
    expect(res.json().error.field).toBe('today')
  })

  it('32 levels of nesting are accepted, 33 refused', async () => {
    expect((await person.request('POST', '/api/applications', nestedBody(31), JSON_TYPE)).statusCode).toBe(
      201,
    )
    const res = await person.request('POST', '/api/applications', nestedBody(32), JSON_TYPE)
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toContain('嵌套超过 32 层')
  })

  it('100,000 levels: 400, not a stack overflow', async () => {
    const res = await person.request('POST', '/api/applications', nestedBody(100_000), JSON_TYPE)
    expect(res.statusCode).toBe(400)
    expect(res.json().error.field).toBe(`extra${'.0'.repeat(31)}`)
  })

  it('a NUL in a roster cell is a row error, not a 500', async () => {
    const csv = `身份证号,姓名,学时,结业日期\r\n${roster},2025-06-01\u0000\r\n`
    const { body, headers } = multipart('花名册.csv', Buffer.from(csv), 'text/csv')
    const res = await institution.request('POST', `/api/projects/${projectId}/rosters`, body, headers)
    expect(res.statusCode).toBe(400)
    expect(res.json().error.rows).toEqual([
      { row: 2, column: '结业日期', reason: '含有空字符（U+0000），请删除' },
    ])
  })
})

// `0x10` is not 16 hours: numbers from text are plain decimal digits only.
describe.each(DATABASES)('numbers written in text on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let institution: Client
  let projectId: string
  let line: (hours: string) => string
  beforeAll(async () => {
    api = await startApi(kind)
    institution = await api.as('institution')
    const csv = (await insertRosterPeople(api.d.db, 1, 8)).toString()
    const [idNumber, name] = (csv.split('\r\n')[1] as string).split(',')
    line = (hours) => `身份证号,姓名,学时\r\n${idNumber},${name},${hours}\r\n`
    projectId = await onlineProject(api.d.db, '在线课程')
  }, 60_000)
  afterAll(() => api.stop())

  const upload = (csv: string) => {
    const { body, headers } = multipart('花名册.csv', Buffer.from(csv), 'text/csv')
    return institution.request('POST', `/api/projects/${projectId}/rosters`, body, headers)
  }

  it.each(['0x10', '1e1', 'Infinity', '0b1', '0o7', '7.125'])(
    'roster hours "%s": a row error',
    async (hours) => {
      const res = await upload(line(hours))
      expect(res.statusCode).toBe(400)
      expect(res.json().error.rows).toEqual([
        { row: 2, column: '学时', reason: '须为大于0的数字，如 8 或 7.5（最多两位小数）' },
      ])
    },
  )

  it('roster hours "7.5" are 7.5 hours', async () => {
    const res = await upload(line('7.5'))
    expect(res.statusCode).toBe(201)
    const row = await api.d.db.selectFrom('roster_row').select('record').executeTakeFirstOrThrow()
    expect(row.record).toMatchObject({ hours: 7.5 })
  })

  it.each([
    '/api/projects?page=0x1',
    '/api/projects?pageSize=1e1',
    '/api/projects?page=',
    '/api/projects?page=%20',
    '/api/calendar/0x7e9',
    '/api/calendar/2.025e3',
  ])('%s: 400', async (url) => {
    const res = await api.app.inject({ url })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toContain('须为十进制整数')
  })

  it('decimal digits still work', async () => {
    expect((await api.app.inject({ url: '/api/projects?page=1&pageSize=5' })).statusCode).toBe(200)
    expect((await api.app.inject({ url: '/api/calendar/2025' })).statusCode).toBe(200)
  })
})
