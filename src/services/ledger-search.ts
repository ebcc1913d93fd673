import type { Kysely } from 'kysely'
import { type FoundEntry, searchLedger } from '../db/ledger-search.js'
import type { DB } from '../db/schema.js'
import { type ListPage, listPage, type PageQuery } from '../domain/pages.js'
import type { Principal } from './accounts.js'
import { InvalidInputError } from './errors.js'
import { personKeysInScope } from './scope.js'

export interface LedgerSearchQuery extends PageQuery {
  personKey?: string
  project?: string
  institution?: string
  year?: number
}

/**
 * The credits an HR department may revoke or correct, found by person, project or institution: only persons
 * of its region and below (the national one: all). One of the three is required — never the whole ledger.
 */
export async function findEntries(
  db: Kysely<DB>,
  p: Principal,
  q: LedgerSearchQuery,
): Promise<ListPage<FoundEntry>> {
  const project = q.project?.trim()
  const institution = q.institution?.trim()
  if (q.personKey === undefined && !project && !institution)
    throw new InvalidInputError('idNumber', '请输入身份证号、培训项目或机构名称之一')
  const scope = await personKeysInScope(db, p)
  if (!scope) return listPage([], 0, q)
  return searchLedger(db, { ...q, project, institution, scope })
}
