import { createHash } from 'node:crypto'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { BulkTransaction } from '../db/bulk.js'
import { regionPrefix } from '../db/compliance.js'
import { countRows } from '../db/count.js'
import { creditsUnderKeys } from '../db/ledger.js'
import type { DB, RosterTable } from '../db/schema.js'
import { chinaToday } from '../domain/china-date.js'
import { parseDecimal } from '../domain/decimal.js'
import { describeJsonProblem, findJsonProblem } from '../domain/json-limits.js'
import { parseResidentId } from '../domain/resident-id.js'
import { workingDaysBetween } from '../domain/working-days.js'
import { InputError } from '../policy/errors.js'
import { ADVANCED_SEMINAR_REPORT, governs } from '../policy/procedures.js'
import { parseRecord } from '../policy/records.js'
import type { Principal } from './accounts.js'
import { actorOf } from './applications.js'
import { appendingAudits, recordAudit } from './audit.js'
import { holidayCalendar, seminarReportDue } from './calendar.js'
import { canonicalJson } from './canonical-json.js'
import { contentHashOf, creditKey, recordIdentity } from './credit-keys.js'
import { ConflictError, ForbiddenError, InvalidRowsError, NotFoundError } from './errors.js'
import { assertNotRemoved } from './institution-removal.js'
import { appendCredits, reverseEntry } from './ledger.js'
import { notify } from './notifications.js'
import { toProject } from './projects.js'
import { zhInputProblem } from './record-problems.js'
import { COLUMNS, type RosterLine } from './roster-files.js'
import { markRosterNotificationsRead, notifyAuthorities } from './roster-queue.js'
import { namesInScope, UNVERIFIABLE } from './scope.js'
import { personKeyOf, type Secrets } from './secrets.js'

type Project = ReturnType<typeof toProject>

const column = (field: keyof RosterLine) => COLUMNS[field][0] as string
const dayCount = (p: Project) => (Date.parse(p.endDate) - Date.parse(p.startDate)) / 86_400_000 + 1

/** A roster line as the activity record it reports, in the contract's vocabulary. */
function recordOf(
  project: Project,
  isBase: boolean,
  hours: number,
  days: number,
  date: string,
): Record<string, unknown> {
  const title = project.title
  if (project.way === 'public_course_exam') return { kind: 'public_course_exam', hours, date, title }
  if (project.way === 'online') return { kind: 'online_course', subject: project.subject, hours, date, title }
  return {
    kind: 'training',
    subject: project.subject,
    organizer: isBase ? 'base' : 'institution',
    days,
    hours,
    date,
    title,
  }
}

type Line = { line: number; values: Record<string, unknown> }
type Problem = { row: number; column: string; reason: string }

/** The registered names of those keys that are registered. */
async function registeredNames(db: Kysely<DB>, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map()
  const rows = await db
    .selectFrom('person')
    .select(['person_key', 'name'])
    .where('person_key', 'in', keys)
    .execute()
  return new Map(rows.map((r) => [r.person_key, r.name]))
}

/** At most this many problems are reported (the file is refused whole anyway). */
const MAX_PROBLEMS = 1000

/**
 * Checks lines a chunk at a time, keeping only what the whole file needs (the persons seen, the
 * problems found, the running hash): a 100,000-line roster is never held in memory as objects.
 */
class LineChecker {
  readonly problems: Problem[] = []
  problemCount = 0
  private readonly seen = new Map<string, number>()
  /** One digest per line, sorted at the end: the same lines in another order are the same roster. */
  private readonly lineDigests: string[] = []

  constructor(
    private readonly read: Kysely<DB>,
    private readonly secrets: Secrets,
    private readonly p: Principal,
    private readonly project: Project,
    private readonly isBase: boolean,
    /** China's calendar day: an ID number born after it is a row error. */
    private readonly today: string,
  ) {}

