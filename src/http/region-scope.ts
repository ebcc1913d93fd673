import type { FastifyRequest } from 'fastify'
import { regionPrefix } from '../db/compliance.js'
import { findOrganisation } from '../db/organisations.js'
import { ForbiddenError } from '../services/errors.js'
import { principalOf } from './auth.js'
import type { AppContext } from './context.js'

/**
 * Whose figures an HR department or industry authority may see: the region asked for, inside the caller's
 * own (the national HR department: anywhere; default: the caller's region), and an authority's own
 * industry only (asking for another is refused).
 */
export async function regionScope(
  ctx: AppContext,
  request: FastifyRequest,
  regionCode: string | undefined,
  industry?: string,
): Promise<{ regionCode?: string; industry?: string }> {
  const p = principalOf(request)
  const org = await findOrganisation(ctx.db, p.organisationId as string)
  if (!org) throw new ForbiddenError('没有所属单位')
  const national = p.role === 'hr_department' && org.level === 'national'
  const region = regionCode ?? (national ? undefined : org.regionCode)
  if (!national && !(region as string).startsWith(regionPrefix(org.regionCode)))
    throw new ForbiddenError('只能查看本地区及下级地区')
  if (p.role !== 'authority') return { regionCode: region, industry }
  const own = industryOf(org)
  if (industry !== undefined && industry !== own) throw new ForbiddenError('只能查看本行业')
  return { regionCode: region, industry: own }
}

/**
 * An industry authority's industry: its whole view. One registered without any (only possible outside the
 * registration form, which requires it) sees nothing rather than the persons without an industry.
 */
export function industryOf(org: { industry: string | null }): string {
  if (!org.industry)
    throw new ForbiddenError('本部门未登记所管行业，不能查看人员和统计（请上级人社部门补登）')
  return org.industry
}
