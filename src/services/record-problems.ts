import { type InputError, InvalidRecordError, UnknownPolicyError } from '../policy/errors.js'
import { KINDS } from '../policy/records.js'

type Say = (m: RegExpExecArray) => string

// The engine's English (src/policy/records.ts) is the CLI's contract; users of the API and the bulk doors read these.
const FIELD_PROBLEMS: [RegExp, Say][] = [
  [/^is missing/, () => '缺少该字段'],
  [/^must be a number greater than 0, at most (\d+)/, (m) => `须为大于0且不超过${m[1]}的数字`],
  [/^must be a whole number from (\d+) to (\d+)/, (m) => `须为${m[1]}至${m[2]}之间的整数`],
  [/^must be a number from (\S+) to (\d+)/, (m) => `须为${m[1]}至${m[2]}之间的数字`],
  [/^must be true or false/, () => '须为 true 或 false'],
  [/^must be a non-empty string/, () => '不能为空'],
  [/^must be a string/, () => '须为文字'],
  [/^must be a list of file references/, () => '须为材料文件列表'],
  [/^must be a year/, () => '须为四位数的年度'],
  [/^must be one of (.*)/, (m) => `须为以下之一：${(m[1] as string).split(', ').join('、')}`],
  [/^must be a date YYYY-MM-DD/, () => '须为日期 YYYY-MM-DD'],
  [
    /is not a known kind/,
    () => `不是已知的继续教育方式，已知的方式：${KINDS.join('、')}（见 docs/records.md）`,
  ],
]

const INPUT_PROBLEMS: [RegExp, Say][] = [
  [/^record #(\d+): must be an object/, (m) => `第${m[1]}条记录须为对象`],
  [/^input must be/, () => '输入须为 {"records": [...]} 或记录数组'],
  [/^year must be a whole number/, () => '年度须为整数'],
  [/^window must be a whole number/, () => '滚动计算的年数须为1至5的整数'],
  [/^region must be/, () => '行政区划代码须为6位数字（GB/T 2260）'],
  [/^series must not be empty/, () => '职称系列不能为空'],
  [
    /^no policy in force for region (\d+), series (.*) in (\d+)$/,
    (m) => `${m[3]}年度没有适用于行政区划 ${m[1]}、职称系列「${m[2]}」的继续教育政策`,
  ],
  [
    /^policy "([^"]*)" is not in force in (\d+) \(in force (\S+) to (\S+)\)/,
    (m) => `政策「${m[1]}」${m[2]}年度不在有效期内（${m[3]}至${m[4] === 'now' ? '今' : m[4]}）`,
  ],
]

function say(table: [RegExp, Say][], text: string): string | undefined {
  for (const [pattern, plain] of table) {
    const m = pattern.exec(text)
    if (m) return plain(m)
  }
  return undefined
}

/** A record error in plain Chinese, naming the field: for the API and the row-by-row reports of bulk uploads. */
export function zhRecordProblem(e: InvalidRecordError): string {
  return `字段「${e.field}」${say(FIELD_PROBLEMS, e.problem) ?? '的值无效'}`
}

/** Any error of the engine's input in plain Chinese. */
export function zhInputProblem(e: InputError): string {
  if (e instanceof InvalidRecordError) return zhRecordProblem(e)
  if (e instanceof UnknownPolicyError) return `没有编号为「${e.policyId}」的政策`
  return say(INPUT_PROBLEMS, e.message) ?? '输入不符合评估契约'
}
