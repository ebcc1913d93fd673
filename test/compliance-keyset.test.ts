import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { complianceAll } from '../src/db/compliance.js'
import { decodeCursor, type RollPageQuery, rollCounts, rollPage } from '../src/db/compliance-keyset.js'
import { openRollYear, rollYearOpen } from '../src/db/compliance-roll.js'
import { updatePersonAttributes } from '../src/db/persons.js'
import type { DB } from '../src/db/schema.js'
import { makeResidentId } from '../src/domain/resident-id.js'
import { transact } from '../src/services/audit.js'
import { appendCredits } from '../src/services/ledger.js'
import { registerPerson } from '../src/services/persons.js'
import { openRollYears } from '../src/services/roll-years.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES, freshDatabase, TEST_SECRETS } from './database.js'

// Keyset pages of a region's and an industry's compliance list (issue 15): walked page by page from the
// compliance roll, they give exactly the list the counting query gives, forwards and backwards, with ties.

/** Every page from the first, following `next`; returns the pages' person keys. */
async function forward(db: Kysely<DB>, q: Omit<RollPageQuery, 'after' | 'before'>) {
  const pages: string[][] = []
  let after: string | undefined
  for (;;) {
    const page = await rollPage(db, {
      ...q,
      after: after === undefined ? undefined : decodeCursor('after', after),
    })
    pages.push(page.items.map((r) => r.personKey))
    if (page.next === null) return { pages, lastPrevious: page.previous }
    after = page.next
    if (pages.length > 100) throw new Error('the walk does not end')
  }
}

