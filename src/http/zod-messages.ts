import type { z } from 'zod'

type Issue = z.core.$ZodIssue

// zod ships a zh-CN locale, but it says "无效输入：期望 string，实际接收 undefined": English type names, no
// "missing". These are plain Chinese, from each issue's code and parameters (zod 4's $ZodIssue shapes).

const PART: Record<string, string> = {
  body: '请求体',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
}

const TYPE: Record<string, string> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '布尔值（true 或 false）',
  object: '对象',
  record: '对象',
  array: '数组',
  date: '日期',
  null: 'null',
}

const FORMAT: Record<string, string> = {
  date: '须为日期 YYYY-MM-DD',
  datetime: '须为日期时间（ISO 8601）',
  time: '须为时间 HH:MM:SS',
  email: '须为电子邮件地址',
  url: '须为网址',
  uuid: '须为 UUID',
  guid: '须为 UUID',
  ipv4: '须为 IPv4 地址',
  ipv6: '须为 IPv6 地址',
  base64: '须为 base64 编码',
  jwt: '须为 JWT',
}

const CJK = /[\u3400-\u9fff]/
const show = (v: unknown): string => (typeof v === 'string' ? v : String(v))
const list = (values: readonly unknown[]): string => values.map(show).join('、')
/** Names from the input (unknown keys) are cut short: every input is hostile. */
const names = (keys: readonly string[]): string =>
  keys
    .slice(0, 3)
    .map((k) => `「${k.slice(0, 40)}」`)
    .join('、') + (keys.length > 3 ? `等${keys.length}个` : '')

function tooSmall(i: z.core.$ZodIssueTooSmall): string {
  const n = String(i.minimum)
  if (i.origin === 'string') {
    if (i.exact) return `须为${n}个字符`
    return n === '1' ? '不能为空' : `不能少于${n}个字符`
  }
  if (i.origin === 'array' || i.origin === 'set') return `至少${n}项`
  if (i.origin === 'file') return `不能小于${n}字节`
  return i.inclusive === false ? `须大于${n}` : `不能小于${n}`
}

function tooBig(i: z.core.$ZodIssueTooBig): string {
  const n = String(i.maximum)
  if (i.origin === 'string') return i.exact ? `须为${n}个字符` : `不能超过${n}个字符`
  if (i.origin === 'array' || i.origin === 'set') return `不能超过${n}项`
  if (i.origin === 'file') return `不能超过${n}字节`
  return i.inclusive === false ? `须小于${n}` : `不能大于${n}`
}

function badFormat(i: z.core.$ZodIssueInvalidStringFormat): string {
  const f = i as Partial<Record<'prefix' | 'suffix' | 'includes', string>>
  if (i.format === 'starts_with') return `须以「${f.prefix}」开头`
  if (i.format === 'ends_with') return `须以「${f.suffix}」结尾`
  if (i.format === 'includes') return `须包含「${f.includes}」`
  return FORMAT[i.format] ?? '格式不正确'
}

function noUnionMatch(i: z.core.$ZodIssueInvalidUnion): string {
  if ('options' in i && i.options) {
    const tag = i.discriminator
    const given =
      tag && typeof i.input === 'object' && i.input ? (i.input as Record<string, unknown>)[tag] : 0
    return given === undefined ? '缺少该字段' : `须为以下之一：${list(i.options)}`
  }
  if (i.input === undefined) return '缺少该字段'
  // Every branch wanted another type (string | number …): name the types.
  const wanted = i.errors.map(([only, ...more]) =>
    more.length === 0 && only?.code === 'invalid_type' && only.path.length === 0
      ? TYPE[only.expected]
      : undefined,
  )
  if (wanted.length > 0 && wanted.every(Boolean)) return `须为${wanted.join('或')}`
  return '不符合任何一种允许的格式'
}

/**
 * What is wrong, in plain Chinese, from a zod 4 issue parsed with `reportInput` (a missing field's input is
 * undefined). A message our schemas wrote themselves (Chinese) is kept.
 */
export function zhIssue(issue: Issue): string {
  if (CJK.test(issue.message)) return issue.message
  const missing = issue.input === undefined
  switch (issue.code) {
    case 'invalid_type':
      return missing ? '缺少该字段' : `须为${TYPE[issue.expected] ?? '其他类型的值'}`
    case 'invalid_value':
      if (missing) return '缺少该字段'
      return issue.values.length === 1
        ? `须为 ${show(issue.values[0])}`
        : `须为以下之一：${list(issue.values)}`
    case 'too_small':
      return tooSmall(issue)
    case 'too_big':
      return tooBig(issue)
    case 'invalid_format':
      return badFormat(issue)
    case 'not_multiple_of':
      return `须为${issue.divisor}的倍数`
    case 'unrecognized_keys':
      return `不接受字段${names(issue.keys)}`
    case 'invalid_union':
      return noUnionMatch(issue)
    case 'invalid_key':
      return '含有无效的键'
    case 'invalid_element':
      return '含有无效的值'
    default:
      return '不符合要求'
  }
}

/** The whole message for one issue of a request part (`body`, `querystring`, `params`, `headers`), naming the field. */
export function describeIssue(part: string, issue: Issue, english: boolean): string {
  const field = issue.path.map(String).join('.')
  if (english) return `${[part, field].filter(Boolean).join(' ')}: ${issue.message}`
  const where = PART[part] ?? '请求'
  const problem = zhIssue(issue)
  if (field) return `${where}字段「${field}」：${problem}`
  return problem === '缺少该字段' ? `缺少${where}` : `${where}：${problem}`
}
