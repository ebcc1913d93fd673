// Reporting upward and taking in (docs/exchange.md): cn-engineering-2026 第二十二条「学时数据实行自下而上
// 登记、动态归集报送」, 苏人社函〔2023〕308号 五（四）「已单独建立学时系统的，应于每年年底前将学时管理数据导入」.
import { createHash, type KeyObject, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { finished, pipeline } from 'node:stream/promises'
import { type Kysely, sql, type Transaction } from 'kysely'
import { regionPrefix } from '../db/compliance.js'
import { countRows } from '../db/count.js'
import { creditsUnderKeys, liveCreditsWithContent, liveCreditsWithContentPairs } from '../db/ledger.js'
import { findOrganisation, type Organisation } from '../db/organisations.js'
import type { DB } from '../db/schema.js'
import { chinaToday } from '../domain/china-date.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { regions } from '../domain/region-data.js'
import { InputError, InvalidRecordError } from '../policy/errors.js'
import { parseRecord } from '../policy/records.js'
import type { Principal } from './accounts.js'
import { actorOf } from './applications.js'
import { recordAudit, transact } from './audit.js'
import {
  ConfigurationError,
  ForbiddenError,
  InvalidInputError,
  InvalidRowsError,
  NotFoundError,
} from './errors.js'
import {
  type CreditLine,
  EXCHANGE_LIMITS,
  type ExchangeLimits,
  type ExchangeLine,
  type ExchangeManifest,
  exchangeKeyId,
  lineText,
  personRefOf,
  publicKeyFrom,
  type ReadExchange,
  type ReversalLine,
  rawPublicKey,
  signManifest,
} from './exchange-format.js'
import { type Actor, appendCredits, reverseEntry } from './ledger.js'
import { findTopHrDepartment } from './policy-settings.js'
import { zhInputProblem, zhRecordProblem } from './record-problems.js'
import { type Secrets, unseal } from './secrets.js'
import { closedYearsOf } from './year-lock.js'

/** The keys of the exchange: the shared key persons are named under, and the deployment's signing key. */
export interface ExchangeKeys {
  /** Shared by sender and receiver (XUESHI_EXCHANGE_KEY): persons are HMAC-SHA256 of their ID number under it. */
  exchangeKey: Buffer
  /** The deployment's Ed25519 key (the audit checkpoint key, audit-keys.ts): signs the manifest. */
  signingKey: KeyObject
}

/**
 * XUESHI_EXCHANGE_KEY (base64, ≥ 32 bytes), the same at both ends. In embedded mode (no DATABASE_URL) one is
 * generated into the data directory on first use, to be copied to the partner; with PostgreSQL it must be set.
 */
export function loadExchangeKey(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  log: (line: string) => void = () => {},
) {
  const check = (key: Buffer) => {
    if (key.length < 32)
      throw new ConfigurationError('XUESHI_EXCHANGE_KEY must hold at least 32 bytes (base64)')
    return key
  }
  if (env.XUESHI_EXCHANGE_KEY) return check(Buffer.from(env.XUESHI_EXCHANGE_KEY, 'base64'))
  if (env.DATABASE_URL)
    throw new ConfigurationError(
      'XUESHI_EXCHANGE_KEY is required with DATABASE_URL (base64 of ≥ 32 random bytes, shared with the exchange partner)',
    )
  const file = join(dataDir, 'exchange.key')
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
    log(
      `generated the exchange key in ${file}: give the same key to the exchange partner (XUESHI_EXCHANGE_KEY)`,
    )
  }
  return check(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'))
}

/** Who exports or imports: the actor, and the region they act for (null: the whole country). */
export interface ExchangeParty {
  actor: Actor
  organisationId: string | null
  /** The HR department's region; null for a national department. */
  regionCode: string | null
  /** The name the manifest gives the issuer. */
  name: string
}

const partyFrom = (org: Organisation, actor: Actor): ExchangeParty => ({
  actor,
  organisationId: org.id,
  regionCode: org.level === 'national' ? null : org.regionCode,
  name: org.name,
})

/** An HR department's account (or API token) as the exchange's party: its department and region. */
export async function partyOf(db: Kysely<DB>, p: Principal): Promise<ExchangeParty> {
  const org = p.organisationId ? await findOrganisation(db, p.organisationId) : undefined
  if (org?.kind !== 'hr_department') throw new ForbiddenError('仅人社部门可报送或汇入学时数据')
  return partyFrom(org, actorOf(p))
}

/** The command line acts as the deployment's top HR department (policy-settings.ts). */
export async function deploymentParty(db: Kysely<DB>, actorId: string): Promise<ExchangeParty> {
  const top = await findTopHrDepartment(db)
  if (!top) throw new InvalidInputError('region', '数据库中没有人社部门（请先运行 xueshi init）')
  return partyFrom(top, { id: actorId, organisationId: top.id })
}

const inRegion = (code: string, scope: string | null) =>
  scope === null || code.startsWith(regionPrefix(scope))

/** This deployment's exchange identity: the public key partners trust, and the exchange key's id. */
export const exchangeIdentity = (keys: ExchangeKeys) => ({
  publicKey: rawPublicKey(keys.signingKey),
  keyId: exchangeKeyId(keys.exchangeKey),
  format: 'xueshi-exchange',
})

const CURSOR = /^\d{1,20}$/

/** Where the region's last export stopped ('0': nothing exported yet). */
async function lastCursor(db: Kysely<DB> | Transaction<DB>, regionCode: string): Promise<string> {
  const last = await db
    .selectFrom('exchange_export')
    .select('cursor_to')
    .where('region_code', '=', regionCode)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return last?.cursor_to ?? '0'
}

interface EntryRow {
  person_key: string
  id: string
  entry_type: 'credit' | 'reversal'
  year: number
  record: unknown
  policy_id: string | null
  public: string
  professional: string
  basis: string
  source: string
  reason: string | null
  reverses_id: string | null
  credit_key: string | null
  credit_revision: number | null
  content_hash: string | null
  created_at: Date
  id_cipher: Uint8Array
  reversed_key: string | null
  reversed_revision: number | null
  reversed_hash: string | null
}

/** Rows a FETCH reads: a region's year-end file is hundreds of thousands of lines, never held at once. */
const FETCH_ROWS = 5000

/** A line of the file from a ledger row, the person named by `person` (their HMAC under the exchange key). */
function lineOf(r: EntryRow, person: string): ExchangeLine {
  const base = {
    id: r.id,
    person,
    year: Number(r.year),
    public: Number(r.public),
    professional: Number(r.professional),
    basis: r.basis,
    source: r.source,
    createdAt: new Date(r.created_at).toISOString(),
  }
  return r.entry_type === 'credit'
    ? {
        type: 'credit',
        ...base,
        creditKey: r.credit_key,
        revision: r.credit_revision === null ? null : Number(r.credit_revision),
        contentHash: r.content_hash,
        policy: r.policy_id,
        record: r.record as Record<string, unknown>,
      }
    : {
        type: 'reversal',
        ...base,
        reverses: r.reverses_id as string,
        creditKey: r.reversed_key,
        revision: r.reversed_revision === null ? null : Number(r.reversed_revision),
        contentHash: r.reversed_hash,
        reason: r.reason ?? '',
      }
}

export interface ExportOptions {
  regionCode?: string
  since?: string
  /** Rows a FETCH reads (default FETCH_ROWS); a test pages with a few. */
  fetchRows?: number
  /** The receiver's limits the file must keep to (default EXCHANGE_LIMITS). */
  limits?: Pick<ExchangeLimits, 'maxLines' | 'maxBytes'>
}

/**
 * The region's ledger increment since `since` (default: where its last export stopped), as a signed exchange
 * file; the export is recorded so the next one starts where this one stops. Entries are those of the persons
 * registered in the region and below, written by transactions below the horizon (the oldest transaction
 * still running): every one of them has committed, so a late commit lands in the next export.
 *
 * The body goes to `sink` a few thousand lines at a time, read through a cursor and checksummed as it goes;
 * `finish` gets the signed manifest before the export is recorded (a failure there records nothing). A file
 * the receiver's reader would refuse (EXCHANGE_LIMITS) is refused here, before anything is recorded.
 */
async function exportBody(
  db: Kysely<DB>,
  secrets: Secrets,
  keys: ExchangeKeys,
  party: ExchangeParty,
  options: ExportOptions,
  sink: (chunk: string) => Promise<void> | void,
  finish: (manifest: ExchangeManifest) => Promise<void> | void = () => {},
): Promise<{ manifest: ExchangeManifest; exportId: string }> {
  const regionCode = options.regionCode ?? party.regionCode
  if (regionCode === null || regionCode === undefined || !regions.has(regionCode))
    throw new InvalidInputError('region', `未知的行政区划代码 ${regionCode ?? ''}（须为 GB/T 2260 六位代码）`)
  if (!inRegion(regionCode, party.regionCode)) throw new ForbiddenError('只能报送本地区及下级地区的学时数据')
  if (options.since !== undefined && !CURSOR.test(options.since))
    throw new InvalidInputError(
      'since',
      `游标「${options.since.slice(0, 30)}」无效（应为上次报送清单中 cursor.to 的数字）`,
    )
  return transact(db, async (trx) => {
    const from = options.since ?? (await lastCursor(trx, regionCode))
    const horizon = await sql<{
      to: string
    }>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS "to"`.execute(trx)
    const to = (horizon.rows[0] as { to: string }).to
    if (BigInt(from) > BigInt(to))
      throw new InvalidInputError(
        'since',
        `游标 ${from} 超出本系统已写入的范围（当前为 ${to}），不是本系统给出的游标`,
      )
    await sql`
      DECLARE exchange_export_rows NO SCROLL CURSOR FOR
      SELECT e.person_key, e.id, e.entry_type, e.year, e.record, e.policy_id, e.public, e.professional, e.basis,
        e.source, e.reason, e.reverses_id, e.credit_key, e.credit_revision, e.content_hash, e.created_at,
        p.id_cipher, c.credit_key AS reversed_key, c.credit_revision AS reversed_revision,
        c.content_hash AS reversed_hash
      FROM ledger_entry e
      JOIN person p ON p.person_key = e.person_key
      LEFT JOIN ledger_entry c ON c.person_key = e.person_key AND c.id = e.reverses_id
      WHERE p.region_code LIKE ${`${regionPrefix(regionCode)}%`}
        AND ((e.txid >= ${from}::xid8 AND e.txid < ${to}::xid8) OR (${from} = '0' AND e.txid IS NULL))
      ORDER BY e.txid NULLS FIRST, e.created_at, e.entry_type, e.id
    `.execute(trx)
    const refs = new Map<string, string>()
    const refOf = (r: EntryRow) => {
      let ref = refs.get(r.person_key)
      if (ref === undefined) {
        ref = personRefOf(keys.exchangeKey, unseal(secrets, r.id_cipher))
        refs.set(r.person_key, ref)
      }
      return ref
    }
    const limits = options.limits ?? EXCHANGE_LIMITS
    const sha256 = createHash('sha256')
    let credits = 0
    let reversals = 0
    // The manifest line is under 2 KB; the body must leave room for it.
    let bytes = 2048
    for (;;) {
      const batch = await sql
        .raw<EntryRow>(`FETCH ${Math.trunc(options.fetchRows ?? FETCH_ROWS)} FROM exchange_export_rows`)
        .execute(trx)
      if (batch.rows.length === 0) break
      let chunk = ''
      for (const r of batch.rows) {
        const line = lineOf(r, refOf(r))
        if (line.type === 'credit') credits += 1
        else reversals += 1
        chunk += lineText(line)
      }
      bytes += Buffer.byteLength(chunk, 'utf8')
      if (credits + reversals + 1 > limits.maxLines || bytes > limits.maxBytes)
        throw new InvalidInputError(
          'region',
          `本次报送超过单个交换文件的上限（${limits.maxLines.toLocaleString('en-US')}行、${Math.floor(limits.maxBytes / 1024 / 1024)} MB），接收方无法汇入；请按下级地区分别报送（如 xueshi export --region <下级地区代码>），本次未记录任何报送`,
        )
      sha256.update(chunk, 'utf8')
      await sink(chunk)
    }
    await sql.raw('CLOSE exchange_export_rows').execute(trx)
    const manifest = signManifest(
      {
        issuer: {
          name: party.name,
          region: party.regionCode ?? '000000',
          key: rawPublicKey(keys.signingKey),
        },
        region: regionCode,
        cursor: { from, to },
        exportedAt: new Date().toISOString(),
        person: { alg: 'HMAC-SHA256', keyId: exchangeKeyId(keys.exchangeKey) },
        counts: { credits, reversals },
      },
      sha256.digest('hex'),
      keys.signingKey,
    )
    await finish(manifest)
    const row = await trx
      .insertInto('exchange_export')
      .values({
        organisation_id: party.organisationId,
        region_code: regionCode,
        cursor_from: from,
        cursor_to: to,
        credits,
        reversals,
        sha256: manifest.sha256,
        created_by: party.actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actor: party.actor.id,
      actorOrganisationId: party.actor.organisationId,
      action: 'exchange.export',
      entity: 'exchange_export',
      entityId: row.id,
      after: { region: regionCode, from, to, credits, reversals, sha256: manifest.sha256 },
    })
    return { manifest, exportId: row.id }
  })
}

/** The export as text (the API's answer; incremental files are small). */
export async function exportExchange(
  db: Kysely<DB>,
  secrets: Secrets,
  keys: ExchangeKeys,
  party: ExchangeParty,
  options: ExportOptions = {},
): Promise<{ text: string; manifest: ExchangeManifest; exportId: string }> {
  const chunks: string[] = []
  const { manifest, exportId } = await exportBody(db, secrets, keys, party, options, (c) => {
    chunks.push(c)
  })
  return { text: `${JSON.stringify(manifest)}\n${chunks.join('')}`, manifest, exportId }
}

/**
 * The export written to `path` (xueshi export): the body streams to a file beside it, then the manifest and the
 * body are put together at `path`, before the export is recorded. Memory stays at a few thousand lines however
 * large the region; on any failure nothing is recorded, and a file this export began at `path` is removed.
 */
export async function exportExchangeToFile(
  db: Kysely<DB>,
  secrets: Secrets,
  keys: ExchangeKeys,
  party: ExchangeParty,
  options: ExportOptions,
  path: string,
): Promise<{ manifest: ExchangeManifest; exportId: string }> {
  const part = `${path}.part-${randomBytes(4).toString('hex')}`
  const body = createWriteStream(part)
  let written = false
  try {
    return await exportBody(
      db,
      secrets,
      keys,
      party,
      options,
      async (chunk) => {
        if (!body.write(chunk)) await once(body, 'drain')
      },
      async (manifest) => {
        body.end()
        await finished(body)
        written = true
        writeFileSync(path, `${JSON.stringify(manifest)}\n`)
        await pipeline(createReadStream(part), createWriteStream(path, { flags: 'a' }))
      },
    )
  } catch (e) {
    if (written) rmSync(path, { force: true })
    throw e
  } finally {
    body.destroy()
    rmSync(part, { force: true })
  }
}

/** The exports of the caller's region and below, newest first. */
export async function listExports(db: Kysely<DB>, regionCode: string | null, page: PageQuery) {
  let q = db.selectFrom('exchange_export')
  if (regionCode !== null) q = q.where('region_code', 'like', `${regionPrefix(regionCode)}%`)
  const [rows, total] = await Promise.all([
    q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((r) => ({
      id: r.id,
      region: r.region_code,
      from: r.cursor_from,
      to: r.cursor_to,
      credits: r.credits,
      reversals: r.reversals,
      sha256: r.sha256,
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
    })),
    total,
    page,
  )
}

/** What taking a file in did. */
export interface ImportReport {
  id: string
  issuer: { name: string; region: string }
  region: string
  cursor: { from: string; to: string }
  version: string
  /** Credits written here. */
  credited: number
  /** Lines already here: a credit taken in before (the same sender entry) or the same activity already live. */
  present: number
  /** Reversals applied here. */
  reversed: number
  /** What was taken but deserves a look (the same activity credited here by another door, reversed there). */
  notes: { line: number; reason: string }[]
}

/** Imports at a time: a file sent twice at once is taken in once. */
const EXCHANGE_LOCK = 20261216

const keyOf = (senderEntryId: string) => `exchange:${senderEntryId}`

/**
 * Takes in a file read by readExchange (signature and checksum already verified against the key the manifest
 * names): refused unless that key is trusted here and the exchange key is the same. All or nothing, in one
 * transaction; a line taken in before, or the same activity already live, is counted as present, not again.
 * Refusals come as InvalidRowsError with the file's line numbers; nothing is written then.
 */
export async function importExchange(
  db: Kysely<DB>,
  secrets: Secrets,
  keys: ExchangeKeys,
  party: ExchangeParty,
  file: ReadExchange,
  trusted: (issuerKey: string) => Promise<boolean>,
): Promise<ImportReport> {
  const m = file.manifest
  if (!(await trusted(m.issuer.key)))
    throw new InvalidInputError(
      'issuer.key',
      `签发方「${m.issuer.name}」的公钥未被本部门信任：请先在"交换方"中登记其公钥（${m.issuer.key}）`,
    )
  if (m.person.keyId !== exchangeKeyId(keys.exchangeKey))
    throw new InvalidInputError(
      'person.keyId',
      `交换密钥与本系统不一致（文件 ${m.person.keyId}，本系统 ${exchangeKeyId(keys.exchangeKey)}）：双方须配置同一 XUESHI_EXCHANGE_KEY`,
    )
  if (!inRegion(m.region, party.regionCode))
    throw new ForbiddenError(`只能汇入本地区及下级地区的学时数据（文件为 ${m.region}）`)
  const problems: { row: number; column: string; reason: string }[] = file.problems.map((p) => ({
    row: p.line,
    column: 'line',
    reason: p.reason,
  }))
  // Persons are matched by the same HMAC over the ID numbers registered here in the file's region.
  const wanted = new Set(file.lines.map((l) => l.entry.person))
  const persons = new Map<string, string>()
  if (wanted.size > 0) {
    const candidates = await db
      .selectFrom('person')
      .select(['person_key', 'id_cipher'])
      .where('region_code', 'like', `${regionPrefix(m.region)}%`)
      .execute()
    for (const c of candidates) {
      const ref = personRefOf(keys.exchangeKey, unseal(secrets, c.id_cipher))
      if (wanted.has(ref)) persons.set(ref, c.person_key)
    }
  }
  const today = chinaToday()
  const seen = new Map<string, number>()
  const credits: { line: number; entry: CreditLine; personKey: string }[] = []
  const reversals: { line: number; entry: ReversalLine; personKey: string }[] = []
  for (const { line, entry } of file.lines) {
    const earlier = seen.get(entry.id)
    if (earlier !== undefined) {
      problems.push({ row: line, column: 'id', reason: `与第${earlier}行是同一条记录` })
      continue
    }
    seen.set(entry.id, line)
    const personKey = persons.get(entry.person)
    if (personKey === undefined) {
      problems.push({
        row: line,
        column: 'person',
        reason: `人员未在本系统${m.region}地区登记（按交换密钥核对身份证号未找到），请先登记该人员`,
      })
      continue
    }
    if (entry.type === 'reversal') {
      reversals.push({ line, entry, personKey })
      continue
    }
    try {
      const record = parseRecord({ ...entry.record, id: `line${line}` }, line)
      if (record.date > today)
        problems.push({ row: line, column: 'record.date', reason: `活动日期晚于今天（${today}）` })
    } catch (e) {
      if (!(e instanceof InputError)) throw e
      problems.push(
        e instanceof InvalidRecordError
          ? { row: line, column: `record.${e.field}`, reason: zhRecordProblem(e) }
          : { row: line, column: 'record', reason: zhInputProblem(e) },
      )
      continue
    }
    credits.push({ line, entry, personKey })
  }
  const notes: ImportReport['notes'] = []
  return transact(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${EXCHANGE_LOCK})`.execute(trx)
    // Credits: those taken in before (this sender entry) or live here already (the same activity) are present.
    const pairs = credits.map((c) => ({ personKey: c.personKey, creditKey: keyOf(c.entry.id) }))
    const before = new Set((await creditsUnderKeys(trx, pairs)).map((c) => `${c.personKey} ${c.creditKey}`))
    const sameActivity = new Map(
      (
        await liveCreditsWithContentPairs(
          trx,
          credits.flatMap((c) =>
            c.entry.contentHash ? [{ personKey: c.personKey, contentHash: c.entry.contentHash }] : [],
          ),
        )
      ).map((c) => [`${c.personKey} ${c.contentHash}`, c.id]),
    )
    let present = 0
    const fresh = credits.filter((c) => {
      if (before.has(`${c.personKey} ${keyOf(c.entry.id)}`)) {
        present += 1
        return false
      }
      if (c.entry.contentHash && sameActivity.has(`${c.personKey} ${c.entry.contentHash}`)) {
        present += 1
        return false
      }
      return true
    })
    const closed = await closedYearsOf(
      trx,
      fresh.map((c) => c.personKey),
    )
    for (const c of fresh) {
      const year = String(c.entry.record.date ?? '').slice(0, 4)
      if (closed.has(`${c.personKey}/${year}`))
        problems.push({
          row: c.line,
          column: 'record.date',
          reason: `${year}年度已完成年终审核，只能以冲销更正`,
        })
    }
    if (problems.length > 0) throw refused(problems)
    // Oldest first, so each year's caps fill in the order the activities happened.
    const ordered = [...fresh].sort((a, b) =>
      String(a.entry.record.date).localeCompare(String(b.entry.record.date)),
    )
    await appendCredits(
      trx,
      party.actor,
      ordered.map((c) => ({ personKey: c.personKey, record: c.entry.record, creditKey: keyOf(c.entry.id) })),
      'import',
    )
    // Reversals, after the credits of the same file: each cancels the credit taken in from the entry it names.
    let reversed = 0
    const targets = new Map(
      (
        await creditsUnderKeys(
          trx,
          reversals.map((r) => ({ personKey: r.personKey, creditKey: keyOf(r.entry.reverses) })),
        )
      ).map((c) => [`${c.personKey} ${c.creditKey}`, c]),
    )
    for (const r of reversals) {
      const target = targets.get(`${r.personKey} ${keyOf(r.entry.reverses)}`)
      if (target === undefined) {
        const same = r.entry.contentHash
          ? await liveCreditsWithContent(trx, [r.personKey], [r.entry.contentHash])
          : []
        if (same[0])
          notes.push({
            line: r.line,
            reason: `所冲销的学时在本系统由其他途径记入（账户记录 ${same[0].id}），未自动冲销，请核查`,
          })
        else
          problems.push({
            row: r.line,
            column: 'reverses',
            reason: `所冲销的学时（${r.entry.reverses}）未曾汇入本系统：请先汇入更早的报送文件`,
          })
        continue
      }
      if (!target.live) {
        present += 1
        continue
      }
      await reverseEntry(trx, party.actor, {
        personKey: r.personKey,
        entryId: target.id,
        reason: `${r.entry.reason}（${m.issuer.name}冲销）`.slice(0, 500),
        source: r.entry.source === 'revocation' ? 'revocation' : 'correction',
        basis: r.entry.basis,
      })
      target.live = false
      reversed += 1
    }
    if (problems.length > 0) throw refused(problems)
    const row = await trx
      .insertInto('exchange_import')
      .values({
        organisation_id: party.organisationId,
        issuer_name: m.issuer.name,
        issuer_key: m.issuer.key,
        region_code: m.region,
        cursor_from: m.cursor.from,
        cursor_to: m.cursor.to,
        sha256: m.sha256,
        credited: fresh.length,
        present,
        reversed,
        created_by: party.actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actor: party.actor.id,
      actorOrganisationId: party.actor.organisationId,
      action: 'exchange.import',
      entity: 'exchange_import',
      entityId: row.id,
      after: {
        issuer: m.issuer.name,
        region: m.region,
        from: m.cursor.from,
        to: m.cursor.to,
        sha256: m.sha256,
        credited: fresh.length,
        present,
        reversed,
      },
    })
    return {
      id: row.id,
      issuer: { name: m.issuer.name, region: m.issuer.region },
      region: m.region,
      cursor: m.cursor,
      version: m.version,
      credited: fresh.length,
      present,
      reversed,
      notes,
    }
  })
}

function refused(problems: { row: number; column: string; reason: string }[]): InvalidRowsError {
  return new InvalidRowsError([...problems].sort((a, b) => a.row - b.row))
}

/** The files the caller's organisation (CLI: the deployment) took in, newest first. */
export async function listImports(db: Kysely<DB>, organisationId: string | null, page: PageQuery) {
  let q = db.selectFrom('exchange_import')
  if (organisationId !== null) q = q.where('organisation_id', '=', organisationId)
  const [rows, total] = await Promise.all([
    q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((r) => ({
      id: r.id,
      issuer: r.issuer_name,
      region: r.region_code,
      from: r.cursor_from,
      to: r.cursor_to,
      credited: r.credited,
      present: r.present,
      reversed: r.reversed,
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
    })),
    total,
    page,
  )
}

// Trusted partners: the lower systems whose files an HR department takes in.

export interface PartnerInput {
  name: string
  regionCode: string
  publicKey: string
}

/** Whether the key is one an organisation (null: any HR department of the deployment) trusts. */
export async function isTrustedKey(
  db: Kysely<DB>,
  organisationId: string | null,
  key: string,
): Promise<boolean> {
  let q = db.selectFrom('exchange_partner').select('id').where('public_key', '=', key)
  if (organisationId !== null) q = q.where('organisation_id', '=', organisationId)
  return (await q.executeTakeFirst()) !== undefined
}

export async function listPartners(db: Kysely<DB>, organisationId: string, page: PageQuery) {
  const q = db.selectFrom('exchange_partner').where('organisation_id', '=', organisationId)
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('created_at').orderBy('id').limit(page.pageSize).offset(offsetOf(page)).execute(),
    countRows(q),
  ])
  return listPage(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      region: r.region_code,
      publicKey: r.public_key,
      createdAt: r.created_at.toISOString(),
    })),
    total,
    page,
  )
}

