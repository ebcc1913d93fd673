import { z } from 'zod'
import { revocationBasis } from '../../policy/revocation.js'
import { findEntries } from '../../services/ledger-search.js'
import { personKeyOfIdNumber } from '../../services/persons.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { Errors, IdNumberQuery, listOf, Page, wholeNumber } from '../schemas.js'
import { IdHeader } from './staff.js'

const Basis = z.object({ basis: z.string(), says: z.string().describe('条文原文') })

const FoundEntry = z
  .object({
    personKey: z.string(),
    id: z.string(),
    name: z.string(),
    idMasked: z.string().describe('脱敏身份证号'),
    regionCode: z.string(),
    year: z.number(),
    date: z.string().nullable(),
    kind: z.string().nullable().describe('学习形式'),
    title: z.string().nullable().describe('培训项目或活动名称'),
    institution: z.string().nullable().describe('上报花名册的继续教育机构'),
    policyId: z.string().nullable(),
    public: z.number(),
    professional: z.number(),
    basis: z.string(),
    source: z.string(),
    reversed: z.boolean().describe('已撤销或更正'),
    createdAt: z.date(),
    revocation: z
      .object({ fraud: Basis, error: Basis })
      .describe('按该条政策撤销（违规）或更正（错误）时引用的条款'),
  })
  .describe('一条学时登记 A credit')

export function ledgerSearchRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/ledger-entries',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '查找学时登记 Find ledger entries',
        description:
          '人社部门按身份证号（查询参数或 X-Id-Number 请求头）、培训项目名称或机构名称查找本地区（及下级）人员的学时登记，供撤销或更正；名称按字面包含匹配。An HR department finds credits of persons in its region by ID number, project or institution, to revoke or correct one.',
        tags: ['persons'],
        response: { 200: listOf(FoundEntry).describe('学时登记（一页）A page of credits'), ...Errors },
        querystring: Page.extend({
          idNumber: IdNumberQuery,
          project: z.string().max(50).optional().describe('培训项目名称（包含）'),
          institution: z.string().max(50).optional().describe('机构名称（包含）'),
          year: wholeNumber(1990, 2200).optional().describe('年度'),
        }),
        headers: IdHeader,
      },
    },
    async (request) => {
      const { idNumber, ...q } = request.query
      const header = request.headers['x-id-number']
      const id = idNumber ?? (typeof header === 'string' && header !== '' ? header : undefined)
      const page = await findEntries(ctx.db, principalOf(request), {
        ...q,
        personKey: id === undefined ? undefined : personKeyOfIdNumber(ctx.secrets, id),
      })
      return {
        ...page,
        items: page.items.map((e) => ({
          ...e,
          revocation: {
            fraud: revocationBasis(e.policyId, 'fraud'),
            error: revocationBasis(e.policyId, 'error'),
          },
        })),
      }
    },
  )
}
