import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { transact } from '../src/services/audit.js'
import { hashPassword } from '../src/services/passwords.js'
import { registerPerson } from '../src/services/persons.js'
import { UNVERIFIABLE } from '../src/services/scope.js'
import { personKeyOf } from '../src/services/secrets.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES, TEST_SECRETS } from './database.js'
import { employ } from './people.js'

const ids = Array.from({ length: 13 }, (_, i) => makeResidentId('370202', `1985010${(i % 9) + 1}`, 300 + i))

describe.each(DATABASES)('mentorship (导师制) on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let hospital: Client
  let hospitalId: string
  let qingdaoHr: Client
  beforeAll(async () => {
    api = await startApi(kind)
    const org = async (name: string) =>
      (
        await api.d.db
          .selectFrom('organisation')
          .select('id')
          .where('name', '=', name)
          .executeTakeFirstOrThrow()
      ).id
    hospitalId = await org('青岛市市立医院')
    for (const [username, role, organisation] of [
      ['qd-hospital', 'employer', hospitalId],
      ['qd-hr', 'hr_department', await org('青岛市人力资源和社会保障局')],
    ] as const) {
      await api.d.db
        .insertInto('app_user')
        .values({
          username,
          role,
          organisation_id: organisation,
          password_hash: await hashPassword('Qingdao-2026!'),
        })
        .execute()
    }
    for (const [i, idNumber] of ids.entries()) {
      await hospitalStaff(idNumber, `学员${i}`, 'health')
    }
    hospital = await api.signIn('qd-hospital', 'Qingdao-2026!')
    qingdaoHr = await api.signIn('qd-hr', 'Qingdao-2026!')
  }, 60_000)
  afterAll(() => api.stop())

  /** Registers a person of 市南区 with the hospital as employer since 2020. */
  async function hospitalStaff(idNumber: string, name: string, series: string) {
    const { person } = await transact(api.d.db, (trx) =>
      registerPerson(
        trx,
        TEST_SECRETS,
        { id: 'clerk' },
        { idNumber, name, regionCode: '370202', series, titleLevel: 'junior' },
      ),
    )
    await employ(api.d.db, person.personKey, hospitalId)
  }

  const file = (mentees: string[], title = '青年医师导师制') =>
    hospital.request('POST', '/api/mentorships', {
      mentorIdNumber: ids[0],
      year: 2025,
      title,
      plan: '每月带教两次，季度考核',
      menteeIdNumbers: mentees,
    })

  it('a mentor has at most 10 mentees a year, over all contracts', async () => {
    const first = await file(ids.slice(1, 8))
    expect(first.statusCode).toBe(201)
    const tooMany = await file(ids.slice(8, 12), '第二期')
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json().error.message).toContain('不超过10名')
    expect((await file(ids.slice(8, 11), '第二期')).statusCode).toBe(201)
  })

  it('hours are registered only after the city HR filing and the evaluation', async () => {
    const created = await file([ids[12] as string], '第三期')
    expect(created.statusCode).toBe(400) // an 11th mentee in 2025
    const list = await api.d.db
      .selectFrom('mentorship')
      .select(['id', 'title'])
      .where('title', '=', '青年医师导师制')
      .executeTakeFirstOrThrow()
    const mentees = ids.slice(1, 8).map((id) => personKeyOf(TEST_SECRETS, id))
    const hours = Object.fromEntries(mentees.map((k) => [k, 24]))
    const early = await hospital.request('POST', `/api/mentorships/${list.id}/evaluate`, {
      date: '2025-12-20',
      hours,
    })
    expect(early.statusCode).toBe(409)
    const changzhouHr = await api.as('hr_department')
    expect((await changzhouHr.request('POST', `/api/mentorships/${list.id}/file`)).statusCode).toBe(403)
    expect((await qingdaoHr.request('POST', `/api/mentorships/${list.id}/file`)).json()).toMatchObject({
      status: 'filed',
    })
    const done = await hospital.request('POST', `/api/mentorships/${list.id}/evaluate`, {
      date: '2025-12-20',
      hours,
    })
    expect(done.json()).toMatchObject({ status: 'evaluated', credited: 7 })
    const year = (await hospital.request('GET', `/api/persons/${mentees[0]}/years/2025`)).json()
    expect(year.evaluation.records).toEqual([
      expect.objectContaining({
        kind: 'mentorship',
        professional: 24,
        basis: '青人社字〔2023〕14号 六（二）',
      }),
    ])
    expect(
      (await hospital.request('POST', `/api/mentorships/${list.id}/evaluate`, { date: '2025-12-20', hours }))
        .statusCode,
    ).toBe(409)
  })

  const ledgerOf = async (personKey: string) =>
    (await api.d.db.selectFrom('ledger_entry').select('id').where('person_key', '=', personKey).execute())
      .length

  it('mentor and mentees are persons of the city that files it: another city is answered as an unregistered number', async () => {
    const changzhou = api.login('person').idNumber as string
    const unregistered = makeResidentId('370202', '19900101', 777)
    const attempt = (mentee: string) =>
      hospital.request('POST', '/api/mentorships', {
        mentorIdNumber: ids[12],
        year: 2027,
        title: '跨市带教',
        plan: '每月带教',
        menteeIdNumbers: [mentee],
      })
    const elsewhere = await attempt(changzhou)
    expect(elsewhere.statusCode).toBe(400)
    expect(elsewhere.json().error.rows).toEqual([{ row: 1, column: 'menteeIdNumbers', reason: UNVERIFIABLE }])
    expect(elsewhere.body).toBe((await attempt(unregistered)).body)
    expect(await api.d.db.selectFrom('mentorship').select('id').where('year', '=', 2027).execute()).toEqual(
      [],
    )
  })

  it('a mentorship naming a person of another city is neither filed nor credited', async () => {
    // As one submitted before the city was checked: the Changzhou demo person among Qingdao mentees.
    const row = await api.d.db
      .insertInto('mentorship')
      .values({
        organisation_id: hospitalId,
        mentor_person_key: personKeyOf(TEST_SECRETS, ids[0] as string),
        year: 2025,
        title: '跨市项目',
        plan: '带教',
        status: 'submitted',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await api.d.db
      .insertInto('mentorship_mentee')
      .values({ person_key: api.personKey, mentorship_id: row.id })
      .execute()
    const before = await ledgerOf(api.personKey)
    const filed = await qingdaoHr.request('POST', `/api/mentorships/${row.id}/file`)
    expect(filed.statusCode).toBe(403)
    await api.d.db.updateTable('mentorship').set({ status: 'filed' }).where('id', '=', row.id).execute()
    const credited = await hospital.request('POST', `/api/mentorships/${row.id}/evaluate`, {
      date: '2025-12-20',
      hours: { [api.personKey]: 500 },
    })
    expect(credited.statusCode).toBe(403)
    expect(await ledgerOf(api.personKey)).toBe(before)
  })

  it('a mentee is credited what the text allows for the year, not what the evaluation asks (六（二）、一: 60)', async () => {
    const created = await hospital.request('POST', '/api/mentorships', {
      mentorIdNumber: ids[12],
      year: 2026,
      title: '2026年带教',
      plan: '每月带教两次',
      menteeIdNumbers: [ids[1], ids[2]],
    })
    expect(created.statusCode).toBe(201)
    const id = created.json().id
    expect((await qingdaoHr.request('POST', `/api/mentorships/${id}/file`)).statusCode).toBe(200)
    const [a, b] = [ids[1], ids[2]].map((n) => personKeyOf(TEST_SECRETS, n as string)) as [string, string]
    const before = await ledgerOf(a)
    const asked = await hospital.request('POST', `/api/mentorships/${id}/evaluate`, {
      date: '2026-11-20',
      hours: { [a]: 500, [b]: 30 },
    })
    expect(asked.statusCode).toBe(400)
    expect(asked.json().error).toMatchObject({
      field: `hours.${a}`,
      message: expect.stringContaining(
        '该学员2026年度导师制学时最多还可认定60学时（鲁人社发〔2016〕10号 （十九）；青人社字〔2023〕14号 六（二）',
      ),
    })
    expect(await ledgerOf(a)).toBe(before)
    const done = await hospital.request('POST', `/api/mentorships/${id}/evaluate`, {
      date: '2026-11-20',
      hours: { [a]: 60, [b]: 30 },
    })
    expect(done.json()).toMatchObject({ status: 'evaluated', credited: 2 })
    const year = (await hospital.request('GET', `/api/persons/${a}/years/2026`)).json()
    expect(year.evaluation.totals.professional).toBe(60)
  })

  it('a mentee under a policy with no mentorship way (an engineer from 2026) is refused at filing, naming the row', async () => {
    // 工程技术人员继续教育规定 governs engineers from 2026-01-01 (第三十一条) and lists no mentorship; the
    // Shandong texts that do ((十九); 六（二）) no longer govern this mentee, so no evaluation could credit it.
    const engineerId = makeResidentId('370202', '19880808', 401)
    await hospitalStaff(engineerId, '工程师', 'engineering')
    const attempt = (year: number) =>
      hospital.request('POST', '/api/mentorships', {
        mentorIdNumber: ids[11],
        year,
        title: `设备工程师带教${year}`,
        plan: '每月带教',
        menteeIdNumbers: [ids[10], engineerId],
      })
    const refused = await attempt(2026)
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.rows).toEqual([
      {
        row: 2,
        column: 'menteeIdNumbers',
        reason: expect.stringContaining('该学员2026年度适用工程技术人员继续教育规定（征求意见稿）'),
      },
    ])
    expect(refused.json().error.rows[0].reason).toContain('导师制不是其中的继续教育方式')
    expect(
      await api.d.db
        .selectFrom('mentorship')
        .select('id')
        .where('title', '=', '设备工程师带教2026')
        .execute(),
    ).toEqual([])
    // In 2025 the Qingdao text still governed the engineer: the same filing is taken.
    expect((await attempt(2025)).statusCode).toBe(201)
  })
})
