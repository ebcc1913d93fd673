import type { Kysely, Transaction } from 'kysely'
import type { DB, TitleLevel } from '../db/schema.js'
import { changingPersons } from '../db/summaries.js'
import { chinaToday } from '../domain/china-date.js'
import { describeJsonProblem, findJsonProblem } from '../domain/json-limits.js'
import { maskResidentId } from '../domain/mask.js'
import { regions } from '../domain/region-data.js'
import { parseResidentId } from '../domain/resident-id.js'
import { SERIES, TITLE_LEVELS } from '../domain/series.js'
import { isIsoDate } from '../policy/records.js'
import type { Principal } from './accounts.js'
import { actorOf } from './applications.js'
import { type AuditInput, recordAudit, recordAudits, transact } from './audit.js'
import { ConflictError, ForbiddenError, InvalidRowsError } from './errors.js'
import { type ColumnSpec, STORED_AS_NUMBER } from './roster-files.js'
import { namesInScope } from './scope.js'
import { personKeyOf, type Secrets, seal } from './secrets.js'

// 员工导入: an employer (or an agency, for the freelancers whose files it holds) registers its staff from
// a file, all or nothing. An ID number already registered — by another employer's import, a roster, a
// sign-up — is the same person, never a second one; a person still employed elsewhere is a transfer
// (人员调入, after the former employer's departure review), never taken over by an import.

/** One line of the staff file, as the worker reads it (text cells, by field). */
export interface StaffLine {
  line: number
  values: Record<string, unknown>
}

type Field = 'name' | 'idNumber' | 'series' | 'titleLevel' | 'department' | 'fromDate'

/** The template's headings (the first of each), and the other spellings a file may use. */
export const STAFF_HEADINGS: Record<Field, string[]> = {
  name: ['姓名', 'name'],
  idNumber: ['公民身份号码', '身份证号', '身份证号码', 'idNumber'],
  series: ['职称系列', 'series'],
  titleLevel: ['职称级别', 'titleLevel'],
  department: ['部门', 'department'],
  fromDate: ['入职日期', 'fromDate'],
}

export const STAFF_COLUMNS: ColumnSpec = {
  columns: STAFF_HEADINGS,
  required: ['name', 'idNumber', 'series', 'titleLevel'],
  dates: ['fromDate'],
  texts: ['idNumber'],
}

export const STAFF_FIELDS = Object.keys(STAFF_HEADINGS) as Field[]
const heading = (field: Field) => STAFF_HEADINGS[field][0] as string

/** The one answer for a registered person the import cannot take on: a transfer, not an import. */
export const IS_TRANSFER =
  '该身份证号已在本系统登记，且姓名与登记信息不符或尚在其他单位在职：属于人员调入，须原单位先完成离职审核，再在“调入人员”中办理'

/** 职称系列 and 职称级别 as a file may write them: the Chinese name (as in the template) or the API's key. */
const SERIES_BY_TEXT = new Map<string, string>(
  Object.entries(SERIES).flatMap(([key, label]) => [
    [label, key],
    [key, key],
  ]),
)
const LEVEL_BY_TEXT = new Map<string, TitleLevel>([
  ...Object.entries(TITLE_LEVELS).flatMap(([key, label]): [string, TitleLevel][] => [
    [label, key as TitleLevel],
    [key, key as TitleLevel],
  ]),
  ['副高', 'associate_senior'],
  ['正高', 'senior'],
])

/** At most this many problems are listed (the file is refused whole anyway), and this many notes. */
const MAX_PROBLEMS = 1000
const MAX_NOTES = 200
const CHUNK = 1000
/** The department is free text the employer keeps (migration 0014); a line of it is enough. */
const MAX_DEPARTMENT = 50

type Problem = { row: number; column: string; reason: string }

interface Checked {
  line: number
  personKey: string
  idNumber: string
  name: string
  birthDate: string
  sex: 'male' | 'female'
  series: string
  titleLevel: TitleLevel
  department: string | null
  fromDate: string
}

