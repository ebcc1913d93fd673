import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Oversight } from '../../services/scope.js'
import {
  closeSpotCheck,
  drawSpotCheck,
  findSpotCheck,
  linkWarning,
  listItems,
  listSpotChecks,
  MAX_SEED,
  POPULATIONS,
  recordItem,
  redraw,
  revokeFromItem,
  STRATA,
  spotCheckXlsx,
} from '../../services/spot-checks.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import { attachment } from '../content-disposition.js'
import type { AppContext } from '../context.js'
import { regionScope } from '../region-scope.js'
import { file } from '../responses.js'
import { Errors, listOf, Page } from '../schemas.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const access = ['hr_department', 'authority'] as const

const Allocation = z.object({
  stratum: z.string(),
  label: z.string(),
  population: z.number().describe('该层总体数量'),
  sample: z.number().describe('该层样本量'),
})

const SpotCheck = z
  .object({
    id: z.string(),
    title: z.string(),
    population: z.enum(POPULATIONS),
    definition: z.object({
      population: z.enum(POPULATIONS),
      regionCode: z.string().nullable(),
      industry: z.string().nullable(),
      year: z.number().nullable(),
      stratifyBy: z.enum(STRATA).nullable(),
    }),
    regionName: z.string(),
    seed: z.number().describe('随机种子'),
    sampleSize: z.number(),
    populationSize: z.number().describe('抽取时的总体数量'),
    populationHash: z.string().describe('抽取时总体的 SHA-256 指纹'),
    allocation: z.array(Allocation).describe('各层的总体数量和样本量'),
    state: z.enum(['open', 'closed']),
    conclusion: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    closedBy: z.string().nullable(),
    closedAt: z.string().nullable(),
    checked: z.number().describe('已检查的样本数'),
    findings: z.number().describe('发现问题的样本数'),
  })
  .describe('随机抽查 A spot check')

const Item = z
  .object({
    id: z.string(),
    position: z.number(),
    stratum: z.string(),
    stratumLabel: z.string(),
    subjectId: z.string().describe('人员标识、学时记录编号或单位编号'),
    personKey: z.string().nullable(),
    label: z.string(),
    detail: z.string(),
    evidenceSeen: z.boolean().nullable(),
    matchesRecord: z.boolean().nullable(),
    finding: z.string().nullable(),
    action: z.enum(['none', 'revocation', 'warning', 'criticism']),
    actionRef: z.string().nullable(),
    checkedBy: z.string().nullable(),
    checkedAt: z.string().nullable(),
  })
  .describe('抽查样本及检查结果 A sampled item and its checklist')

const Id = z.object({ id: z.uuid() })

/**
 * 随机抽查 (青人社字〔2023〕14号 六（三）; 鲁人社发〔2016〕10号 （十五）): an HR department or industry authority
 * draws a reproducible sample in its oversight, works through it item by item and closes it; only its own
 * organisation sees its spot checks.
 */
