import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { type Client, multipart, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { signInFor } from './org-accounts.js'
import { insertProject, registerStaff } from './people.js'

const ids = [1, 2, 3].map((n) => makeResidentId('320402', `1991070${n}`, 300 + n))
const names = ['陈一', '陈二', '陈三']

// Issue #9 item 4: every credit has a natural key (the person and the source), so no door — roster,
// import, application, direct registration — credits the same hours twice, however the request is spelled
// or repeated. Item 5: a bulk write's entries carry its batch id.
describe.each(DATABASES)('hours credited once on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let institution: Client
  let employer: Client
  let hr: Client
  const keys: string[] = []
  beforeAll(async () => {
    api = await startApi(kind)
    institution = await api.as('institution')
    employer = await api.as('employer')
    hr = await api.as('hr_department')
    // The first two work for the demo employer; the third for nobody the employer can confirm.
    for (const [i, idNumber] of ids.entries())
      keys.push(
        await registerStaff(api.d.db, idNumber, names[i] as string, i < 2 ? 'demo-employer' : undefined),
      )
  }, 60_000)
  afterAll(() => api.stop())

  /** Live credits of a person as [source, professional hours], reversals netted out. */
  const live = async (personKey: string) => {
    const rows = await api.d.db
      .selectFrom('ledger_entry as e')
      .select(['e.source', 'e.professional', 'e.public'])
      .where('e.person_key', '=', personKey)
      .where('e.entry_type', '=', 'credit')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('ledger_entry as r')
              .select('r.id')
              .whereRef('r.person_key', '=', 'e.person_key')
              .whereRef('r.reverses_id', '=', 'e.id'),
          ),
        ),
      )
      .execute()
    return rows.map((r) => Number(r.professional) + Number(r.public))
  }
  const sum = async (personKey: string) => (await live(personKey)).reduce((a, b) => a + b, 0)

  const project = (title: string) =>
    insertProject(api.d.db, {
      title,
      subject: 'professional',
      way: 'face_to_face',
      start_date: '2025-05-12',
      end_date: '2025-05-13',
      schedule: '2天',
      venue: '常州',
      faculty: '专家',
      rules: '考勤',
      hours: 16,
      advanced_seminar: false,
    })

  describe('rosters', () => {
    let projectId: string
    let rosterId: string
    beforeAll(async () => {
      projectId = (await project('院感防控培训')).id
    })

    it('a roster partly confirmed cannot be sent again reordered with trailing spaces to be confirmed twice', async () => {
      const rows = ids.map((idNumber, i) => ({ idNumber, name: names[i], hours: 16 }))
      const first = await institution.request('POST', `/api/projects/${projectId}/rosters`, { rows })
      expect(first.statusCode).toBe(201)
      rosterId = first.json().roster.id
      // The employer confirms its two staff; the third line waits for the authority, so the roster stays pending.
      expect((await employer.request('POST', `/api/rosters/${rosterId}/confirm`)).json()).toEqual({
        confirmed: 2,
        remaining: 1,
      })
      expect(await sum(keys[0] as string)).toBe(16)
      // The same lines as a CSV, reordered, with spaces around every cell: the same roster, replayed.
      const csv = [
        '身份证号,姓名,学时',
        ...[...rows].reverse().map((r) => ` ${r.idNumber} ,${r.name}  , 16 `),
      ]
      const file = multipart('花名册.csv', Buffer.from(csv.join('\r\n')), 'text/csv')
      const again = await institution.request(
        'POST',
        `/api/projects/${projectId}/rosters`,
        file.body,
        file.headers,
      )
      expect(again.json()).toMatchObject({ replayed: true, roster: { id: rosterId } })
      expect(again.statusCode).toBe(200)
      expect((await employer.request('POST', `/api/rosters/${rosterId}/confirm`)).statusCode).toBe(403)
      expect(await sum(keys[0] as string)).toBe(16)
    })

    it('a different roster for a project already (partly) confirmed is refused unless it is a correction with a reason', async () => {
      const rows = ids.map((idNumber, i) => ({ idNumber, name: names[i], hours: 12 }))
      const plain = await institution.request('POST', `/api/projects/${projectId}/rosters`, { rows })
      expect(plain.statusCode).toBe(409)
      expect(plain.json().error.message).toContain('更正')
      const versions = await api.d.db
        .selectFrom('roster')
        .select('id')
        .where('project_id', '=', projectId)
        .execute()
      expect(versions).toHaveLength(1)
    })

    it('a confirmed correction reverses the changed and dropped credits and credits the new lines once', async () => {
      // Correction: the first person's hours fall to 12, the second is unchanged, the third is dropped.
      const rows = [
        { idNumber: ids[0], name: names[0], hours: 12 },
        { idNumber: ids[1], name: names[1], hours: 16 },
      ]
      const reason = encodeURIComponent('第二天陈一缺勤')
      const corrected = await institution.request(
        'POST',
        `/api/projects/${projectId}/rosters?correction=${reason}`,
        { rows },
      )
      expect(corrected.statusCode).toBe(201)
      const correctionId = corrected.json().roster.id
      expect((await employer.request('POST', `/api/rosters/${correctionId}/confirm`)).json()).toEqual({
        confirmed: 2,
        remaining: 0,
      })
      expect(await live(keys[0] as string)).toEqual([12])
      expect(await live(keys[1] as string)).toEqual([16])
      const reversal = await api.d.db
        .selectFrom('ledger_entry')
        .select(['source', 'reason', 'professional'])
        .where('person_key', '=', keys[0] as string)
        .where('entry_type', '=', 'reversal')
        .executeTakeFirstOrThrow()
      expect(reversal).toMatchObject({ source: 'correction', reason: '第二天陈一缺勤' })
      expect(Number(reversal.professional)).toBe(-16)
      // Confirming the correction again changes nothing.
      expect((await employer.request('POST', `/api/rosters/${correctionId}/confirm`)).statusCode).toBe(409)
      expect(await sum(keys[0] as string)).toBe(12)
    })

    it('the ledger itself refuses a second live credit under the same key', async () => {
      const entry = await api.d.db
        .selectFrom('ledger_entry')
        .selectAll()
        .where('person_key', '=', keys[1] as string)
        .where('credit_key', '=', `project:${projectId}`)
        .executeTakeFirstOrThrow()
      const { id: _, created_at: __, record, ...copy } = entry
      await expect(
        api.d.db
          .insertInto('ledger_entry')
          .values({ ...copy, record: JSON.stringify(record) })
          .execute(),
      ).rejects.toThrow(/ledger_entry_credit_key/)
    })
  })

  describe('imports', () => {
    const SOURCE = '常州市继续教育管理平台'
    const line = (record: Record<string, unknown>, i = 2) => ({
      idNumber: ids[i] as string,
      name: names[i] as string,
      record: { kind: 'online_course', subject: 'professional', hours: 8, date: '2025-03-02', ...record },
    })

    it('an unknown field is a row error, not a new content hash', async () => {
      const res = await hr.request('POST', '/api/imports', {
        sourceSystem: SOURCE,
        rows: [line({ id: 'A-1', remark: '再导一次' })],
      })
      expect(res.statusCode).toBe(400)
      expect(res.json().error.rows).toEqual([
        { row: 1, column: 'record.remark', reason: '记录词汇表中没有该字段，请删除' },
      ])
    })

    it('the same record twice in one batch is refused', async () => {
      const res = await hr.request('POST', '/api/imports', {
        sourceSystem: SOURCE,
        rows: [line({ id: 'A-1' }), line({ id: 'A-1', title: 'x' }), line({ id: 'A-2' })],
      })
      expect(res.statusCode).toBe(400)
      expect(res.json().error.rows.map((r: { row: number }) => r.row)).toEqual([2, 3])
    })

    it('a record imported once is not credited again: not re-spelled, not from another organisation, not changed under its id', async () => {
      const before = await sum(keys[2] as string)
      const first = await hr.request('POST', '/api/imports', {
        sourceSystem: SOURCE,
        rows: [line({ id: 'A-1', title: '医学伦理' })],
      })
      expect(first.statusCode).toBe(201)
      expect(await sum(keys[2] as string)).toBe(before + 8)
      // Another organisation (the industry authority, whose industry the person is in), another source
      // system, the same activity spelled with spaces.
      const authorityOrg = await api.d.db
        .selectFrom('app_user as u')
        .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
        .select('o.industry')
        .where('u.username', '=', api.login('authority').username)
        .executeTakeFirstOrThrow()
      await api.d.db
        .updateTable('person')
        .set({ industry: authorityOrg.industry })
        .where('person_key', '=', keys[2] as string)
        .execute()
      const authority = await api.as('authority')
      const other = await authority.request('POST', '/api/imports', {
        sourceSystem: '行业平台',
        rows: [line({ id: 'X-9', title: '  医学伦理 ' })],
      })
      expect(other.statusCode).toBe(400)
      expect(other.json().error.rows[0]).toMatchObject({ row: 1, column: 'record' })
      // The same source record with its hours changed.
      const changed = await hr.request('POST', '/api/imports', {
        sourceSystem: ` ${SOURCE}`,
        rows: [line({ id: 'A-1', title: '医学伦理', hours: 9 })],
      })
      expect(changed.statusCode).toBe(400)
      expect(changed.json().error.rows[0]).toMatchObject({ row: 1, column: 'record.id' })
      expect(await sum(keys[2] as string)).toBe(before + 8)
    })

    it("a bulk write's entries carry its batch, which its audit event names (item 5)", async () => {
      const res = await hr.request('POST', '/api/imports', {
        sourceSystem: SOURCE,
        rows: [line({ id: 'B-1', date: '2025-04-01' }), line({ id: 'B-2', date: '2025-04-02', hours: 4 })],
      })
      expect(res.statusCode).toBe(201)
      const event = await api.d.db
        .selectFrom('audit_event')
        .select(['entity', 'entity_id', 'after'])
        .where('action', '=', 'ledger.credit_bulk')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow()
      expect(event.entity).toBe('ledger_batch')
      const entries = await api.d.db
        .selectFrom('ledger_entry')
        .select(['person_key', 'professional', 'source'])
        .where('batch_id', '=', event.entity_id)
        .execute()
      const rows = entries.map((e) => [e.person_key, Number(e.professional), e.source])
      expect(rows.sort((a, b) => Number(b[1]) - Number(a[1]))).toEqual([
        [keys[2], 8, 'import'],
        [keys[2], 4, 'import'],
      ])
      expect(JSON.parse(event.after as string)).toMatchObject({ entries: 2 })
      // The auditor's view: the HR department lists the batch; an HR department of another city sees none of it.
      const listed = await hr.request('GET', `/api/ledger/batches/${event.entity_id}`)
      expect(listed.statusCode).toBe(200)
      expect(listed.json()).toMatchObject({ total: 2, page: 1 })
      expect(listed.json().items[0]).toMatchObject({
        source: 'import',
        kind: 'online_course',
        name: names[2],
      })
      const qingdao = await signInFor(api, '青岛市人力资源和社会保障局', 'hr_department')
      expect((await qingdao.request('GET', `/api/ledger/batches/${event.entity_id}`)).json()).toMatchObject({
        total: 0,
        items: [],
      })
    })
  })

  describe('applications and direct registrations', () => {
    let person: Client
    beforeAll(async () => {
      person = await api.as('person')
    })
    const seminar = {
      kind: 'training',
      subject: 'professional',
      organizer: 'hrss',
      days: 1,
      date: '2025-06-03',
      title: '急救培训',
    }

    it('an identical pending application is refused, naming the one waiting', async () => {
      const first = await person.request('POST', '/api/applications', seminar)
      expect(first.statusCode).toBe(201)
      const id = first.json().application.id
      const second = await person.request('POST', '/api/applications', { ...seminar, title: ' 急救培训 ' })
      expect(second.statusCode).toBe(409)
      expect(second.json().error.message).toContain(id)
      // Approved, it is in the ledger: the same activity again is refused too.
      expect(
        (await employer.request('POST', `/api/applications/${api.personKey}/${id}/approve`, {})).statusCode,
      ).toBe(200)
      const third = await person.request('POST', '/api/applications', seminar)
      expect(third.statusCode).toBe(409)
      expect(third.json().error.message).toContain('已记入')
    })

    it('four parallel direct registrations of the same training make one credit', async () => {
      const before = (await live(keys[0] as string)).length
      const body = {
        kind: 'training',
        subject: 'professional',
        organizer: 'employer',
        days: 1,
        date: '2025-07-01',
        title: '岗位练兵',
      }
      const results = await Promise.all(
        [1, 2, 3, 4].map(() => employer.request('POST', `/api/persons/${keys[0]}/records`, body)),
      )
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409])
      expect((await live(keys[0] as string)).length).toBe(before + 1)
      const records = await sql<{ n: string }>`
        SELECT count(*) AS n FROM activity_record WHERE person_key = ${keys[0]} AND record->>'title' = '岗位练兵'
      `.execute(api.d.db)
      expect(Number(records.rows[0]?.n)).toBe(1)
    })
  })
})