  private bad(row: number, field: keyof RosterLine | '记录', reason: string) {
    this.problemCount += 1
    if (this.problems.length < MAX_PROBLEMS) {
      this.problems.push({ row, column: field === '记录' ? field : column(field), reason })
    }
  }

  /** The valid lines of a chunk, as [person_key, row_no, record]. */
  async check(chunk: Line[]): Promise<[string, number, Record<string, unknown>][]> {
    const project = this.project
    // A NUL in a cell would fail the insert (PostgreSQL refuses it): the line is reported instead.
    const readable = chunk.filter(({ line, values }) => {
      const found = findJsonProblem(values)
      if (!found) return true
      const field = Object.hasOwn(COLUMNS, found.path) ? (found.path as keyof RosterLine) : '记录'
      this.bad(line, field, describeJsonProblem(found))
      return false
    })
    const parsed = readable.map(({ line, values }) => {
      const id = parseResidentId(String(values.idNumber ?? ''), { today: this.today })
      if (!id.ok) this.bad(line, 'idNumber', id.reason)
      const num = (field: 'hours' | 'days') => {
        const v = values[field]
        if (v === undefined || v === '') return undefined
        const n = typeof v === 'number' ? v : parseDecimal(String(v))
        if (n === undefined || !Number.isFinite(n) || n <= 0)
          this.bad(line, field, '须为大于0的数字，如 8 或 7.5（最多两位小数）')
        return n
      }
      const hours = num('hours') ?? project.hours
      const days = num('days') ?? dayCount(project)
      if (hours > project.hours) this.bad(line, 'hours', `超过项目公布的${project.hours}学时`)
      if (project.way === 'face_to_face' && (!Number.isInteger(days) || days > dayCount(project))) {
        this.bad(line, 'days', `须为不超过项目天数（${dayCount(project)}天）的整数`)
      }
      const date = String(values.date ?? project.endDate).trim()
      if (date < project.startDate || date > project.endDate) {
        this.bad(line, 'date', `须在项目日期 ${project.startDate} 至 ${project.endDate} 之间`)
      }
      const record = recordOf(project, this.isBase, hours, days, date)
      return {
        line,
        name: String(values.name ?? '').trim(),
        personKey: id.ok ? personKeyOf(this.secrets, id.id) : undefined,
        record,
      }
    })
    const keys = parsed.flatMap((r) => (r.personKey ? [r.personKey] : []))
    // An institution may name any registered person (the authority or employer confirms, 第二十一条);
    // an HR department's or authority's roster is a grant, so only persons in its scope.
    const visible = await namesInScope(this.read, this.p, keys)
    const known = this.p.role === 'institution' ? await registeredNames(this.read, keys) : visible
    const valid: [string, number, Record<string, unknown>][] = []
    for (const r of parsed) {
      if (!r.personKey) continue
      const registered = known.get(r.personKey)
      // One answer for an unusable number; a name that differs only to a caller who may see the person.
      if (registered === undefined || (registered !== r.name && !visible.has(r.personKey))) {
        this.bad(r.line, 'idNumber', UNVERIFIABLE)
        continue
      }
      if (registered !== r.name) this.bad(r.line, 'name', '姓名与登记信息不一致')
      const earlier = this.seen.get(r.personKey)
      if (earlier !== undefined) this.bad(r.line, 'idNumber', `与第${earlier}行是同一人`)
      this.seen.set(r.personKey, r.line)
      try {
        parseRecord({ id: `row${r.line}`, ...r.record }, r.line)
      } catch (e) {
        if (!(e instanceof InputError)) throw e
        this.bad(r.line, '记录', zhInputProblem(e))
      }
      this.lineDigests.push(
        createHash('sha256')
          .update(canonicalJson([r.personKey, recordIdentity(r.record)]))
          .digest('hex'),
      )
      valid.push([r.personKey, r.line, r.record])
    }
    return valid
  }

  digest(): string {
    return createHash('sha256').update(this.lineDigests.sort().join('\n')).digest('hex')
  }
}

