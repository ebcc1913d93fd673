import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The built CLI's `export` and `import-exchange` (docs/exchange.md) on the demo, in an embedded data directory
// of its own: the file written, the cursor carried on, the file taken back in once, bad input exit 2.
const CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js')
const dataDir = mkdtempSync(join(tmpdir(), 'xueshi-exchange-cli-'))

function xueshi(args: string[]) {
  const { DATABASE_URL: _, XUESHI_EXCHANGE_KEY: __, ...rest } = process.env
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...rest, XUESHI_DATA_DIR: dataDir },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('xueshi export and import-exchange', () => {
  it('第二十二条: exports the region since the last export, and takes the file in once', () => {
    expect(xueshi(['demo']).code).toBe(0)
    const file = join(dataDir, 'first.jsonl')
    const first = xueshi(['export', '--out', file])
    expect(first.code, first.stderr).toBe(0)
    const summary = JSON.parse(first.stdout)
    expect(summary).toMatchObject({ region: '320400', cursor: { from: '0' }, reversals: 0 })
    expect(summary.credits).toBeGreaterThan(100)
    const text = readFileSync(file, 'utf8')
    expect(text.split('\n').filter(Boolean)).toHaveLength(summary.credits + 1)
    // Nothing written since: the next export starts where this one stopped and is empty.
    const next = xueshi(['export', '--out', join(dataDir, 'next.jsonl')])
    expect(JSON.parse(next.stdout)).toMatchObject({
      cursor: { from: summary.cursor.to },
      credits: 0,
      reversals: 0,
    })
    // Its own file, its own key trusted on the command line: every activity is here already.
    const { publicKey } = JSON.parse(xueshi(['exchange-identity']).stdout)
    const untrusted = xueshi(['import-exchange', file])
    expect(untrusted.code).toBe(2)
    expect(untrusted.stderr.trim().split('\n')).toHaveLength(1)
    expect(untrusted.stderr).toContain('未被本部门信任')
    // --trust=<key>: a base64url key may begin with '-', which parseArgs would take for an option after a space.
    const taken = xueshi(['import-exchange', file, `--trust=${publicKey}`])
    expect(taken.code, taken.stderr).toBe(0)
    expect(JSON.parse(taken.stdout)).toMatchObject({ credited: 0, present: summary.credits, reversed: 0 })
  }, 240_000)

  it('bad input and a tampered file: exit 2 with one line on standard error', () => {
    for (const args of [
      ['export'],
      ['export', '--out', join(dataDir, 'x.jsonl'), '--since', 'abc'],
      ['export', '--out', join(dataDir, 'x.jsonl'), '--region', '32'],
      ['export', '--out', join(dataDir, 'x.jsonl'), '--since', '99999999999'],
      ['import-exchange'],
      ['import-exchange', join(dataDir, 'missing.jsonl')],
    ]) {
      const r = xueshi(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
    }
    const file = join(dataDir, 'first.jsonl')
    const lines = readFileSync(file, 'utf8').split('\n')
    lines[2] = (lines[2] as string).replace('"year":', '"year": ')
    const tampered = join(dataDir, 'tampered.jsonl')
    writeFileSync(tampered, lines.join('\n'))
    const r = xueshi(['import-exchange', tampered])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^xueshi: 字段「sha256」：数据行的校验和与清单不符/)
  }, 120_000)
})
