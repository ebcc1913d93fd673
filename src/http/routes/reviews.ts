import { z } from 'zod'
import { transact } from '../../services/audit.js'
import { personKeyOfIdNumber } from '../../services/persons.js'
import { departure, joinOrganisation, reviewYearEnd } from '../../services/reviews.js'
import { listStaff } from '../../services/staff.js'
import { yearEndStatus } from '../../services/year-end-status.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { Departed, Joined, StaffMember, YearEndReviewed, YearEndStatus } from '../responses.js'
import { Errors, listOf, Page, PersonKeyParam, wholeNumber } from '../schemas.js'
import { IdHeader, StaffFilters } from './staff.js'

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
        response: { 200: YearEndReviewed, ...Errors },
        body: z.object({ year: z.number().int().min(1990).max(2200) }),
      },
    },
    async (request) => transact(ctx.db, (trx) => reviewYearEnd(trx, principalOf(request), request.body.year)),
  )
  api.get(
    '/reviews/year-end/:year',
    {
      config: { access: EMPLOYERS },
      schema: {
        summary: '年终审核状态 Year-end review status',
        description:
          '本单位某年度的年终审核是否已完成、在职人员中有多少人该年度已锁定。Whether the organisation reviewed the year, and how many current staff have it locked.',
        tags: ['reviews'],
        response: { 200: YearEndStatus, ...Errors },
        params: z.object({ year: wholeNumber(1990, 2200) }),
      },
    },
    async (request) => yearEndStatus(ctx.db, principalOf(request), request.params.year),
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
        response: { 200: Departed, ...Errors },
        params: PersonKeyParam,
        body: z.object({ date: z.string() }),
      },
    },
    async (request) =>
      transact(ctx.db, (trx) =>
        departure(trx, principalOf(request), request.params.personKey, request.body.date),
      ),
  )
  api.get(
    '/staff',
    {
      config: { access: EMPLOYERS },
      schema: {
        summary: '本单位人员 Staff',
        description:
          '本单位在职人员（人力资源服务机构：存档的自由职业者），可按姓名、身份证号（查询参数或 X-Id-Number 请求头）、职称系列、部门查找，只显示脱敏号码。Current staff (an agency: the freelancers whose files it holds), by name, ID number (query or X-Id-Number header), series or department, shown masked.',
        tags: ['reviews'],
        response: { 200: listOf(StaffMember).describe('本单位人员（一页）A page of staff'), ...Errors },
        querystring: Page.extend(StaffFilters.shape),
        headers: IdHeader,
      },
    },
    async (request) => {
      const { idNumber, person, ...filter } = request.query
      const id = idNumber ?? request.headers['x-id-number']
      return listStaff(ctx.db, principalOf(request), {
        ...filter,
        personKey: id === undefined ? undefined : personKeyOfIdNumber(ctx.secrets, id),
        personKeys: person === undefined ? undefined : [person].flat(),
      })
    },
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
        response: { 201: Joined, ...Errors },
        body: z.object({
          idNumber: z.string().min(15).max(18),
          name: z.string().max(30).describe('姓名，须与登记信息一致'),
          fromDate: z.string(),
        }),
      },
    },
    async (request, reply) => {
      const joined = await transact(ctx.db, (trx) =>
        joinOrganisation(trx, ctx.secrets, principalOf(request), request.body),
      )
      return reply.code(201).send(joined)
    },
  )
}
