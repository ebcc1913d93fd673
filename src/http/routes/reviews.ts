import { z } from 'zod'
import { departure, joinOrganisation, reviewYearEnd } from '../../services/reviews.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { PersonKeyParam } from '../schemas.js'

const EMPLOYERS = ['employer', 'agency'] as const

export function reviewRoutes(api: Api, ctx: AppContext): void {
  api.post(
    '/reviews/year-end',
    {
      config: { access: EMPLOYERS },
      schema: {
        summary: '年终审核 Year-end review',
        description:
          "审核本单位全部人员的年度学时；此后该年度只能以冲销更正（苏人社函〔2023〕308号 五（三））。Reviews every staff member's year; afterwards the year changes only by reversals with reasons.",
        tags: ['reviews'],
        body: z.object({ year: z.number().int().min(1990).max(2200) }),
      },
    },
    async (request) =>
      ctx.db.transaction().execute((trx) => reviewYearEnd(trx, principalOf(request), request.body.year)),
  )
  api.post(
    '/persons/:personKey/departure',
    {
      config: { access: EMPLOYERS },
      schema: {
        summary: '离职审核 Departure review',
        description:
          '离职前审核当年学时并结束聘用；记录随人保留。Reviews the year before the person leaves and ends the employment; the records stay with the person.',
        tags: ['reviews'],
        params: PersonKeyParam,
        body: z.object({ date: z.string() }),
      },
    },
    async (request) =>
      ctx.db
        .transaction()
        .execute((trx) => departure(trx, principalOf(request), request.params.personKey, request.body.date)),
  )
  api.post(
    '/staff',
    {
      config: { access: EMPLOYERS },
      schema: {
        summary: '人员调入 Register a new staff member',
        description:
          '按身份证号和姓名将已登记人员调入本单位，可查看其以往学时记录（鲁人社发〔2016〕10号 （九））。Registers a person who joins, by ID number and name; the earlier records come with them.',
        tags: ['reviews'],
        body: z.object({
          idNumber: z.string().min(15).max(18),
          name: z.string().max(30).describe('姓名，须与登记信息一致'),
          fromDate: z.string(),
        }),
      },
    },
    async (request, reply) => {
      const joined = await ctx.db
        .transaction()
        .execute((trx) => joinOrganisation(trx, ctx.secrets, principalOf(request), request.body))
      return reply.code(201).send(joined)
    },
  )
}
