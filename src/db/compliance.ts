import { type Kysely, sql } from 'kysely'
import { type ListPage, listPage, offsetOf, type PageQuery } from '../domain/pages.js'
import { countRows } from './count.js'
import { containing } from './like.js'
import type { DB } from './schema.js'
import { summaryFigures } from './statistics.js'

export interface ComplianceFilter extends PageQuery {
  year: number
  /** Staff of this employer (current employment), or freelancers whose file this agency holds. */
  organisationId?: string
  /** GB/T 2260 code: a province (xx0000), city (xxxx00) or county; persons registered in it or below. */
  regionCode?: string
  compliant?: boolean
  /** Persons of this industry (an industry authority's view). */
  industry?: string
  /** Part of the name. */
  name?: string
  /** One person, found by the look-up key of their ID number. */
  personKey?: string
  /** 职称系列 (an employer's or agency's list and the region's alike). */
  series?: string
  /** The department at the employer (an employer's list only). */
  department?: string
  /** Default: total ascending (who is furthest behind first), then name. */
  sort?: ComplianceSort
  order?: 'asc' | 'desc'
}

export const COMPLIANCE_SORTS = ['total', 'name', 'public', 'professional', 'department'] as const
export type ComplianceSort = (typeof COMPLIANCE_SORTS)[number]

export interface ComplianceRow {
  personKey: string
  name: string
  idMasked: string
  regionCode: string
  series: string
  policyId: string | null
  public: number
  professional: number
  total: number
  yearComplete: boolean
  compliant: boolean
  /** The department at the employer; null in a region's list or when not placed. */
  department: string | null
}

/** A region code's prefix: 320000 → '32', 320400 → '3204', 320411 → '320411'. */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2)
  if (code.endsWith('00')) return code.slice(0, 4)
  return code
}

/** The persons a compliance filter matches, with their year (no select, no order, no page yet). */
function matching(db: Kysely<DB>, f: Omit<ComplianceFilter, 'page' | 'pageSize'>) {
  // An employer's list starts from its current staff (employment_current) and looks each person up by
  // key; a LATERAL join keeps PostgreSQL from scanning every person of the table for 5,000 of them.
  const base =
    f.organisationId === undefined
      ? db.selectFrom('person as p').select(sql<string | null>`NULL::text`.as('department'))
      : db
          .selectFrom('employment as e')
          .innerJoinLateral(
            (eb) =>
              eb
                .selectFrom('person')
                .selectAll()
                .whereRef('person.person_key', '=', 'e.person_key')
                .limit(1)
                .as('p'),
            (join) => join.onTrue(),
          )
          .select('e.department')
          .where('e.organisation_id', '=', f.organisationId)
          .where('e.to_date', 'is', null)
          .$if(f.department !== undefined, (q) => q.where('e.department', '=', f.department as string))
  let q = base.leftJoin('person_year as y', (j) =>
    j.onRef('y.person_key', '=', 'p.person_key').on('y.year', '=', f.year),
  )
  if (f.regionCode !== undefined) q = q.where('p.region_code', 'like', `${regionPrefix(f.regionCode)}%`)
  if (f.industry !== undefined) q = q.where('p.industry', '=', f.industry)
  if (f.series !== undefined) q = q.where('p.series', '=', f.series)
  if (f.name) q = q.where('p.name', 'like', containing(f.name))
  if (f.personKey !== undefined) q = q.where('p.person_key', '=', f.personKey)
  return q
}

/** Filters by compliance: no person_year row means no hours, so not compliant. IS [NOT] TRUE says that without coalesce. */
const compliantIs = (compliant: boolean) =>
  compliant ? sql<boolean>`y.compliant IS TRUE` : sql<boolean>`y.compliant IS NOT TRUE`

/** The matching persons, with the compliant filter too. */
function filtered(db: Kysely<DB>, f: Omit<ComplianceFilter, 'page' | 'pageSize'>) {
  const q = matching(db, f)
  return f.compliant === undefined ? q : q.where(compliantIs(f.compliant))
}

/** What a list row shows of a person (`p`) and their year (`y`). */
const ROW_COLUMNS = [
  'p.person_key',
  'p.name',
  'p.id_masked',
  'p.region_code',
  'p.series',
  'y.policy_id',
  'y.public',
  'y.professional',
  'y.total',
  'y.year_complete',
  'y.compliant',
] as const

/** The matching persons with their year, in the order asked for (a page of them, or all for an export). */
function ordered(db: Kysely<DB>, f: Omit<ComplianceFilter, 'page' | 'pageSize'>) {
  const q = filtered(db, f)
  const dir = f.order === 'desc' ? 'desc' : 'asc'
  const key = {
    total: sql`coalesce(y.total, 0)`,
    public: sql`coalesce(y.public, 0)`,
    professional: sql`coalesce(y.professional, 0)`,
    name: sql`p.name`,
    department: sql`department`,
  }[f.sort ?? 'total']
  return q
    .select(ROW_COLUMNS)
    .orderBy(sql`${key} ${sql.raw(dir)} nulls last`)
    .$if(f.sort !== 'name', (b) => b.orderBy('p.name'))
    .orderBy('p.person_key')
}