async function* chunks<T>(source: AsyncIterable<T> | Iterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = []
  for await (const item of source) {
    chunk.push(item)
    if (chunk.length === size) {
      yield chunk
      chunk = []
    }
  }
  if (chunk.length > 0) yield chunk
}

/** Thrown inside the bulk transaction to roll it back when the upload repeats the current version. */
class SameAsLatest extends Error {
  constructor(readonly roster: RosterView) {
    super('same content as the current version')
  }
}

async function getProject(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('training_project').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('training project', id)
  return toProject(row)
}

export interface RosterView {
  id: string
  projectId: string
  version: number
  status: RosterTable['status']
  rowCount: number
  createdAt: string
}

const toRoster = (r: {
  id: string
  project_id: string
  version: number
  status: RosterTable['status']
  row_count: number
  created_at: Date
}): RosterView => ({
  id: r.id,
  projectId: r.project_id,
  version: r.version,
  status: r.status,
  rowCount: r.row_count,
  createdAt: r.created_at.toISOString(),
})

/**
 * An institution reports who completed a project. Every line is checked and all problems are reported
 * at once; nothing is written unless every line is valid (one transaction; lines stream in with COPY on
 * PostgreSQL). The same idempotency key, or the same content in any order and spelling, is not counted
 * twice; a corrected upload replaces the unconfirmed one as a new version, with the difference. Once any
 * line of the project has been confirmed, a new version is only accepted as a correction with its reason:
 * its confirmation reverses the credits it changes or drops and credits the new lines (never twice).
 */
