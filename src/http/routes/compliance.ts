import { z } from 'zod'
import { complianceList, regionPrefix } from '../../db/compliance.js'
import { findOrganisation } from '../../db/organisations.js'
import { ForbiddenError } from '../../services/errors.js'
import { personKeyOfIdNumber } from '../../services/persons.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { ComplianceRow } from '../responses.js'
import { Errors, IdNumberQuery, listOf, Page, wholeNumber } from '../schemas.js'

export function complianceRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/compliance',
    {
      config: { access: ['employer', 'agency', 'authority', 'hr_department'] },
      schema: {
        summary: '达标情况 Compliance list',
        description:
          '本单位人员，或本地区（及下级）人员的年度学时达标情况，可按姓名、身份证号筛选（只显示脱敏号码）、分页。Staff of the employer, or persons of the region and below, for a year; filter by name or ID number (shown masked) and page.',
        tags: ['compliance'],
        response: {
          200: listOf(ComplianceRow).describe('达标情况（一页）A page of persons and their year'),
          ...Errors,
        },
        querystring: Page.extend({
          year: wholeNumber(1990, 2200),
          compliant: z.enum(['true', 'false']).optional(),
          name: z.string().max(30).optional(),
          idNumber: IdNumberQuery,
          regionCode: z
            .string()
            .regex(/^\d{6}$/)
            .optional(),
          sort: z.enum(['total', 'name']).optional(),
        }),
      },
    },
    async (request) => {
      const p = principalOf(request)
      const q = request.query
      const org = await findOrganisation(ctx.db, p.organisationId as string)
      if (!org) throw new ForbiddenError('没有所属单位')
      const filter = {
        year: q.year,
        page: q.page,
        pageSize: q.pageSize,
        name: q.name,
        personKey: q.idNumber === undefined ? undefined : personKeyOfIdNumber(ctx.secrets, q.idNumber),
        sort: q.sort,
        compliant: q.compliant === undefined ? undefined : q.compliant === 'true',
      }
      if (p.role === 'employer' || p.role === 'agency')
        return complianceList(ctx.db, { ...filter, organisationId: org.id })
      const region = q.regionCode ?? org.regionCode
      const national = p.role === 'hr_department' && org.level === 'national'
      if (!national && !region.startsWith(regionPrefix(org.regionCode)))
        throw new ForbiddenError('只能查看本地区及下级地区')
      return complianceList(ctx.db, {
        ...filter,
        regionCode: national && q.regionCode === undefined ? undefined : region,
        industry: p.role === 'authority' ? (org.industry ?? '') : undefined,
      })
    },
  )
}
