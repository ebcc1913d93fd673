import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../src/db/connect.js'
import { freshDatabase } from './database.js'

// The Citus distribution plan of docs/scaling.md, kept honest on plain PostgreSQL (Citus itself is not
// installed here): the migrated schema must satisfy the rules Citus enforces for these placements.
// These lists, in this order, are the ones the SQL in docs/scaling.md distributes; change both together.
const REFERENCE_TABLES = [
  'region',
  'organisation',
  'app_user',
  'session',
  'api_token',
  'notification',
  'calendar_day',
  'training_project',
  'roster',
  'mentorship',
  'import_batch',
  'policy_setting',
  'certificate_counter',
  'recompute_run',
  'roll_year',
  'saved_query',
  'institution_designation',
  'institution_sanction',
  'evaluation_round',
  'evaluation_entry',
  'exchange_export',
  'exchange_partner',
  'exchange_import',
  'spot_check',
  'spot_check_item',
  'education_fund_report',
  'education_fund_rate',
  'adviser',
]
const DISTRIBUTED_TABLES = [
  'person',
  'employment',
  'activity_record',
  'evidence',
  'ledger_entry',
  'person_year',
  'audit_event',
  'roster_row',
  'year_review',
  'mentorship_mentee',
  'employment_request',
  'certificate',
  'compliance_roll',
  'project_rating',
]
// Summary counters (migrations 0029, 0032, 0035), distributed by region in a co-location group of their own.
const REGION_TABLES = ['summary_population', 'summary_year', 'summary_hours', 'summary_institution']
const REGION_KEY = 'region_code'
// Kysely's migration bookkeeping: plain local tables on the coordinator, outside the plan.
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock']
const KEY = 'person_key'

interface Column {
  table: string
  attnum: number
  type: string
  collation: string | null
  notNull: boolean
}

interface Constraint {
  name: string
  type: 'p' | 'u' | 'f' | 'x'
  table: string
  referenced: string | null
  columns: number[]
  referencedColumns: number[] | null
}

