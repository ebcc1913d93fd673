import { generateKeyPairSync } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toAuditRow } from '../src/db/audit.js'
import type { Database } from '../src/db/connect.js'
import {
  GENESIS,
  hashEvent,
  issueCheckpoint,
  recordAudit,
  transact,
  verifyAgainstCheckpoint,
  verifyChain,
} from '../src/services/audit.js'
import { DATABASES, freshDatabase } from './database.js'

const keys = generateKeyPairSync('ed25519')
const otherKeys = generateKeyPairSync('ed25519')

describe.each(DATABASES)('audit trail on %s', (kind) => {
  let d: Database & { drop(): Promise<void> }
  beforeAll(async () => {
    d = await freshDatabase(kind)
  })
  afterAll(() => d.drop())

  const event = (n: number) => ({
    actor: 'clerk-1',
    action: 'person.update',
    entity: 'person',
    entityId: `p${n}`,
    personKey: `k${n % 3}`,
    before: { name: '张三', n },
    after: { name: '张叁', n, tags: ['a', 'b'] },
  })
  const record = (n: number) => transact(d.db, (trx) => recordAudit(trx, event(n)))
  const lastEvents = async (count: number) =>
    (
      await d.db
        .selectFrom('audit_event')
        .select(['seq', 'entity_id'])
        .orderBy('seq', 'desc')
        .limit(count)
        .execute()
    )
      .reverse()
      .map((r) => r.entity_id)

  it('an empty trail verifies, with the genesis head', async () => {
    expect(await verifyChain(d.db)).toEqual({ ok: true, count: 0, head: GENESIS })
  })

  it('chains rows in order and verifies them', async () => {
    for (let n = 1; n <= 5; n++) await record(n)
    const verdict = await verifyChain(d.db)
    expect(verdict).toMatchObject({ ok: true, count: 5 })
  })

  it('concurrent writers still form one chain', async () => {
    await Promise.all([6, 7, 8, 9, 10].map(record))
    expect(await verifyChain(d.db)).toMatchObject({ ok: true, count: 10 })
  })

  it('an audited transaction that fails leaves neither its write nor its event', async () => {
    // The concurrent writers above commit in any order: the newest event is whichever came last.
    const before = await lastEvents(1)
    expect(before).toHaveLength(1)
    const failed = transact(d.db, async (trx) => {
      await recordAudit(trx, event(100))
      await sql`SELECT 1`.execute(trx)
      throw new Error('give up')
    })
    await expect(failed).rejects.toThrow('give up')
    expect(await lastEvents(1)).toEqual(before)
    expect(await lastEvents(100)).not.toContain('p100')
  })

  it('an audited write outside transact() is refused, so it cannot commit without its event', async () => {
    const bare = d.db.transaction().execute((trx) => recordAudit(trx, event(101)))
    await expect(bare).rejects.toThrow(/transact/)
    expect(await verifyChain(d.db)).toMatchObject({ ok: true, count: 10 })
  })

  // PGlite's one connection cannot open a second transaction inside the first.
  it.runIf(kind === 'postgres')(
    "one transaction's events are appended together, in the order recorded",
    async () => {
      await transact(d.db, async (trx) => {
        await recordAudit(trx, event(102))
        await transact(d.db, (other) => recordAudit(other, event(103)))
        await recordAudit(trx, event(104))
      })
      expect(await lastEvents(3)).toEqual(['p103', 'p102', 'p104'])
      expect(await verifyChain(d.db)).toMatchObject({ ok: true })
    },
  )

  // The chain's lock is taken only to append, just before the commit: a long audited transaction (a
  // 100,000-line roster confirmation) no longer holds up every other audited write, such as a sign-in.
  // PGlite has one connection, so its transactions take turns anyway.
  it.runIf(kind === 'postgres')(
    'a long audited transaction does not hold up another audited write',
    async () => {
      let finish = () => {}
      const held = new Promise<void>((resolve) => {
        finish = resolve
      })
      let opened = () => {}
      const open = new Promise<void>((resolve) => {
        opened = resolve
      })
      const long = transact(d.db, async (trx) => {
        await recordAudit(trx, event(105))
        await sql`SELECT 1`.execute(trx)
        opened()
        await held
      })
      await open
      const short = record(106)
      const outcome = await Promise.race([short.then(() => 'committed'), sleep(5000).then(() => 'waiting')])
      finish()
      await Promise.all([long, short])
      expect(outcome).toBe('committed')
      // Chain order is commit order: the short transaction committed first.
      expect(await lastEvents(2)).toEqual(['p106', 'p105'])
      expect(await verifyChain(d.db)).toMatchObject({ ok: true })
    },
  )

  it('the database refuses UPDATE, DELETE and TRUNCATE of the trail', async () => {
    await expect(sql`UPDATE audit_event SET actor = 'x' WHERE seq = 3`.execute(d.db)).rejects.toThrow(
      /append-only/,
    )
    await expect(sql`DELETE FROM audit_event WHERE seq = 3`.execute(d.db)).rejects.toThrow(/append-only/)
    await expect(sql`TRUNCATE audit_event`.execute(d.db)).rejects.toThrow(/append-only/)
  })

  it('a checkpoint verifies while the trail only grows', async () => {
    const checkpoint = await issueCheckpoint(d.db, keys.privateKey)
    const count = checkpoint.seq
    await record(11)
    expect(await verifyAgainstCheckpoint(d.db, keys.publicKey, checkpoint)).toMatchObject({
      ok: true,
      count: count + 1,
    })
  })

  it('a checkpoint signed with another key is refused', async () => {
    const checkpoint = await issueCheckpoint(d.db, otherKeys.privateKey)
    expect(await verifyAgainstCheckpoint(d.db, keys.publicKey, checkpoint)).toMatchObject({ ok: false })
  })

  // The attacks need the triggers out of the way, as someone with full database access would do.
  async function tamper(statements: string[]) {
    await sql.raw('ALTER TABLE audit_event DISABLE TRIGGER USER').execute(d.db)
    for (const s of statements) await sql.raw(s).execute(d.db)
    await sql.raw('ALTER TABLE audit_event ENABLE TRIGGER USER').execute(d.db)
  }

  it('a tampered row is caught and named', async () => {
    const checkpoint = await issueCheckpoint(d.db, keys.privateKey)
    await tamper([`UPDATE audit_event SET after = '{"name":"李四"}' WHERE seq = 4`])
    expect(await verifyChain(d.db)).toMatchObject({ ok: false, brokenAt: 4 })
    // Rewrite history whole: recompute every hash from row 4 on, so every link checks again.
    const rows = await d.db.selectFrom('audit_event').selectAll().orderBy('seq').execute()
    let prev = rows[2]?.hash as string
    const fixes: string[] = []
    for (const r of rows.slice(3)) {
      const hash = hashEvent({ ...toAuditRow(r), prevHash: prev })
      fixes.push(`UPDATE audit_event SET prev_hash = '${prev}', hash = '${hash}' WHERE seq = ${r.seq}`)
      prev = hash
    }
    await tamper(fixes)
    expect(await verifyChain(d.db)).toMatchObject({ ok: true })
    // …but the signed checkpoint still catches the rewritten history.
    const verdict = await verifyAgainstCheckpoint(d.db, keys.publicKey, checkpoint)
    expect(verdict).toMatchObject({ ok: false, brokenAt: checkpoint.seq })
  })

  it('a deleted row is caught', async () => {
    await tamper(['DELETE FROM audit_event WHERE seq = 2'])
    expect(await verifyChain(d.db)).toMatchObject({ ok: false, brokenAt: 2 })
  })
})

// Every transaction in the application opens through transact() (src/services/audit.ts) or the bulk
// transaction (which confirms through appendingAudits), so no audited write can skip the append.
describe('transactions open through transact()', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    )
  it('no other code in src/ opens a transaction itself', () => {
    const opening = files('src').filter(
      (f) =>
        !['src/services/audit.ts', 'src/db/bulk.ts'].includes(f.split('\\').join('/')) &&
        readFileSync(f, 'utf8').includes('.transaction()'),
    )
    expect(opening).toEqual([])
  })
})
