import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { isIsoDate } from '../policy/records.js'
import type { Principal } from './accounts.js'
import { recordAudit } from './audit.js'
import { ForbiddenError, InvalidInputError } from './errors.js'

export interface CalendarDay {
  day: string
  kind: 'holiday' | 'workday'
  name: string
}

/** The holiday calendar of a year: days off, and weekend days that are working days (调休). */
export async function calendarOf(db: Kysely<DB>, year: number): Promise<CalendarDay[]> {
  return db
    .selectFrom('calendar_day')
    .select(['day', 'kind', 'name'])
    .where('day', '>=', `${year}-01-01`)
    .where('day', '<=', `${year}-12-31`)
    .orderBy('day')
    .execute()
}

/**
 * An administrator (a national or provincial HR department) adds or corrects days when the State
 * Council publishes a new year's arrangements; the change is audited.
 */
export async function setCalendarDays(db: Kysely<DB>, p: Principal, days: CalendarDay[]): Promise<number> {
  const org = await db
    .selectFrom('organisation')
    .select('level')
    .where('id', '=', p.organisationId as string)
    .executeTakeFirst()
  if (!org || (org.level !== 'national' && org.level !== 'province'))
    throw new ForbiddenError('节假日安排由国家或省级人社部门维护')
  days.forEach((d, i) => {
    if (!isIsoDate(d.day)) throw new InvalidInputError(`days.${i}.day`, '须为日期 YYYY-MM-DD')
    if (!d.name.trim()) throw new InvalidInputError(`days.${i}.name`, '须填写节日名称')
  })
  await db.transaction().execute(async (trx) => {
    for (const d of days) {
      await trx
        .insertInto('calendar_day')
        .values({ day: d.day, kind: d.kind, name: d.name.trim() })
        .onConflict((oc) => oc.column('day').doUpdateSet({ kind: d.kind, name: d.name.trim() }))
        .execute()
    }
    await recordAudit(trx, {
      actor: p.userId ?? p.username,
      actorOrganisationId: p.organisationId,
      action: 'calendar.set',
      entity: 'calendar',
      entityId: days[0]?.day.slice(0, 4) ?? '',
      after: { days },
    })
  })
  return days.length
}