export interface StaffImportResult {
  /** Lines read (the heading not counted). */
  rows: number
  /** Persons registered by this import. */
  created: number
  /** Registered persons, employed nowhere, who now work for the organisation. */
  linked: number
  /** Already the organisation's staff: nothing written. */
  unchanged: number
  /** What was read but not changed (registered details that differ, ID numbers of unknown regions). */
  notes: Problem[]
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v === undefined ? '' : String(v).trim())

/** Checks the lines of a chunk on their own (no database): the valid ones, problems reported to `bad`. */
function checkLines(
  secrets: Secrets,
  chunk: StaffLine[],
  today: string,
  bad: (row: number, field: Field, reason: string) => void,
  note: (row: number, field: Field, reason: string) => void,
): Checked[] {
  const out: Checked[] = []
  for (const { line, values } of chunk) {
    const json = findJsonProblem(values)
    if (json) {
      const field = (STAFF_FIELDS as string[]).includes(json.path) ? (json.path as Field) : 'name'
      bad(line, field, describeJsonProblem(json))
      continue
    }
    let ok = true
    const fail = (field: Field, reason: string) => {
      ok = false
      bad(line, field, reason)
    }
    const idText = text(values.idNumber)
    const id = parseResidentId(idText, { today, knownRegion: (c) => regions.has(c) })
    if (!id.ok)
      fail(
        'idNumber',
        idText === ''
          ? '不能为空'
          : idText.endsWith(STORED_AS_NUMBER)
            ? '以数字格式保存，末几位已丢失：请将该列设为文本格式后重新填写'
            : `无效：${id.reason}`,
      )
    else for (const w of id.warnings) note(line, 'idNumber', w)
    const name = text(values.name)
    if (name === '') fail('name', '不能为空')
    else if (Array.from(name).length > 30 || /\p{Cc}/u.test(name)) fail('name', '超过30个字或含控制字符')
    const seriesText = text(values.series)
    const series = SERIES_BY_TEXT.get(seriesText)
    if (!series)
      fail(
        'series',
        seriesText === ''
          ? '不能为空'
          : `「${seriesText.slice(0, 20)}」不是职称系列，请从模板的下拉列表中选择`,
      )
    const levelText = text(values.titleLevel)
    const titleLevel = LEVEL_BY_TEXT.get(levelText)
    if (!titleLevel)
      fail(
        'titleLevel',
        levelText === ''
          ? '不能为空'
          : `「${levelText.slice(0, 20)}」不是职称级别，应为 ${Object.values(TITLE_LEVELS).join('、')}`,
      )
    const department = text(values.department)
    if (Array.from(department).length > MAX_DEPARTMENT || /\p{Cc}/u.test(department))
      fail('department', `超过${MAX_DEPARTMENT}个字或含控制字符`)
    const fromDate = text(values.fromDate) || today
    if (!isIsoDate(fromDate)) fail('fromDate', '须为日期，如 2026-07-01')
    else if (fromDate > today) fail('fromDate', `不能晚于今天（${today}）`)
    else if (fromDate < '1950-01-01') fail('fromDate', '不能早于1950年')
    if (!ok || !id.ok || !series || !titleLevel) continue
    out.push({
      line,
      personKey: personKeyOf(secrets, id.id),
      idNumber: id.id,
      name,
      birthDate: id.birthDate,
      sex: id.sex,
      series,
      titleLevel,
      department: department === '' ? null : department,
      fromDate,
    })
  }
  return out
}

/**
 * Registers an organisation's staff from the lines of a file, all or nothing (one transaction: any row
 * error and nothing is written). Per line: a new ID number registers the person (keyed by a keyed hash,
 * an encrypted and a masked copy, as registerPerson does) in the organisation's region and employs them;
 * a registered one under the same name, employed nowhere, is employed (as 人员调入 would); one already
 * on the staff is left as it is, so that the same file again changes nothing and says so. A registered
 * person under another name or still employed elsewhere is a row error (IS_TRANSFER), the same answer
 * for both; only for the organisation's own staff is a different name named.
 */
