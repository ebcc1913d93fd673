import { z } from 'zod'
import { listInstitutions } from '../../services/directory.js'
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
          '本系统登记的继续教育机构，按名称（包含所填文字）和地区（含下级）查找。推荐目录与考核评估结果（江西省人民政府令第259号 第十四条、第十八条）随监管功能提供。' +
          'The institutions registered here, by words of the name and region (and below). The recommended directory and evaluation results come with the oversight work.',
        tags: ['public'],
        security: [],
        querystring: Page.extend({
          q: Words.optional().describe('机构名称包含的文字'),
          region: Code.optional().describe('地区代码（GB/T 2260），含下级'),
        }),
        response: {
          200: listOf(Institution).describe('继续教育机构（一页）A page of institutions'),
          ...Errors,
        },
      },
    },
    async (request) => listInstitutions(ctx.db, request.query),
  )
}
