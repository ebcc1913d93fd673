import { z } from 'zod'
import { chinaToday } from '../../domain/china-date.js'
import {
  freezeRound,
  listRounds,
  openRound,
  publishRound,
  reviewEntry,
  roundDetail,
} from '../../services/evaluation-rounds.js'
import {
  designateInstitution,
  endDesignation,
  institutionFile,
  liftRemoval,
  listOverseenInstitutions,
  removeInstitution,
  sanctionInstitution,
} from '../../services/institution-oversight.js'
import { attendedProjects, rateProject } from '../../services/project-ratings.js'
import { GROUND_KEYS } from '../../services/sanction-grounds.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { Errors, listOf, Page, wholeNumber } from '../schemas.js'

const Year = wholeNumber(1990, 2200).describe('年度（项目结业年度）')
const Id = z.object({ id: z.uuid('须为标识（UUID）') })
const Reason = z.string().trim().min(1, '请填写理由').max(500, '不超过500字')
const Ground = z
  .enum(GROUND_KEYS, { error: '请选择违反的条款（将随理由向社会公布）' })
  .describe(
    '违反的条款：conditions 机构条件（工程技术 第十三条）、faculty 师资（第十四条）、duties 机构义务（第十五条）、prohibited 禁止行为（第十六条）、publication 未提前公布（江西 第十六条）、reporting 逾期上报（308号 五（二））、other 其他',
  )
const Grade = z.enum(['excellent', 'qualified', 'basically_qualified', 'unqualified'])

export const IndicatorsSchema = z
  .object({
    projects: z.number().describe('年内结业的已公布项目'),
    publishedLate: z.number().describe('未提前一个月公布的项目（江西 第十六条）'),
    rostersDue: z.number().describe('应在结业后20个工作日内报送的花名册（308号 五（二））'),
    rostersLate: z.number().describe('其中逾期报送或逾期未报送'),
    linesReturned: z.number().describe('确认时被退回的花名册行数'),
    rostersCorrected: z.number().describe('确认后更正的花名册版本'),
    trainees: z.number().describe('取得有效学时的人数'),
    hundredths: z.number().describe('有效学时（百分之一学时）'),
    creditsRevoked: z.number().describe('后被撤销的学时记录'),
    hundredthsRevoked: z.number().describe('被撤销的学时（百分之一学时）'),
    ratings: z.number().describe('学员评价数'),
    ratingMean: z.number().nullable().describe('学员平均评分（1–5）'),
  })
  .describe('机构质量指标（由数据计算，江西 第十八条、第二十三条；工程技术 第二十五条）')

const Designation = z.object({
  id: z.string(),
  institutionId: z.string(),
  kind: z.enum(['recommended', 'base']),
  occupationCategory: z.string().nullable(),
  baseLevel: z.enum(['provincial', 'city']).nullable(),
  basis: z.string().describe('确定方式及依据'),
  designatedBy: z.string().nullable(),
  designatedAt: z.string(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  citation: z.string(),
})

export const SanctionSchema = z.object({
  id: z.string(),
  institutionId: z.string(),
  kind: z.enum(['warning', 'criticism', 'removal']),
  reason: z.string(),
  ground: z.enum(GROUND_KEYS).describe('违反的条款'),
  groundLabel: z.string(),
  groundBasis: z.string(),
  spotCheckId: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string(),
  liftedAt: z.string().nullable().describe('移出决定撤销的时间'),
  liftReason: z.string().nullable().describe('撤销移出的理由（公开）'),
  citation: z.string(),
})

const Overseen = z.object({
  id: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  level: z.string().nullable(),
  isBase: z.boolean(),
  occupationCategories: z.array(z.string()),
  removedAt: z.string().nullable(),
  removalReason: z.string().nullable(),
  sanctions: z.number().describe('警告、通报批评次数'),
  designations: z.array(Designation),
  indicators: IndicatorsSchema,
})

const InstitutionFile = Overseen.omit({ sanctions: true }).extend({
  sanctions: z.array(SanctionSchema),
  year: z.number(),
})

const Round = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  year: z.number(),
  title: z.string(),
  status: z
    .enum(['freezing', 'open', 'failed', 'published'])
    .describe('freezing 正在统计指标 / open 评定中 / failed 指标统计未能完成 / published 已公布'),
  openedAt: z.string(),
  frozenAt: z.string().nullable().describe('指标固定的时间'),
  failure: z.string().nullable().describe('指标统计未能完成的原因'),
  publishedAt: z.string().nullable(),
  entries: z.number(),
  graded: z.number(),
  basis: z.string(),
})

