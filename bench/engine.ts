// Engine throughput and CLI start-up. Run with `npm run bench:engine`; record the figures in bench/RESULTS.md.
import { spawnSync } from 'node:child_process'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { intBetween, pick as pickFrom, seededRandom } from '../src/domain/random.js'
import { evaluate, getPolicy, parseRecords } from '../src/policy/index.js'
import type { ActivityRecord } from '../src/policy/types.js'

const rand = seededRandom(20261124)
const pick = <T>(xs: readonly T[]): T => pickFrom(rand, xs)
const int = (min: number, max: number) => intBetween(rand, min, max)

/** Ten mixed records of the kinds people actually register most, in one year. */
const MAKERS: ((year: number) => Record<string, unknown>)[] = [
  () => ({
    kind: 'training',
    subject: pick(['public', 'professional']),
    organizer: 'institution',
    days: int(1, 5),
    hours: int(4, 40),
  }),
  () => ({ kind: 'online_course', subject: pick(['public', 'professional']), hours: int(2, 30) }),
  () => ({ kind: 'public_course_exam', hours: int(10, 30) }),
  () => ({ kind: 'self_study', hours: int(5, 20), days: int(1, 3), archived: true }),
  () => ({ kind: 'paper', authorship: pick(['sole', 'first', 'other']) }),
  () => ({
    kind: 'conference',
    level: pick(['national', 'provincial']),
    paperChars: int(0, 4000),
    days: 1,
    hours: 6,
  }),
  () => ({ kind: 'degree_course', coursesPassed: int(1, 3) }),
  () => ({
    kind: 'research_project',
    level: pick(['national', 'provincial', 'city']),
    role: 'main',
    completed: true,
  }),
  () => ({ kind: 'lecturing', type: pick(['course', 'report']), hours: int(1, 4) }),
  () => ({
    kind: 'leave',
    reason: pick(['illness', 'maternity']),
    months: int(1, 8),
    employerApproved: true,
  }),
]

function person(n: number, year: number): ActivityRecord[] {
  const bodies = Array.from({ length: 10 }, (_, i) => ({
    id: `p${n}r${i}`,
    date: `${year}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
    ...pick(MAKERS)(year),
  }))
  return parseRecords(bodies)
}

const POLICY_YEARS: [string, number][] = [
  ['jiangsu-2023', 2024],
  ['changzhou-2024', 2024],
  ['qingdao-2023', 2024],
  ['cn-engineering-2026', 2026],
  ['shandong-2016', 2018],
  ['jiangxi-2023', 2024],
]

const PEOPLE = 20_000
const people = POLICY_YEARS.map(([id, year]) => ({
  policy: getPolicy(id),
  year,
  people: Array.from({ length: PEOPLE }, (_, n) => person(n, year)),
}))

function throughput(seconds: number): number {
  let evaluated = 0
  let checksum = 0
  const start = process.hrtime.bigint()
  const end = start + BigInt(seconds * 1e9)
  while (process.hrtime.bigint() < end) {
    for (const { policy, year, people: ps } of people) {
      for (const records of ps) checksum += evaluate(policy, year, records).totals.total
      evaluated += ps.length
    }
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9
  if (checksum < 0) console.log(checksum) // keeps the work observable
  return evaluated / elapsed
}

throughput(1) // warm-up
const rate = throughput(5)
console.log(
  `engine: ${Math.round(rate).toLocaleString('en')} person-years/s on one core (10 records each, six policies)`,
)

// The CLI as a user runs it: a fresh process, one evaluate, JSON on stdin.
const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js')
const input = JSON.stringify({ records: people[0]?.people[0] })
const times: number[] = []
for (let i = 0; i < 21; i++) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(process.execPath, [cli, 'evaluate', '--policy', 'jiangsu-2023', '--year', '2024'], {
    input,
  })
  times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  if (r.status !== 0) throw new Error(`xueshi evaluate failed: ${r.stderr}`)
}
times.sort((a, b) => a - b)
const at = (q: number) => times[Math.floor(q * (times.length - 1))]?.toFixed(0)
console.log(
  `cli: xueshi evaluate wall time median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms (21 runs)`,
)
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`)
