import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The built CLI, run as a process (npm test builds first).
const CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js')

function xueshi(args: string[], input = '') {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** The CLI with its standard input written only after `delayMs`, as a slow producer in a pipe does. */
function xueshiSlowInput(args: string[], input: string, delayMs: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s
    })
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    setTimeout(() => child.stdin.end(input), delayMs)
  })
}

const dir = mkdtempSync(join(tmpdir(), 'xueshi-cli-'))
const file = (name: string, content: unknown) => {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

const paper = { id: 'r1', kind: 'paper', date: '2024-05-01', authorship: 'sole' }

describe('xueshi policies', () => {
  it('prints the six policies as JSON', () => {
    const r = xueshi(['policies'])
    expect(r.code).toBe(0)
    const list = JSON.parse(r.stdout)
    expect(list).toHaveLength(6)
    expect(list[4]).toMatchObject({
      id: 'changzhou-2024',
      documentNo: '常人社职〔2024〕1号',
      extends: 'jiangsu-2023',
    })
  })
})

describe('xueshi evaluate', () => {
  it('reads records from --file', () => {
    const r = xueshi([
      'evaluate',
      '--policy',
      'jiangsu-2023',
      '--year',
      '2024',
      '--file',
      file('a.json', { records: [paper] }),
    ])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      policy: 'jiangsu-2023',
      year: 2024,
      records: [{ id: 'r1', public: 0, professional: 30, basis: '苏人社函〔2023〕308号 四（九）' }],
      totals: { public: 0, professional: 30, total: 30 },
      required: { total: 90, public: 0, professional: 60 },
      yearComplete: false,
      compliant: false,
      shortfall: { total: 60, public: 0, professional: 30 },
    })
  })

  it('reads a bare array from standard input, with or without a BOM', () => {
    for (const input of [JSON.stringify([paper]), `\uFEFF${JSON.stringify([paper])}`]) {
      const r = xueshi(['evaluate', '--policy', 'jiangsu-2023', '--year', '2024'], input)
      expect(r.code).toBe(0)
      expect(JSON.parse(r.stdout).totals.total).toBe(30)
    }
  })

  it('reads standard input as a stream: a writer that starts late is waited for (issue #10)', async () => {
    const r = await xueshiSlowInput(
      ['evaluate', '--policy', 'jiangsu-2023', '--year', '2024'],
      JSON.stringify([paper]),
      500,
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).totals.total).toBe(30)
  })

  it('one competition registered twice under different dedupKeys credits 30 once (issue #10, 裁定9)', () => {
    const contest = (id: string, dedupKey: string, date: string) => ({
      id,
      kind: 'competition',
      date,
      level: 'provincial_or_above',
      prize: 'first',
      activityId: 'contest-2026',
      dedupKey,
    })
    const records = [contest('c1', 'a', '2026-05-01'), contest('c2', 'b', '2026-06-01')]
    const r = xueshi(
      ['evaluate', '--policy', 'cn-engineering-2026', '--year', '2026'],
      JSON.stringify(records),
    )
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).totals.professional).toBe(30)
    // 裁定13: the next year, evaluated alone with the earlier record in the input, credits it no more.
    const next = xueshi(
      ['evaluate', '--policy', 'cn-engineering-2026', '--year', '2027'],
      JSON.stringify([records[0], contest('c3', 'c', '2027-03-01')]),
    )
    expect(JSON.parse(next.stdout)).toMatchObject({
      records: [{ id: 'c3', professional: 0 }],
      totals: { total: 0 },
    })
  })

  it('resolves the policy from --region and --series', () => {
    const run = (region: string, series: string, year: string) =>
      JSON.parse(xueshi(['evaluate', '--region', region, '--series', series, '--year', year], '[]').stdout)
        .policy
    expect(run('320411', 'health', '2024')).toBe('changzhou-2024')
    expect(run('320411', 'engineering', '2026')).toBe('cn-engineering-2026')
    expect(run('370211', 'health', '2020')).toBe('shandong-2016')
  })

  it('evaluates a Qingdao window with --window', () => {
    const records = [2019, 2020, 2021, 2022, 2023].map((y, i) => ({
      id: `w${i}`,
      kind: 'aid_assignment',
      date: `${y}-12-01`,
      months: 12,
    }))
    const r = xueshi(
      ['evaluate', '--policy', 'qingdao-2023', '--year', '2023', '--window', '5'],
      JSON.stringify({ records }),
    )
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      window: [2019, 2023],
      required: { total: 450, public: 150, professional: 300 },
      totals: { total: 450 },
      compliant: true,
    })
  })

  it('prints help without arguments', () => {
    const r = xueshi([])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('xueshi evaluate')
  })
})

