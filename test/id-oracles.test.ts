import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { transact } from '../src/services/audit.js'
import { registerPerson } from '../src/services/persons.js'
import { CANNOT_JOIN } from '../src/services/reviews.js'
import { UNVERIFIABLE } from '../src/services/scope.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES, TEST_SECRETS } from './database.js'
import { insertProject } from './people.js'

const unregistered = makeResidentId('370202', '19910101', 611)
/** Registered in Qingdao, employed there, with a reviewed 2025: out of every Changzhou caller's scope. */
const qingdao = { idNumber: makeResidentId('370202', '19920202', 622), name: '青岛人' }
/** Registered in Qingdao and employed by nobody. */
const free = { idNumber: makeResidentId('370202', '19930303', 633), name: '自由人' }

const record = { kind: 'online_course', subject: 'professional', hours: 6, date: '2025-05-01' }

// Not registered, registered but not the caller's to name, or registered under another name: one answer
// (same status, byte for byte the same body) for a caller who may not see the person.
describe.each(DATABASES)('ID-number oracles on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let employer: Client
  let hr: Client
  let institution: Client
  beforeAll(async () => {
    api = await startApi(kind)
    ;[employer, hr, institution] = await Promise.all([
      api.as('employer'),
      api.as('hr_department'),
      api.as('institution'),
    ])
    const hospital = await api.d.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', '青岛市市立医院')
      .executeTakeFirstOrThrow()
    for (const p of [qingdao, free]) {
      const { person } = await transact(api.d.db, (trx) =>
        registerPerson(
          trx,
          TEST_SECRETS,
          { id: 'clerk' },
          {
            ...p,
            regionCode: '370202',
            series: 'health',
            titleLevel: 'junior',
            industry: '卫生',
          },
        ),
      )
      if (p === free) continue
      await api.d.db
        .insertInto('employment')
        .values({
          person_key: person.personKey,
          organisation_id: hospital.id,
          relation: 'employee',
          from_date: '2020-01-01',
        })
        .execute()
      await api.d.db
        .insertInto('year_review')
        .values({
          person_key: person.personKey,
          year: 2025,
          kind: 'year_end',
          organisation_id: hospital.id,
          public: 0,
          professional: 0,
          compliant: false,
          reviewed_by: 'test',
        })
        .execute()
    }
  }, 60_000)
  afterAll(() => api.stop())

  const same = (responses: { statusCode: number; body: string }[], status: number) => {
    for (const r of responses) expect(r.statusCode).toBe(status)
    for (const r of responses.slice(1)) expect(r.body).toBe(responses[0]?.body)
  }

  it('POST /api/staff: not registered, employed elsewhere, or another name: the same answer', async () => {
    const join = (idNumber: string, name: string) =>
      employer.request('POST', '/api/staff', { idNumber, name, fromDate: '2026-01-01' })
    const answers = [
      await join(unregistered, '无此人'),
      await join(qingdao.idNumber, qingdao.name),
      await join(free.idNumber, '别的名字'),
    ]
    same(answers, 400)
    expect(answers[0]?.json().error).toEqual({
      code: 'invalid_input',
      message: `字段「idNumber」：${CANNOT_JOIN}`,
      field: 'idNumber',
    })
    // The employer's own staff member: the mismatch is named.
    const own = await join(api.login('person').idNumber as string, '别的名字')
    expect(own.json().error).toMatchObject({ field: 'name', message: '字段「name」：姓名与登记信息不一致' })
  })

  it("POST /api/imports: out of the importer's region answers as an unregistered number; its name is named only in scope", async () => {
    const importing = (idNumber: string, name: string) =>
      hr.request('POST', '/api/imports', {
        sourceSystem: '外部学时系统',
        rows: [{ idNumber, name, record: { ...record, id: 'R-1' } }],
      })
    const answers = [
      await importing(unregistered, '无此人'),
      await importing(qingdao.idNumber, qingdao.name),
      await importing(qingdao.idNumber, '别的名字'),
    ]
    same(answers, 400)
    expect(answers[0]?.json().error.rows).toEqual([{ row: 1, column: 'idNumber', reason: UNVERIFIABLE }])
    const own = await importing(api.login('person').idNumber as string, '别的名字')
    expect(own.json().error.rows).toEqual([{ row: 1, column: 'name', reason: '姓名与登记信息不一致' }])
  })

  it('POST /api/mentorships: a mentee of another city answers as an unregistered number', async () => {
    const file = (mentee: string) =>
      employer.request('POST', '/api/mentorships', {
        mentorIdNumber: api.login('person').idNumber,
        year: 2026,
        title: '带教',
        plan: '每月带教',
        menteeIdNumbers: [mentee],
      })
    same([await file(unregistered), await file(qingdao.idNumber), await file(free.idNumber)], 400)
  })

  it("a grant roster: out of the HR department's region answers as an unregistered number", async () => {
    const project = await hr.request('POST', '/api/projects', {
      title: '公需科目',
      subject: 'public',
      way: 'public_course_exam',
      startDate: '2025-03-01',
      endDate: '2025-11-30',
      schedule: '线上',
      venue: '线上',
      faculty: '市人社局',
      rules: '考试合格',
      hours: 30,
    })
    const grant = (idNumber: string, name: string) =>
      hr.request('POST', `/api/projects/${project.json().id}/rosters`, { rows: [{ idNumber, name }] })
    same(
      [
        await grant(unregistered, '无此人'),
        await grant(qingdao.idNumber, qingdao.name),
        await grant(qingdao.idNumber, '别的名字'),
      ],
      400,
    )
  })

  it('an institution roster: another name for a person the institution cannot see answers as an unregistered number', async () => {
    const project = await insertProject(api.d.db, {
      title: '研修班',
      subject: 'professional',
      way: 'face_to_face',
      start_date: '2025-09-22',
      end_date: '2025-09-26',
      schedule: '5天',
      venue: '常州',
      faculty: '专家',
      rules: '考勤',
      hours: 40,
    })
    const report = (idNumber: string, name: string) =>
      institution.request('POST', `/api/projects/${project.id}/rosters`, { rows: [{ idNumber, name }] })
    same([await report(unregistered, '无此人'), await report(qingdao.idNumber, '别的名字')], 400)
    // Any registered person may be reported (the authority or employer confirms before any hour counts).
    expect((await report(qingdao.idNumber, qingdao.name)).statusCode).toBe(201)
  })
})
