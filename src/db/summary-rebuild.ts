import { sql, type Transaction } from 'kysely'
import { POLICIES } from '../policy/registry.js'
import { regionPrefix } from './compliance.js'
import { keptRollYears } from './compliance-roll.js'
import type { DB } from './schema.js'
import { CURRENT_EMPLOYER, ROSTER_PROJECT } from './summaries.js'

export interface RebuildScope {
  /** Only this year's summary_year, summary_hours and summary_institution rows (the population is rebuilt all the same). */
  year?: number
  /** Only persons registered in this region and below. */
  regionCode?: string
}

/** Each policy's required total hours, as a VALUES list to join person_year's policy_id on. */
const requirements = () =>
  sql`(VALUES ${sql.join(POLICIES.map((p) => sql`(${p.id}::text, ${p.required.total}::numeric)`))}) AS req(policy_id, required)`

/**
 * Recomputes the summaries of a scope from scratch over person, employment, person_year and the ledger's
 * live credits (after a
 * recomputation, or to prove them), in the caller's transaction. The same arithmetic as SummaryBook:
 * shares compared in whole numbers so 75 % exactly is ≥75 % in both.
 *
 * The summaries are locked against writers until the transaction ends: a writer's change either
 * committed before the recount reads (and is counted) or is added to the recount afterwards, never both.
 */
export async function rebuildSummaries(db: Transaction<DB>, scope: RebuildScope = {}): Promise<void> {
  await sql`LOCK TABLE summary_population, summary_year, summary_hours, summary_institution, compliance_roll IN EXCLUSIVE MODE`.execute(
    db,
  )
  const like = scope.regionCode === undefined ? undefined : `${regionPrefix(scope.regionCode)}%`
  await db
    .deleteFrom('summary_population')
    .$if(like !== undefined, (q) => q.where('region_code', 'like', like as string))
    .execute()
  await sql`
    INSERT INTO summary_population (region_code, industry, series, employer, persons)
    SELECT p.region_code, coalesce(p.industry, ''), p.series, ${CURRENT_EMPLOYER}, count(*)
    FROM person p
    WHERE ${like === undefined ? sql`true` : sql`p.region_code LIKE ${like}`}
    GROUP BY 1, 2, 3, 4`.execute(db)
  await recountYears(db, scope.year, like)
  await clearScope(db, 'summary_hours', scope.year, like)
  // The scope's live credits (ledger_entry e, person p)
  const live = sql`e.entry_type = 'credit'
      -- REVERSED, the reversals alone: the anti join hashes them, not the whole ledger
      AND NOT EXISTS (SELECT 1 FROM ledger_entry r
        WHERE r.person_key = e.person_key AND r.reverses_id = e.id AND r.entry_type = 'reversal')
      AND ${like === undefined ? sql`true` : sql`p.region_code LIKE ${like}`}
      AND ${scope.year === undefined ? sql`true` : sql`e.year = ${scope.year}`}`
  await sql`
    INSERT INTO summary_hours (region_code, year, industry, series, employer, way, door, credits, public,
      professional)
    SELECT p.region_code, e.year, coalesce(p.industry, ''), p.series, ${CURRENT_EMPLOYER},
      coalesce(e.record->>'kind', ''), e.source, count(*), sum(e.public), sum(e.professional)
    FROM ledger_entry e
    JOIN person p ON p.person_key = e.person_key
    WHERE ${live}
    GROUP BY 1, 2, 3, 4, 5, 6, 7`.execute(db)
  await clearScope(db, 'summary_institution', scope.year, like)
  await sql`
    INSERT INTO summary_institution (region_code, year, industry, series, institution, credits, public,
      professional)
    SELECT p.region_code, e.year, coalesce(p.industry, ''), p.series, coalesce(tp.institution_id::text, ''),
      count(*), sum(e.public), sum(e.professional)
    FROM ledger_entry e
    JOIN person p ON p.person_key = e.person_key
    LEFT JOIN training_project tp ON ${ROSTER_PROJECT}
    WHERE ${live}
    GROUP BY 1, 2, 3, 4, 5`.execute(db)
  await rebuildRoll(db, scope, like)
}