describe('bad input: exit 2, one line on stderr, nothing on stdout', () => {
  const json = JSON.stringify({ records: [paper] })
  it.each([
    ['unknown policy', ['evaluate', '--policy', 'nope', '--year', '2024'], json, 'unknown policy'],
    [
      'policy not in force',
      ['evaluate', '--policy', 'jiangsu-2023', '--year', '2022'],
      json,
      'not in force in 2022',
    ],
    [
      'unknown kind',
      ['evaluate', '--policy', 'jiangsu-2023', '--year', '2024'],
      '[{"id":"x","kind":"nap","date":"2024-01-01"}]',
      'field "kind" "nap" is not a known kind (known kinds: training, online_course, public_course_exam,',
    ],
    [
      'missing field',
      ['evaluate', '--policy', 'jiangsu-2023', '--year', '2024'],
      '[{"id":"x","kind":"paper","date":"2024-01-01"}]',
      'record "x": field "authorship" is missing',
    ],
    [
      'invalid field',
      ['evaluate', '--policy', 'jiangsu-2023', '--year', '2024'],
      '[{"id":"x","kind":"online_course","date":"2024-01-01","subject":"public","hours":-3}]',
      'field "hours"',
    ],
    [
      'hours beyond a year (issue #10: 1e308 was credited null)',
      ['evaluate', '--policy', 'jiangsu-2023', '--year', '2024'],
      '[{"id":"x","kind":"online_course","date":"2024-01-01","subject":"public","hours":1e308}]',
      'record "x": field "hours" must be a number from 0 to 8784',
    ],
    [
      'a count out of range',
      ['evaluate', '--policy', 'jiangsu-2023', '--year', '2024'],
      '{"records":[{"id":"q","kind":"qualification_exam","date":"2024-01-01","subjectsPassed":1000,"certificate":true}]}',
      'record "q": field "subjectsPassed"',
    ],
    [
      'malformed JSON',
      ['evaluate', '--policy', 'jiangsu-2023', '--year', '2024'],
      '{"records": [',
      'not valid JSON',
    ],
    ['empty input', ['evaluate', '--policy', 'jiangsu-2023', '--year', '2024'], '', 'not valid JSON'],
    [
      'nesting deeper than 32 levels',
      ['evaluate', '--policy', 'jiangsu-2023', '--year', '2024'],
      `[{"id":"x","kind":${'['.repeat(100_000)}${']'.repeat(100_000)},"date":"2024-01-01"}]`,
      'standard input: 0.kind.0',
    ],
    [
      'not a record list',
      ['evaluate', '--policy', 'jiangsu-2023', '--year', '2024'],
      '{"items": []}',
      'input must be',
    ],
    ['missing --year', ['evaluate', '--policy', 'jiangsu-2023'], json, '--year is required'],
    ['bad --year', ['evaluate', '--policy', 'jiangsu-2023', '--year', '24'], json, '4-digit'],
    ['no policy or region', ['evaluate', '--year', '2024'], json, 'give --policy'],
    [
      'both policy and region',
      ['evaluate', '--policy', 'jiangsu-2023', '--region', '320400', '--series', 'x', '--year', '2024'],
      json,
      'not both',
    ],
    [
      'region without policy',
      ['evaluate', '--region', '370211', '--series', 'health', '--year', '2022'],
      json,
      'no policy in force',
    ],
    [
      'bad region',
      ['evaluate', '--region', 'qingdao', '--series', 'health', '--year', '2024'],
      json,
      '6-digit',
    ],
    [
      'window for another policy',
      ['evaluate', '--policy', 'jiangsu-2023', '--year', '2024', '--window', '5'],
      json,
      'qingdao-2023 only',
    ],
    [
      'window out of range',
      ['evaluate', '--policy', 'qingdao-2023', '--year', '2024', '--window', '6'],
      json,
      '1 to 5',
    ],
    [
      'unknown option',
      ['evaluate', '--policy', 'jiangsu-2023', '--year', '2024', '--verbose'],
      json,
      'verbose',
    ],
    [
      'missing file',
      ['evaluate', '--policy', 'jiangsu-2023', '--year', '2024', '--file', '/nonexistent/r.json'],
      '',
      'cannot read',
    ],
    ['unknown command', ['evalute'], '', 'unknown command'],
    ['policies with arguments', ['policies', 'all'], '', 'no arguments'],
  ])('%s', (_, args, input, message) => {
    const r = xueshi(args as string[], input as string)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})
