import { z } from 'zod'
import { calendarPage, removeCalendarDay, setCalendarDays } from '../../services/calendar.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { CalendarDay } from '../responses.js'
import { Errors, listOf, Page, wholeNumber } from '../schemas.js'

export function calendarRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/calendar/:year',
    {
      config: { access: 'public' },
      schema: {
        summary: '节假日安排 Holiday calendar',
        description:
          '国务院节假日安排及调休上班日，用于计算工作日期限；尚未导入的年份附 warning（按该年计算的期限为暂定）。Public holidays and make-up working days, for working-day deadlines; a year not yet loaded carries a warning.',
        tags: ['calendar'],
        response: {
          200: listOf(CalendarDay)
            .extend({
              warning: z.string().optional().describe('该年节假日尚未导入 the year is not loaded yet'),
            })
            .describe('节假日与调休上班日（一页）A page of the calendar'),
          ...Errors,
        },
        security: [],
        params: z.object({ year: wholeNumber(2000, 2200) }),
        querystring: Page,
      },
    },
    async (request) => calendarPage(ctx.db, request.params.year, request.query),
  )
  api.put(
    '/calendar',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '维护节假日 Set calendar days',
        description:
          "国家或省级人社部门补充新一年的节假日安排。A national or provincial HR department adds a new year's arrangements.",
        tags: ['calendar'],
        response: {
          200: z.object({ saved: z.number().describe('保存的天数 days saved') }).describe('已保存 Saved'),
          ...Errors,
        },
        body: z.object({
          days: z
            .array(
              z.object({ day: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string().max(50) }),
            )
            .min(1)
            .max(400),
        }),
      },
    },
    async (request) => ({ saved: await setCalendarDays(ctx.db, principalOf(request), request.body.days) }),
  )
  api.delete(
    '/calendar/:day',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '删除节假日或调休日 Remove a calendar day',
        description:
          '国家或省级人社部门删除误录的一天（如调休上班日），该日恢复为普通日期。A national or provincial HR department removes a day entered by mistake.',
        tags: ['calendar'],
        response: { 200: CalendarDay.describe('已删除的一天 The day removed'), ...Errors },
        params: z.object({
          day: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, '须为日期 YYYY-MM-DD')
            .describe('日期 YYYY-MM-DD'),
        }),
      },
    },
    async (request) => removeCalendarDay(ctx.db, principalOf(request), request.params.day),
  )
}
