import type { InvalidRecordError } from '../policy/errors.js'
import { KINDS } from '../policy/records.js'

const PLAIN: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^is missing/, () => '缺少该字段'],
  [/^must be a number greater than 0, at most (\d+)/, (m) => `须为大于0且不超过${m[1]}的数字`],
  [/^must be a number greater than 0/, () => '须为大于0的数字'],
  [/^must be a number ≥ 0/, () => '须为不小于0的数字'],
  [/^must be a whole number ≥ 1/, () => '须为不小于1的整数'],
  [/^must be true or false/, () => '须为 true 或 false'],
  [/^must be a non-empty string/, () => '不能为空'],
  [/^must be a number from (\S+) to (\S+)/, (m) => `须为${m[1]}至${m[2]}之间的数字`],
  [/^must be one of (.*)/, (m) => `须为以下之一：${m[1]}`],
  [/^must be a date YYYY-MM-DD/, () => '须为日期 YYYY-MM-DD'],
  [
    /is not a known kind/,
    () => `不是已知的继续教育方式，已知的方式：${KINDS.join('、')}（见 docs/records.md）`,
  ],
]

/** A record error in plain Chinese, for the row-by-row reports bulk uploads return. */
export function zhRecordProblem(e: InvalidRecordError): string {
  for (const [pattern, say] of PLAIN) {
    const m = pattern.exec(e.problem)
    if (m) return `字段「${e.field}」${say(m)}`
  }
  return `字段「${e.field}」无效（${e.problem}）`
}
