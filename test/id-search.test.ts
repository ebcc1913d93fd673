import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { transact } from '../src/services/audit.js'
import { registerPerson } from '../src/services/persons.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES, TEST_SECRETS } from './database.js'

const QINGDAO_ID = makeResidentId('370202', '19860412', 417)

describe.each(DATABASES)('search by ID number on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let employer: Client
  let hr: Client
  let idNumber: string
  beforeAll(async () => {
    api = await startApi(kind)
    employer = await api.as('employer')
    hr = await api.as('hr_department')
    idNumber = api.login('person').idNumber as string
    await transact(api.d.db, (trx) =>
      registerPerson(
        trx,
        TEST_SECRETS,
        { id: 'clerk' },
        {
          idNumber: QINGDAO_ID,
          name: '孙青',
          regionCode: '370202',
          series: 'health',
          titleLevel: 'junior',
        },
      ),
    )
  }, 60_000)
  afterAll(() => api.stop())

  const masked = (id: string) => `${id.slice(0, 3)}***********${id.slice(-4)}`

  it.each([
    ['staff', '/api/staff?idNumber='],
    ['compliance', '/api/compliance?year=2024&idNumber='],
  ])('an employer finds one of its staff in the %s list by ID number, shown masked', async (_, url) => {
    const res = await employer.request('GET', `${url}${idNumber}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      total: 1,
      items: [{ personKey: api.personKey, idMasked: masked(idNumber) }],
    })
    expect(res.body).not.toContain(idNumber)
    // A lowercase check character or surrounding spaces find the same person.
    const spaced = await employer.request('GET', `${url}%20${idNumber.toLowerCase()}%20`)
    expect(spaced.json().total).toBe(1)
  })

  it('a search finds no one outside the searcher’s scope', async () => {
    expect((await employer.request('GET', `/api/staff?idNumber=${QINGDAO_ID}`)).json()).toMatchObject({
      items: [],
      total: 0,
    })
    const city = await hr.request('GET', `/api/compliance?year=2024&idNumber=${QINGDAO_ID}`)
    expect(city.json()).toMatchObject({ items: [], total: 0 })
    const found = await hr.request('GET', `/api/compliance?year=2024&regionCode=320400&idNumber=${idNumber}`)
    expect(found.json().items.map((r: { personKey: string }) => r.personKey)).toEqual([api.personKey])
  })

  it('an invalid ID number is refused, naming the field and never repeating the number', async () => {
    const wrong = `${idNumber.slice(0, 17)}${idNumber.endsWith('1') ? '2' : '1'}`
    for (const url of ['/api/staff?idNumber=', '/api/compliance?year=2024&idNumber=']) {
      const res = await employer.request('GET', `${url}${wrong}`)
      expect(res.statusCode).toBe(400)
      expect(res.json().error).toMatchObject({
        field: 'idNumber',
        message: expect.stringContaining('身份证号无效'),
      })
      expect(res.body).not.toContain(wrong)
    }
  })
})