describe.each(DATABASES)('compliance roll pages on %s', (kind) => {
  let d: Awaited<ReturnType<typeof freshDatabase>>
  beforeAll(async () => {
    d = await freshDatabase(kind)
    // 37 persons in three districts of Changzhou and one of Qingdao; some share a name (ties broken by
    // the person), many share a total (0 for those without hours); two industries and two series.
    const regions = ['320402', '320411', '320412', '370211']
    const keys: string[] = []
    for (let i = 0; i < 37; i++) {
      const { person } = await transact(d.db, (trx) =>
        registerPerson(
          trx,
          TEST_SECRETS,
          { id: 'clerk' },
          {
            idNumber: makeResidentId('320402', `19${70 + (i % 20)}0101`, i + 1),
            name: i % 5 === 0 ? '王芳' : `人员${String(i % 13).padStart(2, '0')}`,
            regionCode: regions[i % regions.length] as string,
            series: i % 3 === 0 ? 'health' : 'engineering',
            titleLevel: 'junior',
            industry: i % 4 === 0 ? '卫生' : null,
          },
        ),
      )
      keys.push(person.personKey)
    }
    // Hours for two persons in three; some reach the requirement, many tie.
    const lines = keys.flatMap((personKey, i) =>
      i % 3 === 2
        ? []
        : Array.from({ length: 1 + (i % 4) }, (_, n) => ({
            personKey,
            record: {
              kind: 'online_course',
              subject: n % 2 === 0 ? 'professional' : 'public',
              hours: 8 * (1 + (i % 3)),
              date: `2025-0${1 + n}-10`,
            },
            creditKey: `keyset:${i}:${n}`,
          })),
    )
    await transact(d.db, (trx) => appendCredits(trx, { id: 'clerk' }, lines, 'import'))
    await openRollYear(d.db, 2025)
  }, 180_000)
  afterAll(() => d.drop())

  const expected = async (f: {
    regionCode?: string
    industry?: string
    series?: string
    compliant?: boolean
    name?: string
  }) =>
    (await complianceAll(d.db, { year: 2025, ...f, sort: 'total', order: 'asc' }, 10_000)).map(
      (r) => r.personKey,
    )

  it('walks a city, a province, the whole deployment and their filters exactly as the counted list', async () => {
    expect(await rollYearOpen(d.db, 2025)).toBe(true)
    for (const f of [
      { regionCode: '320400' },
      { regionCode: '320000' },
      {},
      { regionCode: '320411' },
      { regionCode: '320400', compliant: false },
      { regionCode: '320400', compliant: true },
      { regionCode: '320400', industry: '卫生' },
      { regionCode: '320400', series: 'health' },
      { industry: '卫生', compliant: false },
      { regionCode: '320400', name: '王芳' },
      { name: '人员0', compliant: false },
      { regionCode: '320400', name: '_' },
    ]) {
      const want = await expected(f)
      const { pages } = await forward(d.db, { year: 2025, ...f, order: 'asc', pageSize: 4 })
      expect(pages.flat(), JSON.stringify(f)).toEqual(want)
      expect(pages.slice(0, -1).every((p) => p.length === 4)).toBe(true)
      // Descending is the same list backwards (ties too).
      const down = await forward(d.db, { year: 2025, ...f, order: 'desc', pageSize: 5 })
      expect(down.pages.flat()).toEqual([...want].reverse())
    }
    expect((await expected({ regionCode: '320400' })).length).toBeGreaterThan(20)
  })

  it('counts a name search on the roll as the counted list does', async () => {
    for (const f of [
      { regionCode: '320400', name: '王芳' },
      { name: '人员0' },
      { name: '人员0', industry: '卫生' },
    ]) {
      const all = await expected(f)
      const compliant = await expected({ ...f, compliant: true })
      expect(all.length, JSON.stringify(f)).toBeGreaterThan(0)
      expect(await rollCounts(d.db, { year: 2025, ...f })).toEqual({
        total: all.length,
        compliant: compliant.length,
        notCompliant: all.length - compliant.length,
      })
    }
  })

  it('goes back page by page from the last page to the first', async () => {
    const q = { year: 2025, regionCode: '320400', order: 'asc' as const, pageSize: 4 }
    const { pages, lastPrevious } = await forward(d.db, q)
    const back: string[][] = []
    let before = lastPrevious
    while (before !== null) {
      const page = await rollPage(d.db, { ...q, before: decodeCursor('before', before) })
      back.unshift(page.items.map((r) => r.personKey))
      before = page.previous
    }
    expect(back).toEqual(pages.slice(0, -1))
  })

  it('keeps a new person, new hours and a move of district in the open year', async () => {
    const { person } = await transact(d.db, (trx) =>
      registerPerson(
        trx,
        TEST_SECRETS,
        { id: 'clerk' },
        {
          idNumber: makeResidentId('320402', '19800505', 901),
          name: '新来的',
          regionCode: '320402',
          series: 'health',
          titleLevel: 'junior',
          industry: null,
        },
      ),
    )
    const walk = async () =>
      (await forward(d.db, { year: 2025, regionCode: '320400', order: 'asc', pageSize: 6 })).pages.flat()
    expect(await walk()).toEqual(await expected({ regionCode: '320400' }))
    expect(await walk()).toContain(person.personKey)
    await transact(d.db, (trx) =>
      appendCredits(
        trx,
        { id: 'clerk' },
        [
          {
            personKey: person.personKey,
            record: { kind: 'online_course', subject: 'professional', hours: 30, date: '2025-05-01' },
            creditKey: 'keyset:new',
          },
        ],
        'import',
      ),
    )
    expect(await walk()).toEqual(await expected({ regionCode: '320400' }))
    await updatePersonAttributes(d.db, person.personKey, { regionCode: '370211' })
    expect(await walk()).not.toContain(person.personKey)
    expect(await walk()).toEqual(await expected({ regionCode: '320400' }))
    const qingdao = await forward(d.db, { year: 2025, regionCode: '370200', order: 'asc', pageSize: 3 })
    expect(qingdao.pages.flat()).toContain(person.personKey)
  })

  it('an empty scope has one empty page', async () => {
    expect(await rollPage(d.db, { year: 2025, regionCode: '110000', order: 'asc', pageSize: 10 })).toEqual({
      items: [],
      next: null,
      previous: null,
    })
  })
})

