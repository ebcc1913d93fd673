import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { connect } from '../src/db/connect.js'
import { MIGRATION_NAMES } from '../src/db/migrate.js'
import { parseResidentId } from '../src/domain/resident-id.js'

// The built CLI's database commands on an embedded data directory of their own.
const CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js')
const dataDir = mkdtempSync(join(tmpdir(), 'xueshi-data-'))

function xueshi(args: string[], env: Record<string, string> = {}) {
  const { DATABASE_URL: _, XUESHI_SECRET: __, ...rest } = process.env
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...rest, XUESHI_DATA_DIR: dataDir, ...env },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('xueshi data commands (embedded PGlite)', () => {
  it('migrate applies the migrations once', () => {
    expect(xueshi(['migrate'])).toMatchObject({
      code: 0,
      stdout: `pglite: applied ${MIGRATION_NAMES.join(', ')}\n`,
    })
    expect(xueshi(['migrate']).stdout).toBe('pglite: the database is up to date\n')
  })

  it('demo --json prints one login per role; a second run changes nothing', () => {
    const first = xueshi(['demo', '--json'])
    expect(first.code).toBe(0)
    expect(first.stderr).toContain('generated a new secret')
    const logins = JSON.parse(first.stdout)
    expect(logins.map((l: { role: string }) => l.role)).toEqual([
      'person',
      'person',
      'employer',
      'agency',
      'institution',
      'authority',
      'hr_department',
    ])
    for (const l of logins)
      expect(Object.keys(l).sort()).toEqual(
        l.role === 'person'
          ? ['idNumber', 'organisation', 'password', 'role', 'username']
          : ['organisation', 'password', 'role', 'username'],
      )
    expect(parseResidentId(logins[0].idNumber).ok).toBe(true)
    const again = xueshi(['demo', '--json'])
    expect(JSON.parse(again.stdout)).toEqual(logins)
    expect(again.stderr).toContain('nothing changed')
  })

  it('demo prints the logins as a table', () => {
    const table = xueshi(['demo'])
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/人社部门\s+常州市人力资源和社会保障局\s+demo-hr\s+Demo-HR-2026/)
  })

  it('checkpoint, then verify-audit against it', () => {
    const file = join(dataDir, 'cp.json')
    const issued = xueshi(['checkpoint', '--out', file])
    expect(issued.code).toBe(0)
    // The demo's own events: its loading, and its applications filed and decided through the services.
    const { seq } = JSON.parse(issued.stdout)
    expect(JSON.parse(issued.stdout)).toMatchObject({ version: 1 })
    expect(seq).toBeGreaterThan(1)
    const verified = xueshi(['verify-audit', '--checkpoint', file])
    expect(verified).toMatchObject({ code: 0 })
    expect(verified.stdout).toContain(`audit trail intact: ${seq} rows`)
  })

  it('verify-audit exits 1 naming the first broken row', async () => {
    const d = await connect({ dataDir })
    await sql`ALTER TABLE audit_event DISABLE TRIGGER USER`.execute(d.db)
    await sql`UPDATE audit_event SET actor = 'someone else' WHERE seq = 1`.execute(d.db)
    await sql`ALTER TABLE audit_event ENABLE TRIGGER USER`.execute(d.db)
    await d.close()
    const r = xueshi(['verify-audit'])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('BROKEN at row 1')
  })

  it('refuses a bad checkpoint file with exit 2', () => {
    expect(xueshi(['verify-audit', '--checkpoint', join(dataDir, 'none.json')])).toMatchObject({ code: 2 })
    expect(xueshi(['verify-audit', '--checkpoint', join(dataDir, 'secret.key')])).toMatchObject({ code: 2 })
  })

  it('with DATABASE_URL the secret must be configured (exit 2, one line)', () => {
    const r = xueshi(['demo'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe(
      'xueshi: XUESHI_SECRET is required with DATABASE_URL (base64 of ≥ 32 random bytes)',
    )
  })
})