export async function importStaff(
  db: Kysely<DB>,
  secrets: Secrets,
  p: Principal,
  lines: AsyncIterable<StaffLine> | Iterable<StaffLine>,
): Promise<StaffImportResult> {
  if ((p.role !== 'employer' && p.role !== 'agency') || !p.organisationId)
    throw new ForbiddenError('只有用人单位和人力资源服务机构导入本单位人员')
  const orgId = p.organisationId
  const actor = actorOf(p)
  const today = chinaToday()
  try {
    return await transact(db, async (trx) => {
      // One import per organisation at a time: the same file sent twice at once is read once, then found unchanged.
      const org = await trx
        .selectFrom('organisation')
        .select(['id', 'kind', 'region_code'])
        .where('id', '=', orgId)
        .forUpdate()
        .executeTakeFirstOrThrow()
      const problems: Problem[] = []
      let problemCount = 0
      const bad = (row: number, field: Field, reason: string) => {
        problemCount += 1
        if (problems.length < MAX_PROBLEMS) problems.push({ row, column: heading(field), reason })
      }
      const notes: Problem[] = []
      const note = (row: number, field: Field, reason: string) => {
        if (notes.length < MAX_NOTES) notes.push({ row, column: heading(field), reason })
      }
      const seen = new Map<string, number>()
      const result = { rows: 0, created: 0, linked: 0, unchanged: 0 }
      for await (const chunk of chunks(lines, CHUNK)) {
        result.rows += chunk.length
        const valid = checkLines(secrets, chunk, today, bad, note).filter((r) => {
          const earlier = seen.get(r.personKey)
          if (earlier !== undefined) bad(r.line, 'idNumber', `与第${earlier}行是同一人`)
          else seen.set(r.personKey, r.line)
          return earlier === undefined
        })
        const counts = await placeChunk(trx, secrets, p, org, valid, problemCount > 0, bad, note)
        result.created += counts.created
        result.linked += counts.linked
        result.unchanged += counts.unchanged
      }
      if (problemCount > 0)
        throw new InvalidRowsError(
          problems.sort((a, b) => a.row - b.row),
          problemCount,
        )
      if (result.rows === 0)
        throw new InvalidRowsError([{ row: 2, column: heading('idNumber'), reason: '文件中没有人员' }])
      if (result.created + result.linked > 0)
        await recordAudit(trx, {
          actor: actor.id,
          actorOrganisationId: orgId,
          action: 'staff.import',
          entity: 'organisation',
          entityId: orgId,
          after: result,
        })
      return { ...result, notes: notes.sort((a, b) => a.row - b.row) }
    })
  } catch (e) {
    // Another organisation's import (or a sign-up) registered one of the same ID numbers meanwhile.
    if ((e as { code?: string })?.code === '23505')
      throw new ConflictError('文件中的人员刚被其他单位同时登记，请重新上传', { cause: e })
    throw e
  }
}

/**
 * Decides each valid line of a chunk against the database and, unless the file is already refused
 * (`dryRun`), writes it: persons, employments, the person's pending request to the organisation, and
 * the per-person audit events registerPerson and 人员调入 write.
 */