describe.each(DATABASES)('the compliance list API pages by cursor on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let hr: Client
  let employer: Client
  beforeAll(async () => {
    api = await startApi(kind)
    hr = await api.as('hr_department')
    employer = await api.as('employer')
  }, 180_000)
  afterAll(() => api?.stop())

  const list = async (client: Client, query: string) => client.request('GET', `/api/compliance?${query}`)

  it('a year not yet open is counted and paged by number; once open, cursors walk the same list', async () => {
    const first = (await list(hr, 'year=2025&pageSize=5')).json()
    expect(first.next).toBeUndefined()
    const byNumber: string[] = []
    for (let page = 1; (page - 1) * 5 < first.total; page++)
      byNumber.push(
        ...(await list(hr, `year=2025&pageSize=5&page=${page}`))
          .json()
          .items.map((r: { personKey: string }) => r.personKey),
      )
    expect(byNumber.length).toBe(first.total)

    expect(await openRollYears(api.d.db, new Date('2025-06-01T00:00:00Z'))).toContain(2025)
    const byCursor: string[] = []
    let query = 'year=2025&pageSize=5'
    let pages = 0
    for (;;) {
      const res = await list(hr, query)
      expect(res.statusCode).toBe(200)
      const body = res.json()
      expect(body.total).toBe(first.total)
      byCursor.push(...body.items.map((r: { personKey: string }) => r.personKey))
      pages += 1
      if (pages > 1) expect(typeof body.previous).toBe('string')
      if (!body.next) break
      query = `year=2025&pageSize=5&after=${body.next}`
    }
    expect(byCursor).toEqual(byNumber)
    expect(pages).toBe(Math.ceil(first.total / 5))
  })

  it('an employer’s staff walk by cursor as by number, departments shown', async () => {
    // Pages after the first, asked by number, are counted and sorted as before: the walk must match them.
    const total = (await list(employer, 'year=2025&pageSize=7')).json().total as number
    expect(total).toBeGreaterThan(10)
    const numbered = { items: [] as { personKey: string; department: string | null }[] }
    for (let page = 1; (page - 1) * 7 < total; page++)
      numbered.items.push(...(await list(employer, `year=2025&pageSize=7&page=${page}`)).json().items)
    const walked: { personKey: string; department: string | null }[] = []
    let query = 'year=2025&pageSize=7'
    for (let pages = 0; pages < 100; pages++) {
      const body = (await list(employer, query)).json()
      expect(body.total).toBe(total)
      walked.push(...body.items)
      if (!body.next) break
      query = `year=2025&pageSize=7&after=${body.next}`
    }
    expect(walked.map((r) => [r.personKey, r.department])).toEqual(
      numbered.items.map((r: { personKey: string; department: string | null }) => [
        r.personKey,
        r.department,
      ]),
    )
    expect(walked.some((r) => r.department !== null)).toBe(true)
  })

  it('a name search walks by cursor as by number, with the count of its matches', async () => {
    // Pages after the first, asked by number, are counted and sorted as before: the walk must match them.
    const numbered = {
      total: (await list(hr, 'year=2025&name=王&pageSize=2')).json().total,
      items: [] as { name: string }[],
    }
    expect(numbered.total).toBeGreaterThan(2)
    expect(typeof (await list(hr, 'year=2025&name=王&pageSize=2')).json().next).toBe('string')
    for (let page = 1; (page - 1) * 2 < numbered.total; page++)
      numbered.items.push(...(await list(hr, `year=2025&name=王&pageSize=2&page=${page}`)).json().items)
    const walked: string[] = []
    let query = 'year=2025&name=王&pageSize=2'
    for (let pages = 0; pages < 100; pages++) {
      const body = (await list(hr, query)).json()
      expect(body.total).toBe(numbered.total)
      walked.push(...body.items.map((r: { personKey: string; name: string }) => r.name))
      if (!body.next) break
      query = `year=2025&name=王&pageSize=2&after=${body.next}`
    }
    expect(walked).toEqual(numbered.items.map((r: { name: string }) => r.name))
    expect(walked.every((n) => n.includes('王'))).toBe(true)
    const summary = (await hr.request('GET', '/api/compliance/summary?year=2025&name=王')).json()
    expect(summary.total).toBe(numbered.total)
  })

  it('an industry authority registered without an industry is refused its lists and statistics, in plain words', async () => {
    const authority = await api.as('authority')
    expect((await authority.request('GET', '/api/compliance?year=2025')).statusCode).toBe(200)
    const before = await api.d.db
      .selectFrom('organisation')
      .select(['id', 'industry'])
      .where('kind', '=', 'authority')
      .execute()
    await api.d.db
      .updateTable('organisation')
      .set({ industry: null })
      .where('kind', '=', 'authority')
      .execute()
    try {
      for (const path of [
        '/api/compliance?year=2025',
        '/api/compliance/summary?year=2025',
        '/api/statistics?year=2025&by=region',
      ]) {
        const res = await authority.request('GET', path)
        expect(res.statusCode, path).toBe(403)
        expect(res.body, path).toContain('所管行业')
      }
    } finally {
      for (const o of before)
        await api.d.db
          .updateTable('organisation')
          .set({ industry: o.industry })
          .where('id', '=', o.id)
          .execute()
    }
  })

  it('refuses a cursor that is not one, and a cursor on a list that pages by number', async () => {
    const bad = await list(hr, 'year=2025&after=not-a-cursor')
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('after')
    expect(bad.body).not.toMatch(/at .*\.ts/)
    const first = (await list(hr, 'year=2025&pageSize=2')).json()
    expect(typeof first.next).toBe('string')
    const byId = await list(hr, `year=2025&idNumber=320402197001010114&after=${first.next}`)
    expect(byId.statusCode).toBe(400)
    expect(byId.body).toContain('after')
    const byName = await list(hr, `year=2025&sort=name&after=${first.next}`)
    expect(byName.statusCode).toBe(400)
    const byDepartment = await list(employer, `year=2025&department=生产部&after=${first.next}`)
    expect(byDepartment.statusCode).toBe(400)
  })
})
