import { type Kysely, sql } from 'kysely'
import type { Organisation } from '../db/organisations.js'
import type { DB } from '../db/schema.js'
import { regions } from '../domain/region-data.js'
import { regionLevel } from '../domain/regions.js'
import { transact } from './audit.js'
import { ConflictError, InvalidInputError } from './errors.js'
import { insertAccount } from './new-accounts.js'
import { createOrganisation } from './organisations.js'

/** An HR department's level from its region's: a province's, a city's, a county's (district). */
export const hrLevelOf = (regionCode: string): 'province' | 'city' | 'district' => {
  const level = regionLevel(regionCode)
  return level === 'county' ? 'district' : level
}

/** Whether the database holds any organisation yet (an empty one needs `xueshi init` first). */
export async function hasOrganisations(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom('organisation').select('id').limit(1).executeTakeFirst()) !== undefined
}

export interface InitInput {
  regionCode: string
  name: string
  username?: string
}

/**
 * First start of a deployment: on a database without organisations, its top HR department and that
 * department's first administrator, whose one-time password must be changed at first sign-in.
 */
export async function initDeployment(
  db: Kysely<DB>,
  input: InitInput,
): Promise<{ organisation: Organisation; username: string; oneTimePassword: string }> {
  if (!/^\d{6}$/.test(input.regionCode) || !regions.has(input.regionCode))
    throw new InvalidInputError('region', `未知的行政区划代码 ${input.regionCode}（须为 GB/T 2260 六位代码）`)
  const actor = { id: 'init' }
  return transact(db, async (trx) => {
    // Two inits at once: the second waits here and then finds the first one's department.
    await sql`LOCK TABLE organisation IN SHARE ROW EXCLUSIVE MODE`.execute(trx)
    if (await trx.selectFrom('organisation').select('id').limit(1).executeTakeFirst())
      throw new ConflictError('数据库中已有单位，xueshi init 只用于空数据库的首次启动')
    const organisation = await createOrganisation(trx, actor, {
      kind: 'hr_department',
      name: input.name,
      regionCode: input.regionCode,
      level: hrLevelOf(input.regionCode),
    })
    const account = await insertAccount(trx, actor, {
      organisationId: organisation.id,
      role: 'hr_department',
      username: input.username ?? 'admin',
      isAdmin: true,
    })
    return { organisation, username: account.username, oneTimePassword: account.oneTimePassword as string }
  })
}