interface UniqueIndex {
  name: string
  table: string
  columns: number[]
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('Citus distribution plan (docs/scaling.md)', () => {
  let d: Database & { drop(): Promise<void> }
  let tables: string[]
  const keyColumn = new Map<string, Column>()
  let constraints: Constraint[]
  let uniqueIndexes: UniqueIndex[]

  beforeAll(async () => {
    d = await freshDatabase('postgres')
    const schema = (await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(d.db)).rows[0]
      ?.schema
    if (!schema?.startsWith('t_')) throw new Error(`not in a test schema: ${schema}`)

    tables = (
      await sql<{ table: string }>`
        SELECT c.relname AS table
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p')
        ORDER BY 1`.execute(d.db)
    ).rows.map((r) => r.table)

    const columns = await sql<Column>`
      SELECT c.relname AS table, a.attnum::int AS attnum, format_type(a.atttypid, a.atttypmod) AS type,
             co.collname AS collation, a.attnotnull AS "notNull"
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_collation co ON co.oid = a.attcollation
      WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p') AND a.attname = ${KEY} AND NOT a.attisdropped`.execute(
      d.db,
    )
    for (const c of columns.rows) keyColumn.set(c.table, c)

    constraints = (
      await sql<Constraint>`
        SELECT con.conname AS name, con.contype AS type, c.relname AS table, f.relname AS referenced,
               con.conkey::int[] AS columns, con.confkey::int[] AS "referencedColumns"
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_class f ON f.oid = con.confrelid
        WHERE n.nspname = ${schema} AND con.contype IN ('p', 'u', 'f', 'x')
        ORDER BY 1`.execute(d.db)
    ).rows

    // Unique indexes made with CREATE UNIQUE INDEX are no constraints, but Citus holds them to the same rule.
    uniqueIndexes = (
      await sql<UniqueIndex>`
        SELECT i.relname AS name, c.relname AS table, x.indkey::int2[]::int[] AS columns
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class c ON c.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ${schema} AND x.indisunique
        ORDER BY 1`.execute(d.db)
    ).rows
  })
  afterAll(() => d?.drop())

  const keyOf = (table: string | null): number | undefined =>
    table === null ? undefined : keyColumn.get(table)?.attnum
  const isDistributed = (table: string | null) => table !== null && DISTRIBUTED_TABLES.includes(table)
  const isReference = (table: string | null) => table !== null && REFERENCE_TABLES.includes(table)

  it('places every table: distributed, reference, or migration bookkeeping', () => {
    const placed = [...DISTRIBUTED_TABLES, ...REGION_TABLES, ...REFERENCE_TABLES]
    expect(new Set(placed).size).toBe(placed.length)
    expect(tables.filter((t) => !MIGRATION_TABLES.includes(t))).toEqual(placed.sort())
  })

  it('distributed tables have a NOT NULL person_key of one type and collation (co-location)', () => {
    const columns = DISTRIBUTED_TABLES.map((t) => [t, keyColumn.get(t)] as const)
    expect(columns.filter(([, c]) => c === undefined).map(([t]) => t)).toEqual([])
    for (const [table, c] of columns) {
      expect({ table, type: c?.type, collation: c?.collation, notNull: c?.notNull }).toEqual({
        table,
        type: 'text',
        collation: 'default',
        notNull: true,
      })
    }
  })

  it('every primary key, UNIQUE and EXCLUDE constraint of a distributed table includes person_key', () => {
    const own = constraints.filter((c) => c.type !== 'f' && isDistributed(c.table))
    for (const t of DISTRIBUTED_TABLES) {
      expect(own.some((c) => c.table === t && c.type === 'p')).toBe(true)
    }
    const violations = own.filter((c) => !c.columns.includes(keyOf(c.table) ?? -1)).map((c) => c.name)
    expect(violations).toEqual([])
  })

  it('the summary tables have a NOT NULL region_code in every key, and no foreign keys', async () => {
    const regionColumns = await sql<{ table: string; attnum: number; notNull: boolean }>`
      SELECT c.relname AS table, a.attnum::int AS attnum, a.attnotnull AS "notNull"
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = current_schema()::regnamespace AND a.attname = ${REGION_KEY}
        AND c.relname IN (${sql.join(REGION_TABLES)})`.execute(d.db)
    const attnum = new Map(regionColumns.rows.map((r) => [r.table, r.attnum]))
    expect(regionColumns.rows.map((r) => [r.table, r.notNull]).sort()).toEqual(
      REGION_TABLES.map((t) => [t, true]).sort(),
    )
    const own = constraints.filter((c) => REGION_TABLES.includes(c.table))
    expect(own.filter((c) => c.type === 'f')).toEqual([])
    expect(own.filter((c) => !c.columns.includes(attnum.get(c.table) ?? -1))).toEqual([])
    const indexes = uniqueIndexes.filter((i) => REGION_TABLES.includes(i.table))
    expect(indexes.filter((i) => !i.columns.includes(attnum.get(i.table) ?? -1))).toEqual([])
  })

  it('every unique index of a distributed table includes person_key', () => {
    const violations = uniqueIndexes
      .filter((i) => isDistributed(i.table) && !i.columns.includes(keyOf(i.table) ?? -1))
      .map((i) => i.name)
    expect(violations).toEqual([])
  })

  it('foreign keys between distributed tables pair person_key with person_key', () => {
    const between = constraints.filter(
      (c) => c.type === 'f' && isDistributed(c.table) && isDistributed(c.referenced),
    )
    expect(between.length).toBeGreaterThan(0)
    const violations = between
      .filter((c) => {
        const i = c.columns.indexOf(keyOf(c.table) ?? -1)
        return i < 0 || c.referencedColumns?.[i] !== keyOf(c.referenced)
      })
      .map((c) => c.name)
    expect(violations).toEqual([])
  })

  it('no reference table has a foreign key to a distributed table', () => {
    const violations = constraints
      .filter((c) => c.type === 'f' && isReference(c.table) && !isReference(c.referenced))
      .map((c) => `${c.name}: ${c.table} -> ${c.referenced}`)
    expect(violations).toEqual([])
  })

  it('the SQL in docs/scaling.md distributes exactly these lists, in an order Citus accepts', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'scaling.md'), 'utf8')
    const reference = [...doc.matchAll(/SELECT create_reference_table\('(\w+)'\);/g)].map((m) => m[1])
    const distributed = [
      ...doc.matchAll(/SELECT create_distributed_table\('(\w+)', '(\w+)'(?:, colocate_with => '(\w+)')?\);/g),
    ].map((m) => ({ table: m[1], column: m[2], colocateWith: m[3] }))
    expect(reference).toEqual(REFERENCE_TABLES)
    expect(distributed).toEqual([
      ...DISTRIBUTED_TABLES.map((table, i) => ({
        table,
        column: KEY,
        colocateWith: i === 0 ? undefined : DISTRIBUTED_TABLES[0],
      })),
      ...REGION_TABLES.map((table, i) => ({
        table,
        column: REGION_KEY,
        colocateWith: i === 0 ? 'none' : REGION_TABLES[0],
      })),
    ])
    // A table is distributed after the tables it references (a table may reference itself).
    const order = [...REFERENCE_TABLES, ...DISTRIBUTED_TABLES, ...REGION_TABLES]
    const late = constraints
      .filter((c) => c.type === 'f' && order.indexOf(c.referenced ?? '') > order.indexOf(c.table))
      .map((c) => `${c.table} before ${c.referenced}`)
    expect(late).toEqual([])
  })
})
