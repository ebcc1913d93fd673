import type { Transaction } from 'kysely'
import { insertOrganisation, type Organisation } from '../db/organisations.js'
import type { DB, OrganisationKind } from '../db/schema.js'
import { regions } from '../domain/region-data.js'
import { parseUscc } from '../domain/uscc.js'
import { recordAudit } from './audit.js'
import { InvalidInputError } from './errors.js'
import type { Actor } from './ledger.js'

const KINDS: OrganisationKind[] = ['employer', 'agency', 'institution', 'authority', 'hr_department']
const LEVELS: Partial<Record<OrganisationKind, string[]>> = {
  institution: ['national', 'provincial', 'city'],
  hr_department: ['national', 'province', 'city', 'district'],
}

export interface OrganisationInput {
  kind: string
  name: string
  /** 统一社会信用代码: required for employers, checked (GB 32100) whenever given. */
  uscc?: string | null
  regionCode: string
  level?: string | null
  isBase?: boolean
  industry?: string | null
  occupationCategories?: string[]
  /** A self-registered employer or agency waits for approval ('pending'); others are registered approved. */
  status?: 'pending' | 'approved'
  contactName?: string | null
  contactPhone?: string | null
  /** 'self' for a registration request; else the actor registering it. */
  registeredBy?: string
}

/** Registers an organisation of any kind of product.md, with its checks, in the audit trail. */
export async function createOrganisation(
  trx: Transaction<DB>,
  actor: Actor,
  input: OrganisationInput,
): Promise<Organisation> {
  if (!KINDS.includes(input.kind as OrganisationKind))
    throw new InvalidInputError('kind', `未知的单位类型 ${input.kind}`)
  const kind = input.kind as OrganisationKind
  const name = String(input.name ?? '').trim()
  if (name === '') throw new InvalidInputError('name', '单位名称不能为空')
  let uscc: string | null = null
  if (input.uscc) {
    const parsed = parseUscc(input.uscc)
    if (!parsed.ok) throw new InvalidInputError('uscc', `统一社会信用代码无效：${parsed.reason}`)
    uscc = parsed.code
  } else if (kind === 'employer') {
    throw new InvalidInputError('uscc', '用人单位须填写统一社会信用代码')
  }
  if (!regions.has(input.regionCode))
    throw new InvalidInputError('regionCode', `未知的行政区划代码 ${input.regionCode}`)
  const levels = LEVELS[kind]
  if (levels && !levels.includes(input.level ?? '')) {
    throw new InvalidInputError('level', `级别须为 ${levels.join('、')} 之一`)
  }
  const org = await insertOrganisation(trx, {
    kind,
    name,
    uscc,
    region_code: input.regionCode,
    level: input.level ?? null,
    is_base: input.isBase ?? false,
    industry: input.industry ?? null,
    occupation_categories: input.occupationCategories ?? [],
    status: input.status ?? 'approved',
    contact_name: input.contactName ?? null,
    contact_phone: input.contactPhone ?? null,
    registered_by: input.registeredBy ?? actor.id,
  })
  await recordAudit(trx, {
    actor: actor.id,
    actorOrganisationId: actor.organisationId,
    action: 'organisation.create',
    entity: 'organisation',
    entityId: org.id,
    after: org,
  })
  return org
}
