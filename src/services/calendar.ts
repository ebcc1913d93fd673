import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../db/schema.js'
import { type PageQuery, pageOf } from '../domain/pages.js'
import { addWorkingDays, type HolidayCalendar, yearsWithoutCalendar } from '../domain/working-days.js'
import { ADVANCED_SEMINAR_WORKING_DAYS } from '../policy/procedures.js'
import { isIsoDate } from '../policy/records.js'
import type { Principal } from './accounts.js'
import { recordAudit, transact } from './audit.js'
import { ForbiddenError, InvalidInputError, NotFoundError } from './errors.js'
import { notify } from './notifications.js'

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
 * What a clerk is told when a year has no holiday data (chinese-days has none past 2026, and would count
 * 2027's holidays as plain weekdays): deadlines through it are provisional until the year is loaded.
 */
export const missingCalendarWarning = (years: readonly number[]): string =>
  `${years.join('、')}年节假日安排尚未导入，截止日期为暂定，请人社部门通过 PUT /api/calendar 导入`

/** A page of the year's calendar; a year without holidays carries the warning. */
export async function calendarPage(db: Kysely<DB>, year: number, page: PageQuery) {
  const days = await calendarOf(db, year)
  const list = pageOf(days, page)
  return days.some((d) => d.kind === 'holiday') ? list : { ...list, warning: missingCalendarWarning([year]) }
}

export async function holidayCalendar(db: Kysely<DB>): Promise<HolidayCalendar> {
  const rows = await db.selectFrom('calendar_day').select(['day', 'kind']).execute()
  const day = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10))
  return {
    holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => day(r.day))),
    workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => day(r.day))),
  }
}

/**
 * The roster of an advanced seminar that ended on `endDate` is due 20 working days later (308号 五（二））;
 * the date is provisional, with the warning, when the count runs through a year without holiday data.
 */
export function seminarReportDue(calendar: HolidayCalendar, endDate: string) {
  const due = addWorkingDays(calendar, endDate, ADVANCED_SEMINAR_WORKING_DAYS)
  const missingYears = yearsWithoutCalendar(calendar, endDate, due)
  return {
    due,
    provisional: missingYears.length > 0,
    warning: missingYears.length > 0 ? missingCalendarWarning(missingYears) : null,
    missingYears,
  }
}

/**
 * Asks the HR departments that keep the calendar (national ones, and the province of `region`) to load the
 * missing years: one notification per department and year, however many deadlines need it.
 */
export async function askForCalendar(trx: Transaction<DB>, region: string, years: readonly number[]) {
  if (years.length === 0) return
  const keepers = await trx
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'hr_department')
    .where((eb) =>
      eb.or([
        eb('level', '=', 'national'),
        eb.and([eb('level', '=', 'province'), eb('region_code', '=', `${region.slice(0, 2)}0000`)]),
      ]),
    )
    .execute()
  for (const year of years) {
    const link = `/calendar/${year}`
    for (const keeper of keepers) {
      const told = await trx
        .selectFrom('notification')
        .select('id')
        .where('organisation_id', '=', keeper.id)
        .where('kind', '=', 'calendar.missing')
        .where('link', '=', link)
        .executeTakeFirst()
      if (told) continue
      await notify(trx, {
        organisationId: keeper.id,
        kind: 'calendar.missing',
        title: `请导入${year}年节假日安排`,
        body: `${missingCalendarWarning([year])}。已有工作日期限（高级研修项目花名册报送期限）跨入${year}年，导入前按普通工作日计算。`,
        link,
      })
    }
  }
}

/** Only national and provincial HR departments keep the calendar; a city's sees it read-only. */
async function assertKeepsCalendar(db: Kysely<DB>, p: Principal): Promise<void> {
  const org = await db
    .selectFrom('organisation')
    .select('level')
    .where('id', '=', p.organisationId as string)
    .executeTakeFirst()
  if (!org || (org.level !== 'national' && org.level !== 'province'))
    throw new ForbiddenError('节假日安排由国家或省级人社部门维护')
}

/**
 * An administrator (a national or provincial HR department) adds or corrects days when the State
 * Council publishes a new year's arrangements; the change is audited.
 */
export async function setCalendarDays(db: Kysely<DB>, p: Principal, days: CalendarDay[]): Promise<number> {
  await assertKeepsCalendar(db, p)
  days.forEach((d, i) => {
    if (!isIsoDate(d.day)) throw new InvalidInputError(`days.${i}.day`, '须为日期 YYYY-MM-DD')
    if (!d.name.trim()) throw new InvalidInputError(`days.${i}.name`, '须填写节日名称')
  })
  await transact(db, async (trx) => {
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

/**
 * Removes one day entered by mistake (a make-up working day the State Council did not set); the day counts as
 * an ordinary day again, and the change is audited. Throws NotFoundError for a day not in the calendar.
 */
export async function removeCalendarDay(db: Kysely<DB>, p: Principal, day: string): Promise<CalendarDay> {
  await assertKeepsCalendar(db, p)
  if (!isIsoDate(day)) throw new InvalidInputError('day', '须为日期 YYYY-MM-DD')
  return transact(db, async (trx) => {
    const removed = await trx
      .deleteFrom('calendar_day')
      .where('day', '=', day)
      .returning(['day', 'kind', 'name'])
      .executeTakeFirst()
    if (!removed) throw new NotFoundError('calendar day', day)
    const before = { ...removed, day }
    await recordAudit(trx, {
      actor: p.userId ?? p.username,
      actorOrganisationId: p.organisationId,
      action: 'calendar.remove',
      entity: 'calendar',
      entityId: day.slice(0, 4),
      before,
    })
    return before
  })
}
