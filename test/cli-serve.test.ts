import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// `xueshi serve` and the data commands as real processes, on an embedded data directory of their own.
const CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js')

function xueshi(dataDir: string, args: string[], env: Record<string, string> = {}) {
  const { DATABASE_URL: _, XUESHI_SECRET: __, ...rest } = process.env
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...rest, XUESHI_DATA_DIR: dataDir, XUESHI_LOG: '0', ...env },
    timeout: 120_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('serve settings are decimal numbers', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xueshi-serve-'))

  it.each(['0x10', '1e3', '', ' ', 'Infinity', '0b1', '0o7'])('--port "%s": exit 2, one line', (port) => {
    const r = xueshi(dataDir, ['serve', '--port', port])
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe(`xueshi: port must be 0–65535, got "${port}"`)
  })

  it('XUESHI_PASSWORD_MAX_AGE_DAYS=0x10: exit 2, one line', () => {
    const r = xueshi(dataDir, ['serve', '--port', '0'], { XUESHI_PASSWORD_MAX_AGE_DAYS: '0x10' })
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe(
      'xueshi: XUESHI_PASSWORD_MAX_AGE_DAYS must be a whole number of days, got "0x10"',
    )
  })
})
