import type { Kysely, Selectable } from 'kysely'
import { regionPrefix } from '../db/compliance.js'
import { countRows } from '../db/count.js'
import { findOrganisation } from '../db/organisations.js'
import type { DB, EvaluationEntryTable, EvaluationGrade, EvaluationRoundTable } from '../db/schema.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { regions } from '../domain/region-data.js'
import type { Principal } from './accounts.js'
import { recordAudit, transact } from './audit.js'
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.js'
import { type Indicators, indicatorsOf } from './institution-indicators.js'
import { BASIS } from './institution-oversight.js'

/**
 * 江西省人民政府令第259号 第十八条 设区的市以上人民政府人力资源社会保障主管部门…定期对继续教育机构进行考核评估，
 * 向社会公布考核评估结果 (cn-engineering-2026 第二十五条: monitoring as the measure of quality): an HR department
 * of a city or above opens a round for a year; the indicators of every institution of its region still in the
 * directory are frozen into it; reviewers add a score, a grade and remarks; once every institution has its
 * grade the round is published, and the public directory shows the result.
 */
const who = (p: Principal) => p.userId ?? p.username

const roundView = (
  r: Selectable<EvaluationRoundTable> & { graded?: string | number | null; entries?: string | number | null },
) => ({
  id: r.id,
  regionCode: r.region_code,
  regionName: regions.fullName(r.region_code) ?? r.region_code,
  year: r.year,
  title: r.title,
  status: r.status,
  openedAt: r.opened_at.toISOString(),
  frozenAt: r.frozen_at?.toISOString() ?? null,
  failure: r.failure,
  publishedAt: r.published_at?.toISOString() ?? null,
  entries: Number(r.entries ?? 0),
  graded: Number(r.graded ?? 0),
  basis: BASIS.evaluation,
})

const entryView = (e: Selectable<EvaluationEntryTable> & { name: string; region_code: string }) => ({
  institutionId: e.institution_id,
  institutionName: e.name,
  regionName: regions.fullName(e.region_code) ?? e.region_code,
  indicators: e.indicators as Indicators,
  score: e.score === null ? null : Number(e.score),
  grade: e.grade,
  remarks: e.remarks,
  reviewedAt: e.reviewed_at?.toISOString() ?? null,
})

async function hrOf(db: Kysely<DB>, p: Principal) {
  if (p.role !== 'hr_department') throw new ForbiddenError('考核评估由人社部门组织')
  const org = await findOrganisation(db, p.organisationId as string)
  if (!org) throw new ForbiddenError('没有所属单位')
  return org
}

/** The approved institutions still in the directory of a region (`''`: the whole country), by id. */
const institutionsOf = (db: Kysely<DB>, prefix: string) =>
  db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'institution')
    .where('status', '=', 'approved')
    .where('removed_at', 'is', null)
    .where('region_code', 'like', `${prefix}%`)
    .orderBy('id')

const NO_INSTITUTIONS = '本地区没有继续教育机构，无需考核评估'

const prefixOf = (round: { region_code: string }, level: string | null) =>
  level === 'national' ? '' : regionPrefix(round.region_code)

/**
 * Opens a round for the caller's region and `year`. The round is `freezing` until `freezeRound` has taken
 * each institution's indicators: at a province's scale that reads every credit of the year, so the answer
 * does not wait for it.
 */
export async function openRound(db: Kysely<DB>, p: Principal, input: { year: number; title: string }) {
  const org = await hrOf(db, p)
  if (!['city', 'province', 'national'].includes(org.level ?? ''))
    throw new ForbiddenError(`考核评估由设区的市以上人力资源社会保障部门组织（${BASIS.evaluation}）`)
  const title = input.title.trim()
  if (!title) throw new InvalidInputError('title', '请填写考核评估名称')
  const any = await institutionsOf(db, prefixOf({ region_code: org.regionCode }, org.level))
    .limit(1)
    .execute()
  if (any.length === 0) throw new ConflictError(NO_INSTITUTIONS)
  return transact(db, async (trx) => {
    const round = await trx
      .insertInto('evaluation_round')
      .values({
        organisation_id: org.id,
        region_code: org.regionCode,
        year: input.year,
        title,
        status: 'freezing',
        opened_by: who(p),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actor: who(p),
      actorOrganisationId: p.organisationId,
      action: 'evaluation.open',
      entity: 'evaluation_round',
      entityId: round.id,
      after: { year: input.year, title },
    })
    return roundView({ ...round, entries: 0, graded: 0 })
  })
}

/**
 * Takes up the rounds still freezing when the server starts (a stop during a freeze, or another instance's
 * work), each through `start` (the app's inBackground).
 */
