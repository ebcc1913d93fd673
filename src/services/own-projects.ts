import type { Kysely } from 'kysely'
import { countRows } from '../db/count.js'
import { containing } from '../db/like.js'
import type { DB } from '../db/schema.js'
import { chinaToday } from '../domain/china-date.js'
import { listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import type { Principal } from './accounts.js'
import { earliestStart, publicationRule, toProject } from './projects.js'

/** Where a published project stands on `today`: not started, running, or ended (its roster may be reported). */
export type ProjectState = 'published' | 'running' | 'finished'

export const stateOf = (p: { startDate: string; endDate: string }, today: string): ProjectState =>
  p.endDate < today ? 'finished' : p.startDate <= today ? 'running' : 'published'

export interface OwnProjectsQuery extends PageQuery {
  q?: string
  state?: ProjectState
}

/**
 * The caller's own projects, newest start first, each with its state and its current roster (the latest
 * version not superseded), searched by title and filtered by state.
 */
export async function ownProjects(
  db: Kysely<DB>,
  p: Principal,
  query: OwnProjectsQuery,
  today = chinaToday(),
) {
  let q = db.selectFrom('training_project as t').where('t.institution_id', '=', p.organisationId as string)
  const title = query.q?.trim()
  if (title) q = q.where('t.title', 'like', containing(title))
  if (query.state === 'finished') q = q.where('t.end_date', '<', today)
  if (query.state === 'running') q = q.where('t.start_date', '<=', today).where('t.end_date', '>=', today)
  if (query.state === 'published') q = q.where('t.start_date', '>', today)
  const [rows, total] = await Promise.all([
    q
      .selectAll('t')
      .orderBy('t.start_date', 'desc')
      .orderBy('t.id')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
    countRows(q),
  ])
  const ids = rows.map((r) => r.id)
  const rosters =
    ids.length === 0
      ? []
      : await db
          .selectFrom('roster')
          .select(['id', 'project_id', 'version', 'status', 'row_count', 'created_at'])
          .where('project_id', 'in', ids)
          .where('status', '!=', 'superseded')
          .execute()
  const current = new Map(rosters.map((r) => [r.project_id, r]))
  const items = rows.map((row) => {
    const project = toProject(row)
    const r = current.get(row.id)
    return {
      ...project,
      state: stateOf(project, today),
      roster: r
        ? {
            id: r.id,
            version: r.version,
            status: r.status,
            rowCount: r.row_count,
            createdAt: r.created_at.toISOString(),
          }
        : null,
    }
  })
  return listPage(items, total, query)
}

/**
 * The publication rule the caller would publish under today (第十六条 where the Jiangxi order governs an
 * institution), with the earliest start it allows; null where no text sets a lead time.
 */
export async function publicationRuleFor(db: Kysely<DB>, p: Principal, today = chinaToday()) {
  const organisation = await db
    .selectFrom('organisation')
    .select(['name', 'kind', 'region_code'])
    .where('id', '=', p.organisationId as string)
    .executeTakeFirstOrThrow()
  const rule = publicationRule(organisation, today)
  return {
    today,
    rule: rule && { rule: rule.rule, basis: rule.basis },
    earliestStart: rule ? earliestStart(today) : null,
  }
}