export async function uploadRoster(
  db: Kysely<DB>,
  bulk: BulkTransaction,
  secrets: Secrets,
  p: Principal,
  projectId: string,
  lines: AsyncIterable<Line> | Iterable<Line>,
  idempotencyKey?: string,
  correctionReason?: string,
) {
  const project = await getProject(db, projectId)
  if (project.institutionId !== p.organisationId) throw new ForbiddenError('只能为本机构的培训项目报送花名册')
  // 第二十一条 学时情况在活动之后记入: a roster reports who completed a project, so it comes once the project
  // has ended (its lines are dated within the project, hence never after the day they are reported).
  const today = chinaToday()
  if (project.endDate > today)
    throw new ConflictError(`项目${project.endDate}结束，结束后才能报送花名册（今天是${today}）`)
  const institution = await db
    .selectFrom('organisation')
    .select(['is_base', 'region_code'])
    .where('id', '=', project.institutionId)
    .executeTakeFirstOrThrow()
  await assertNotRemoved(db, project.institutionId)
  try {
    return await bulk((trx, copy, read) =>
      appendingAudits(trx, async () => {
        // One upload per project at a time: a parallel upload with the same key waits here, then replays.
        await trx
          .selectFrom('training_project')
          .select('id')
          .where('id', '=', projectId)
          .forUpdate()
          .execute()
        if (idempotencyKey) {
          const same = await trx
            .selectFrom('roster')
            .selectAll()
            .where('project_id', '=', projectId)
            .where('idempotency_key', '=', idempotencyKey)
            .executeTakeFirst()
          if (same) return { roster: toRoster(same), replayed: true, diff: undefined }
        }
        const latest = await trx
          .selectFrom('roster')
          .selectAll()
          .where('project_id', '=', projectId)
          .where('status', '!=', 'superseded')
          .orderBy('version', 'desc')
          .executeTakeFirst()
        const last = await trx
          .selectFrom('roster')
          .select((eb) => eb.fn.max('version').as('v'))
          .where('project_id', '=', projectId)
          .executeTakeFirst()
        const roster = await trx
          .insertInto('roster')
          .values({
            project_id: projectId,
            version: Number(last?.v ?? 0) + 1,
            status: 'pending',
            idempotency_key: idempotencyKey ?? null,
            content_hash: '',
            row_count: 0,
            uploaded_by: actorOf(p).id,
            correction_reason: correctionReason?.trim() || null,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        const checker = new LineChecker(read, secrets, p, project, institution.is_base, today)
        async function* rows() {
          for await (const chunk of chunks(lines, 1000)) {
            for (const [personKey, rowNo, record] of await checker.check(chunk))
              yield [personKey, roster.id, rowNo, record]
          }
        }
        const count = await copy('roster_row', ['person_key', 'roster_id', 'row_no', 'record'], rows())
        if (checker.problemCount > 0)
          throw new InvalidRowsError(
            checker.problems.sort((a, b) => a.row - b.row),
            checker.problemCount,
          )
        if (count === 0)
          throw new InvalidRowsError([{ row: 1, column: column('idNumber'), reason: '花名册没有人员' }])
        const contentHash = checker.digest()
        if (latest && latest.content_hash === contentHash) throw new SameAsLatest(toRoster(latest))
        if (!correctionReason?.trim() && (await anyLineConfirmed(trx, projectId)))
          throw new ConflictError(
            '该项目的花名册已（部分）确认，不能直接替换：请以更正方式报送并说明更正理由，确认时将冲销原学时并按更正后的花名册记入',
          )
        if (latest) {
          await trx.updateTable('roster').set({ status: 'superseded' }).where('id', '=', latest.id).execute()
          await markRosterNotificationsRead(trx, latest.id)
        }
        const stored = await trx
          .updateTable('roster')
          .set({ content_hash: contentHash, row_count: count })
          .where('id', '=', roster.id)
          .returningAll()
          .executeTakeFirstOrThrow()
        const diff = latest
          ? await differences(trx, latest.id, roster.id)
          : { added: count, removed: 0, changed: 0, persons: [] }
        await recordAudit(trx, {
          actor: actorOf(p).id,
          actorOrganisationId: p.organisationId,
          action: 'roster.upload',
          entity: 'roster',
          entityId: roster.id,
          after: { project: projectId, version: roster.version, rows: count, diff },
        })
        if (p.role === 'hr_department' || p.role === 'authority') {
          // 第二十一条 人社部门、行业主管部门直接举办的继续教育活动，可直接授予继续教育学时.
          await creditRows(trx, p, roster, 'grant')
          await trx.updateTable('roster').set({ status: 'confirmed' }).where('id', '=', roster.id).execute()
          return { roster: { ...toRoster(stored), status: 'confirmed' as const }, replayed: false, diff }
        }
        const employers = await trx
          .selectFrom('roster_row as r')
          .innerJoin('employment as e', 'e.person_key', 'r.person_key')
          .select('e.organisation_id')
          .distinct()
          .where('r.roster_id', '=', roster.id)
          .where('e.to_date', 'is', null)
          .execute()
        for (const e of employers) {
          await notify(trx, {
            organisationId: e.organisation_id,
            kind: 'roster.pending',
            title: '培训机构报送的学时待确认',
            body: `「${project.title}」花名册（第${roster.version}版）含本单位人员，请确认。`,
            link: `/rosters/${roster.id}`,
          })
        }
        await notifyAuthorities(trx, institution.region_code, {
          title: '培训机构报送的花名册待确认',
          body: `「${project.title}」花名册（第${roster.version}版，${count}人）已报送${correctionReason?.trim() ? `，为更正版本（理由：${correctionReason.trim()}）` : ''}，请确认。`,
          link: `/rosters/${roster.id}`,
        })
        return { roster: toRoster(stored), replayed: false, diff }
      }),
    )
  } catch (e) {
    if (e instanceof SameAsLatest) return { roster: e.roster, replayed: true, diff: undefined }
    throw e
  }
}

/** Whether any line of any version of the project's roster is in the ledger. */
async function anyLineConfirmed(trx: Kysely<DB>, projectId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('roster_row as r')
    .innerJoin('roster as v', 'v.id', 'r.roster_id')
    .select(sql.lit(1).as('one'))
    .where('v.project_id', '=', projectId)
    .where('r.ledger_entry_id', 'is not', null)
    .executeTakeFirst()
  return row !== undefined
}

/** Persons added, removed and changed between two versions, counted in SQL. */
export async function differences(trx: Kysely<DB>, before: string, after: string) {
  const compared = sql`
    FROM (SELECT person_key, record FROM roster_row WHERE roster_id = ${before}) o
    FULL JOIN (SELECT person_key, record FROM roster_row WHERE roster_id = ${after}) n ON n.person_key = o.person_key
  `
  const counts = await sql<{ added: string; removed: string; changed: string }>`
    SELECT
      count(*) FILTER (WHERE o.person_key IS NULL) AS added,
      count(*) FILTER (WHERE n.person_key IS NULL) AS removed,
      count(*) FILTER (WHERE o.person_key IS NOT NULL AND n.person_key IS NOT NULL AND o.record <> n.record) AS changed
    ${compared}
  `.execute(trx)
  // Who: the first persons of each kind of difference, masked, with their hours before and after.
  const who = await sql<{
    change: 'added' | 'removed' | 'changed'
    name: string
    id_masked: string
    before: string | null
    after: string | null
  }>`
    SELECT
      CASE WHEN o.person_key IS NULL THEN 'added' WHEN n.person_key IS NULL THEN 'removed' ELSE 'changed' END AS change,
      p.name, p.id_masked, o.record->>'hours' AS before, n.record->>'hours' AS after
    ${compared}
    JOIN person p ON p.person_key = coalesce(n.person_key, o.person_key)
    WHERE o.person_key IS NULL OR n.person_key IS NULL OR o.record <> n.record
    ORDER BY 1, p.name
    LIMIT 150
  `.execute(trx)
  const r = counts.rows[0]
  return {
    added: Number(r?.added ?? 0),
    removed: Number(r?.removed ?? 0),
    changed: Number(r?.changed ?? 0),
    persons: who.rows.map((w) => ({
      change: w.change,
      name: w.name,
      idMasked: w.id_masked,
      hoursBefore: w.before === null ? null : Number(w.before),
      hoursAfter: w.after === null ? null : Number(w.after),
    })),
  }
}

/** The clause a roster correction's reversals cite: hours registered by the institution, confirmed by the authority or employer. */
export const ROSTER_CORRECTION_BASIS =
  '工程技术人员继续教育规定 第二十一条（继续教育机构报送的学时经确认后更正）'

type RosterRef = { id: string; project_id: string; correction_reason: string | null }

/**
 * Each not-yet-credited line of a roster (of the given employer's staff, when named) becomes a ledger
 * credit under the project's natural key, 5,000 lines at a time through appendCredits: a 100,000-line
 * roster is confirmed in bulk. A person already credited for the project keeps that credit when the line
 * is the same activity, and has it reversed first when a correction changed it: never two live credits.
 */
async function creditRows(
  trx: Transaction<DB>,
  p: Principal,
  roster: RosterRef,
  source: 'grant' | 'roster',
  staffOf?: string,
) {
  const key = creditKey.project(roster.project_id)
  const reason = roster.correction_reason ?? '花名册更正'
  let credited = 0
  let after = -1
  for (;;) {
    const chunk = await unconfirmedLines(trx, roster.id, after, staffOf)
    if (chunk.length === 0) break
    const live = new Map(
      (
        await creditsUnderKeys(
          trx,
          chunk.map((r) => ({ personKey: r.person_key, creditKey: key })),
        )
      )
        .filter((c) => c.live)
        .map((c) => [c.personKey, c]),
    )
    const kept: { person_key: string; row_no: number; id: string }[] = []
    const fresh: typeof chunk = []
    for (const r of chunk) {
      const earlier = live.get(r.person_key)
      if (earlier?.contentHash === contentHashOf(r.record as Record<string, unknown>)) {
        kept.push({ person_key: r.person_key, row_no: r.row_no, id: earlier.id })
        continue
      }
      if (earlier) await reverseForCorrection(trx, p, r.person_key, earlier.id, reason)
      fresh.push(r)
    }
    const { ids } = await appendCredits(
      trx,
      actorOf(p),
      fresh.map((r) => ({ personKey: r.person_key, record: r.record, creditKey: key })),
      source,
    )
    await linkLines(trx, p, roster.id, [
      ...kept,
      ...fresh.map((r, i) => ({ person_key: r.person_key, row_no: r.row_no, id: ids[i] as string })),
    ])
    credited += chunk.length
    after = (chunk[chunk.length - 1] as { row_no: number }).row_no
  }
  if (roster.correction_reason !== null) await reverseDropped(trx, p, roster, staffOf)
  return credited
}

function unconfirmedLines(trx: Transaction<DB>, rosterId: string, after: number, staffOf?: string) {
  let q = trx
    .selectFrom('roster_row as r')
    .select(['r.person_key', 'r.row_no', 'r.record'])
    .where('r.roster_id', '=', rosterId)
    .where('r.ledger_entry_id', 'is', null)
    .where('r.row_no', '>', after)
  if (staffOf) q = q.where(currentStaff(staffOf))
  return q.orderBy('r.row_no').limit(5000).execute()
}

/** The roster line's person (alias r) is the organisation's current staff. */
const currentStaff = (organisationId: string) =>
  sql<boolean>`EXISTS (SELECT 1 FROM employment e WHERE e.person_key = r.person_key AND e.organisation_id = ${organisationId} AND e.to_date IS NULL)`

async function linkLines(
  trx: Transaction<DB>,
  p: Principal,
  rosterId: string,
  lines: { person_key: string; row_no: number; id: string }[],
) {
  if (lines.length === 0) return
  await sql`
    UPDATE roster_row AS r SET ledger_entry_id = v.id::uuid, confirmed_by = ${actorOf(p).id}
    FROM unnest(${lines.map((l) => l.person_key)}::text[], ${lines.map((l) => l.row_no)}::int[], ${lines.map((l) => l.id)}::text[]) AS v(person_key, row_no, id)
    WHERE r.roster_id = ${rosterId} AND r.person_key = v.person_key AND r.row_no = v.row_no
  `.execute(trx)
}

const reverseForCorrection = (
  trx: Transaction<DB>,
  p: Principal,
  personKey: string,
  entryId: string,
  reason: string,
) =>
  reverseEntry(trx, actorOf(p), {
    personKey,
    entryId,
    reason,
    source: 'correction',
    basis: ROSTER_CORRECTION_BASIS,
  })

/**
 * A correction that drops a person: the credit an earlier version gave them is reversed (for an
 * employer, only its own staff's), once the correction is confirmed.
 */
async function reverseDropped(trx: Transaction<DB>, p: Principal, roster: RosterRef, staffOf?: string) {
  let q = trx
    .selectFrom('roster_row as r')
    .innerJoin('roster as v', 'v.id', 'r.roster_id')
    .select(['r.person_key', 'r.ledger_entry_id'])
    .distinct()
    .where('v.project_id', '=', roster.project_id)
    .where('v.id', '!=', roster.id)
    .where('r.ledger_entry_id', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('roster_row as n')
            .select(sql.lit(1).as('one'))
            .where('n.roster_id', '=', roster.id)
            .whereRef('n.person_key', '=', 'r.person_key'),
        ),
      ),
    )
  if (staffOf) q = q.where(currentStaff(staffOf))
  const dropped = await q.execute()
  const live = (
    await creditsUnderKeys(
      trx,
      dropped.map((d) => ({ personKey: d.person_key, creditKey: creditKey.project(roster.project_id) })),
    )
  ).filter((c) => c.live)
  for (const c of live)
    await reverseForCorrection(trx, p, c.personKey, c.id, roster.correction_reason ?? '花名册更正')
}

