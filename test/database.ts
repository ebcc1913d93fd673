import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { connect, type Database, type DatabaseKind } from '../src/db/connect.js'
import { migrateOrThrow } from '../src/db/migrate.js'
import { secretsFrom } from '../src/services/secrets.js'

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const DATABASES: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']

/** A migrated database of that kind in a schema of its own, dropped again by `drop()`. */
export async function freshDatabase(
  kind: DatabaseKind,
  url = process.env.TEST_DATABASE_URL,
): Promise<Database & { drop(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`
  if (kind === 'pglite') {
    const d = await connect({ dataDir: 'memory', schema })
    await migrateOrThrow(d.db, schema)
    return { ...d, drop: d.close }
  }
  if (!url) throw new Error('no PostgreSQL URL (TEST_DATABASE_URL)')
  const admin = await connect({ url })
  await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.db)
  await admin.close()
  const d = await connect({ url, schema })
  await migrateOrThrow(d.db, schema)
  return {
    ...d,
    drop: async () => {
      await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(d.db)
      await d.close()
    },
  }
}

/** Fixed keys for tests (never for a deployment). */
export const TEST_SECRETS = secretsFrom(Buffer.alloc(32, 7))

/** A fresh directory for files a test stores (the demo's evidence, uploads). */
export const demoDataDir = (): string => mkdtempSync(join(tmpdir(), 'xueshi-test-'))
