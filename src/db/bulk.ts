import { Kysely, PostgresDialect, type Transaction } from 'kysely'
import type { Pool, PoolClient } from 'pg'
import copyStreams from 'pg-copy-streams'
import type { DB } from './schema.js'

/** Streams rows into a table inside the bulk transaction: COPY on PostgreSQL, batched INSERTs on PGlite. */
export type CopyRows = (
  table: keyof DB & string,
  columns: string[],
  rows: AsyncIterable<unknown[]> | Iterable<unknown[]>,
) => Promise<number>

/**
 * A transaction for bulk work, with a way to stream rows into it, and where to read while a copy runs
 * (PostgreSQL: the pool, as the transaction's connection is busy copying; PGlite: the transaction itself).
 */
export type BulkTransaction = <T>(
  work: (trx: Transaction<DB>, copy: CopyRows, read: Kysely<DB>) => Promise<T>,
) => Promise<T>

// COPY's text format: backslash escapes, \N for NULL, tab between columns.
const copyText = (value: unknown): string => {
  if (value === null || value === undefined) return '\\N'
  const text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value)
  return text.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  )
}

/**
 * PostgreSQL: one client checked out of the pool runs BEGIN … COMMIT; Kysely works on that client, and
 * COPY … FROM STDIN streams through it, so both are one transaction.
 */
export function postgresBulk(pool: Pool, db: Kysely<DB>): BulkTransaction {
  return async (work) => {
    const client: PoolClient = await pool.connect()
    // Kysely releases its connection after each query; the real release waits for the end of the transaction.
    const release = client.release.bind(client)
    const single = {
      connect: async () => Object.assign(client, { release: () => {} }),
      end: async () => {},
    } as unknown as Pool
    const trx = new Kysely<DB>({ dialect: new PostgresDialect({ pool: single }) })
    const copy: CopyRows = async (table, columns, rows) => {
      const stream = client.query(copyStreams.from(`COPY ${table} (${columns.join(', ')}) FROM STDIN`))
      let count = 0
      const done = new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve)
        stream.on('error', reject)
      })
      let chunk = ''
      try {
        for await (const row of rows) {
          chunk += `${row.map(copyText).join('\t')}\n`
          count += 1
          if (chunk.length > 1 << 16) {
            const flowing = stream.write(chunk)
            chunk = ''
            if (!flowing) await new Promise((r) => stream.once('drain', r))
          }
        }
      } catch (e) {
        // The rows failed (a bad file): abort the COPY (CopyFail) so the connection can roll back.
        stream.destroy(e as Error)
        await done.catch(() => {})
        throw e
      }
      if (chunk) stream.write(chunk)
      stream.end()
      await done
      return count
    }
    try {
      await client.query('BEGIN')
      // Inside BEGIN … COMMIT on one client: a transaction in all but its type.
      const result = await work(trx as unknown as Transaction<DB>, copy, db)
      await client.query('COMMIT')
      return result
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {})
      throw e
    } finally {
      release()
    }
  }
}

/** PGlite: an ordinary transaction; rows go in 1,000 a statement. */
export function pgliteBulk(db: Kysely<DB>): BulkTransaction {
  return (work) =>
    db.transaction().execute((trx: Transaction<DB>) =>
      work(
        trx,
        async (table, columns, rows) => {
          let batch: Record<string, unknown>[] = []
          let count = 0
          const flush = async () => {
            if (batch.length === 0) return
            await trx
              .insertInto(table)
              // biome-ignore lint/suspicious/noExplicitAny: the table and columns are the caller's, checked by the database
              .values(batch as any)
              .execute()
            batch = []
          }
          for await (const row of rows) {
            batch.push(Object.fromEntries(columns.map((c, i) => [c, row[i]])))
            count += 1
            if (batch.length === 1000) await flush()
          }
          await flush()
          return count
        },
        trx,
      ),
    )
}