/**
 * 第二十一条 由继续教育机构及时将学时情况记入…由行业主管部门或用人单位确认: the industry authority of the
 * institution's region confirms every line, an employer the lines of its own staff. Each confirmed line
 * becomes a ledger credit, once.
 */
export async function confirmRoster(trx: Transaction<DB>, p: Principal, rosterId: string) {
  const roster = await trx
    .selectFrom('roster')
    .selectAll()
    .where('id', '=', rosterId)
    .forUpdate()
    .executeTakeFirst()
  if (!roster) throw new NotFoundError('roster', rosterId)
  if (roster.status !== 'pending')
    throw new ConflictError(
      roster.status === 'confirmed'
        ? '该花名册已确认'
        : roster.status === 'returned'
          ? '该花名册已退回机构修改，待其重新报送'
          : '该花名册已被新版本替换',
    )
  const project = await getProject(trx, roster.project_id)
  let staffOf: string | undefined
  if (p.role === 'authority') {
    const [org, institution] = await Promise.all([
      trx
        .selectFrom('organisation')
        .select('region_code')
        .where('id', '=', p.organisationId as string)
        .executeTakeFirstOrThrow(),
      trx
        .selectFrom('organisation')
        .select('region_code')
        .where('id', '=', project.institutionId)
        .executeTakeFirstOrThrow(),
    ])
    if (!institution.region_code.startsWith(regionPrefix(org.region_code)))
      throw new ForbiddenError('该培训机构不在本部门所辖地区')
  } else staffOf = p.organisationId as string
  const confirmed = await creditRows(trx, p, roster, 'roster', staffOf)
  if (confirmed === 0) throw new ForbiddenError('该花名册中没有待本单位确认的人员')
  const left = await countRows(
    trx.selectFrom('roster_row').where('roster_id', '=', rosterId).where('ledger_entry_id', 'is', null),
  )
  if (left === 0)
    await trx.updateTable('roster').set({ status: 'confirmed' }).where('id', '=', rosterId).execute()
  await recordAudit(trx, {
    actor: actorOf(p).id,
    actorOrganisationId: p.organisationId,
    action: 'roster.confirm',
    entity: 'roster',
    entityId: rosterId,
    after: { confirmed, remaining: left },
  })
  await notify(trx, {
    organisationId: project.institutionId,
    kind: 'roster.confirmed',
    title: '花名册已确认',
    body: `「${project.title}」确认${confirmed}人，尚有${left}人待确认。`,
    link: `/rosters/${rosterId}`,
  })
  return { confirmed, remaining: left }
}

