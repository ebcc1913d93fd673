import type { Kysely } from 'kysely'
import { regions } from '../../domain/region-data.js'

// GB/T 2260 regions as a reference table, from the maintained package (domain/region-data.ts), so SQL
// can name and group by region. A later revision of the codes comes as a later migration.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any table type exists
export async function up(db: Kysely<any>): Promise<void> {
  const rows = regions.all().map((r) => ({
    code: r.code,
    name: r.name,
    parent_code: regions.parent(r.code) ?? null,
    level: regions.level(r.code),
  }))
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('region')
      .values(rows.slice(i, i + 1000))
      .execute()
  }
}

export async function down(): Promise<void> {
  throw new Error('regions are reference data; revise them with a new migration')
}
