import { z } from 'zod'
import {
  listInstitutions,
  publicCreditRecords,
  publicEvaluationResults,
  publicEvaluations,
} from '../../services/directory.js'
import { listPublicProjects } from '../../services/public-projects.js'
import type { Api } from '../app.js'
import type { AppContext } from '../context.js'
import { Errors, listOf, Page } from '../schemas.js'

const Code = z.string().regex(/^\d{6}$/, '须为6位行政区划代码（GB/T 2260）')
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '须为日期 YYYY-MM-DD')
const Words = z.string().max(50, '不超过50个字')
// Anyone may ask, without signing in: enough for people searching, not for scraping the registry per second.
const PUBLIC_LIMIT = { max: 120, timeWindow: '1 minute' }

const PublicProject = z
  .object({
    id: z.string(),
    title: z.string().describe('培训科目'),
    subject: z.enum(['public', 'professional']).describe('公需 / 专业'),
    way: z.enum(['face_to_face', 'online', 'public_course_exam']).describe('学习方式'),
    startDate: z.string(),
    endDate: z.string(),
    schedule: z.string().describe('课程安排'),
    venue: z.string().describe('时间场地安排'),
    faculty: z.string().describe('师资'),
    rules: z.string().describe('教学管理要求'),
    hours: z.number().describe('培训学时'),
    fees: z.string().nullable().describe('收费项目及标准（未公布则为 null）'),
    institutionName: z.string().describe('公布单位名称'),
    regionCode: z.string(),
    regionName: z.string().describe('公布单位所在地区'),
    publishedAt: z.string(),
    publicationRule: z
      .object({ rule: z.string(), basis: z.string() })
      .nullable()
      .describe('所依据的公布规则（无则为 null）'),
  })
  .describe('公布的培训项目 A published training project')

const Institution = z
  .object({
    id: z.string(),
    name: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
    level: z.string().nullable().describe('基地级别 city / provincial'),
    isBase: z.boolean().describe('继续教育基地（第十九条）'),
    occupationCategories: z.array(z.string()).describe('职业类别'),
    publishedProjects: z.number().int().describe('已公布的培训项目数'),
    designations: z
      .array(
        z.object({
          kind: z.enum(['recommended', 'base']),
          occupationCategory: z.string().nullable().describe('推荐的职业类别'),
          baseLevel: z.enum(['provincial', 'city']).nullable().describe('基地级别'),
          basis: z.string().describe('确定方式及依据'),
          designatedBy: z.string().nullable(),
          designatedAt: z.string(),
          citation: z.string(),
        }),
      )
      .describe('推荐目录（第十四条）与基地（第十九条）'),
    evaluation: z
      .object({
        roundTitle: z.string(),
        year: z.number(),
        grade: z.enum(['excellent', 'qualified', 'basically_qualified', 'unqualified']),
        score: z.number().nullable(),
        publishedAt: z.string(),
      })
      .nullable()
      .describe('最近公布的考核评估结果（第十八条）'),
    ratings: z.object({ count: z.number(), mean: z.number().nullable() }).describe('学员评价（汇总）'),
  })
  .describe('继续教育机构 An institution')

