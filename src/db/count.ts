import type { SelectQueryBuilder } from 'kysely'

/** How many rows a query's FROM and WHERE match: the total beside a page of a list. */
export async function countRows<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
): Promise<number> {
  const row = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  // Kysely cannot see the alias through the generic builder; the SQL names it n.
  return Number((row as { n: string }).n)
}