export async function resumeFreezing(
  db: Kysely<DB>,
  start: (work: () => Promise<unknown>) => void,
  log: (message: string) => void,
): Promise<number> {
  const rows = await db
    .selectFrom('evaluation_round')
    .select('id')
    .where('status', '=', 'freezing')
    .orderBy('opened_at')
    .execute()
  for (const { id } of rows) start(() => freezeRound(db, id, log))
  return rows.length
}

const FREEZE_FAILED = '统计时出错，请重新开始考核评估'

/**
 * Takes the indicators of every institution of a freezing round's region still in the directory and writes
 * them into the round, which opens for review. All or nothing: the entries and the `open` status are written
 * in one transaction, and only by the first to claim the round (a second instance, or a resume after a
 * restart, finds it open and stops). A failure marks the round `failed` with a plain reason; the cause goes
 * to `log`, not to the department.
 */
export async function freezeRound(db: Kysely<DB>, roundId: string, log: (message: string) => void) {
  const round = await db
    .selectFrom('evaluation_round as r')
    .innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .select(['r.region_code', 'r.year', 'r.opened_by', 'r.organisation_id', 'o.level'])
    .where('r.id', '=', roundId)
    .where('r.status', '=', 'freezing')
    .executeTakeFirst()
  if (!round) return
  const fail = (failure: string) =>
    db
      .updateTable('evaluation_round')
      .set({ status: 'failed', failure })
      .where('id', '=', roundId)
      .where('status', '=', 'freezing')
      .execute()
  try {
    const institutions = await institutionsOf(db, prefixOf(round, round.level)).execute()
    if (institutions.length === 0) {
      log(`evaluation round ${roundId}: no institution left in its region`)
      await fail(NO_INSTITUTIONS)
      return
    }
    const indicators = await indicatorsOf(
      db,
      institutions.map((i) => i.id),
      round.year,
    )
    await transact(db, async (trx) => {
      const claimed = await trx
        .updateTable('evaluation_round')
        .set({ status: 'open', frozen_at: new Date() })
        .where('id', '=', roundId)
        .where('status', '=', 'freezing')
        .executeTakeFirst()
      if (Number(claimed.numUpdatedRows) === 0) return
      const rows = institutions.map((i) => ({
        round_id: roundId,
        institution_id: i.id,
        indicators: JSON.stringify(indicators.get(i.id)),
      }))
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('evaluation_entry')
          .values(rows.slice(i, i + 500))
          .execute()
      await recordAudit(trx, {
        actor: round.opened_by,
        actorOrganisationId: round.organisation_id,
        action: 'evaluation.freeze',
        entity: 'evaluation_round',
        entityId: roundId,
        after: { year: round.year, institutions: rows.length },
      })
    })
  } catch (e) {
    log(`evaluation round ${roundId}: freezing the indicators failed: ${(e as Error).message}`)
    await fail(FREEZE_FAILED)
  }
}

/** Why a round that is not open cannot be reviewed or published, in the department's words. */
function notOpen(status: string): string {
  if (status === 'freezing') return '正在统计各机构指标，统计完成后才能评定和公布'
  if (status === 'failed') return '该考核评估的指标统计未能完成，请重新开始考核评估'
  return '考核评估结果已公布，不能再修改'
}

const counted = (db: Kysely<DB>) =>
  db
    .selectFrom('evaluation_round as r')
    .selectAll('r')
    .select((eb) => [
      eb
        .selectFrom('evaluation_entry as e')
        .whereRef('e.round_id', '=', 'r.id')
        .select((x) => x.fn.countAll<string>().as('n'))
        .as('entries'),
      eb
        .selectFrom('evaluation_entry as e')
        .whereRef('e.round_id', '=', 'r.id')
        .where('e.grade', 'is not', null)
        .select((x) => x.fn.countAll<string>().as('n'))
        .as('graded'),
    ])

/** The caller's own rounds, newest first. */
export async function listRounds(db: Kysely<DB>, p: Principal, page: PageQuery) {
  await hrOf(db, p)
  const q = db.selectFrom('evaluation_round').where('organisation_id', '=', p.organisationId as string)
  const [rows, total] = await Promise.all([
    counted(db)
      .where('r.organisation_id', '=', p.organisationId as string)
      .orderBy('r.opened_at', 'desc')
      .orderBy('r.id')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute(),
    countRows(q),
  ])
  return listPage(rows.map(roundView), total, page)
}

async function ownRound(db: Kysely<DB>, p: Principal, id: string) {
  await hrOf(db, p)
  const round = await counted(db).where('r.id', '=', id).executeTakeFirst()
  if (!round || round.organisation_id !== p.organisationId) throw new NotFoundError('evaluation round', id)
  return round
}

const entries = (db: Kysely<DB>, roundId: string) =>
  db
    .selectFrom('evaluation_entry as e')
    .innerJoin('organisation as o', 'o.id', 'e.institution_id')
    .where('e.round_id', '=', roundId)

