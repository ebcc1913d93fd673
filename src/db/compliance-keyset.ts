import { type Kysely, sql } from 'kysely'
import { InvalidInputError } from '../services/errors.js'
import { type ComplianceRow, complianceRowsOf, regionPrefix } from './compliance.js'
import { containing } from './like.js'
import type { DB } from './schema.js'

/** Where a page of the roll starts or ends: a line's place in the order (total, name, person). */
export interface RollCursor {
  total: string
  name: string
  personKey: string
}

/** A page of a region's or an industry's list, walked from a cursor instead of counted from the top. */
export interface RollPageQuery {
  year: number
  /** A province, city or county; undefined for the whole deployment (a national HR department). */
  regionCode?: string
  industry?: string
  /** An employer's staff (or an agency's file holders): its own index range, whatever the regions. */
  employer?: string
  series?: string
  compliant?: boolean
  /** Part of the name: the walk skips the other lines of its index ranges (the index holds the name). */
  name?: string
  /** By total hours, ties by name then person, all in this direction. */
  order: 'asc' | 'desc'
  pageSize: number
  /** The page after this line (the next page); or, with `before`, the page before it. */
  after?: RollCursor
  before?: RollCursor
}

export interface RollPage {
  items: ComplianceRow[]
  /** The cursor of the page's last line when a page follows it. */
  next: string | null
  /** The cursor of the page's first line when a page precedes it. */
  previous: string | null
}

export const encodeCursor = (c: RollCursor): string =>
  Buffer.from(JSON.stringify([c.total, c.name, c.personKey])).toString('base64url')

/** A cursor from the query string, or a plain error naming the parameter. */
export function decodeCursor(field: string, text: string): RollCursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (
      Array.isArray(v) &&
      v.length === 3 &&
      typeof v[0] === 'string' &&
      /^\d{1,8}(\.\d{1,2})?$/.test(v[0]) &&
      typeof v[1] === 'string' &&
      v[1].length <= 100 &&
      typeof v[2] === 'string' &&
      /^[0-9a-f]{32}$/.test(v[2])
    )
      return { total: v[0], name: v[1], personKey: v[2] }
  } catch {
    // falls through to the error below
  }
  throw new InvalidInputError(field, '翻页位置无效，请从第一页重新查看')
}

/**
 * The region codes that hold persons of the scope (a few hundred at most in a province): each is walked
 * on its own index range, and the walks merged.
 */
async function codesOf(db: Kysely<DB>, q: RollPageQuery): Promise<string[]> {
  // An employer's staff lie on one index range: one walk per compliance flag, whatever their regions.
  if (q.employer !== undefined) return ['']
  let s = db.selectFrom('summary_population').select('region_code').distinct().where('persons', '>', 0)
  if (q.regionCode !== undefined) s = s.where('region_code', 'like', `${regionPrefix(q.regionCode)}%`)
  if (q.industry !== undefined) s = s.where('industry', '=', q.industry)
  if (q.series !== undefined) s = s.where('series', '=', q.series)
  return (await s.execute()).map((r) => r.region_code)
}

/**
 * One page of a region's (or its industry's) compliance list from the compliance roll: for each region
 * code and compliance flag, the index range after the cursor, at most a page of it; the pages merged and
 * cut to one. Its cost is the page times the number of region codes, whatever the number of persons.
 */
export async function rollPage(db: Kysely<DB>, q: RollPageQuery): Promise<RollPage> {
  const backward = q.before !== undefined
  const ascending = (q.order === 'asc') !== backward
  const from = q.before ?? q.after
  const codes = await codesOf(db, q)
  const flags = q.compliant === undefined ? [false, true] : [q.compliant]
  if (codes.length === 0) return { items: [], next: null, previous: null }
  const dir = sql.raw(ascending ? 'ASC' : 'DESC')
  const past = from
    ? ascending
      ? sql`AND (r.total, r.name, r.person_key) > (${from.total}::numeric, ${from.name}, ${from.personKey})`
      : sql`AND (r.total, r.name, r.person_key) < (${from.total}::numeric, ${from.name}, ${from.personKey})`
    : sql``
  const industry = q.industry === undefined ? sql`` : sql`AND r.industry = ${q.industry}`
  const where =
    q.employer === undefined
      ? sql`${industry} AND r.region_code = c.code`
      : sql`AND r.employer = ${q.employer} AND r.employer <> '' ${industry}`
  const series = q.series === undefined ? sql`` : sql`AND r.series = ${q.series}`
  const name = q.name ? sql`AND r.name LIKE ${containing(q.name)}` : sql``
  const limit = q.pageSize + 1
  const walked = await sql<{ person_key: string; name: string; total: string }>`
    SELECT w.person_key, w.name, w.total::text AS total
    FROM unnest(${codes}::text[]) AS c(code) CROSS JOIN unnest(${flags}::boolean[]) AS f(flag)
    CROSS JOIN LATERAL (
      SELECT r.person_key, r.name, r.total FROM compliance_roll r
      WHERE r.year = ${q.year}::int ${where} AND r.compliant = f.flag ${series} ${name} ${past}
      ORDER BY r.total ${dir}, r.name ${dir}, r.person_key ${dir}
      LIMIT ${limit}
    ) w
    ORDER BY w.total ${dir}, w.name ${dir}, w.person_key ${dir}
    LIMIT ${limit}
  `.execute(db)
  const more = walked.rows.length > q.pageSize
  const lines = walked.rows.slice(0, q.pageSize)
  if (backward) lines.reverse()
  const items = await complianceRowsOf(
    db,
    q.year,
    lines.map((l) => l.person_key),
    q.employer,
  )
  const cursorOf = (l: (typeof lines)[number] | undefined) =>
    l ? encodeCursor({ total: l.total, name: l.name, personKey: l.person_key }) : null
  return {
    items,
    next: backward || more ? cursorOf(lines.at(-1)) : null,
    previous: (backward && more) || (!backward && from !== undefined) ? cursorOf(lines[0]) : null,
  }
}

/**
 * How many lines of the roll a name search matches in the scope, and how many of them comply: one pass
 * over the scope's index range (the summaries cannot count names).
 */
export async function rollCounts(
  db: Kysely<DB>,
  q: Pick<RollPageQuery, 'year' | 'regionCode' | 'industry' | 'employer' | 'series'> & { name: string },
): Promise<{ total: number; compliant: number; notCompliant: number }> {
  let s = db
    .selectFrom('compliance_roll as r')
    .select([sql<string>`count(*)`.as('n'), sql<string>`count(*) FILTER (WHERE r.compliant)`.as('ok')])
    .where('r.year', '=', q.year)
    .where('r.name', 'like', containing(q.name))
  if (q.employer !== undefined) s = s.where('r.employer', '=', q.employer).where('r.employer', '<>', '')
  else if (q.regionCode !== undefined) s = s.where('r.region_code', 'like', `${regionPrefix(q.regionCode)}%`)
  if (q.industry !== undefined) s = s.where('r.industry', '=', q.industry)
  if (q.series !== undefined) s = s.where('r.series', '=', q.series)
  const row = await s.executeTakeFirstOrThrow()
  const total = Number(row.n)
  const compliant = Number(row.ok)
  return { total, compliant, notCompliant: total - compliant }
}
