import { createHash, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Kysely, Transaction } from 'kysely'
import type { DB, EvidenceTable } from '../db/schema.js'
import type { Principal } from './accounts.js'
import { recordAudit } from './audit.js'
import { ConflictError, InvalidInputError, NotFoundError } from './errors.js'
import type { Actor } from './ledger.js'
import { assertCanAccessPerson } from './scope.js'

/** Evidence files may be PDF, JPEG or PNG, up to 10 MiB each. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

export type EvidenceType = EvidenceTable['media_type']

/** The type from the file's own first bytes, whatever its name says. */
export function sniffMediaType(bytes: Uint8Array): EvidenceType | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b)
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf' // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  return undefined
}

/**
 * Stores a file content-addressed under `root` (evidence/ab/cd/<sha256>): the same bytes are stored
 * once, and a file is written whole (temporary name, then rename) or not at all.
 */
export function storeEvidenceFile(
  root: string,
  bytes: Uint8Array,
): { sha256: string; size: number; mediaType: EvidenceType } {
  if (bytes.length === 0) throw new InvalidInputError('file', '文件为空')
  if (bytes.length > MAX_EVIDENCE_BYTES)
    throw new InvalidInputError('file', `文件超过 ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB`)
  const mediaType = sniffMediaType(bytes)
  if (!mediaType) throw new InvalidInputError('file', '只接受 PDF、JPG、PNG 文件（按文件内容识别）')
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const dir = join(root, 'evidence', sha256.slice(0, 2), sha256.slice(2, 4))
  const path = join(dir, sha256)
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true })
    const temp = `${path}.${randomUUID()}.tmp`
    writeFileSync(temp, bytes)
    renameSync(temp, path)
  }
  return { sha256, size: bytes.length, mediaType }
}

export const evidencePath = (root: string, sha256: string): string =>
  join(root, 'evidence', sha256.slice(0, 2), sha256.slice(2, 4), sha256)

// Control characters (C0, DEL, C1: a CR LF splits a header) and bidirectional controls (U+202E shows
// "证明\u202Egpj.exe" as "证明exe.jpg").
const INVISIBLE = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu

/** A file name as stored and served: no control or bidirectional characters, no path, ≤ 200 characters. */
export function safeFilename(name: string): string {
  const clean = name.replace(INVISIBLE, '').replace(/[\\/]/g, '_')
  // By code point: cutting a surrogate pair in half would leave what jsonb refuses.
  return Array.from(clean).slice(0, 200).join('') || 'file'
}

export interface EvidenceInput {
  personKey: string
  recordId: string
  filename: string
  bytes: Uint8Array
}

/**
 * Stores a file and links it to a person's activity record, in the audit trail: only while the record
 * waits for a decision (what was decided on stays as it was), and each file once per record.
 */
export async function attachEvidence(trx: Transaction<DB>, root: string, actor: Actor, input: EvidenceInput) {
  const record = await trx
    .selectFrom('activity_record')
    .select(['id', 'status'])
    .where('person_key', '=', input.personKey)
    .where('id', '=', input.recordId)
    .forUpdate()
    .executeTakeFirst()
  if (!record) throw new NotFoundError('activity record', input.recordId)
  if (record.status !== 'submitted' && record.status !== 'returned')
    throw new ConflictError('该申请已处理完毕，不能再补充证明材料（如需更正，请另行申请）')
  const filename = safeFilename(input.filename)
  const stored = storeEvidenceFile(root, input.bytes)
  const same = await trx
    .selectFrom('evidence')
    .select('filename')
    .where('person_key', '=', input.personKey)
    .where('record_id', '=', input.recordId)
    .where('sha256', '=', stored.sha256)
    .executeTakeFirst()
  if (same) throw new ConflictError(`该文件已上传过（「${same.filename}」），无需重复上传`)
  const row = await trx
    .insertInto('evidence')
    .values({
      person_key: input.personKey,
      record_id: input.recordId,
      sha256: stored.sha256,
      size: stored.size,
      media_type: stored.mediaType,
      filename,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordAudit(trx, {
    actor: actor.id,
    actorOrganisationId: actor.organisationId,
    action: 'evidence.attach',
    // Recorded against the activity record, whose history it is part of.
    entity: 'activity_record',
    entityId: input.recordId,
    personKey: input.personKey,
    after: {
      evidence: row.id,
      sha256: stored.sha256,
      size: stored.size,
      mediaType: stored.mediaType,
      filename,
    },
  })
  return row
}

/** An evidence file of a person's activity record, for someone who may see that person's data. */
export async function readEvidence(
  db: Kysely<DB>,
  root: string,
  p: Principal,
  personKey: string,
  recordId: string,
  evidenceId: string,
): Promise<{ filename: string; mediaType: EvidenceType; bytes: Buffer }> {
  await assertCanAccessPerson(db, p, personKey)
  const row = await db
    .selectFrom('evidence')
    .select(['sha256', 'media_type', 'filename'])
    .where('person_key', '=', personKey)
    .where('record_id', '=', recordId)
    .where('id', '=', evidenceId)
    .executeTakeFirst()
  if (!row) throw new NotFoundError('evidence', evidenceId)
  let bytes: Buffer
  try {
    bytes = await readFile(evidencePath(root, row.sha256))
  } catch {
    throw new NotFoundError('evidence file', evidenceId)
  }
  return { filename: safeFilename(row.filename), mediaType: row.media_type, bytes }
}
