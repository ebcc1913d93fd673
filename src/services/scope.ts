import { type Kysely, sql } from 'kysely'
import { regionPrefix } from '../db/compliance.js'
import type { DB } from '../db/schema.js'
import type { Principal } from './accounts.js'
import { ForbiddenError } from './errors.js'

/**
 * Whether a principal may see and act on a person's data (no IDOR): the person themself; their current
 * employer; the agency holding a freelancer's file; an institution they trained with; the industry
 * authority of their industry in its region; an HR department of their region or above (national: all).
 */
export async function canAccessPerson(db: Kysely<DB>, p: Principal, personKey: string): Promise<boolean> {
  if (p.role === 'person') return p.personKey === personKey
  const org = p.organisationId
  if (!org) return false
  switch (p.role) {
    case 'employer':
    case 'agency': {
      const row = await db
        .selectFrom('employment')
        .select(sql.lit(1).as('one'))
        .where('person_key', '=', personKey)
        .where('organisation_id', '=', org)
        .where('to_date', 'is', null)
        .executeTakeFirst()
      return row !== undefined
    }
    case 'institution': {
      const row = await db
        .selectFrom('activity_record')
        .select(sql.lit(1).as('one'))
        .where('person_key', '=', personKey)
        .where('organisation_id', '=', org)
        .executeTakeFirst()
      return row !== undefined
    }
    case 'authority':
    case 'hr_department': {
      const row = await db
        .selectFrom('person as p')
        .innerJoin('organisation as o', (j) => j.on('o.id', '=', org))
        .select([
          'p.region_code',
          'p.industry',
          'o.region_code as org_region',
          'o.level',
          'o.industry as org_industry',
        ])
        .where('p.person_key', '=', personKey)
        .executeTakeFirst()
      if (!row) return false
      if (p.role === 'hr_department' && row.level === 'national') return true
      const inRegion = row.region_code.startsWith(regionPrefix(row.org_region))
      return p.role === 'hr_department'
        ? inRegion
        : inRegion && row.industry !== null && row.industry === row.org_industry
    }
  }
}

export async function assertCanAccessPerson(db: Kysely<DB>, p: Principal, personKey: string): Promise<void> {
  if (!(await canAccessPerson(db, p, personKey))) throw new ForbiddenError('无权访问该人员的信息')
}