async function placeChunk(
  trx: Transaction<DB>,
  secrets: Secrets,
  p: Principal,
  org: { id: string; kind: string; region_code: string },
  lines: Checked[],
  dryRun: boolean,
  bad: (row: number, field: Field, reason: string) => void,
  note: (row: number, field: Field, reason: string) => void,
) {
  const counts = { created: 0, linked: 0, unchanged: 0 }
  if (lines.length === 0) return counts
  const keys = lines.map((l) => l.personKey)
  // The registered persons named, locked until the import ends, so that no other door employs them meanwhile.
  const registered = new Map(
    (
      await trx
        .selectFrom('person')
        .select(['person_key', 'name', 'series', 'title_level'])
        .where('person_key', 'in', keys)
        .orderBy('person_key')
        .forUpdate()
        .execute()
    ).map((r) => [r.person_key, r]),
  )
  // The caller's own staff (its scope), and who works anywhere now.
  const ours = await namesInScope(trx, p, [...registered.keys()])
  const employed = new Set(
    registered.size === 0
      ? []
      : (
          await trx
            .selectFrom('employment')
            .select('person_key')
            .where('person_key', 'in', [...registered.keys()])
            .where('to_date', 'is', null)
            .execute()
        ).map((r) => r.person_key),
  )
  const fresh: Checked[] = []
  const joining: Checked[] = []
  for (const l of lines) {
    const known = registered.get(l.personKey)
    if (!known) {
      fresh.push(l)
      continue
    }
    if (ours.has(l.personKey)) {
      if (known.name !== l.name) bad(l.line, 'name', '姓名与登记信息不一致（该人员已是本单位人员）')
      else counts.unchanged += 1
    } else if (known.name !== l.name || employed.has(l.personKey)) {
      bad(l.line, 'idNumber', IS_TRANSFER)
      continue
    } else joining.push(l)
    // Registered details are the person's: an import does not change them, it says where they differ.
    if (known.name === l.name) {
      if (known.series !== l.series)
        note(
          l.line,
          'series',
          `登记为「${SERIES[known.series as keyof typeof SERIES] ?? known.series}」，未修改`,
        )
      if (known.title_level !== l.titleLevel)
        note(l.line, 'titleLevel', `登记为「${TITLE_LEVELS[known.title_level]}」，未修改`)
    }
  }
  counts.created = fresh.length
  counts.linked = joining.length
  if (dryRun || fresh.length + joining.length === 0) return counts

  const actor = actorOf(p)
  const freelancer = org.kind === 'agency'
  const persons = fresh.map((l) => ({
    person_key: l.personKey,
    id_cipher: seal(secrets, l.idNumber),
    id_masked: maskResidentId(l.idNumber),
    name: l.name,
    sex: l.sex,
    birth_date: l.birthDate,
    region_code: org.region_code,
    series: l.series,
    title_level: l.titleLevel,
    industry: null,
    freelancer,
  }))
  const starting = [...fresh, ...joining]
  // The persons enter the summaries (registered, now employed here) with the same writes.
  await changingPersons(
    trx,
    starting.map((l) => l.personKey),
    async () => {
      for (let i = 0; i < persons.length; i += 500)
        await trx
          .insertInto('person')
          .values(persons.slice(i, i + 500))
          .execute()
      for (let i = 0; i < starting.length; i += 1000)
        await trx
          .insertInto('employment')
          .values(
            starting.slice(i, i + 1000).map((l) => ({
              person_key: l.personKey,
              organisation_id: org.id,
              relation: freelancer ? ('file_holder' as const) : ('employee' as const),
              from_date: l.fromDate,
              department: l.department,
            })),
          )
          .execute()
    },
  )
  // A person who signed up naming the organisation and waits for its confirmation: the import confirms it.
  const confirmed =
    joining.length === 0
      ? []
      : await trx
          .updateTable('employment_request')
          .set({ status: 'confirmed', decided_by: p.userId, decided_at: new Date() })
          .where('organisation_id', '=', org.id)
          .where('status', '=', 'pending')
          // A claim on an account waits for the explicit check of who signed up (入职确认), never a file.
          .where('claims_account', '=', false)
          .where(
            'person_key',
            'in',
            joining.map((l) => l.personKey),
          )
          .returning(['id', 'person_key'])
          .execute()
  const events: AuditInput[] = []
  const by = { actor: actor.id, actorOrganisationId: p.organisationId }
  for (const [i, l] of fresh.entries()) {
    const row = persons[i] as (typeof persons)[number]
    events.push({
      ...by,
      action: 'person.register',
      entity: 'person',
      entityId: l.personKey,
      personKey: l.personKey,
      after: {
        idMasked: row.id_masked,
        name: row.name,
        sex: row.sex,
        birthDate: row.birth_date,
        regionCode: row.region_code,
        series: row.series,
        titleLevel: row.title_level,
        industry: null,
        freelancer,
        via: 'staff.import',
      },
    })
  }
  for (const l of starting)
    events.push({
      ...by,
      action: 'employment.start',
      entity: 'person',
      entityId: l.personKey,
      personKey: l.personKey,
      after: { from: l.fromDate, department: l.department, via: 'staff.import' },
    })
  for (const r of confirmed)
    events.push({
      ...by,
      action: 'employment.confirm',
      entity: 'employment_request',
      entityId: r.id,
      personKey: r.person_key,
      after: { reason: null, via: 'staff.import' },
    })
  await recordAudits(trx, events)
  return counts
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
