import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { transact } from '../src/services/audit.js'
import { hashPassword } from '../src/services/passwords.js'
import { registerPerson } from '../src/services/persons.js'
import { personKeyOf } from '../src/services/secrets.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES, TEST_SECRETS } from './database.js'
import { employ } from './people.js'

const ids = Array.from({ length: 5 }, (_, i) => makeResidentId('370202', `1986020${i + 1}`, 500 + i))

interface Item {
  id: string
  year: number
  title: string
  status: string
  employerName: string
  mentorName: string
  mentorIdMasked: string
  menteeCount: number
  filedAt: string | null
  mentees: { personKey: string; name: string; idMasked: string; hours: number | null }[]
}

describe.each(DATABASES)('the mentorship list (导师制, 鲁人社发〔2016〕10号 （十九）) on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let hospital: Client
  let qingdaoHr: Client
  let changzhouHr: Client
  let changzhouEmployer: Client
  let filedId: string
  let changzhouId: string
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
    const hospitalId = await org('青岛市市立医院')
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
      const { person } = await transact(api.d.db, (trx) =>
        registerPerson(
          trx,
          TEST_SECRETS,
          { id: 'clerk' },
          { idNumber, name: `徒弟${i}`, regionCode: '370202', series: 'health', titleLevel: 'junior' },
        ),
      )
      await employ(api.d.db, person.personKey, hospitalId)
    }
    hospital = await api.signIn('qd-hospital', 'Qingdao-2026!')
    qingdaoHr = await api.signIn('qd-hr', 'Qingdao-2026!')
    changzhouHr = await api.as('hr_department')
    changzhouEmployer = await api.as('employer')
    const submit = async (year: number, title: string, mentees: string[]) => {
      const res = await hospital.request('POST', '/api/mentorships', {
        mentorIdNumber: ids[0],
        year,
        title,
        plan: '每月带教两次',
        menteeIdNumbers: mentees,
      })
      expect(res.statusCode).toBe(201)
      return res.json().id as string
    }
    await submit(2025, '青年医师带教', [ids[1] as string, ids[2] as string])
    filedId = await submit(2026, '护理骨干带教', [ids[3] as string, ids[4] as string])
    expect((await qingdaoHr.request('POST', `/api/mentorships/${filedId}/file`)).statusCode).toBe(200)
    // One of the Changzhou demo employer's, as it would be on file.
    const changzhouOrg = (
      await api.d.db
        .selectFrom('app_user')
        .select('organisation_id')
        .where('username', '=', api.login('employer').username)
        .executeTakeFirstOrThrow()
    ).organisation_id as string
    changzhouId = (
      await api.d.db
        .insertInto('mentorship')
        .values({
          organisation_id: changzhouOrg,
          mentor_person_key: api.personKey,
          year: 2026,
          title: '常州带教',
          plan: '带教',
          status: 'submitted',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  }, 60_000)
  afterAll(() => api.stop())

  const list = async (client: Client, query = '') => {
    const res = await client.request('GET', `/api/mentorships${query}`)
    expect(res.statusCode).toBe(200)
    return res.json() as { items: Item[]; total: number; page: number; pageSize: number }
  }

  it('an employer sees only its own mentorships', async () => {
    const own = await list(hospital)
    expect(own.total).toBe(2)
    expect(own.items.map((i) => i.title).sort()).toEqual(['护理骨干带教', '青年医师带教'])
    expect(own.items.every((i) => i.employerName === '青岛市市立医院')).toBe(true)
    expect((await list(changzhouEmployer)).items.map((i) => i.id)).toEqual([changzhouId])
  })

  it('the city HR department sees its region’s, another city’s HR department none of them (（十九）经设区的市人社部门备案)', async () => {
    const qingdao = await list(qingdaoHr)
    expect(qingdao.total).toBe(2)
    expect(qingdao.items.map((i) => i.id)).not.toContain(changzhouId)
    const changzhou = await list(changzhouHr)
    expect(changzhou.items.map((i) => i.id)).toEqual([changzhouId])
    expect(changzhou.items.map((i) => i.employerName)).not.toContain('青岛市市立医院')
  })

  it('filters by status and year, in the one list shape', async () => {
    const submitted = await list(qingdaoHr, '?status=submitted')
    expect(submitted.items.map((i) => i.title)).toEqual(['青年医师带教'])
    const filed = await list(qingdaoHr, '?status=filed')
    expect(filed.items.map((i) => i.id)).toEqual([filedId])
    expect((await list(hospital, '?year=2025')).items.map((i) => i.title)).toEqual(['青年医师带教'])
    expect((await list(hospital, '?year=2026&status=submitted')).total).toBe(0)
    const paged = await list(hospital, '?page=2&pageSize=1')
    expect(paged).toMatchObject({ total: 2, page: 2, pageSize: 1 })
    expect(paged.items).toHaveLength(1)
    const bad = await hospital.request('GET', '/api/mentorships?status=approved')
    expect(bad.statusCode).toBe(400)
  })

  it('opens one mentorship by id (a notification’s link), only within the caller’s scope', async () => {
    expect((await list(qingdaoHr, `?id=${filedId}`)).items.map((i) => i.id)).toEqual([filedId])
    expect((await list(hospital, `?id=${filedId}`)).items.map((i) => i.id)).toEqual([filedId])
    // Another city's HR department and another employer do not see it by its id either.
    expect(await list(changzhouHr, `?id=${filedId}`)).toMatchObject({ items: [], total: 0 })
    expect(await list(changzhouEmployer, `?id=${filedId}`)).toMatchObject({ items: [], total: 0 })
    expect((await hospital.request('GET', '/api/mentorships?id=nope')).statusCode).toBe(400)
  })

  it('an item names the mentor and mentees by masked ID only, dates the filing, and shows hours once evaluated', async () => {
    const res = await hospital.request('GET', '/api/mentorships')
    for (const n of ids) expect(res.body).not.toContain(n)
    const before = (await list(hospital)).items
    const waiting = before.find((i) => i.title === '青年医师带教') as Item
    expect(waiting).toMatchObject({ status: 'submitted', filedAt: null, menteeCount: 2, mentorName: '徒弟0' })
    expect(waiting.mentorIdMasked).toMatch(/\*/)
    const filed = before.find((i) => i.id === filedId) as Item
    expect(filed.status).toBe('filed')
    expect(Date.parse(filed.filedAt as string)).not.toBeNaN()
    expect(filed.mentees.map((m) => m.name)).toEqual(['徒弟3', '徒弟4'])
    expect(filed.mentees.map((m) => m.hours)).toEqual([null, null])
    const [a, b] = [ids[3], ids[4]].map((n) => personKeyOf(TEST_SECRETS, n as string)) as [string, string]
    expect(filed.mentees.map((m) => m.personKey)).toEqual([a, b])
    const done = await hospital.request('POST', `/api/mentorships/${filedId}/evaluate`, {
      date: '2026-11-20',
      hours: { [a]: 24, [b]: 12.5 },
    })
    expect(done.statusCode).toBe(200)
    const evaluated = (await list(qingdaoHr, '?status=evaluated')).items
    expect(evaluated).toHaveLength(1)
    expect(evaluated[0]?.mentees.map((m) => m.hours)).toEqual([24, 12.5])
  })
})