/**
 * Recomputes summary_year of a scope (one year, or all) from person_year and person, in the caller's
 * transaction, the table locked against writers until it ends: what a year-end recomputation mends after
 * its last chunk (the ledger and the persons, which the other summaries follow, are not touched by it).
 */
export async function rebuildYearSummaries(
  db: Transaction<DB>,
  scope: { year: number; regionCode: string },
): Promise<void> {
  await sql`LOCK TABLE summary_year IN EXCLUSIVE MODE`.execute(db)
  await recountYears(db, scope.year, `${regionPrefix(scope.regionCode)}%`)
}

/** Deletes a scope's rows (its regions, its year or all years) of a table of yearly figures. */
const clearScope = (
  db: Transaction<DB>,
  table: 'summary_year' | 'summary_hours' | 'summary_institution',
  year: number | undefined,
  like: string | undefined,
) =>
  db
    .deleteFrom(table)
    .$if(like !== undefined, (q) => q.where('region_code', 'like', like as string))
    .$if(year !== undefined, (q) => q.where('year', '=', year as number))
    .execute()

async function recountYears(db: Transaction<DB>, year: number | undefined, like: string | undefined) {
  await clearScope(db, 'summary_year', year, like)
  const short = (condition: ReturnType<typeof sql>) =>
    sql`count(*) FILTER (WHERE NOT y.compliant AND y.total > 0 AND ${condition})::int`
  await sql`
    INSERT INTO summary_year (region_code, year, industry, series, employer, persons, compliant, public,
      professional, total, short_75, short_50, short_25, short_0, no_hours)
    SELECT p.region_code, y.year, coalesce(p.industry, ''), p.series, ${CURRENT_EMPLOYER},
      count(*), count(*) FILTER (WHERE y.compliant), sum(y.public), sum(y.professional), sum(y.total),
      ${short(sql`(r <= 0 OR y.total * 4 >= r * 3)`)},
      ${short(sql`r > 0 AND y.total * 4 < r * 3 AND y.total * 2 >= r`)},
      ${short(sql`r > 0 AND y.total * 2 < r AND y.total * 4 >= r`)},
      ${short(sql`r > 0 AND y.total * 4 < r`)},
      count(*) FILTER (WHERE NOT y.compliant AND y.total <= 0)
    FROM person_year y
    JOIN person p ON p.person_key = y.person_key
    CROSS JOIN LATERAL (SELECT coalesce((SELECT req.required FROM ${requirements()} WHERE req.policy_id = y.policy_id), 0) AS r) q
    WHERE ${like === undefined ? sql`true` : sql`p.region_code LIKE ${like}`}
      AND ${year === undefined ? sql`true` : sql`y.year = ${year}`}
    GROUP BY 1, 2, 3, 4, 5`.execute(db)
}

/** The roll lines of the scope's kept years, recomputed over person and person_year (a line moved away is
 * mended when its new region's scope is rebuilt). */
async function rebuildRoll(
  db: Transaction<DB>,
  scope: RebuildScope,
  like: string | undefined,
): Promise<void> {
  const kept = await keptRollYears(db)
  for (const year of kept.filter((y) => scope.year === undefined || y === scope.year))
    await sql`
      INSERT INTO compliance_roll (person_key, year, region_code, industry, series, employer, name, total, compliant)
      SELECT p.person_key, ${year}::int, p.region_code, coalesce(p.industry, ''), p.series, ${CURRENT_EMPLOYER},
        p.name, coalesce(y.total, 0), coalesce(y.compliant, false)
      FROM person p LEFT JOIN person_year y ON y.person_key = p.person_key AND y.year = ${year}::int
      WHERE ${like === undefined ? sql`true` : sql`p.region_code LIKE ${like}`}
      ON CONFLICT (person_key, year) DO UPDATE SET region_code = excluded.region_code,
        industry = excluded.industry, series = excluded.series, employer = excluded.employer,
        name = excluded.name, total = excluded.total, compliant = excluded.compliant
      WHERE (compliance_roll.region_code, compliance_roll.industry, compliance_roll.series, compliance_roll.employer,
        compliance_roll.name, compliance_roll.total, compliance_roll.compliant) IS DISTINCT FROM (excluded.region_code,
        excluded.industry, excluded.series, excluded.employer, excluded.name, excluded.total, excluded.compliant)`.execute(
      db,
    )
}