const Entry = z.object({
  institutionId: z.string(),
  institutionName: z.string(),
  regionName: z.string(),
  indicators: IndicatorsSchema,
  score: z.number().nullable(),
  grade: Grade.nullable(),
  remarks: z.string().nullable(),
  reviewedAt: z.string().nullable(),
})

const Attended = z.object({
  projectId: z.string(),
  title: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  institutionName: z.string(),
  rating: z.number().nullable(),
  comment: z.string().nullable(),
  ratedAt: z.string().nullable(),
})

const OVERSEERS = ['hr_department', 'authority'] as const
const TAGS = ['oversight']

/**
 * The institution directory and its quality for those who keep it (江西省人民政府令第259号 第十四、十八、十九、
 * 二十三、二十五条; cn-engineering-2026 第二十五条), and trainees' ratings of the projects they attended.
 */
export function institutionOversightRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/institutions',
    {
      config: { access: [...OVERSEERS] },
      schema: {
        summary: '机构监管名单 Institutions overseen',
        description:
          '本地区（含下级）的继续教育机构，按名称查找，每家附年度质量指标（由数据计算）、目录与基地、警告次数。The region’s institutions with the year’s indicators computed from the data.',
        tags: TAGS,
        querystring: Page.extend({
          year: Year.optional(),
          q: z.string().max(50).optional().describe('机构名称包含的文字'),
          removed: z.enum(['true', 'false']).optional().describe('含已移出目录的机构'),
        }),
        response: { 200: listOf(Overseen), ...Errors },
      },
    },
    async (request) => {
      const { year, removed, ...rest } = request.query
      return listOverseenInstitutions(ctx.db, principalOf(request), {
        ...rest,
        year: year ?? Number(chinaToday().slice(0, 4)),
        removed: removed === 'true',
      })
    },
  )

  api.get(
    '/institutions/:id',
    {
      config: { access: [...OVERSEERS] },
      schema: {
        summary: '机构监管档案 An institution’s file',
        description:
          '目录与基地（含已终止）、信用记录（第二十三条）和年度指标。Designations, credit record, indicators.',
        tags: TAGS,
        params: Id,
        querystring: z.object({ year: Year.optional() }),
        response: { 200: InstitutionFile, ...Errors },
      },
    },
    async (request) =>
      institutionFile(
        ctx.db,
        principalOf(request),
        request.params.id,
        request.query.year ?? Number(chinaToday().slice(0, 4)),
      ),
  )

  api.post(
    '/institutions/:id/designations',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '列入推荐目录或确定为基地 List in the directory or designate a base',
        description:
          '推荐目录按职业类别，由设区的市以上人社部门以竞争性方式确定并公布（江西 第十四条）；省级基地由省人社部门、市级基地由设区的市人社部门建设（第十九条）。',
        tags: TAGS,
        params: Id,
        body: z.object({
          kind: z.enum(['recommended', 'base']),
          occupationCategory: z.string().max(50).optional().describe('职业类别（推荐目录）'),
          baseLevel: z.enum(['provincial', 'city']).optional().describe('基地级别'),
          basis: z.string().max(200, '不超过200字').describe('确定方式及依据，如遴选公告文号'),
        }),
        response: { 200: Designation, ...Errors },
      },
    },
    async (request) => designateInstitution(ctx.db, principalOf(request), request.params.id, request.body),
  )

  api.post(
    '/institutions/designations/:id/end',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '终止目录或基地资格 End a listing or base designation',
        tags: TAGS,
        params: Id,
        body: z.object({ reason: Reason }),
        response: { 200: Designation, ...Errors },
      },
    },
    async (request) => endDesignation(ctx.db, principalOf(request), request.params.id, request.body.reason),
  )

  api.post(
    '/institutions/:id/warnings',
    {
      config: { access: [...OVERSEERS] },
      schema: {
        summary: '警告或通报批评 Warn or criticise an institution',
        description:
          '人社部门或行业主管部门责令改正，给予警告或者通报批评（江西 第二十五条），记入机构信用记录（第二十三条）并向社会公布理由。',
        tags: TAGS,
        params: Id,
        body: z.object({
          kind: z.enum(['warning', 'criticism']).describe('警告 / 通报批评'),
          reason: Reason.describe('事实和理由（公开）'),
          ground: Ground,
          spotCheckId: z.uuid().optional().describe('发现问题的随机抽查'),
        }),
        response: { 200: SanctionSchema, ...Errors },
      },
    },
    async (request) => sanctionInstitution(ctx.db, principalOf(request), request.params.id, request.body),
  )

  api.post(
    '/institutions/:id/removal',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '移出推荐目录 Remove from the directory',
        description:
          '情节严重的，移出继续教育机构推荐目录（江西 第二十五条）：即日起不在公开页面显示，不能公布项目、报送花名册；已登记学时仍然有效。',
        tags: TAGS,
        params: Id,
        body: z.object({ reason: Reason.describe('事实和理由（公开）'), ground: Ground }),
        response: { 200: SanctionSchema, ...Errors },
      },
    },
    async (request) =>
      removeInstitution(
        ctx.db,
        principalOf(request),
        request.params.id,
        request.body.reason,
        request.body.ground,
      ),
  )

  api.post(
    '/institutions/:id/reinstatement',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '撤销移出 Lift a removal',
        description:
          '作出移出决定的人社部门或其上级撤销移出（如经复核撤销），须说明理由（公开）。机构即可重新公布项目、报送花名册；推荐目录须重新确定（江西 第十四条）。移出记录仍保留在信用记录中并注明已撤销。',
        tags: TAGS,
        params: Id,
        body: z.object({ reason: Reason.describe('撤销的理由（公开）') }),
        response: { 200: SanctionSchema, ...Errors },
      },
    },
    async (request) => liftRemoval(ctx.db, principalOf(request), request.params.id, request.body.reason),
  )

  api.get(
    '/evaluations',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '考核评估 Evaluation rounds',
        description: '本部门组织的继续教育机构考核评估（江西 第十八条），新者在前。',
        tags: TAGS,
        querystring: Page,
        response: { 200: listOf(Round), ...Errors },
      },
    },
    async (request) => listRounds(ctx.db, principalOf(request), request.query),
  )

  api.post(
    '/evaluations',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '开始考核评估 Open an evaluation round',
        description:
          '本地区目录内每家机构的年度指标在开始后统计并固定：答复 202 时考核评估为 freezing（正在统计），统计完成后为 open，可以评定。The round answers 202 as freezing; the indicators are taken in the background, then it is open.',
        tags: TAGS,
        body: z.object({
          year: z
            .number()
            .int('须为整数')
            .min(1990, '须为1990至2200年')
            .max(2200, '须为1990至2200年')
            .describe('年度'),
          title: z.string().max(100, '不超过100字').describe('名称'),
        }),
        response: { 202: Round, ...Errors },
      },
    },
    async (request, reply) => {
      const round = await openRound(ctx.db, principalOf(request), request.body)
      api.inBackground(() => freezeRound(ctx.db, round.id, (m) => api.log.error(m)))
      return reply.code(202).send(round)
    },
  )

  api.get(
    '/evaluations/:id',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '考核评估明细 A round and its institutions',
        tags: TAGS,
        params: Id,
        querystring: Page,
        response: { 200: z.object({ round: Round, entries: listOf(Entry) }), ...Errors },
      },
    },
    async (request) => roundDetail(ctx.db, principalOf(request), request.params.id, request.query),
  )

  api.put(
    '/evaluations/:id/entries/:institutionId',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '评定 Score an institution',
        tags: TAGS,
        params: z.object({ id: z.uuid(), institutionId: z.uuid() }),
        body: z.object({
          score: z.number().min(0, '须为0至100').max(100, '须为0至100').describe('得分'),
          grade: Grade.describe('等次'),
          remarks: z.string().max(500, '不超过500字').optional().describe('评语'),
        }),
        response: { 200: Entry, ...Errors },
      },
    },
    async (request) =>
      reviewEntry(
        ctx.db,
        principalOf(request),
        request.params.id,
        request.params.institutionId,
        request.body,
      ),
  )

  api.post(
    '/evaluations/:id/publish',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '公布考核评估结果 Publish a round',
        description: '全部机构评定等次后向社会公布（江西 第十八条）。',
        tags: TAGS,
        params: Id,
        response: { 200: Round, ...Errors },
      },
    },
    async (request) => publishRound(ctx.db, principalOf(request), request.params.id),
  )

  api.get(
    '/me/attended-projects',
    {
      config: { access: ['person'] },
      schema: {
        summary: '参加的培训项目 Projects attended',
        description: '本人取得学时的继续教育机构培训项目及本人的评价。',
        tags: TAGS,
        querystring: Page,
        response: { 200: listOf(Attended), ...Errors },
      },
    },
    async (request) => attendedProjects(ctx.db, principalOf(request), request.query),
  )

  api.post(
    '/me/attended-projects/:id/rating',
    {
      config: { access: ['person'] },
      schema: {
        summary: '评价培训项目 Rate a project',
        description: '参加过的项目评价一次，1至5分，可附意见；只以汇总形式显示。',
        tags: TAGS,
        params: Id,
        body: z.object({
          rating: z.number().int('须为整数').min(1, '须为1至5').max(5, '须为1至5'),
          comment: z.string().max(300, '不超过300字').optional(),
        }),
        response: { 200: Attended, ...Errors },
      },
    },
    async (request) => rateProject(ctx.db, principalOf(request), request.params.id, request.body),
  )
}
