import { z } from 'zod'
import { SERIES } from '../../domain/series.js'
import { registerForStaff } from '../../services/applications.js'
import { transact } from '../../services/audit.js'
import { listDepartments } from '../../services/staff.js'
import {
  distinctPersons,
  NOT_STAFF,
  previewForStaff,
  STAFF_RECORD_PERSONS,
  staffNamed,
  staffRecord,
} from '../../services/staff-records.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { toHttp } from '../errors.js'
import { Department, LedgerEntry, RecordCredit } from '../responses.js'
import { ActivityRecordBody, Errors, IdNumberQuery, listOf, Page } from '../schemas.js'

const EMPLOYERS = ['employer', 'agency'] as const

const PersonKey = z.string().regex(/^[0-9a-f]{32}$/, '人员标识为32位十六进制')

const SeriesKeys = Object.keys(SERIES) as [keyof typeof SERIES, ...(keyof typeof SERIES)[]]

/** 职称系列 as a filter. */
export const SeriesQuery = z.enum(SeriesKeys).optional().describe('职称系列')

/** The filters of the staff list. */
export const StaffFilters = z.object({
  name: z.string().max(30).optional(),
  idNumber: IdNumberQuery,
  series: SeriesQuery,
  department: z.string().min(1).max(50).optional().describe('部门'),
  person: z
    .union([PersonKey, z.array(PersonKey).max(200)])
    .optional()
    .describe('只列这些人员（人员标识，可重复）'),
})

/**
 * The ID number to search by may come in the X-Id-Number header instead of the query, so that the
 * number stays out of URLs (proxy access logs, browser history); the portal sends it there.
 */
export const IdHeader = z.object({
  'x-id-number': IdNumberQuery.describe('身份证号（可代替 idNumber 查询参数，不进入网址）'),
})

const Person = {
  personKey: z.string(),
  name: z.string().nullable().describe('姓名；不在本单位范围内为空'),
  idMasked: z.string().nullable(),
}
const Hours = z.looseObject({ public: z.number(), professional: z.number(), total: z.number() })

const StaffRecordBody = z.object({
  personKeys: z
    .array(PersonKey)
    .min(1)
    .max(STAFF_RECORD_PERSONS)
    .describe(`登记的人员（1–${STAFF_RECORD_PERSONS}人）`),
  record: ActivityRecordBody,
})

export function staffRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/staff/departments',
    {
      config: { access: EMPLOYERS },
      schema: {
        summary: '本单位部门 Departments',
        description:
          '本单位在职人员所在的部门及人数，按名称排序。The departments of the current staff, with how many work in each.',
        tags: ['reviews'],
        response: { 200: listOf(Department).describe('部门（一页）A page of departments'), ...Errors },
        querystring: Page,
      },
    },
    async (request) => listDepartments(ctx.db, principalOf(request), request.query),
  )

  api.post(
    '/staff/records/preview',
    {
      config: { access: EMPLOYERS },
      schema: {
        summary: '单位登记预估 Preview a registration for staff',
        description:
          '按每人适用政策和本年度已有记录，预估一条本单位组织的培训或建档自学为每人计入的学时及依据，并给出本年度已有学时；不保存。What the record would credit each person named, in their own year, and their year so far; nothing is saved.',
        tags: ['reviews'],
        response: {
          200: z
            .looseObject({
              year: z.number(),
              items: z.array(
                z.looseObject({
                  ...Person,
                  policy: z.string().nullable(),
                  credit: RecordCredit.nullable(),
                  before: Hours.extend({ compliant: z.boolean() }).nullable().describe('本年度已有学时'),
                  problem: z.string().nullable().describe('不能为此人登记的原因'),
                }),
              ),
            })
            .describe('每人的预估 The preview per person'),
          ...Errors,
        },
        body: StaffRecordBody,
      },
    },
    async (request) =>
      previewForStaff(ctx.db, principalOf(request), request.body.personKeys, request.body.record),
  )

  api.post(
    '/staff/records',
    {
      config: { access: EMPLOYERS },
      schema: {
        summary: '单位登记（多人）Register for several staff',
        description:
          '为多名本单位人员登记同一项本单位组织的培训或建档自学：每人单独记入账本（各自一个事务），逐人答复已记入或未记入及原因，不会半途而止而不告知。同一人同一活动只记入一次（自然键为活动内容），重复提交答复“已记入”。One record for several staff: each credited in their own transaction, with an answer per person; the same activity is never credited twice to one person.',
        tags: ['reviews'],
        response: {
          200: z
            .looseObject({
              credited: z.number(),
              refused: z.number(),
              items: z.array(
                z.looseObject({
                  ...Person,
                  outcome: z.enum(['credited', 'refused']),
                  entry: LedgerEntry.nullable(),
                  reason: z.string().nullable(),
                }),
              ),
            })
            .describe('逐人结果 The outcome per person'),
          ...Errors,
        },
        body: StaffRecordBody,
      },
    },
    async (request) => {
      const p = principalOf(request)
      // A record no one may be credited with is refused whole, naming the field.
      staffRecord(request.body.record)
      const people = await staffNamed(ctx.db, p, distinctPersons(request.body.personKeys))
      const english = request.headers['accept-language']?.startsWith('en') ?? false
      const items = []
      for (const person of people) {
        if (person.name === null) {
          items.push({ ...person, outcome: 'refused' as const, entry: null, reason: NOT_STAFF })
          continue
        }
        try {
          const entry = await transact(ctx.db, (trx) =>
            registerForStaff(trx, p, person.personKey, request.body.record),
          )
          items.push({ ...person, outcome: 'credited' as const, entry, reason: null })
        } catch (e) {
          const [status, body] = toHttp(e, english)
          if (status >= 500) throw e
          items.push({ ...person, outcome: 'refused' as const, entry: null, reason: body.error.message })
        }
      }
      const credited = items.filter((i) => i.outcome === 'credited').length
      return { credited, refused: items.length - credited, items }
    },
  )
}