/** Trusts a partner's key (the raw Ed25519 key, base64url, or PEM; stored raw), for the region it reports. */
export async function addPartner(
  db: Kysely<DB>,
  party: ExchangeParty,
  input: PartnerInput,
): Promise<{ id: string; publicKey: string }> {
  if (party.organisationId === null) throw new ForbiddenError('须以人社部门账户登记交换方')
  const name = input.name.trim()
  if (name === '' || name.length > 100) throw new InvalidInputError('name', '名称须为1–100个字符')
  if (!regions.has(input.regionCode))
    throw new InvalidInputError('regionCode', `未知的行政区划代码 ${input.regionCode}`)
  if (!inRegion(input.regionCode, party.regionCode))
    throw new ForbiddenError('只能登记本地区及下级地区的交换方')
  const publicKey = rawPublicKey(publicKeyFrom(input.publicKey))
  const organisationId = party.organisationId
  return transact(db, async (trx) => {
    const existing = await trx
      .selectFrom('exchange_partner')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('public_key', '=', publicKey)
      .executeTakeFirst()
    if (existing) throw new InvalidInputError('publicKey', '该公钥已登记')
    const row = await trx
      .insertInto('exchange_partner')
      .values({
        organisation_id: organisationId,
        name,
        region_code: input.regionCode,
        public_key: publicKey,
        created_by: party.actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actor: party.actor.id,
      actorOrganisationId: party.actor.organisationId,
      action: 'exchange.partner_add',
      entity: 'exchange_partner',
      entityId: row.id,
      after: { name, region: input.regionCode, publicKey },
    })
    return { id: row.id, publicKey }
  })
}

export async function removePartner(db: Kysely<DB>, party: ExchangeParty, id: string): Promise<void> {
  await transact(db, async (trx) => {
    const row = await trx
      .deleteFrom('exchange_partner')
      .where('id', '=', id)
      .where('organisation_id', '=', party.organisationId as string)
      .returning(['name', 'region_code', 'public_key'])
      .executeTakeFirst()
    if (!row) throw new NotFoundError('exchange partner', id)
    await recordAudit(trx, {
      actor: party.actor.id,
      actorOrganisationId: party.actor.organisationId,
      action: 'exchange.partner_remove',
      entity: 'exchange_partner',
      entityId: id,
      before: { name: row.name, region: row.region_code, publicKey: row.public_key },
    })
  })
}
