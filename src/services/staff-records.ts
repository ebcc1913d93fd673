import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { parseRecord } from '../policy/records.js'
import type { ActivityRecord } from '../policy/types.js'
import type { Principal } from './accounts.js'
import { InvalidInputError } from './errors.js'
import { assertNotFuture, previewCredit } from './ledger.js'
import { policySettingsOf } from './policy-settings.js'
import { namesInScope } from './scope.js'

/** The most persons one registration for staff names (one request, one confirmation). */
export const STAFF_RECORD_PERSONS = 500

/**
 * The record an employer may register for its staff directly: training it organised, or self-study it
 * organised and assessed with a learning archive (苏人社函〔2023〕308号 四（十二））. Anything else goes
 * through the person's application and its review.
 */
export function staffRecord(input: unknown): ActivityRecord {
  const record = parseRecord({ ...(input as object), id: 'staff' }, 1)
  if (
    !(record.kind === 'training' && record.organizer === 'employer') &&
    !(record.kind === 'self_study' && record.archived)
  ) {
    throw new InvalidInputError(
      'record.kind',
      '单位直接登记仅限本单位组织的培训（organizer: employer）和建立学习档案的自学（archived: true）',
    )
  }
  return record
}

/** The persons named, once each, in the order given; at least one, at most STAFF_RECORD_PERSONS. */
export function distinctPersons(personKeys: readonly string[]): string[] {
  const keys = [...new Set(personKeys)]
  if (keys.length === 0) throw new InvalidInputError('personKeys', '请至少选择一名人员')
  if (keys.length > STAFF_RECORD_PERSONS)
    throw new InvalidInputError('personKeys', `一次最多登记${STAFF_RECORD_PERSONS}人，请分批登记`)
  return keys
}

/** The named persons the caller may register for, with their names and masked ID numbers. */
export async function staffNamed(db: Kysely<DB>, p: Principal, keys: readonly string[]) {
  const names = await namesInScope(db, p, keys)
  const rows =
    names.size === 0
      ? []
      : await db
          .selectFrom('person')
          .select(['person_key', 'id_masked'])
          .where('person_key', 'in', [...names.keys()])
          .execute()
  const masked = new Map(rows.map((r) => [r.person_key, r.id_masked]))
  return keys.map((key) => ({
    personKey: key,
    name: names.get(key) ?? null,
    idMasked: masked.get(key) ?? null,
  }))
}

/** Why a person named is not one the caller may register for (the same words for unknown and elsewhere). */
export const NOT_STAFF = '不是本单位在职人员（或不在本机构存档），不能为其登记'

/**
 * What the engine would credit the record for each person named, in their own year (their caps and
 * earlier records counted), and their year so far. Nothing is written.
 */
export async function previewForStaff(
  db: Kysely<DB>,
  p: Principal,
  personKeys: readonly string[],
  input: unknown,
) {
  const record = staffRecord(input)
  assertNotFuture(record)
  const year = Number(record.date.slice(0, 4))
  const people = await staffNamed(db, p, distinctPersons(personKeys))
  const known = people.filter((x) => x.name !== null).map((x) => x.personKey)
  const years =
    known.length === 0
      ? []
      : await db
          .selectFrom('person_year')
          .select(['person_key', 'public', 'professional', 'total', 'compliant'])
          .where('year', '=', year)
          .where('person_key', 'in', known)
          .execute()
  const before = new Map(years.map((y) => [y.person_key, y]))
  const settings = await policySettingsOf(db)
  const items = []
  for (const person of people) {
    if (person.name === null) {
      items.push({ ...person, policy: null, credit: null, before: null, problem: NOT_STAFF })
      continue
    }
    const y = before.get(person.personKey)
    const so = {
      public: Number(y?.public ?? 0),
      professional: Number(y?.professional ?? 0),
      total: Number(y?.total ?? 0),
      compliant: y?.compliant ?? false,
    }
    try {
      const { policy, credit } = await previewCredit(db, person.personKey, input, { settings })
      items.push({ ...person, policy, credit, before: so, problem: null })
    } catch (e) {
      // No policy in force for the person's region and year: said per person, the others go on.
      items.push({ ...person, policy: null, credit: null, before: so, problem: (e as Error).message })
    }
  }
  return { year, items }
}
