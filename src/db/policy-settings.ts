import { type Kysely, sql, type Transaction } from 'kysely'
import type { PolicySetting } from '../policy/registry.js'
import type { DB } from './schema.js'

type Executor = Kysely<DB> | Transaction<DB>

/** One choice in a policy's history, with who made it. */
export interface PolicySettingRow extends PolicySetting {
  id: string
  reason: string
  setBy: string
  setByName: string
  setByOrganisationId: string
  setAt: Date
}

/**
 * The settings in force: the latest choice per policy and region (one indexed read of a small table;
 * empty until a deployment makes its first choice).
 */
export async function latestPolicySettings(db: Executor): Promise<PolicySetting[]> {
  const rows = await db
    .selectFrom('policy_setting')
    .distinctOn(['policy_id', 'region_code'])
    .select(['policy_id', 'region_code', 'applies', 'from_year'])
    .orderBy('policy_id')
    .orderBy('region_code')
    .orderBy('set_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return rows.map((r) => ({
    policyId: r.policy_id,
    regionCode: r.region_code,
    applies: r.applies,
    fromYear: r.from_year,
  }))
}

/** Every choice made in a region, newest first. */
export async function policySettingHistory(db: Executor, regionCode: string): Promise<PolicySettingRow[]> {
  const rows = await db
    .selectFrom('policy_setting as s')
    .leftJoin('app_user as u', (join) => join.on(sql`u.id::text`, '=', sql.ref('s.set_by')))
    .select([
      's.id',
      's.policy_id',
      's.region_code',
      's.applies',
      's.from_year',
      's.reason',
      's.set_by',
      's.set_by_organisation_id',
      's.set_at',
      'u.username',
      'u.display_name',
    ])
    .where('s.region_code', '=', regionCode)
    .orderBy('s.set_at', 'desc')
    .orderBy('s.id', 'desc')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    policyId: r.policy_id,
    regionCode: r.region_code,
    applies: r.applies,
    fromYear: r.from_year,
    reason: r.reason,
    setBy: r.set_by,
    setByName: r.display_name ?? r.username ?? r.set_by,
    setByOrganisationId: r.set_by_organisation_id,
    setAt: r.set_at,
  }))
}

export async function insertPolicySetting(
  trx: Transaction<DB>,
  row: PolicySetting & { reason: string; setBy: string; setByOrganisationId: string },
): Promise<{ id: string; setAt: Date }> {
  const r = await trx
    .insertInto('policy_setting')
    .values({
      policy_id: row.policyId,
      region_code: row.regionCode,
      applies: row.applies,
      from_year: row.fromYear,
      reason: row.reason,
      set_by: row.setBy,
      set_by_organisation_id: row.setByOrganisationId,
    })
    .returning(['id', 'set_at'])
    .executeTakeFirstOrThrow()
  return { id: r.id, setAt: r.set_at }
}
