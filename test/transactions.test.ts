import { AbortedTransactionError, type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, freshDatabase } from './database.js'

// The PGlite dialect is ours (src/db/pglite-dialect.ts): it must keep transactions as PostgreSQL does.
describe.each(DATABASES)('transactions on %s', (kind) => {
  let d: Awaited<ReturnType<typeof freshDatabase>>
  // biome-ignore lint/suspicious/noExplicitAny: a scratch table outside the schema's types
  let db: Kysely<any>
  beforeAll(async () => {
    d = await freshDatabase(kind)
    db = d.db
    await sql`CREATE TABLE scratch (n int PRIMARY KEY)`.execute(db)
  }, 60_000)
  afterAll(() => d.drop())

  const count = async () =>
    (await db.selectFrom('scratch').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n

  it('a reader outside a transaction never sees its rows, and a throw leaves none behind', async () => {
    let reading: Promise<number> | undefined
    const failed = db.transaction().execute(async (trx) => {
      await trx.insertInto('scratch').values({ n: 1 }).execute()
      reading = count()
      await trx.insertInto('scratch').values({ n: 2 }).execute()
      throw new Error('give up')
    })
    await expect(failed).rejects.toThrow('give up')
    expect(await reading).toBe(0)
    expect(await count()).toBe(0)
  })

  it('a commit after a swallowed error rolls back and says so', async () => {
    const committed = db.transaction().execute(async (trx) => {
      await trx.insertInto('scratch').values({ n: 3 }).execute()
      await trx
        .insertInto('scratch')
        .values({ n: 3 })
        .execute()
        .catch(() => {})
    })
    await expect(committed).rejects.toBeInstanceOf(AbortedTransactionError)
    expect(await count()).toBe(0)
  })

  it('a transaction that returns commits its rows', async () => {
    await db.transaction().execute((trx) => trx.insertInto('scratch').values({ n: 4 }).execute())
    expect(await count()).toBe(1)
  })
})