/** A round with a page of its institutions (by name), their frozen indicators and the reviewers' results. */
export async function roundDetail(db: Kysely<DB>, p: Principal, id: string, page: PageQuery) {
  const round = await ownRound(db, p, id)
  const [rows, total] = await Promise.all([
    entries(db, id)
      .selectAll('e')
      .select(['o.name', 'o.region_code'])
      .orderBy('o.name')
      .orderBy('e.institution_id')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute(),
    countRows(entries(db, id)),
  ])
  return { round: roundView(round), entries: listPage(rows.map(entryView), total, page) }
}

export interface Review {
  score: number
  grade: EvaluationGrade
  remarks?: string
}

/** A reviewer's score, grade and remarks for one institution of an open round. */
export async function reviewEntry(
  db: Kysely<DB>,
  p: Principal,
  roundId: string,
  institutionId: string,
  review: Review,
) {
  if (!(review.score >= 0 && review.score <= 100)) throw new InvalidInputError('score', '须为0至100的分数')
  const remarks = review.remarks?.trim() || null
  if (remarks && remarks.length > 500) throw new InvalidInputError('remarks', '评语不超过500字')
  return transact(db, async (trx) => {
    const round = await ownRound(trx, p, roundId)
    if (round.status !== 'open') throw new ConflictError(notOpen(round.status))
    const before = await trx
      .selectFrom('evaluation_entry')
      .select(['score', 'grade', 'remarks'])
      .where('round_id', '=', roundId)
      .where('institution_id', '=', institutionId)
      .forUpdate()
      .executeTakeFirst()
    if (!before) throw new NotFoundError('organisation', institutionId)
    await trx
      .updateTable('evaluation_entry')
      .set({
        score: Math.round(review.score * 10) / 10,
        grade: review.grade,
        remarks,
        reviewed_by: who(p),
        reviewed_at: new Date(),
      })
      .where('round_id', '=', roundId)
      .where('institution_id', '=', institutionId)
      .execute()
    await recordAudit(trx, {
      actor: who(p),
      actorOrganisationId: p.organisationId,
      action: 'evaluation.review',
      entity: 'evaluation_round',
      entityId: roundId,
      before: { institutionId, ...before },
      after: { institutionId, score: review.score, grade: review.grade, remarks },
    })
    const row = await entries(trx, roundId)
      .selectAll('e')
      .select(['o.name', 'o.region_code'])
      .where('e.institution_id', '=', institutionId)
      .executeTakeFirstOrThrow()
    return entryView(row)
  })
}

/** Publishes a round whose institutions all have a grade (第十八条 向社会公布考核评估结果). */
export async function publishRound(db: Kysely<DB>, p: Principal, roundId: string) {
  return transact(db, async (trx) => {
    const round = await ownRound(trx, p, roundId)
    await trx.selectFrom('evaluation_round').select('id').where('id', '=', roundId).forUpdate().execute()
    if (round.status !== 'open') throw new ConflictError(notOpen(round.status))
    const missing = Number(round.entries) - Number(round.graded)
    if (missing > 0) throw new ConflictError(`尚有${missing}家机构未评定等次，全部评定后才能公布`)
    const published = await trx
      .updateTable('evaluation_round')
      .set({ status: 'published', published_at: new Date(), published_by: who(p) })
      .where('id', '=', roundId)
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actor: who(p),
      actorOrganisationId: p.organisationId,
      action: 'evaluation.publish',
      entity: 'evaluation_round',
      entityId: roundId,
      before: { status: 'open' },
      after: { status: 'published' },
    })
    return roundView({ ...published, entries: round.entries, graded: round.graded })
  })
}

/**
 * The published results the public sees (第十八条): each institution's latest published grade and score, with
 * the round, for the institutions asked about (the directory's page).
 */
export async function publishedResults(db: Kysely<DB>, institutionIds: readonly string[]) {
  const out = new Map<
    string,
    { roundTitle: string; year: number; grade: EvaluationGrade; score: number | null; publishedAt: string }
  >()
  if (institutionIds.length === 0) return out
  const rows = await db
    .selectFrom('evaluation_entry as e')
    .innerJoin('evaluation_round as r', 'r.id', 'e.round_id')
    .select(['e.institution_id', 'e.grade', 'e.score', 'r.title', 'r.year', 'r.published_at'])
    .where('r.status', '=', 'published')
    .where('e.institution_id', 'in', [...institutionIds])
    .orderBy('r.published_at', 'asc')
    .execute()
  for (const r of rows)
    out.set(r.institution_id, {
      roundTitle: r.title,
      year: r.year,
      grade: r.grade as EvaluationGrade,
      score: r.score === null ? null : Number(r.score),
      publishedAt: (r.published_at as Date).toISOString(),
    })
  return out
}
