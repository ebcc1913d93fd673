import { z } from 'zod'
import { KINDS } from '../../policy/records.js'
import type { Kind } from '../../policy/types.js'
import { actorOf, registerForStaff } from '../../services/applications.js'
import { transact } from '../../services/audit.js'
import { ledgerOf, personYear } from '../../services/ledger.js'
import { ledgerExport, MAX_EXPORT_LINES, XLSX } from '../../services/ledger-export.js'
import { revokeHours } from '../../services/revocations.js'
import { assertCanAccessPerson } from '../../services/scope.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import { attachment } from '../content-disposition.js'
import type { AppContext } from '../context.js'
import { file, LedgerEntry, LedgerLine, Me, PersonYear } from '../responses.js'
import { ActivityRecordBody, Errors, listOf, Page, PersonKeyParam, wholeNumber } from '../schemas.js'

/** The ledger's filter and order (the list and its export take the same). */
const LedgerQuery = z.object({
  year: wholeNumber(1990, 2200).optional().describe('年度 year'),
  kind: z
    .enum(KINDS as [Kind, ...Kind[]])
    .optional()
    .describe('学习形式 the record kind (a reversal: the kind of the credit it cancels)'),
  source: z
    .enum(['application', 'roster', 'grant', 'import', 'revocation', 'correction'])
    .optional()
    .describe(
      '来源 application 申报 / roster 机构上报 / grant 单位或主管部门登记 / import 导入 / revocation 撤销 / correction 更正',
    ),
  sort: z
    .enum(['date', '-date'])
    .optional()
    .describe('按活动日期排序 by activity date (-date: latest first)'),
})

export function personRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/persons/:personKey/years/:year',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: "年度学时 A person's year",
        description:
          "按学时账本和适用政策计算的年度学时、是否达标及每一学时的依据；window=N 为青岛近N年滚动。The year computed by the engine over the ledger, with the clause behind every hour; window=N for Qingdao's rolling years.",
        tags: ['persons'],
        response: { 200: PersonYear, ...Errors },
        params: PersonKeyParam.extend({ year: wholeNumber(1990, 2200) }),
        querystring: z.object({ window: wholeNumber(1, 5).optional() }),
      },
    },
    async (request) => {
      const p = principalOf(request)
      await assertCanAccessPerson(ctx.db, p, request.params.personKey)
      const view = await personYear(ctx.db, request.params.personKey, request.params.year, {
        window: request.query.window,
      })
      return { person: view.person, policy: view.policy, evaluation: view.evaluation, entries: view.entries }
    },
  )
  api.get(
    '/persons/:personKey/ledger',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: '学时账本 Ledger',
        description:
          '全部登记与冲销记录，可按年度、学习形式、来源筛选；默认最新记入的在前，sort=-date / date 按活动日期。Every credit and reversal, filtered by year, kind and source; newest written first, or by activity date.',
        tags: ['persons'],
        response: {
          200: listOf(LedgerLine).describe('账本记录（一页）A page of ledger entries'),
          ...Errors,
        },
        params: PersonKeyParam,
        querystring: Page.extend(LedgerQuery.shape),
      },
    },
    async (request) => {
      await assertCanAccessPerson(ctx.db, principalOf(request), request.params.personKey)
      return ledgerOf(ctx.db, request.params.personKey, request.query)
    },
  )
  api.get(
    '/persons/:personKey/ledger/export',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: '导出学时账本 Export the ledger',
        description: `按与列表相同的筛选导出全部记录（xlsx，中文表头，最多${MAX_EXPORT_LINES}行）。Every entry the same filter lists, as an xlsx workbook.`,
        tags: ['persons'],
        response: { 200: file('学时档案 The ledger as xlsx', XLSX), ...Errors },
        params: PersonKeyParam,
        querystring: LedgerQuery,
      },
    },
    async (request, reply) => {
      const { personKey } = request.params
      await assertCanAccessPerson(ctx.db, principalOf(request), personKey)
      const { name, book } = await ledgerExport(ctx.db, personKey, request.query)
      return reply.header('content-type', XLSX).header('content-disposition', attachment(name)).send(book)
    },
  )
  api.post(
    '/persons/:personKey/ledger/:entryId/revoke',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '撤销或更正学时 Revoke or correct hours',
        description:
          'ground=fraud：撤销以不正当手段取得的学时并通报用人单位（工程技术人员继续教育规定（征求意见稿）第二十七条）；ground=error：更正登记错误，冲销该条登记，通知用人单位和本人已更正（第十七条）。fraud revokes hours obtained by fraud and notifies the employer; error corrects a registration error, and the notices say so.',
        tags: ['persons'],
        response: { 200: LedgerEntry.describe('冲销记录 The reversal entry'), ...Errors },
        params: PersonKeyParam.extend({ entryId: z.uuid() }),
        body: z.object({
          ground: z.enum(['fraud', 'error']).describe('fraud 以不正当手段取得 / error 登记错误'),
          reason: z.string().min(1).max(500),
        }),
      },
    },
    async (request) =>
      transact(ctx.db, (trx) =>
        revokeHours(
          trx,
          principalOf(request),
          request.params.personKey,
          request.params.entryId,
          request.body.ground,
          request.body.reason,
        ),
      ),
  )
  api.post(
    '/persons/:personKey/records',
    {
      config: { access: ['employer', 'agency'] },
      schema: {
        summary: '单位直接登记 Register for staff',
        description:
          '用人单位为本单位人员登记本单位组织的培训或建档自学，直接记入账本。An employer registers its own training or archived self-study for its staff.',
        tags: ['persons'],
        response: { 201: LedgerEntry, ...Errors },
        params: PersonKeyParam,
        body: ActivityRecordBody,
      },
    },
    async (request, reply) => {
      const entry = await transact(ctx.db, (trx) =>
        registerForStaff(trx, principalOf(request), request.params.personKey, request.body),
      )
      return reply.code(201).send(entry)
    },
  )
  api.get(
    '/me',
    {
      config: { access: ['person'] },
      schema: {
        summary: '本人信息 Me',
        description: "本人的登记信息。The signed-in person's record.",
        tags: ['persons'],
        response: { 200: Me, ...Errors },
      },
    },
    async (request) => {
      const p = principalOf(request)
      const person = await ctx.db
        .selectFrom('person')
        .select(['person_key', 'name', 'id_masked', 'region_code', 'series', 'title_level'])
        .where('person_key', '=', p.personKey as string)
        .executeTakeFirstOrThrow()
      return {
        personKey: person.person_key,
        name: person.name,
        idMasked: person.id_masked,
        regionCode: person.region_code,
        series: person.series,
        titleLevel: person.title_level,
        actor: actorOf(p).id,
      }
    },
  )
}
