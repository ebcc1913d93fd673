import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { describeJsonProblem, findJsonProblem } from '../domain/json-limits.js'
import { evaluate, evaluateWindow, getPolicy, parseRecords, resolvePolicy } from '../policy/index.js'
import { UsageError } from './errors.js'

export const EVALUATE_USAGE = `xueshi evaluate --policy <id> --year <YYYY> [--window <1-5>] [--file <records.json>]
xueshi evaluate --region <GB/T 2260 code> --series <series> --year <YYYY> [--window <1-5>] [--file <records.json>]
  Reads {"records": [...]} (or a bare array) from --file, or from standard input without it.`

async function readInput(file: string | undefined): Promise<string> {
  if (file !== undefined) {
    try {
      return readFileSync(file, 'utf8')
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      throw new UsageError(`cannot read --file ${file}${code ? ` (${code})` : ''}`)
    }
  }
  if (process.stdin.isTTY)
    throw new UsageError('no records: give --file <records.json> or pipe JSON to standard input')
  // As a stream: once process.stdin exists fd 0 may be non-blocking, and readFileSync(0) then fails
  // with EAGAIN when the writer is slower than we are (issue #10).
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function parseJson(text: string, source: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    throw new UsageError(`${source} is not valid JSON: ${(e as Error).message}`)
  }
  // Deep nesting would overflow the stack further on (a stack trace instead of one line).
  const found = findJsonProblem(value)
  if (found) throw new UsageError(`${source}: ${found.path || 'JSON'} ${describeJsonProblem(found)}`)
  return value
}

function parseYear(value: string | undefined): number {
  if (value === undefined) throw new UsageError('--year is required')
  if (!/^\d{4}$/.test(value)) throw new UsageError(`--year must be a 4-digit year, got "${value}"`)
  return Number(value)
}

function parseWindow(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^[1-5]$/.test(value))
    throw new UsageError(`--window must be a whole number from 1 to 5, got "${value}"`)
  return Number(value)
}

/** `xueshi evaluate`: prints the contract's result JSON (contract §1). */
export async function runEvaluate(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      policy: { type: 'string' },
      region: { type: 'string' },
      series: { type: 'string' },
      year: { type: 'string' },
      window: { type: 'string' },
      file: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  })
  const year = parseYear(values.year)
  const window = parseWindow(values.window)
  let policyId = values.policy
  if (policyId !== undefined && (values.region !== undefined || values.series !== undefined)) {
    throw new UsageError('give either --policy or --region with --series, not both')
  }
  if (policyId === undefined) {
    if (values.region === undefined || values.series === undefined) {
      throw new UsageError('give --policy <id>, or --region <code> with --series <series>')
    }
    policyId = resolvePolicy(values.region, values.series, year).id
  }
  const policy = getPolicy(policyId)
  if (window !== undefined && policy.id !== 'qingdao-2023') {
    throw new UsageError(
      `--window applies to qingdao-2023 only (青人社字〔2023〕14号 四), not to ${policy.id}`,
    )
  }
  const source = values.file ?? 'standard input'
  const records = parseRecords(parseJson(await readInput(values.file), source))
  const result =
    window === undefined ? evaluate(policy, year, records) : evaluateWindow(policy, year, window, records)
  return `${JSON.stringify(result, null, 2)}\n`
}
