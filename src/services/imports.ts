import { createHash } from 'node:crypto'
import { type Kysely, sql, type Transaction } from 'kysely'
import { creditsUnderKeys, liveCreditsWithContentPairs } from '../db/ledger.js'
import type { DB } from '../db/schema.js'
import { chinaToday } from '../domain/china-date.js'
import { parseResidentId } from '../domain/resident-id.js'
import { InputError, InvalidRecordError } from '../policy/errors.js'
import { parseRecord, unknownFieldsOf } from '../policy/records.js'
import type { Principal } from './accounts.js'
import { actorOf } from './applications.js'
import { recordAudit, transact } from './audit.js'
import { canonicalJson } from './canonical-json.js'
import { contentHashOf, creditKey, normalText, recordIdentity } from './credit-keys.js'
import { InvalidRowsError } from './errors.js'
import { appendCredits } from './ledger.js'
import { zhInputProblem, zhRecordProblem } from './record-problems.js'
import { namesInScope, UNVERIFIABLE } from './scope.js'
import { personKeyOf, type Secrets } from './secrets.js'
import { closedYearsOf } from './year-lock.js'

export interface ImportLine {
  idNumber: string
  name: string
  /** The activity in the contract's vocabulary; its `id` is the source system's own record id. */
  record: Record<string, unknown>
}

/** Every import takes this lock: the same record sent by two organisations at once is seen once. */
const IMPORT_LOCK = 20261201

/**
 * 五（四）已单独建立学时系统的，应于每年年底前将学时管理数据导入: another system's approved records, all or
 * nothing, each line checked; the same key or the same content is imported once. Each credit's natural
 * key is the source system and its record id; a record already in the ledger (the same activity from any
 * door, however spelled) or repeated within the batch is a row error.
 */
