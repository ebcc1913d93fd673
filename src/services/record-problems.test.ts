import { describe, expect, it } from 'vitest'
import { InputError, InvalidRecordError } from '../policy/errors.js'
import { evaluate, evaluateWindow } from '../policy/evaluate.js'
import { fieldNamesOf, KINDS, parseRecord, parseRecords } from '../policy/records.js'
import { getPolicy, POLICIES, resolvePolicy } from '../policy/registry.js'
import { zhInputProblem, zhRecordProblem } from './record-problems.js'

const ENGLISH = /must|missing|is not|number|string|one of|true or false/
const BAD = { not: 'a value' }

/** A value that passes the check whose problem is `problem` (the engine's own words say which). */
function passing(problem: string): unknown {
  const choice = /one of ([^,]+)/.exec(problem)?.[1]
  if (choice) return choice
  if (problem.includes('true or false')) return true
  if (problem.startsWith('must be a year')) return 2020
  if (problem.includes('list')) return []
  if (problem.includes('string')) return 'x'
  return 1
}

/** Every problem the engine can report for a record's field: each field missing, then each field wrong. */
function everyRecordProblem(): InvalidRecordError[] {
  const found: InvalidRecordError[] = []
  const fail = (r: object): InvalidRecordError | undefined => {
    try {
      parseRecord(r, 1)
      return undefined
    } catch (e) {
      if (!(e instanceof InvalidRecordError)) throw e
      found.push(e)
      return e
    }
  }
  fail({ kind: 'training' })
  fail({ id: 'r', date: '2024-01-01' })
  fail({ id: 'r', kind: 'nope', date: '2024-01-01' })
  fail({ id: 'r', kind: 'training', date: '2024-13-01' })
  for (const kind of KINDS) {
    const record: Record<string, unknown> = { id: 'r', kind, date: '2024-01-01' }
    // Each required field in turn: missing, then wrong, then given a value that passes.
    for (let e = fail(record), n = 0; e && n < 20; e = fail(record), n++) {
      record[e.field] = passing(fail({ ...record, [e.field]: BAD })?.problem ?? '')
    }
    expect(fail(record), kind).toBeUndefined()
    for (const field of fieldNamesOf(kind))
      if (!['id', 'kind', 'date'].includes(field)) fail({ ...record, [field]: BAD })
  }
  return found
}

describe('zhRecordProblem', () => {
  const problems = everyRecordProblem()

  it('walks every kind (a sanity check of the walk itself)', () => {
    expect(new Set(problems.map((e) => e.problem)).size).toBeGreaterThan(20)
  })

  it('every problem the engine reports reads as Chinese, naming the field', () => {
    for (const e of problems) {
      const zh = zhRecordProblem(e)
      expect(zh, e.problem).toMatch(new RegExp(`^字段「${e.field}」`))
      expect(zh, e.problem).not.toContain('的值无效')
      expect(zh.replace(/「[^」]*」/g, ''), e.problem).not.toMatch(ENGLISH)
    }
  })

  it.each([
    ['is missing (training needs it)', '字段「days」缺少该字段'],
    ['must be one of sole, first, other', '字段「days」须为以下之一：sole、first、other'],
    [
      'must be a number greater than 0, at most 366 (the days in a leap year)',
      '字段「days」须为大于0且不超过366的数字',
    ],
    ['must be a whole number from 1 to 100', '字段「days」须为1至100之间的整数'],
  ])('%s', (problem, zh) => {
    expect(zhRecordProblem(new InvalidRecordError('r', 'days', problem))).toBe(zh)
  })
})

describe('zhInputProblem', () => {
  const thrown = (f: () => unknown): InputError => {
    try {
      f()
    } catch (e) {
      if (e instanceof InputError) return e
      throw e
    }
    throw new Error('nothing thrown')
  }
  const policy = POLICIES[0] as (typeof POLICIES)[number]

  it.each([
    [() => parseRecord(5, 3), '第3条记录须为对象'],
    [() => parseRecords('x'), '输入须为 {"records": [...]} 或记录数组'],
    [() => evaluate(policy, 2024.5, []), '年度须为整数'],
    [() => evaluateWindow(policy, 2024, 9, []), '滚动计算的年数须为1至5的整数'],
    [() => resolvePolicy('abc', 'health', 2024), '行政区划代码须为6位数字（GB/T 2260）'],
    [() => resolvePolicy('320411', ' ', 2024), '职称系列不能为空'],
    [
      () => resolvePolicy('990000', 'health', 2024),
      '2024年度没有适用于行政区划 990000、职称系列「health」的继续教育政策',
    ],
    [() => getPolicy('nope'), '没有编号为「nope」的政策'],
    [
      () => evaluate(getPolicy('jiangsu-2023'), 1990, []),
      expect.stringMatching(/^政策「jiangsu-2023」1990年度不在有效期内（\S+至\S+）$/),
    ],
    [() => parseRecord({ id: 'r', kind: 'paper', date: '2024-01-01' }, 1), '字段「authorship」缺少该字段'],
  ])('%#: the engine English, in Chinese', (f, zh) => {
    expect(zhInputProblem(thrown(f))).toEqual(zh)
  })
})
