import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { connect } from '../src/db/connect.js'
import { verifyPassword } from '../src/services/passwords.js'

// `xueshi init` and `xueshi serve` on an empty embedded database, as real processes.
const CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js')

function xueshi(dataDir: string, args: string[]) {
  const { DATABASE_URL: _, XUESHI_SECRET: __, ...rest } = process.env
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...rest, XUESHI_DATA_DIR: dataDir, XUESHI_LOG: '0' },
    timeout: 120_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('xueshi init (embedded PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xueshi-init-'))

  const problems = (stderr: string) =>
    stderr
      .trim()
      .split('\n')
      .filter((l) => !l.includes('generated a new secret'))

  it('serve on an empty database refuses with the hint to run init', () => {
    const r = xueshi(dataDir, ['serve', '--port', '0'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(problems(r.stderr)).toHaveLength(1)
    expect(r.stderr).toContain('请先运行 xueshi init --region')
    expect(r.stderr).toContain('xueshi serve --demo')
  }, 120_000)

  it.each([
    [['init', '--name', '常州市人力资源和社会保障局'], 'init needs --region'],
    [['init', '--region', '320400'], 'init needs --name'],
    [['init', '--region', '999999', '--name', '某局'], '未知的行政区划代码 999999'],
    [['init', '--region', '3204', '--name', '某局'], '未知的行政区划代码 3204'],
  ])(
    '%j: exit 2, one line, nothing created',
    (args, message) => {
      const r = xueshi(dataDir, args)
      expect(r.code).toBe(2)
      expect(problems(r.stderr)).toHaveLength(1)
      expect(r.stderr).toContain(message)
    },
    120_000,
  )

  it('creates the top HR department at the level of its code and an administrator with a one-time password', async () => {
    const r = xueshi(dataDir, ['init', '--region', '320400', '--name', '常州市人力资源和社会保障局'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('常州市人力资源和社会保障局（320400）')
    const username = /管理员 administrator:\s+(\S+)/.exec(r.stdout)?.[1]
    const password = /一次性密码 one-time password: (\S+)/.exec(r.stdout)?.[1] as string
    expect(username).toBe('admin')
    expect(password).toMatch(/^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$/)
    const d = await connect({ dataDir })
    try {
      const orgs = await d.db
        .selectFrom('organisation')
        .select(['kind', 'name', 'region_code', 'level'])
        .execute()
      expect(orgs).toEqual([
        { kind: 'hr_department', name: '常州市人力资源和社会保障局', region_code: '320400', level: 'city' },
      ])
      const user = await d.db
        .selectFrom('app_user')
        .select(['username', 'role', 'is_admin', 'must_change_password', 'password_hash'])
        .executeTakeFirstOrThrow()
      expect(user).toMatchObject({
        username: 'admin',
        role: 'hr_department',
        is_admin: true,
        must_change_password: true,
      })
      expect(await verifyPassword(password, user.password_hash)).toBe(true)
      const audit = await d.db.selectFrom('audit_event').select('action').orderBy('seq').execute()
      expect(audit.map((a) => a.action)).toEqual(['organisation.create', 'account.create'])
    } finally {
      await d.close()
    }
  }, 120_000)

  it('refuses a database that already has organisations (exit 2)', () => {
    const r = xueshi(dataDir, ['init', '--region', '320000', '--name', '江苏省人力资源和社会保障厅'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('数据库中已有单位')
  }, 120_000)
})
