import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Principal } from './accounts.js'
import { ForbiddenError, NotFoundError } from './errors.js'
import { toProject } from './projects.js'
import { differences } from './rosters.js'

/**
 * Every version of a project's roster, newest first, each with its difference from the version before
 * it (persons added, removed and changed): the organiser who published the project sees how its roster
 * was corrected.
 */
export async function rosterVersions(db: Kysely<DB>, p: Principal, projectId: string) {
  const row = await db
    .selectFrom('training_project')
    .selectAll()
    .where('id', '=', projectId)
    .executeTakeFirst()
  if (!row) throw new NotFoundError('training project', projectId)
  if (row.institution_id !== p.organisationId) throw new ForbiddenError('只能查看本单位培训项目的花名册')
  const versions = await db
    .selectFrom('roster')
    .select(['id', 'version', 'status', 'row_count', 'correction_reason', 'created_at'])
    .where('project_id', '=', projectId)
    .orderBy('version', 'desc')
    .execute()
  const items = await Promise.all(
    versions.map(async (v, i) => {
      const before = versions[i + 1]
      return {
        id: v.id,
        version: v.version,
        status: v.status,
        rowCount: v.row_count,
        correctionReason: v.correction_reason,
        createdAt: v.created_at.toISOString(),
        diff: before ? await differences(db, before.id, v.id) : null,
      }
    }),
  )
  return { project: toProject(row), versions: items }
}