export function spotCheckRoutes(api: Api, ctx: AppContext): void {
  /** The caller's oversight (an authority: its industry; one without is refused), narrowed to a region asked for. */
  async function oversight(request: FastifyRequest, regionCode?: string): Promise<Oversight> {
    const s = await regionScope(ctx, request, regionCode)
    return { regionCode: s.regionCode ?? null, ...(s.industry === undefined ? {} : { industry: s.industry }) }
  }

  api.get(
    '/spot-checks',
    {
      config: { access: [...access] },
      schema: {
        summary: '随机抽查 Spot checks',
        description: '本单位抽取的随机抽查，新的在前。The organisation’s spot checks, newest first.',
        tags: ['spot-checks'],
        querystring: Page,
        response: { 200: listOf(SpotCheck).describe('随机抽查（一页）'), ...Errors },
      },
    },
    async (request) => listSpotChecks(ctx.db, principalOf(request), request.query),
  )

  api.post(
    '/spot-checks',
    {
      config: { access: [...access] },
      schema: {
        summary: '抽取样本 Draw a spot check',
        description:
          '在本部门监管范围内（行业主管部门：本行业）按编号排序列出总体，可按区县、职称系列或来源分层（按比例、最大余数法分配），以随机种子（不填则随机生成并记录）抽取样本；记录总体定义、数量、指纹、种子和各层分配，任何人可据此重新抽取。Draws a reproducible (optionally stratified) sample in the caller’s oversight and records how.',
        tags: ['spot-checks'],
        body: z.object({
          title: z.string().trim().min(1, '请填写抽查名称').max(60, '名称最多60个字').describe('抽查名称'),
          population: z
            .enum(POPULATIONS)
            .describe('persons 人员 / entries 学时记录 / employers 用人单位 / institutions 继续教育机构'),
          regionCode: z
            .string()
            .regex(/^\d{6}$/, '地区代码为6位数字')
            .optional()
            .describe('地区（默认本部门所在地区）'),
          year: z.number().int().min(1990).max(2200).optional().describe('年度（抽查学时记录时必填）'),
          stratifyBy: z
            .enum(STRATA)
            .optional()
            .describe('分层：district 区县 / series 职称系列 / source 来源'),
          sampleSize: z.number().int().min(1, '样本量至少为1').max(500, '样本量最多500').describe('样本量'),
          seed: z.number().int().min(1).max(MAX_SEED).optional().describe('随机种子（1–2147483647）'),
        }),
        response: { 200: SpotCheck, ...Errors },
      },
    },
    async (request) => {
      const { regionCode, ...draw } = request.body
      return drawSpotCheck(ctx.db, principalOf(request), await oversight(request, regionCode), draw)
    },
  )

  api.get(
    '/spot-checks/:id',
    {
      config: { access: [...access] },
      schema: {
        summary: '随机抽查详情 A spot check',
        description: '只能查看本单位的抽查。Only the organisation’s own.',
        tags: ['spot-checks'],
        params: Id,
        response: { 200: SpotCheck, ...Errors },
      },
    },
    async (request) => findSpotCheck(ctx.db, principalOf(request), request.params.id),
  )

  api.get(
    '/spot-checks/:id/items',
    {
      config: { access: [...access] },
      schema: {
        summary: '抽查样本 The sample',
        description:
          '样本按抽取顺序，含每项的检查结果。The sampled items in the order drawn, with their results.',
        tags: ['spot-checks'],
        params: Id,
        querystring: Page,
        response: { 200: listOf(Item).describe('抽查样本（一页）'), ...Errors },
      },
    },
    async (request) => listItems(ctx.db, principalOf(request), request.params.id, request.query),
  )

  api.get(
    '/spot-checks/:id/redraw',
    {
      config: { access: [...access] },
      schema: {
        summary: '重新抽取核对 Redraw and compare',
        description:
          '按记录的总体定义和随机种子对当前数据重新抽取：总体是否变化（数量、指纹），样本是否相同。Redraws from the recorded definition and seed against today’s data.',
        tags: ['spot-checks'],
        params: Id,
        response: {
          200: z.object({
            seed: z.number(),
            populationSize: z.number(),
            populationHash: z.string(),
            populationChanged: z.boolean(),
            sameItems: z.boolean(),
            items: z.array(z.string()),
          }),
          ...Errors,
        },
      },
    },
    async (request) => redraw(ctx.db, principalOf(request), request.params.id),
  )

  api.get(
    '/spot-checks/:id/export',
    {
      config: { access: [...access] },
      schema: {
        summary: '导出抽查 Export as xlsx',
        description:
          '抽查说明（可据此重新抽取）及样本和检查结果。How it was drawn, the sample and the findings.',
        tags: ['spot-checks'],
        params: Id,
        response: { 200: file('随机抽查 The spot check as xlsx', XLSX), ...Errors },
      },
    },
    async (request, reply) => {
      const { name, book } = await spotCheckXlsx(ctx.db, principalOf(request), request.params.id)
      return reply.header('content-type', XLSX).header('content-disposition', attachment(name)).send(book)
    },
  )

  api.post(
    '/spot-checks/:id/close',
    {
      config: { access: [...access] },
      schema: {
        summary: '结束抽查 Close a spot check',
        description:
          '全部样本检查后填写结论结束抽查；结束后不能再修改。Once every item is checked, with a conclusion.',
        tags: ['spot-checks'],
        params: Id,
        body: z.object({ conclusion: z.string().max(1000, '结论最多1000个字').describe('抽查结论') }),
        response: { 200: SpotCheck, ...Errors },
      },
    },
    async (request) =>
      closeSpotCheck(ctx.db, principalOf(request), request.params.id, request.body.conclusion),
  )

  api.put(
    '/spot-check-items/:id',
    {
      config: { access: [...access] },
      schema: {
        summary: '记录检查结果 Record an item’s checklist',
        description:
          '已查看证明材料、与登记是否一致、发现的问题（不一致时必填）、处理建议（抽查继续教育机构时：警告或通报批评）。The checklist of one sampled item; its subject must still be in the caller’s oversight.',
        tags: ['spot-checks'],
        params: Id,
        body: z.object({
          evidenceSeen: z.boolean().describe('已查看证明材料'),
          matchesRecord: z.boolean().describe('与登记一致'),
          finding: z.string().max(1000, '发现的问题最多1000个字').optional().describe('发现的问题'),
          action: z
            .enum(['none', 'warning', 'criticism'])
            .optional()
            .describe('处理建议：warning 警告 / criticism 通报批评'),
        }),
        response: { 200: Item, ...Errors },
      },
    },
    async (request) =>
      recordItem(ctx.db, principalOf(request), await oversight(request), request.params.id, request.body),
  )

  api.post(
    '/spot-check-items/:id/revoke',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '据抽查结果撤销学时 Revoke the sampled credit',
        description:
          '抽查学时记录发现问题时，按学时撤销的流程撤销或更正该条学时（通知本人和用人单位），并记入抽查结果。Revokes or corrects the sampled credit through the revocation flow and links it to the finding.',
        tags: ['spot-checks'],
        params: Id,
        body: z.object({
          ground: z.enum(['fraud', 'error']).describe('fraud 以不正当手段取得 / error 登记错误'),
          reason: z.string().min(1).max(500),
        }),
        response: { 200: Item, ...Errors },
      },
    },
    async (request) =>
      revokeFromItem(
        ctx.db,
        principalOf(request),
        await oversight(request),
        request.params.id,
        request.body.ground,
        request.body.reason,
      ),
  )

  api.post(
    '/spot-check-items/:id/warning',
    {
      config: { access: [...access] },
      schema: {
        summary: '记入对机构的警告 Link the institution’s warning',
        description:
          '抽查继续教育机构发现问题、已按 POST /api/institutions/{id}/warnings（带本次抽查编号）给予警告或通报批评后，将其记入该样本的处理（江西 第二十五条）。Links the sanction issued for the finding to the item.',
        tags: ['spot-checks'],
        params: Id,
        body: z.object({ warningId: z.uuid().describe('警告或通报批评的编号') }),
        response: { 200: Item, ...Errors },
      },
    },
    async (request) =>
      linkWarning(
        ctx.db,
        principalOf(request),
        await oversight(request),
        request.params.id,
        request.body.warningId,
      ),
  )
}
