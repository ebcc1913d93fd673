import type { Transaction } from 'kysely'
import { insertPerson, type Person } from '../db/persons.js'
import type { DB, TitleLevel } from '../db/schema.js'
import { maskResidentId } from '../domain/mask.js'
import { regions } from '../domain/region-data.js'
import { parseResidentId } from '../domain/resident-id.js'
import { isSeries, TITLE_LEVELS } from '../domain/series.js'
import { recordAudit } from './audit.js'
import { ConflictError, InvalidInputError } from './errors.js'
import type { Actor } from './ledger.js'
import { personKeyOf, type Secrets, seal } from './secrets.js'

export interface PersonInput {
  idNumber: string
  name: string
  /** Where the person works: the GB/T 2260 code of the jurisdiction whose policy applies. */
  regionCode: string
  series: string
  titleLevel: string
  industry?: string | null
  freelancer?: boolean
}

/**
 * The look-up key of an ID number typed into a form or a search box. Throws InvalidInputError on a number
 * that is not valid; the reason never repeats the number.
 */
export function personKeyOfIdNumber(secrets: Secrets, idNumber: string): string {
  const id = parseResidentId(idNumber)
  if (!id.ok) throw new InvalidInputError('idNumber', `身份证号无效：${id.reason}`)
  return personKeyOf(secrets, id.id)
}

/** Checks a person's fields; the resident ID number never appears in an error (errors reach logs). */
export function validatePerson(
  input: PersonInput,
  today: string,
): { idNumber: string; birthDate: string; sex: 'male' | 'female'; warnings: string[] } {
  const parsed = parseResidentId(String(input.idNumber ?? ''), { today, knownRegion: (c) => regions.has(c) })
  if (!parsed.ok) throw new InvalidInputError('idNumber', `身份证号无效：${parsed.reason}`)
  const name = String(input.name ?? '').trim()
  if (name === '') throw new InvalidInputError('name', '姓名不能为空')
  if (Array.from(name).length > 30 || /[\p{Cc}]/u.test(name))
    throw new InvalidInputError('name', '姓名过长或含控制字符')
  if (!regions.has(input.regionCode))
    throw new InvalidInputError('regionCode', `未知的行政区划代码 ${input.regionCode}`)
  if (!isSeries(input.series)) throw new InvalidInputError('series', `未知的职称系列 ${input.series}`)
  if (!Object.hasOwn(TITLE_LEVELS, input.titleLevel))
    throw new InvalidInputError('titleLevel', `未知的职称级别 ${input.titleLevel}`)
  return { idNumber: parsed.id, birthDate: parsed.birthDate, sex: parsed.sex, warnings: parsed.warnings }
}

/**
 * Registers a person keyed by a keyed hash of the resident ID number, with an encrypted copy and a
 * masked one for display; the plain number is stored nowhere.
 */
export async function registerPerson(
  trx: Transaction<DB>,
  secrets: Secrets,
  actor: Actor,
  input: PersonInput,
  today = new Date().toISOString().slice(0, 10),
): Promise<{ person: Person; warnings: string[] }> {
  const valid = validatePerson(input, today)
  const personKey = personKeyOf(secrets, valid.idNumber)
  const existing = await trx
    .selectFrom('person')
    .select('person_key')
    .where('person_key', '=', personKey)
    .executeTakeFirst()
  if (existing) throw new ConflictError('该身份证号已登记')
  const person: Person = {
    personKey,
    idMasked: maskResidentId(valid.idNumber),
    name: input.name.trim(),
    sex: valid.sex,
    birthDate: valid.birthDate,
    regionCode: input.regionCode,
    series: input.series,
    titleLevel: input.titleLevel as TitleLevel,
    industry: input.industry ?? null,
    freelancer: input.freelancer ?? false,
  }
  await insertPerson(trx, {
    person_key: personKey,
    id_cipher: seal(secrets, valid.idNumber),
    id_masked: person.idMasked,
    name: person.name,
    sex: person.sex,
    birth_date: person.birthDate,
    region_code: person.regionCode,
    series: person.series,
    title_level: person.titleLevel,
    industry: person.industry,
    freelancer: person.freelancer,
  })
  const { personKey: _, ...shown } = person
  await recordAudit(trx, {
    actor: actor.id,
    actorOrganisationId: actor.organisationId,
    action: 'person.register',
    entity: 'person',
    entityId: personKey,
    personKey,
    after: shown,
  })
  return { person, warnings: valid.warnings }
}
