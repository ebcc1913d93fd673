import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely'
import { regionPrefix } from '../db/compliance.js'
import type { DB, PersonTable } from '../db/schema.js'
import type { Principal } from './accounts.js'
import { ForbiddenError } from './errors.js'

/**
 * The one answer for an ID number a caller cannot use — not registered, not theirs to name, or the
 * name differs — so that no door tells which (no oracle). A name that differs is named only to a
 * caller who may see the person anyway.
 */
export const UNVERIFIABLE = '身份证号或姓名无法核验（未登记、姓名不符或不在您可登记的范围内）'

/** Keys per query: one round trip per 1,000 persons of a bulk door, never one per row. */
const CHUNK = 1000

/** What an HR department or authority oversees: a region (null: the whole country) and, for an authority, an industry. */
export interface Oversight {
  regionCode: string | null
  industry?: string
}

/** A condition on `person as p`: the persons someone may see. */
type Condition = (eb: ExpressionBuilder<DB & { p: PersonTable }, 'p'>) => Expression<SqlBool>

/** The registered persons among `personKeys` that meet the condition, with their names. */
async function namesWhere(
  db: Kysely<DB>,
  condition: Condition,
  personKeys: readonly string[],
): Promise<Map<string, string>> {
  const keys = [...new Set(personKeys)]
  const found = new Map<string, string>()
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await db
      .selectFrom('person as p')
      .select(['p.person_key', 'p.name'])
      .where('p.person_key', 'in', keys.slice(i, i + CHUNK))
      .where(condition)
      .execute()
    for (const r of rows) found.set(r.person_key, r.name)
  }
  return found
}

const overseenBy =
  (o: Oversight): Condition =>
  (eb) =>
    eb.and([
      ...(o.regionCode === null ? [] : [eb('p.region_code', 'like', `${regionPrefix(o.regionCode)}%`)]),
      ...(o.industry === undefined ? [] : [eb('p.industry', '=', o.industry)]),
    ])

/** The registered persons among `personKeys` in the region (GB/T 2260 code and below) and industry overseen. */
export async function personsOverseen(
  db: Kysely<DB>,
  o: Oversight,
  personKeys: readonly string[],
): Promise<Set<string>> {
  return new Set((await namesWhere(db, overseenBy(o), personKeys)).keys())
}

/**
 * Who a principal may see and act on (no IDOR): the person themself; their current employer; the agency
 * holding a freelancer's file; an institution they trained with; the industry authority of their
 * industry in its region; an HR department of their region or above (national: all). Undefined: nobody.
 */
async function scopeOf(db: Kysely<DB>, p: Principal): Promise<Condition | undefined> {
  const self = p.personKey
  if (p.role === 'person') return self ? (eb) => eb('p.person_key', '=', self) : undefined
  const org = p.organisationId
  if (!org) return undefined
  switch (p.role) {
    case 'employer':
    case 'agency':
      return (eb) =>
        eb.exists(
          eb
            .selectFrom('employment as e')
            .select('e.person_key')
            .whereRef('e.person_key', '=', 'p.person_key')
            .where('e.organisation_id', '=', org)
            .where('e.to_date', 'is', null),
        )
    case 'institution':
      return (eb) =>
        eb.exists(
          eb
            .selectFrom('activity_record as a')
            .select('a.person_key')
            .whereRef('a.person_key', '=', 'p.person_key')
            .where('a.organisation_id', '=', org),
        )
    case 'authority':
    case 'hr_department': {
      const o = await db
        .selectFrom('organisation')
        .select(['region_code', 'level', 'industry'])
        .where('id', '=', org)
        .executeTakeFirst()
      if (!o) return undefined
      if (p.role === 'hr_department')
        return overseenBy({ regionCode: o.level === 'national' ? null : o.region_code })
      return o.industry === null ? undefined : overseenBy({ regionCode: o.region_code, industry: o.industry })
    }
  }
}

/** The keys of every person a principal may see, as a subquery for lists filtered in SQL (undefined: nobody). */
export async function personKeysInScope(db: Kysely<DB>, p: Principal) {
  const scope = await scopeOf(db, p)
  return scope && db.selectFrom('person as p').select('p.person_key').where(scope)
}

/**
 * The persons among `personKeys` a principal may see and act on, with their registered names: one
 * query per 1,000 keys, so bulk doors check every row at once.
 */
export async function namesInScope(
  db: Kysely<DB>,
  p: Principal,
  personKeys: readonly string[],
): Promise<Map<string, string>> {
  const scope = await scopeOf(db, p)
  return scope ? namesWhere(db, scope, personKeys) : new Map()
}

/** The persons among `personKeys` a principal may see and act on. */
export async function personsInScope(
  db: Kysely<DB>,
  p: Principal,
  personKeys: readonly string[],
): Promise<Set<string>> {
  return new Set((await namesInScope(db, p, personKeys)).keys())
}

/** Whether a principal may see and act on one person's data. */
export async function canAccessPerson(db: Kysely<DB>, p: Principal, personKey: string): Promise<boolean> {
  return (await personsInScope(db, p, [personKey])).has(personKey)
}

export async function assertCanAccessPerson(db: Kysely<DB>, p: Principal, personKey: string): Promise<void> {
  if (!(await canAccessPerson(db, p, personKey))) throw new ForbiddenError('无权访问该人员的信息')
}