type Selected = Omit<Awaited<ReturnType<ReturnType<typeof ordered>['execute']>>[number], 'department'> & {
  department?: string | null
}

const toRow = (r: Selected): ComplianceRow => ({
  personKey: r.person_key,
  name: r.name,
  idMasked: r.id_masked,
  regionCode: r.region_code,
  series: r.series,
  policyId: r.policy_id,
  public: Number(r.public ?? 0),
  professional: Number(r.professional ?? 0),
  total: Number(r.total ?? 0),
  yearComplete: r.year_complete ?? false,
  compliant: r.compliant ?? false,
  department: r.department ?? null,
})

/**
 * One page of a compliance list, with the number of matching persons. Persons without a person_year
 * row have no hours that year and are listed as not compliant. One query; no per-person round trips.
 */
export async function complianceList(db: Kysely<DB>, f: ComplianceFilter): Promise<ListPage<ComplianceRow>> {
  const q = ordered(db, f)
  const rows = await q
    .select(sql<string>`count(*) over ()`.as('matching'))
    .limit(f.pageSize)
    .offset(offsetOf(f))
    .execute()
  // The window count rides on the rows; past the last page there are none, so count separately.
  const total =
    rows.length > 0 || f.page === 1 ? Number(rows[0]?.matching ?? 0) : await countRows(filtered(db, f))
  return listPage(rows.map(toRow), total, f)
}

/** Every row of a compliance list, in its order, for an export (at most `limit`). */
export async function complianceAll(
  db: Kysely<DB>,
  f: Omit<ComplianceFilter, 'page' | 'pageSize'>,
  limit: number,
): Promise<ComplianceRow[]> {
  return (await ordered(db, f).limit(limit).execute()).map(toRow)
}

/** How many persons the filter matches, and how many of them comply (the compliant filter is ignored). */
export async function complianceCounts(
  db: Kysely<DB>,
  f: Omit<ComplianceFilter, 'page' | 'pageSize' | 'compliant'>,
): Promise<{ total: number; compliant: number; notCompliant: number }> {
  // Filters on the summaries' dimensions read them (a few rows); a name, person or department counts the list.
  const summarised = f.name === undefined || f.name === ''
  const { total, compliant } =
    summarised && f.personKey === undefined && f.department === undefined
      ? await countsFromSummaries(db, f)
      : await countsOfList(db, f)
  return { total, compliant, notCompliant: total - compliant }
}

async function countsFromSummaries(db: Kysely<DB>, f: Omit<ComplianceFilter, 'page' | 'pageSize'>) {
  const [line] = await summaryFigures(db, f.year, {
    regionCode: f.regionCode,
    industry: f.industry,
    series: f.series,
    employer: f.organisationId,
  })
  return { total: line?.persons ?? 0, compliant: line?.compliant ?? 0 }
}

async function countsOfList(db: Kysely<DB>, f: Omit<ComplianceFilter, 'page' | 'pageSize'>) {
  const row = await matching(db, f)
    .clearSelect()
    .select([
      sql<string>`count(*)`.as('n'),
      sql<string>`count(*) filter (where y.compliant IS TRUE)`.as('ok'),
    ])
    .executeTakeFirstOrThrow()
  return { total: Number(row.n), compliant: Number(row.ok) }
}

/** The list rows of these persons in a year, in the order of `keys` (a page chosen elsewhere: the roll). */
export async function complianceRowsOf(
  db: Kysely<DB>,
  year: number,
  keys: readonly string[],
  /** The employer whose list this is: its rows show the department. */
  organisationId?: string,
): Promise<ComplianceRow[]> {
  if (keys.length === 0) return []
  const rows = await db
    .selectFrom('person as p')
    .leftJoin('person_year as y', (j) => j.onRef('y.person_key', '=', 'p.person_key').on('y.year', '=', year))
    .select(ROW_COLUMNS)
    .where('p.person_key', 'in', keys)
    .execute()
  const departments =
    organisationId === undefined
      ? []
      : await db
          .selectFrom('employment')
          .select(['person_key', 'department'])
          .where('organisation_id', '=', organisationId)
          .where('to_date', 'is', null)
          .where('person_key', 'in', keys)
          .execute()
  const departmentOf = new Map(departments.map((e) => [e.person_key, e.department]))
  const byKey = new Map(
    rows.map((r) => [r.person_key, toRow({ ...r, department: departmentOf.get(r.person_key) })]),
  )
  return keys.flatMap((k) => byKey.get(k) ?? [])
}
