import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { progressText } from '../src/cli/progress.js'
import { connect } from '../src/db/connect.js'

// The built CLI's `recompute` on the demo, in an embedded data directory of its own.
const CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js')
const dataDir = mkdtempSync(join(tmpdir(), 'xueshi-recompute-cli-'))

function xueshi(args: string[]) {
  const { DATABASE_URL: _, ...rest } = process.env
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...rest, XUESHI_DATA_DIR: dataDir },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('xueshi recompute', () => {
  it('on the demo, finds the one tampered person-year of the deployment (常州) and reports it', async () => {
    expect(xueshi(['demo']).code).toBe(0)
    const d = await connect({ dataDir })
    const row = await d.db
      .selectFrom('person_year as y')
      .innerJoin('person as p', 'p.person_key', 'y.person_key')
      .select(['y.person_key', 'y.public'])
      .where('p.region_code', 'like', '3204%')
      .where('y.year', '=', 2025)
      .orderBy('y.person_key')
      .executeTakeFirstOrThrow()
    await d.db
      .updateTable('person_year')
      .set({ public: 1234 })
      .where('person_key', '=', row.person_key)
      .where('year', '=', 2025)
      .execute()
    await d.close()
    const report = join(dataDir, 'report.jsonl')
    const r = xueshi(['recompute', '--year', '2025', '--workers', '1', '--report', report])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      year: 2025,
      region: '320400',
      finished: true,
      persons: 200,
      changed: 1,
    })
    expect(r.stderr).toContain('200/200 persons (100%)')
    const lines = readFileSync(report, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines).toEqual([
      expect.objectContaining({
        personKey: row.person_key,
        before: expect.objectContaining({ public: 1234 }),
        after: expect.objectContaining({ public: Number(row.public) }),
      }),
    ])
  }, 120_000)

  it.each([
    [['recompute'], '--year <YYYY> is required'],
    [['recompute', '--year', '25'], '--year must be a whole number 1990–2200'],
    [['recompute', '--year', '2025', '--region', '999999'], '字段「region」'],
    [['recompute', '--year', '2025', '--workers', '0'], '--workers must be a whole number 1–64'],
    [['recompute', '--year', '2024', '--resume'], '字段「resume」'],
  ])(
    '%j: exit 2, one line',
    (args, message) => {
      const r = xueshi(args)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(message)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    },
    60_000,
  )

  it('the progress line says done/total, the rate and the time left', () => {
    expect(progressText({ done: 500, total: 1000, changed: 3, elapsedMs: 1000 }, 10)).toBe(
      '[#####.....] 500/1,000 persons (50%), 500 persons/s, 3 changed, 1 s left',
    )
  })
})
