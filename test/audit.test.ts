import { generateKeyPairSync } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toAuditRow } from '../src/db/audit.js'
import type { Database } from '../src/db/connect.js'
import {
  GENESIS,
  hashEvent,
  issueCheckpoint,
  recordAudit,
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

  const record = (n: number) =>
    d.db.transaction().execute((trx) =>
      recordAudit(trx, {
        actor: 'clerk-1',
        action: 'person.update',
        entity: 'person',
        entityId: `p${n}`,
        personKey: `k${n % 3}`,
        before: { name: '张三', n },
        after: { name: '张叁', n, tags: ['a', 'b'] },
      }),
    )

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

  it('the database refuses UPDATE, DELETE and TRUNCATE of the trail', async () => {
    await expect(sql`UPDATE audit_event SET actor = 'x' WHERE seq = 3`.execute(d.db)).rejects.toThrow(
      /append-only/,
    )
    await expect(sql`DELETE FROM audit_event WHERE seq = 3`.execute(d.db)).rejects.toThrow(/append-only/)
    await expect(sql`TRUNCATE audit_event`.execute(d.db)).rejects.toThrow(/append-only/)
  })

  it('a checkpoint verifies while the trail only grows', async () => {
    const checkpoint = await issueCheckpoint(d.db, keys.privateKey)
    expect(checkpoint).toMatchObject({ version: 1, seq: 10 })
    await record(11)
    expect(await verifyAgainstCheckpoint(d.db, keys.publicKey, checkpoint)).toMatchObject({
      ok: true,
      count: 11,
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