/** What the texts make public, for anyone without signing in (江西省人民政府令第259号 第十四至十六条). */
export function publicRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/public/projects',
    {
      config: { access: 'public', rateLimit: PUBLIC_LIMIT },
      schema: {
        summary: '培训项目公示 Published training projects',
        description:
          '已公布的培训项目（不含草稿），按地区（公布单位所在地，含下级）、学习方式、培训科目（包含所填文字）和日期（与所选期间有交集）查找，开班日期新者在前。继续教育机构应提前一个月在平台公布培训项目（江西省人民政府令第259号 第十六条）。' +
          'Published projects (never drafts), by region of the publisher (and below), way, words of the title and dates (overlapping); newest start first.',
        tags: ['public'],
        security: [],
        querystring: Page.extend({
          region: Code.optional().describe('地区代码（GB/T 2260），含下级'),
          way: z.enum(['face_to_face', 'online', 'public_course_exam']).optional().describe('学习方式'),
          institution: z.uuid('须为机构标识').optional().describe('公布单位（名录中的机构标识）'),
          q: Words.optional().describe('培训科目包含的文字'),
          from: Day.optional().describe('期间开始 YYYY-MM-DD'),
          to: Day.optional().describe('期间结束 YYYY-MM-DD'),
        }),
        response: { 200: listOf(PublicProject).describe('培训项目（一页）A page of projects'), ...Errors },
      },
    },
    async (request) => listPublicProjects(ctx.db, request.query),
  )
  api.get(
    '/public/institutions',
    {
      config: { access: 'public', rateLimit: PUBLIC_LIMIT },
      schema: {
        summary: '继续教育机构名录 Institution directory',
        description:
          '本系统登记的继续教育机构（已移出推荐目录的不再列出，江西省人民政府令第259号 第二十五条），按名称（包含所填文字）、地区（含下级）、推荐目录的职业类别（第十四条）或基地（第十九条）查找，附最近公布的考核评估结果（第十八条）和学员评价汇总。' +
          'The institutions registered here (removed ones no longer), by words of the name, region, recommended directory category or base, with the latest published evaluation and trainees’ ratings in aggregate.',
        tags: ['public'],
        security: [],
        querystring: Page.extend({
          q: Words.optional().describe('机构名称包含的文字'),
          region: Code.optional().describe('地区代码（GB/T 2260），含下级'),
          listing: z.enum(['recommended', 'base']).optional().describe('只看推荐目录内或基地'),
          category: Words.optional().describe('推荐目录的职业类别'),
        }),
        response: {
          200: listOf(Institution).describe('继续教育机构（一页）A page of institutions'),
          ...Errors,
        },
      },
    },
    async (request) => listInstitutions(ctx.db, request.query),
  )
  api.get(
    '/public/credit-records',
    {
      config: { access: 'public', rateLimit: PUBLIC_LIMIT },
      schema: {
        summary: '机构信用记录 Institutions’ credit records',
        description:
          '对继续教育机构的警告、通报批评和移出推荐目录，附作出决定的部门和理由（江西省人民政府令第259号 第二十三条、第二十五条），新者在前。',
        tags: ['public'],
        security: [],
        querystring: Page.extend({ q: Words.optional().describe('机构名称包含的文字') }),
        response: {
          200: listOf(
            z.object({
              id: z.string(),
              kind: z.enum(['warning', 'criticism', 'removal']),
              reason: z.string(),
              groundLabel: z.string().describe('违反的规定'),
              groundBasis: z.string().describe('所违反条款的文号和条款'),
              decidedAt: z.string(),
              institutionName: z.string(),
              regionName: z.string(),
              decidedBy: z.string(),
              liftedAt: z.string().nullable().describe('移出决定撤销的时间（未撤销为空）'),
              liftReason: z.string().nullable().describe('撤销移出的理由'),
              citation: z.string(),
            }),
          ),
          ...Errors,
        },
      },
    },
    async (request) => publicCreditRecords(ctx.db, request.query),
  )
  api.get(
    '/public/evaluations',
    {
      config: { access: 'public', rateLimit: PUBLIC_LIMIT },
      schema: {
        summary: '考核评估结果公布 Published evaluations',
        description: '人社部门公布的继续教育机构考核评估（江西省人民政府令第259号 第十八条），新者在前。',
        tags: ['public'],
        security: [],
        querystring: Page,
        response: {
          200: listOf(
            z.object({
              id: z.string(),
              title: z.string(),
              year: z.number(),
              regionName: z.string(),
              publishedAt: z.string(),
              citation: z.string(),
            }),
          ),
          ...Errors,
        },
      },
    },
    async (request) => publicEvaluations(ctx.db, request.query),
  )
  api.get(
    '/public/evaluations/:id',
    {
      config: { access: 'public', rateLimit: PUBLIC_LIMIT },
      schema: {
        summary: '考核评估结果 A published round’s results',
        description: '各机构的等次、得分和评语，得分高者在前；未公布的考核评估没有结果。',
        tags: ['public'],
        security: [],
        params: z.object({ id: z.uuid('须为标识（UUID）') }),
        querystring: Page,
        response: {
          200: listOf(
            z.object({
              institutionName: z.string(),
              regionName: z.string(),
              grade: z.enum(['excellent', 'qualified', 'basically_qualified', 'unqualified']).nullable(),
              score: z.number().nullable(),
              remarks: z.string().nullable(),
            }),
          ),
          ...Errors,
        },
      },
    },
    async (request) => publicEvaluationResults(ctx.db, request.params.id, request.query),
  )
}