/**
 * 五（二）高级研修项目由承办单位在结业后20个工作日内上报学时信息, where 308号 governs (Jiangsu institutions):
 * an institution's advanced seminars with no roster yet, their due date, and whether it has passed; a due
 * date counted through a year without holiday data is provisional, with a warning. Elsewhere no text sets
 * such a deadline, and none is listed.
 */
export async function rosterDeadlines(db: Kysely<DB>, institutionId: string, today: string) {
  const [calendar, institution] = await Promise.all([
    holidayCalendar(db),
    db
      .selectFrom('organisation')
      .select('region_code')
      .where('id', '=', institutionId)
      .executeTakeFirstOrThrow(),
  ])
  const projects = await db
    .selectFrom('training_project as t')
    .selectAll('t')
    .where('t.institution_id', '=', institutionId)
    .where('t.advanced_seminar', '=', true)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('roster as r')
            .select('r.id')
            .whereRef('r.project_id', '=', 't.id')
            .where('r.status', '!=', 'superseded'),
        ),
      ),
    )
    .orderBy('t.end_date')
    .execute()
  return projects
    .map(toProject)
    .filter((p) => p.endDate < today && governs(ADVANCED_SEMINAR_REPORT, institution.region_code, p.endDate))
    .map((p) => {
      const { due, provisional, warning } = seminarReportDue(calendar, p.endDate)
      return {
        project: p,
        due,
        overdue: due < today,
        workingDaysLeft: due < today ? 0 : workingDaysBetween(calendar, today, due),
        basis: ADVANCED_SEMINAR_REPORT.basis,
        provisional,
        warning,
      }
    })
}
