import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase } from './database.js'

// `xueshi serve` and the data commands as real processes, on an embedded data directory of their own.
const CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js')

const { DATABASE_URL: _, XUESHI_SECRET: __, ...environment } = process.env
const envFor = (dataDir: string, env: Record<string, string> = {}) => ({
  ...environment,
  XUESHI_DATA_DIR: dataDir,
  XUESHI_LOG: '0',
  ...env,
})

function xueshi(dataDir: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: envFor(dataDir, env),
    timeout: 120_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Whoever holds a data directory, as the lock file says. */
const holdAs = (dataDir: string, pid: number) =>
  writeFileSync(join(dataDir, 'xueshi.lock'), JSON.stringify({ pid, command: 'serve' }))
const busy = (dataDir: string, pid: number) => `数据目录 ${dataDir} 正被运行中的 xueshi serve（pid ${pid}`

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

describe('a running server holds its embedded data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xueshi-serve-'))
  let server: ChildProcess
  let port: number
  beforeAll(async () => {
    expect(xueshi(dataDir, ['init', '--region', '320400', '--name', '常州市人力资源和社会保障局']).code).toBe(
      0,
    )
    server = spawn(process.execPath, [CLI, 'serve', '--port', '0'], {
      env: envFor(dataDir, { HOST: '127.0.0.1' }),
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    port = await new Promise<number>((resolve, reject) => {
      let out = ''
      server.stdout?.on('data', (chunk) => {
        out += chunk
        const serving = /is serving http:\/\/localhost:(\d+)/.exec(out)
        if (serving) resolve(Number(serving[1]))
      })
      server.once('exit', (code) => reject(new Error(`xueshi serve exited with ${code}`)))
    })
  }, 120_000)
  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL')
  })

  it('the lock file names its process and port', () => {
    expect(JSON.parse(readFileSync(join(dataDir, 'xueshi.lock'), 'utf8'))).toEqual({
      pid: server.pid,
      command: 'serve',
      port,
    })
  })

  it.each([
    ['verify-audit'],
    ['checkpoint'],
    ['migrate'],
    ['demo'],
    ['serve', '--port', '0'],
    ['init', '--region', '320400', '--name', '常州'],
  ])(
    'xueshi %s refuses: exit 2, one line',
    (...args) => {
      const r = xueshi(dataDir, args)
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toContain(`${busy(dataDir, server.pid as number)}，端口 ${port}）使用`)
      expect(r.stderr).toContain('PostgreSQL（DATABASE_URL）')
    },
    120_000,
  )

  it('once the server stops, checkpoint and verify-audit see what it wrote', async () => {
    const failed = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'wrong-password' }),
    })
    expect(failed.status).toBe(401) // and audited: the trail's first row
    const stopped = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGTERM')
    expect(await stopped).toBe(0)
    expect(existsSync(join(dataDir, 'xueshi.lock'))).toBe(false)
    const checkpoint = xueshi(dataDir, ['checkpoint', '--out', join(dataDir, 'cp.json')])
    expect(checkpoint.code).toBe(0)
    // init's two rows (the department, its administrator), then the failed login.
    expect(JSON.parse(checkpoint.stdout).seq).toBe(3)
    const verified = xueshi(dataDir, ['verify-audit', '--checkpoint', join(dataDir, 'cp.json')])
    expect(verified.code).toBe(0)
    expect(verified.stdout).toContain('audit trail intact: 3 rows')
  }, 120_000)
})

describe('the data directory lock', () => {
  it('a lock left by a process that is gone is replaced', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xueshi-serve-'))
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number
    holdAs(dataDir, gone)
    const r = xueshi(dataDir, ['migrate'])
    expect(r.code).toBe(0)
    expect(existsSync(join(dataDir, 'xueshi.lock'))).toBe(false)
  }, 120_000)

  it('a live holder is refused even before anything else runs', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xueshi-serve-'))
    holdAs(dataDir, process.pid)
    const r = xueshi(dataDir, ['verify-audit'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${busy(dataDir, process.pid)}）使用`)
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false)
  })

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'with DATABASE_URL (PostgreSQL) the lock plays no part',
    async () => {
      const d = await freshDatabase('postgres')
      const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(d.db)).rows[0]
        ?.s as string
      const url = `${process.env.TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`
      const dataDir = mkdtempSync(join(tmpdir(), 'xueshi-serve-'))
      holdAs(dataDir, process.pid)
      try {
        const r = xueshi(dataDir, ['verify-audit'], { DATABASE_URL: url })
        expect(r).toMatchObject({ code: 0, stdout: `audit trail intact: 0 rows, head ${'0'.repeat(64)}\n` })
      } finally {
        await d.drop()
      }
    },
  )
})
