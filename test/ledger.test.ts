import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { complianceList } from '../src/db/compliance.js'
import type { Database } from '../src/db/connect.js'
import { insertOrganisation } from '../src/db/organisations.js'
import { insertPerson } from '../src/db/persons.js'
import { transact, verifyChain } from '../src/services/audit.js'
import { ConflictError } from '../src/services/errors.js'
import { appendCredit, personYear, reverseEntry } from '../src/services/ledger.js'
import { DATABASES, freshDatabase } from './database.js'

const clerk = { id: 'clerk-1' }

describe.each(DATABASES)('ledger on %s', (kind) => {
  let d: Database & { drop(): Promise<void> }
  let employerId: string
  beforeAll(async () => {
    d = await freshDatabase(kind)
    const employer = await insertOrganisation(d.db, {
      kind: 'employer',
      name: '常州示例科技有限公司',
      uscc: '91320400MA1XXXXX0X',
      region_code: '320411',
    })
    employerId = employer.id
    for (const [key, name, region, series] of [
      ['a'.repeat(32), '张三', '320411', 'health'],
      ['b'.repeat(32), '李四', '320402', 'health'],
      ['c'.repeat(32), '王五', '370211', 'accounting'],
      ['d'.repeat(32), '赵六', '320411', 'engineering'],
    ]) {
      await insertPerson(d.db, {
        person_key: key as string,
        id_cipher: Buffer.from('x'),
        id_masked: '320***********1234',
        name: name as string,
        sex: 'male',
        birth_date: '1980-01-01',
        region_code: region as string,
        series: series as string,
        title_level: 'intermediate',
      })
      if (region?.startsWith('3204')) {
        await d.db
          .insertInto('employment')
          .values({
            person_key: key as string,
            organisation_id: employerId,
            relation: 'employee',
            from_date: '2020-01-01',
          })
          .execute()
      }
    }
  })
  afterAll(() => d.drop())

  const A = 'a'.repeat(32)
  const credit = (personKey: string, record: object) =>
    transact(d.db, (trx) =>
      appendCredit(trx, clerk, {
        personKey,
        record,
        source: 'application',
        creditKey: `test:${randomUUID()}`,
      }),
    )

  it('a credit carries the engine hours and clause of its year', async () => {
    const e = await credit(A, { kind: 'public_course_exam', date: '2024-03-01' })
    expect(e).toMatchObject({
      entryType: 'credit',
      year: 2024,
      policyId: 'changzhou-2024',
      public: 30,
      professional: 0,
    })
    expect(e.basis).toBe('常人社职〔2024〕1号 三')
  })

  it('the person year is computed by the engine over the ledger, caps included', async () => {
    await credit(A, { kind: 'self_study', hours: 20, archived: true, date: '2024-04-01' })
    const second = await credit(A, { kind: 'self_study', hours: 20, archived: true, date: '2024-05-01' })
    expect(second.professional).toBe(10)
    const view = await personYear(d.db, A, 2024)
    expect(view.evaluation.totals).toEqual({ public: 30, professional: 30, total: 60 })
    expect(view.evaluation.records).toHaveLength(3)
    expect(view.entries.map((e) => e.id).sort()).toEqual(view.evaluation.records.map((r) => r.id).sort())
  })

  it('裁定13 a result credited two years earlier is not credited again (the ledger looks back five years)', async () => {
    const C = 'c'.repeat(32)
    // Qingdao (青人社字〔2023〕14号 四（三）不重复计算): the same paper (dedupKey) in 2024 and again in 2026.
    const first = await credit(C, {
      kind: 'paper',
      authorship: 'sole',
      dedupKey: 'CN-2024-17',
      date: '2024-03-01',
    })
    expect(first.professional).toBeGreaterThan(0)
    const again = await credit(C, {
      kind: 'paper',
      authorship: 'sole',
      dedupKey: 'CN-2024-17',
      date: '2026-03-01',
    })
    expect(again.public + again.professional).toBe(0)
    const view = await personYear(d.db, C, 2026)
    expect(view.evaluation.totals.total).toBe(0)
  })

  it('a reversal cancels a credit once; the year is recomputed', async () => {
    const e = await credit(A, {
      kind: 'online_course',
      subject: 'professional',
      hours: 40,
      date: '2024-06-01',
    })
    expect((await personYear(d.db, A, 2024)).evaluation.totals.professional).toBe(70)
    const reversal = await transact(d.db, (trx) =>
      reverseEntry(trx, clerk, {
        personKey: A,
        entryId: e.id,
        reason: '证明材料伪造',
        source: 'revocation',
        basis: '工程技术人员继续教育规定（征求意见稿）第二十七条',
      }),
    )
    expect(reversal).toMatchObject({ entryType: 'reversal', reversesId: e.id, professional: -40 })
    expect((await personYear(d.db, A, 2024)).evaluation.totals.professional).toBe(30)
    await expect(
      transact(d.db, (trx) =>
        reverseEntry(trx, clerk, {
          personKey: A,
          entryId: e.id,
          reason: 'again',
          source: 'revocation',
          basis: 'x',
        }),
      ),
    ).rejects.toThrow(ConflictError)
  })

  it('the database itself refuses a second reversal of one entry', async () => {
    const B = 'b'.repeat(32)
    const e = await credit(B, { kind: 'paper', authorship: 'other', date: '2023-07-01' })
    const row = {
      person_key: B,
      entry_type: 'reversal' as const,
      year: 2023,
      policy_id: 'jiangsu-2023',
      public: 0,
      professional: -10,
      basis: 'x',
      source: 'correction' as const,
      actor: 'x',
      reason: 'r',
      reverses_id: e.id,
    }
    await d.db.insertInto('ledger_entry').values(row).execute()
    await expect(d.db.insertInto('ledger_entry').values(row).execute()).rejects.toThrow()
  })

  it('the database refuses UPDATE, DELETE and TRUNCATE of the ledger', async () => {
    await expect(sql`UPDATE ledger_entry SET professional = 99`.execute(d.db)).rejects.toThrow(/append-only/)
    await expect(sql`DELETE FROM ledger_entry`.execute(d.db)).rejects.toThrow(/append-only/)
    await expect(sql`TRUNCATE ledger_entry CASCADE`.execute(d.db)).rejects.toThrow(/append-only/)
  })

  it('every ledger write is in the audit trail, and the trail verifies', async () => {
    const events = await d.db.selectFrom('audit_event').select('action').execute()
    expect(events.map((e) => e.action)).toContain('ledger.credit')
    expect(events.map((e) => e.action)).toContain('ledger.revocation')
    expect(await verifyChain(d.db)).toMatchObject({ ok: true })
  })

  it('the Qingdao five-year window over the ledger', async () => {
    const C = 'c'.repeat(32)
    for (const y of [2019, 2020, 2021, 2022, 2023]) {
      await credit(C, { kind: 'aid_assignment', months: 12, date: `${y}-12-01` })
    }
    const view = await personYear(d.db, C, 2023, { window: 5 })
    expect(view.evaluation).toMatchObject({ window: [2019, 2023], compliant: true, totals: { total: 450 } })
  })

  it('compliance list of an employer agrees with the engine', async () => {
    const D = 'd'.repeat(32)
    await credit(D, { kind: 'degree_completed', level: 'master', date: '2026-07-01' })
    await credit(D, { kind: 'online_course', subject: 'professional', hours: 12, date: '2025-07-01' })
    const list = await complianceList(d.db, { year: 2024, organisationId: employerId, page: 1, pageSize: 10 })
    expect(list.total).toBe(3)
    const byName = Object.fromEntries(list.items.map((r) => [r.name, r]))
    const a = await personYear(d.db, A, 2024)
    expect(byName.张三).toMatchObject({ total: a.evaluation.totals.total, compliant: a.evaluation.compliant })
    expect(byName.李四).toMatchObject({ total: 0, compliant: false, policyId: null })
    const y2026 = await complianceList(d.db, {
      year: 2026,
      organisationId: employerId,
      compliant: true,
      page: 1,
      pageSize: 10,
    })
    expect(y2026.items.map((r) => [r.name, r.policyId, r.yearComplete])).toEqual([
      ['赵六', 'cn-engineering-2026', true],
    ])
  })

  it('compliance list by region, filtered and paged', async () => {
    const city = await complianceList(d.db, {
      year: 2024,
      regionCode: '320400',
      page: 1,
      pageSize: 2,
      sort: 'name',
    })
    expect(city.total).toBe(3)
    expect(city.items).toHaveLength(2)
    const page2 = await complianceList(d.db, {
      year: 2024,
      regionCode: '320400',
      page: 2,
      pageSize: 2,
      sort: 'name',
    })
    expect(page2.items).toHaveLength(1)
    const beyond = await complianceList(d.db, { year: 2024, regionCode: '320400', page: 9, pageSize: 2 })
    expect(beyond).toEqual({ items: [], total: 3, page: 9, pageSize: 2 })
    const qingdao = await complianceList(d.db, { year: 2023, regionCode: '370000', page: 1, pageSize: 10 })
    expect(qingdao.items.map((r) => r.name)).toEqual(['王五'])
    const named = await complianceList(d.db, {
      year: 2024,
      regionCode: '320000',
      name: '三',
      page: 1,
      pageSize: 10,
    })
    expect(named.items.map((r) => r.name)).toEqual(['张三'])
  })
})
