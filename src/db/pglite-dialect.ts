import {
  type PGlite,
  type Transaction as PGliteTransaction,
  TransactionAbortedError,
} from '@electric-sql/pglite'
import {
  AbortedTransactionError,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely'

/**
 * Kysely over PGlite. Kysely 0.29 ships one but needs Node 22; this is its shape on 0.28: PostgreSQL's
 * SQL, one connection taken in turn, and transactions in PGlite's exclusive transaction mode.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}

  createAdapter() {
    return new PGliteAdapter()
  }

  createDriver(): Driver {
    return new PGliteDriver(this.pglite)
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's Dialect interface takes any database
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db)
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
}

class PGliteAdapter extends PostgresAdapter {
  // The migrator holds PGlite's only connection from lock to unlock: there is no one to lock out.
  override async acquireMigrationLock() {}
  override async releaseMigrationLock() {}
}

class PGliteDriver implements Driver {
  readonly #pglite: PGlite
  readonly #connection: PGliteConnection
  #turn: Promise<void> = Promise.resolve()
  #release = () => {}

  constructor(pglite: PGlite) {
    this.#pglite = pglite
    this.#connection = new PGliteConnection(pglite)
  }

  async init() {
    await this.#pglite.waitReady
  }

  // One connection: each query or transaction waits until the one before it has released it.
  async acquireConnection() {
    const before = this.#turn
    let release = () => {}
    this.#turn = new Promise((resolve) => {
      release = resolve
    })
    await before
    this.#release = release
    return this.#connection
  }

  async releaseConnection() {
    this.#release()
  }

  beginTransaction(connection: DatabaseConnection) {
    return (connection as PGliteConnection).begin()
  }

  commitTransaction(connection: DatabaseConnection) {
    return (connection as PGliteConnection).end(true)
  }

  rollbackTransaction(connection: DatabaseConnection) {
    return (connection as PGliteConnection).end(false)
  }

  async destroy() {
    if (!this.#pglite.closed) await this.#pglite.close()
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite
  #tx: PGliteTransaction | undefined
  #finish: ((commit: boolean) => void) | undefined
  #closed: Promise<void> | undefined

  constructor(pglite: PGlite) {
    this.#pglite = pglite
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const on = this.#tx ?? this.#pglite
    const { affectedRows, rows } = await on.query<R>(query.sql, [...query.parameters], { rowMode: 'object' })
    return { numAffectedRows: affectedRows == null ? undefined : BigInt(affectedRows), rows }
  }

  // biome-ignore lint/correctness/useYield: PGlite returns whole results, it cannot stream
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite cannot stream query results')
  }

  /** Opens a PGlite transaction that stays open until `end`: PGlite commits when its callback returns. */
  begin() {
    return new Promise<void>((begun, failed) => {
      this.#closed = this.#pglite.transaction(
        (tx) =>
          new Promise<void>((commit, rollback) => {
            this.#tx = tx
            this.#finish = (ok) => (ok ? commit() : rollback(new Error('rollback')))
            begun()
          }),
      )
      this.#closed.catch(failed)
    })
  }

  async end(commit: boolean) {
    this.#finish?.(commit)
    try {
      await this.#closed
    } catch (error) {
      // COMMIT rolls back a transaction that an earlier error aborted: say so, as Kysely's PostgreSQL driver does.
      if (commit) throw error instanceof TransactionAbortedError ? new AbortedTransactionError() : error
    } finally {
      this.#tx = undefined
      this.#finish = undefined
      this.#closed = undefined
    }
  }
}