export async function importRecords(
  db: Kysely<DB>,
  secrets: Secrets,
  p: Principal,
  sourceSystem: string,
  lines: ImportLine[],
  idempotencyKey?: string,
) {
  const problems: { row: number; column: string; reason: string }[] = []
  const rows: { personKey: string; record: Record<string, unknown>; creditKey: string; hash: string }[] = []
  const keys = new Map<number, string>()
  for (const [i, line] of lines.entries()) {
    const id = parseResidentId(String(line.idNumber ?? ''))
    if (!id.ok) problems.push({ row: i + 1, column: 'idNumber', reason: id.reason })
    else keys.set(i, personKeyOf(secrets, id.id))
    const recordId = line.record?.id
    if (typeof recordId !== 'string' || recordId.trim() === '')
      problems.push({ row: i + 1, column: 'record.id', reason: '须填写来源系统中的记录编号' })
    for (const field of unknownFieldsOf(line.record ?? {}))
      problems.push({ row: i + 1, column: `record.${field}`, reason: '记录词汇表中没有该字段，请删除' })
    try {
      parseRecord({ ...line.record, id: `row${i + 1}` }, i + 1)
    } catch (e) {
      if (!(e instanceof InputError)) throw e
      problems.push(
        e instanceof InvalidRecordError
          ? { row: i + 1, column: `record.${e.field}`, reason: zhRecordProblem(e) }
          : { row: i + 1, column: 'record', reason: zhInputProblem(e) },
      )
    }
  }
  // Only persons in the importer's scope are looked at: any other number gets the same answer (no oracle).
  const known = await namesInScope(db, p, [...keys.values()])
  const usable = [...known.keys()]
  const closed = await closedYearsOf(db, usable)
  const firstRow = new Map<string, number>()
  const today = chinaToday()
  for (const [i, line] of lines.entries()) {
    const key = keys.get(i)
    if (key === undefined) continue
    const creditKeyOf = creditKey.imported(sourceSystem, String(line.record?.id ?? ''))
    const hash = contentHashOf(line.record ?? {})
    for (const at of [`${key} ${creditKeyOf}`, `${key} ${hash}`]) {
      const earlier = firstRow.get(at)
      if (earlier !== undefined)
        problems.push({ row: i + 1, column: 'record', reason: `与第${earlier}行是同一人员的同一记录` })
      else firstRow.set(at, i + 1)
    }
    const name = known.get(key)
    if (name === undefined) problems.push({ row: i + 1, column: 'idNumber', reason: UNVERIFIABLE })
    else if (name !== String(line.name ?? '').trim())
      problems.push({ row: i + 1, column: 'name', reason: '姓名与登记信息不一致' })
    const date = String(line.record?.date ?? '')
    if (date > today)
      problems.push({ row: i + 1, column: 'record.date', reason: `活动日期晚于今天（${today}）` })
    if (closed.has(`${key}/${date.slice(0, 4)}`))
      problems.push({
        row: i + 1,
        column: 'record.date',
        reason: `${date.slice(0, 4)}年度已完成年终审核，只能以冲销更正`,
      })
    rows.push({ personKey: key, record: line.record, creditKey: creditKeyOf, hash })
  }
  if (problems.length > 0) throw new InvalidRowsError(problems.sort((a, b) => a.row - b.row))
  const contentHash = createHash('sha256')
    .update(
      canonicalJson([normalText(sourceSystem), rows.map((r) => [r.personKey, recordIdentity(r.record)])]),
    )
    .digest('hex')
  return transact(db, async (trx) => {
    // One import at a time: a retried upload waits here, then finds the first; the same records sent by
    // another organisation meet the ledger's keys and contents below.
    await sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx)
    const earlier = await trx
      .selectFrom('import_batch')
      .selectAll()
      .where('organisation_id', '=', p.organisationId as string)
      .where((eb) =>
        idempotencyKey
          ? eb.or([eb('idempotency_key', '=', idempotencyKey), eb('content_hash', '=', contentHash)])
          : eb('content_hash', '=', contentHash),
      )
      .executeTakeFirst()
    if (earlier) return { id: earlier.id, rows: earlier.row_count, replayed: true }
    await assertNotInLedger(trx, rows)
    const batch = await trx
      .insertInto('import_batch')
      .values({
        organisation_id: p.organisationId as string,
        idempotency_key: idempotencyKey ?? null,
        content_hash: contentHash,
        row_count: rows.length,
        created_by: actorOf(p).id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    // Oldest first, so each year's caps fill in the order the activities happened.
    const ordered = [...rows].sort((a, b) => String(a.record.date).localeCompare(String(b.record.date)))
    const { batchId } = await appendCredits(trx, actorOf(p), ordered, 'import')
    await recordAudit(trx, {
      actor: actorOf(p).id,
      actorOrganisationId: p.organisationId,
      action: 'import.records',
      entity: 'import_batch',
      entityId: batch.id,
      after: { rows: rows.length, sourceSystem: normalText(sourceSystem), ledgerBatch: batchId },
    })
    return { id: batch.id, rows: rows.length, replayed: false }
  })
}

/** Rows whose record is already in the ledger — by its source key, or as the same activity from any door. */
async function assertNotInLedger(
  trx: Transaction<DB>,
  rows: { personKey: string; creditKey: string; hash: string }[],
): Promise<void> {
  const problems: { row: number; column: string; reason: string }[] = []
  for (let start = 0; start < rows.length; start += 1000) {
    const chunk = rows.slice(start, start + 1000)
    const imported = new Set(
      (await creditsUnderKeys(trx, chunk)).filter((c) => c.live).map((c) => `${c.personKey} ${c.creditKey}`),
    )
    const same = new Map(
      (
        await liveCreditsWithContentPairs(
          trx,
          chunk.map((r) => ({ personKey: r.personKey, contentHash: r.hash })),
        )
      ).map((c) => [`${c.personKey} ${c.contentHash}`, c.id]),
    )
    chunk.forEach((r, i) => {
      const row = start + i + 1
      if (imported.has(`${r.personKey} ${r.creditKey}`))
        problems.push({ row, column: 'record.id', reason: '该来源系统的这条记录已导入过' })
      else if (same.has(`${r.personKey} ${r.hash}`))
        problems.push({
          row,
          column: 'record',
          reason: `与已记入的学时相同（账户记录 ${same.get(`${r.personKey} ${r.hash}`)}）`,
        })
    })
  }
  if (problems.length > 0) throw new InvalidRowsError(problems)
}
