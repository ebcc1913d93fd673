import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { parseResidentId } from '../domain/resident-id.js'
import { InputError, InvalidRecordError } from '../policy/errors.js'
import { parseRecord } from '../policy/records.js'
import type { Principal } from './accounts.js'
import { actorOf } from './applications.js'
import { recordAudit } from './audit.js'
import { canonicalJson } from './canonical-json.js'
import { InvalidRowsError } from './errors.js'
import { appendCredits } from './ledger.js'
import { zhRecordProblem } from './record-problems.js'
import { namesInScope, UNVERIFIABLE } from './scope.js'
import { personKeyOf, type Secrets } from './secrets.js'

export interface ImportLine {
  idNumber: string
  name: string
  /** The activity in the contract's vocabulary. */
  record: Record<string, unknown>
}

/**
 * 五（四）已单独建立学时系统的，应于每年年底前将学时管理数据导入: another system's approved records, all or
 * nothing, each line checked; the same key or the same content is imported once.
 */
export async function importRecords(
  db: Kysely<DB>,
  secrets: Secrets,
  p: Principal,
  lines: ImportLine[],
  idempotencyKey?: string,
) {
  const problems: { row: number; column: string; reason: string }[] = []
  const rows: { personKey: string; record: Record<string, unknown> }[] = []
  const keys = new Map<number, string>()
  for (const [i, line] of lines.entries()) {
    const id = parseResidentId(String(line.idNumber ?? ''))
    if (!id.ok) problems.push({ row: i + 1, column: 'idNumber', reason: id.reason })
    else keys.set(i, personKeyOf(secrets, id.id))
    try {
      parseRecord({ ...line.record, id: `row${i + 1}` }, i + 1)
    } catch (e) {
      if (!(e instanceof InputError)) throw e
      problems.push(
        e instanceof InvalidRecordError
          ? { row: i + 1, column: `record.${e.field}`, reason: zhRecordProblem(e) }
          : { row: i + 1, column: 'record', reason: e.message },
      )
    }
  }
  // Only persons in the importer's scope are looked at: any other number gets the same answer (no oracle).
  const known = await namesInScope(db, p, [...keys.values()])
  const usable = [...known.keys()]
  const closed = new Set(
    usable.length === 0
      ? []
      : (
          await db
            .selectFrom('year_review')
            .select(['person_key', 'year'])
            .where('kind', '=', 'year_end')
            .where('person_key', 'in', usable)
            .execute()
        ).map((r) => `${r.person_key}/${r.year}`),
  )
  for (const [i, line] of lines.entries()) {
    const key = keys.get(i)
    if (key === undefined) continue
    const name = known.get(key)
    if (name === undefined) problems.push({ row: i + 1, column: 'idNumber', reason: UNVERIFIABLE })
    else if (name !== String(line.name ?? '').trim())
      problems.push({ row: i + 1, column: 'name', reason: '姓名与登记信息不一致' })
    const date = String(line.record?.date ?? '')
    if (closed.has(`${key}/${date.slice(0, 4)}`))
      problems.push({
        row: i + 1,
        column: 'record.date',
        reason: `${date.slice(0, 4)}年度已完成年终审核，只能以冲销更正`,
      })
    rows.push({ personKey: key, record: line.record })
  }
  if (problems.length > 0) throw new InvalidRowsError(problems.sort((a, b) => a.row - b.row))
  const contentHash = createHash('sha256').update(canonicalJson(rows)).digest('hex')
  return db.transaction().execute(async (trx) => {
    // One import per organisation at a time: a retried upload waits here, then finds the first.
    await trx
      .selectFrom('organisation')
      .select('id')
      .where('id', '=', p.organisationId as string)
      .forUpdate()
      .execute()
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
    await appendCredits(trx, actorOf(p), ordered, 'import')
    await recordAudit(trx, {
      actor: actorOf(p).id,
      actorOrganisationId: p.organisationId,
      action: 'import.records',
      entity: 'import_batch',
      entityId: batch.id,
      after: { rows: rows.length },
    })
    return { id: batch.id, rows: rows.length, replayed: false }
  })
}
