import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { chinaToday } from '../domain/china-date.js'
import { type PageQuery, pageOf } from '../domain/pages.js'
import type { Principal } from './accounts.js'
import { recordAudit, transact } from './audit.js'
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.js'

/**
 * Trainees' evaluations of the projects they attended, one of the indicators of an institution's quality
 * (江西省人民政府令第259号 第十八条 考核评估; cn-engineering-2026 第二十五条 教学质量动态监测). A professional with a
 * live credit from an institution's project rates it once, 1 to 5, with an optional comment. Only aggregates
 * leave this module: no page shows who gave which rating.
 */
const PROJECT_KEY = 'project:'

/** The institutions' projects the person holds a live credit from (newest first), with the person's own rating. */
export async function attendedProjects(db: Kysely<DB>, p: Principal, page: PageQuery) {
  return pageOf(await allAttended(db, p), page)
}

async function allAttended(db: Kysely<DB>, p: Principal) {
  const personKey = p.personKey
  if (p.role !== 'person' || !personKey) throw new ForbiddenError('由专业技术人员本人评价')
  const credits = await db
    .selectFrom('ledger_entry as c')
    .select('c.credit_key')
    .where('c.person_key', '=', personKey)
    .where('c.entry_type', '=', 'credit')
    .where('c.credit_key', 'like', `${PROJECT_KEY}%`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ledger_entry as x')
            .select('x.id')
            .whereRef('x.person_key', '=', 'c.person_key')
            .whereRef('x.reverses_id', '=', 'c.id'),
        ),
      ),
    )
    .execute()
  const ids = [...new Set(credits.map((c) => (c.credit_key as string).slice(PROJECT_KEY.length)))]
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('training_project as t')
    .innerJoin('organisation as o', 'o.id', 't.institution_id')
    .leftJoin('project_rating as r', (j) =>
      j.onRef('r.project_id', '=', 't.id').on('r.person_key', '=', personKey),
    )
    .select([
      't.id',
      't.title',
      't.start_date',
      't.end_date',
      'o.name',
      'r.rating',
      'r.comment',
      'r.created_at',
    ])
    .where('t.id', 'in', ids)
    .where('o.kind', '=', 'institution')
    .orderBy('t.end_date', 'desc')
    .orderBy('t.id')
    .execute()
  return rows.map((r) => ({
    projectId: r.id,
    title: r.title,
    startDate: r.start_date,
    endDate: r.end_date,
    institutionName: r.name,
    rating: r.rating ?? null,
    comment: r.comment ?? null,
    ratedAt: r.created_at?.toISOString() ?? null,
  }))
}

/** Rates a project the person attended, once; a second rating is a conflict (the first stands). */
export async function rateProject(
  db: Kysely<DB>,
  p: Principal,
  projectId: string,
  input: { rating: number; comment?: string },
) {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
    throw new InvalidInputError('rating', '评分须为1至5的整数')
  const comment = input.comment?.trim() || null
  if (comment && comment.length > 300) throw new InvalidInputError('comment', '评价意见不超过300字')
  const attended = await allAttended(db, p)
  const project = attended.find((a) => a.projectId === projectId)
  if (!project) throw new NotFoundError('training project', projectId)
  if (project.endDate > chinaToday()) throw new ConflictError('项目结束后才能评价')
  if (project.rating !== null) throw new ConflictError('您已评价过该项目，每个项目只能评价一次')
  const personKey = p.personKey as string
  return transact(db, async (trx) => {
    const row = await trx
      .insertInto('project_rating')
      .values({ person_key: personKey, project_id: projectId, rating: input.rating, comment })
      .onConflict((oc) => oc.columns(['person_key', 'project_id']).doNothing())
      .returningAll()
      .executeTakeFirst()
    if (!row) throw new ConflictError('您已评价过该项目，每个项目只能评价一次')
    await recordAudit(trx, {
      actor: p.userId ?? p.username,
      actorOrganisationId: null,
      action: 'project.rate',
      personKey,
      entity: 'training_project',
      entityId: projectId,
      after: { rating: input.rating, comment },
    })
    return { ...project, rating: row.rating, comment: row.comment, ratedAt: row.created_at.toISOString() }
  })
}
