import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { transact } from '../src/services/audit.js'
import { registerPerson } from '../src/services/persons.js'
import { UNVERIFIABLE } from '../src/services/scope.js'
import { type Client, multipart, startApi } from './api-helpers.js'
import { DATABASES, TEST_SECRETS } from './database.js'
import { signInFor } from './org-accounts.js'
import { insertProject } from './people.js'

const clerk = { id: 'clerk' }
const ids = [1, 2, 3, 4].map((n) => makeResidentId('320402', `1988050${n}`, 200 + n))
const names = ['周一鸣', '吴二娘', '郑三立', '王𬌗']

describe.each(DATABASES)('projects and rosters on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let institution: Client
  let projectId: string
  beforeAll(async () => {
    api = await startApi(kind)
    institution = await api.as('institution')
    const employer = await api.d.db
      .selectFrom('app_user')
      .select('organisation_id')
      .where('username', '=', 'demo-employer')
      .executeTakeFirstOrThrow()
    for (const [i, idNumber] of ids.entries()) {
      const { person } = await transact(api.d.db, (trx) =>
        registerPerson(trx, TEST_SECRETS, clerk, {
          idNumber,
          name: names[i] as string,
          regionCode: '320402',
          series: 'health',
          titleLevel: 'junior',
        }),
      )
      // The first two work for the demo employer; the others for nobody the employer can confirm.
      if (i < 2) {
        await api.d.db
          .insertInto('employment')
          .values({
            person_key: person.personKey,
            organisation_id: employer.organisation_id as string,
            relation: 'employee',
            from_date: '2020-01-01',
          })
          .execute()
      }
    }
    const project = await insertProject(api.d.db, {
      title: '医疗质量管理高级研修班',
      subject: 'professional',
      way: 'face_to_face',
      start_date: '2025-09-22',
      end_date: '2025-09-26',
      schedule: '5天',
      venue: '常州',
      faculty: '专家',
      rules: '考勤',
      hours: 40,
      advanced_seminar: true,
    })
    projectId = project.id
  }, 60_000)
  afterAll(() => api.stop())

  const rows = () => ids.map((idNumber, i) => ({ idNumber, name: names[i], hours: 36 }))
  const rosterCount = async () =>
    (await api.d.db.selectFrom('roster').select('id').where('project_id', '=', projectId).execute()).length

  it('every bad row is reported by row and column, and nothing is written', async () => {
    const bad = [
      { idNumber: '320402198805011234', name: '周一鸣' },
      { idNumber: makeResidentId('320402', '19900101', 555), name: '不存在' },
      { idNumber: ids[1], name: '吴二' },
      { idNumber: ids[2], name: names[2], hours: 50 },
      { idNumber: ids[2], name: names[2] },
      { idNumber: makeResidentId('320402', '20590315', 1), name: '未生' },
    ]
    const res = await institution.request('POST', `/api/projects/${projectId}/rosters`, { rows: bad })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.rows).toEqual([
      { row: 1, column: '身份证号', reason: expect.stringContaining('校验码错误') },
      // Unregistered, or a name that differs for a person the institution cannot see: one answer.
      { row: 2, column: '身份证号', reason: UNVERIFIABLE },
      { row: 3, column: '身份证号', reason: UNVERIFIABLE },
      { row: 4, column: '学时', reason: '超过项目公布的40学时' },
      { row: 5, column: '身份证号', reason: '与第4行是同一人' },
      // An ID number born after today is no one's (the check is given today's date).
      { row: 6, column: '身份证号', reason: expect.stringContaining('出生日期晚于今天') },
    ])
    expect(await rosterCount()).toBe(0)
  })

  it('an upload repeated with its key, or with the same content, is counted once', async () => {
    const first = await institution.request(
      'POST',
      `/api/projects/${projectId}/rosters`,
      { rows: rows() },
      { 'idempotency-key': 'k-1' },
    )
    expect(first.statusCode).toBe(201)
    expect(first.json().roster).toMatchObject({ version: 1, rowCount: 4, status: 'pending' })
    const again = await institution.request(
      'POST',
      `/api/projects/${projectId}/rosters`,
      { rows: rows() },
      { 'idempotency-key': 'k-1' },
    )
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ replayed: true, roster: { id: first.json().roster.id } })
    const sameContent = await institution.request('POST', `/api/projects/${projectId}/rosters`, {
      rows: rows(),
    })
    expect(sameContent.json()).toMatchObject({ replayed: true, roster: { id: first.json().roster.id } })
    expect(await rosterCount()).toBe(1)
  })

  it('a corrected CSV (GBK, as Chinese Excel saves it) replaces the unconfirmed version, with the difference', async () => {
    const csv = [
      '身份证号,姓名,学时,天数',
      ...ids.map((id, i) => `${id},${names[i]},${i === 0 ? 32 : 36},5`),
    ].join('\r\n')
    // 王𬌗 is outside GBK: that line goes as UTF-8 in a second upload below; GBK carries the first three.
    const gbkLines = csv.split('\r\n').slice(0, 4).join('\r\n')
    const file = multipart('花名册.csv', iconv.encode(gbkLines, 'gbk'), 'text/csv')
    const res = await institution.request(
      'POST',
      `/api/projects/${projectId}/rosters`,
      file.body,
      file.headers,
    )
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({
      roster: { version: 2, rowCount: 3 },
      diff: { added: 0, removed: 1, changed: 1 },
    })
    expect(res.json().diff.persons).toEqual([
      {
        change: 'changed',
        name: '周一鸣',
        idMasked: expect.stringMatching(/^320\*+\d{3}[\dX]$/),
        hoursBefore: 36,
        hoursAfter: 32,
      },
      { change: 'removed', name: '王𬌗', idMasked: expect.any(String), hoursBefore: 36, hoursAfter: null },
    ])
    const utf8 = multipart(
      '花名册.csv',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]),
      'text/csv',
    )
    const v3 = await institution.request(
      'POST',
      `/api/projects/${projectId}/rosters`,
      utf8.body,
      utf8.headers,
    )
    expect(v3.json()).toMatchObject({
      roster: { version: 3, rowCount: 4 },
      diff: { added: 1, removed: 0, changed: 0 },
    })
    const statuses = await api.d.db
      .selectFrom('roster')
      .select(['version', 'status'])
      .where('project_id', '=', projectId)
      .orderBy('version')
      .execute()
    expect(statuses.map((s) => s.status)).toEqual(['superseded', 'superseded', 'pending'])
  })

  it('the employer confirms its staff, the industry authority the rest; each line reaches the ledger once', async () => {
    const roster = await api.d.db
      .selectFrom('roster')
      .select('id')
      .where('project_id', '=', projectId)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow()
    const employer = await api.as('employer')
    const byEmployer = await employer.request('POST', `/api/rosters/${roster.id}/confirm`)
    expect(byEmployer.json()).toEqual({ confirmed: 2, remaining: 2 })
    expect((await employer.request('POST', `/api/rosters/${roster.id}/confirm`)).statusCode).toBe(403)
    const authority = await api.as('authority')
    expect((await authority.request('POST', `/api/rosters/${roster.id}/confirm`)).json()).toEqual({
      confirmed: 2,
      remaining: 0,
    })
    expect((await authority.request('POST', `/api/rosters/${roster.id}/confirm`)).statusCode).toBe(409)
    const credits = await api.d.db
      .selectFrom('roster_row as r')
      .innerJoin('ledger_entry as e', (j) =>
        j.onRef('e.person_key', '=', 'r.person_key').onRef('e.id', '=', 'r.ledger_entry_id'),
      )
      .select(['e.professional', 'e.source'])
      .where('r.roster_id', '=', roster.id)
      .execute()
    expect(credits.every((c) => c.source === 'roster')).toBe(true)
    expect(credits).toHaveLength(4)
    expect(credits.map((c) => Number(c.professional)).sort()).toEqual([32, 36, 36, 36])
    const corrected = await institution.request('POST', `/api/projects/${projectId}/rosters`, {
      rows: rows().slice(0, 2),
    })
    expect(corrected.statusCode).toBe(409)
  })

  it('an advanced seminar ending 2025-09-26 is due 20 working days later, on 2025-10-30 (National Day counted)', async () => {
    await insertProject(api.d.db, {
      title: '未报送的研修班',
      subject: 'professional',
      way: 'face_to_face',
      start_date: '2025-09-22',
      end_date: '2025-09-26',
      schedule: '5天',
      venue: '常州',
      faculty: '专家',
      rules: '考勤',
      hours: 40,
      advanced_seminar: true,
    })
    const soon = (await institution.request('GET', '/api/rosters/deadlines?today=2025-10-20')).json()
    expect(soon.items).toEqual([
      expect.objectContaining({ due: '2025-10-30', overdue: false, workingDaysLeft: 8 }),
    ])
    const late = (await institution.request('GET', '/api/rosters/deadlines?today=2025-11-03')).json()
    expect(late.items[0]).toMatchObject({ overdue: true, basis: '苏人社函〔2023〕308号 五（二）' })
  })

  it('two uploads with one key at the same moment make one roster', async () => {
    const p = await insertProject(api.d.db, {
      title: '并发测试班',
      subject: 'public',
      way: 'online',
      start_date: '2025-03-01',
      end_date: '2025-03-31',
      schedule: '线上',
      venue: '平台',
      faculty: '专家',
      rules: '考试',
      hours: 30,
    })
    const lines = rows().map((r) => ({ ...r, hours: 20, date: '2025-03-31' }))
    const send = () =>
      institution.request(
        'POST',
        `/api/projects/${p.id}/rosters`,
        { rows: lines },
        { 'idempotency-key': 'same' },
      )
    const results = await Promise.all([send(), send()])
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 201])
    const count = await api.d.db.selectFrom('roster').select('id').where('project_id', '=', p.id).execute()
    expect(count).toHaveLength(1)
  })

  it('the xlsx template has notes and validation; a filled copy uploads; a bad one comes back annotated', async () => {
    const p = await insertProject(api.d.db, {
      title: 'Excel测试班',
      subject: 'professional',
      way: 'face_to_face',
      start_date: '2025-05-12',
      end_date: '2025-05-14',
      schedule: '3天',
      venue: '常州',
      faculty: '专家',
      rules: '考勤',
      hours: 24,
    })
    const template = await institution.request('GET', `/api/projects/${p.id}/roster-template`)
    expect(template.statusCode).toBe(200)
    expect(template.headers['content-type']).toContain('spreadsheetml')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(template.rawPayload as unknown as ArrayBuffer)
    const sheet = book.worksheets[0] as ExcelJS.Worksheet
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '身份证号',
      '姓名',
      '学时',
      '天数',
      '结业日期',
    ])
    expect(String(sheet.getRow(1).getCell(3).note)).toContain('不超过项目公布的24学时')
    expect(sheet.getRow(2).getCell(3).dataValidation).toMatchObject({ type: 'decimal', formulae: [0.1, 24] })
    // Fill it in as a clerk would: two good lines and one bad one.
    sheet.getRow(2).values = [ids[0], names[0], 20, 3]
    sheet.getRow(3).values = [ids[1], '错名', 24, 3]
    sheet.getRow(4).values = [ids[2], names[2], 30, 3]
    const bad = multipart(
      '花名册.xlsx',
      Buffer.from(await book.xlsx.writeBuffer()),
      'application/octet-stream',
    )
    const refused = await institution.request('POST', `/api/projects/${p.id}/rosters`, bad.body, bad.headers)
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.rows.map((r: { row: number }) => r.row)).toEqual([3, 4])
    const annotated = new ExcelJS.Workbook()
    await annotated.xlsx.load(
      Buffer.from(refused.json().annotated.base64, 'base64') as unknown as ArrayBuffer,
    )
    const marked = annotated.worksheets[0] as ExcelJS.Worksheet
    expect(marked.getRow(1).getCell(6).value).toBe('错误')
    expect(String(marked.getRow(3).getCell(6).value)).toContain(UNVERIFIABLE)
    expect(String(marked.getRow(4).getCell(6).value)).toContain('超过项目公布的24学时')
    expect(marked.getRow(2).getCell(6).value).toBeNull()
    sheet.getRow(3).getCell(2).value = names[1]
    sheet.getRow(4).getCell(3).value = 24
    const good = multipart(
      '花名册.xlsx',
      Buffer.from(await book.xlsx.writeBuffer()),
      'application/octet-stream',
    )
    const accepted = await institution.request(
      'POST',
      `/api/projects/${p.id}/rosters`,
      good.body,
      good.headers,
    )
    expect(accepted.statusCode).toBe(201)
    expect(accepted.json().roster.rowCount).toBe(3)
  })

  it('a bad CSV comes back with an 错误 column on the right lines', async () => {
    const csv = ['身份证号,姓名,学时', `${ids[0]},${names[0]},10`, '', `${ids[1]},不对,10`].join('\r\n')
    const file = multipart('花名册.csv', Buffer.from(csv), 'text/csv')
    const res = await institution.request(
      'POST',
      `/api/projects/${projectId}/rosters`,
      file.body,
      file.headers,
    )
    expect(res.statusCode).toBe(400)
    expect(res.json().error.rows).toEqual([{ row: 4, column: '身份证号', reason: UNVERIFIABLE }])
    const text = Buffer.from(res.json().annotated.base64, 'base64').toString('utf8')
    expect(text.split('\r\n')[3]).toContain(`身份证号：${UNVERIFIABLE}`)
  })

  it('a file of the wrong type or in an unreadable encoding is refused, saying why', async () => {
    const pdf = multipart('花名册.pdf', Buffer.from('%PDF-1.7 not a roster'), 'application/pdf')
    const wrongType = await institution.request(
      'POST',
      `/api/projects/${projectId}/rosters`,
      pdf.body,
      pdf.headers,
    )
    expect(wrongType.statusCode).toBe(400)
    expect(wrongType.json().error.message).toContain('缺少列「身份证号」')
    const utf16 = multipart(
      '花名册.csv',
      Buffer.from(`\ufeff身份证号,姓名\r\n${ids[0]},${names[0]}`, 'utf16le'),
      'text/csv',
    )
    const wrongEncoding = await institution.request(
      'POST',
      `/api/projects/${projectId}/rosters`,
      utf16.body,
      utf16.headers,
    )
    expect(wrongEncoding.statusCode).toBe(400)
    expect(wrongEncoding.json().error.field).toBe('file')
  })

  it('out of scope: another institution cannot report for this project; another region cannot confirm', async () => {
    const qdBase = await signInFor(api, '青岛市专业技术人员继续教育基地（青岛大学）', 'institution')
    const res = await qdBase.request('POST', `/api/projects/${projectId}/rosters`, { rows: rows() })
    expect(res.statusCode).toBe(403)
    const pending = await institution
      .request('POST', `/api/projects/${projectId}/rosters`, { rows: rows().slice(0, 1) })
      .catch(() => undefined)
    expect(pending?.statusCode).toBe(409) // this project's roster is confirmed already
    const fresh = await insertProject(api.d.db, {
      title: '跨地区确认测试',
      subject: 'professional',
      way: 'online',
      start_date: '2025-04-01',
      end_date: '2025-04-30',
      schedule: '线上',
      venue: '平台',
      faculty: '专家',
      rules: '考试',
      hours: 10,
    })
    const uploaded = await institution.request('POST', `/api/projects/${fresh.id}/rosters`, {
      rows: rows().map((r) => ({ ...r, hours: 10 })),
    })
    const qdHealth = await signInFor(api, '青岛市卫生健康委员会', 'authority')
    expect(
      (await qdHealth.request('POST', `/api/rosters/${uploaded.json().roster.id}/confirm`)).statusCode,
    ).toBe(403)
  })

  it('the holiday calendar is data: a provincial HR department adds a new year; a city cannot', async () => {
    const y2025 = (await api.app.inject({ url: '/api/calendar/2025?pageSize=200' })).json()
    expect(y2025.items).toEqual(
      expect.arrayContaining([
        { day: '2025-10-01', kind: 'holiday', name: '国庆节' },
        { day: '2025-09-28', kind: 'workday', name: '国庆节' },
      ]),
    )
    const days = {
      days: [
        { day: '2027-10-01', kind: 'holiday', name: '国庆节' },
        { day: '2027-09-26', kind: 'workday', name: '国庆节' },
      ],
    }
    const city = await api.as('hr_department')
    expect((await city.request('PUT', '/api/calendar', days)).statusCode).toBe(403)
    const province = await api.d.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', '江苏省人力资源和社会保障厅')
      .executeTakeFirstOrThrow()
    const { hashPassword } = await import('../src/services/passwords.js')
    await api.d.db
      .insertInto('app_user')
      .values({
        username: 'js-hr',
        role: 'hr_department',
        organisation_id: province.id,
        password_hash: await hashPassword('Js-Hr-2026!!'),
      })
      .execute()
    const js = await api.signIn('js-hr', 'Js-Hr-2026!!')
    expect((await js.request('PUT', '/api/calendar', days)).json()).toEqual({ saved: 2 })
    expect((await api.app.inject({ url: '/api/calendar/2027' })).json()).toMatchObject({ total: 2 })
  })

  it('an institution system reports a roster as JSON with an API token and an idempotency key', async () => {
    const token = (await institution.request('POST', '/api/tokens', { name: '教务系统' })).json()
      .token as string
    const p = await insertProject(api.d.db, {
      title: '接口报送班',
      subject: 'professional',
      way: 'online',
      start_date: '2025-06-01',
      end_date: '2025-06-30',
      schedule: '线上',
      venue: '平台',
      faculty: '专家',
      rules: '考试',
      hours: 12,
    })
    const send = () =>
      api.app.inject({
        method: 'POST',
        url: `/api/projects/${p.id}/rosters`,
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'lms-20250630' },
        payload: { rows: rows().map((r) => ({ ...r, hours: 12 })) },
      })
    expect((await send()).statusCode).toBe(201)
    expect((await send()).json()).toMatchObject({ replayed: true })
  })
})
