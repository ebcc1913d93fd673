import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { describeIssue, zhIssue } from './zod-messages.js'

/** The first issue of parsing `{ [field]: value }` (as the request validator does: keeping the input). */
function issueOf(schema: z.ZodType, value: unknown) {
  const result = z
    .object({ f: schema })
    .safeParse(value === undefined ? {} : { f: value }, { reportInput: true })
  if (result.success) throw new Error('parsed')
  return result.error.issues[0] as z.core.$ZodIssue
}

describe('zhIssue', () => {
  it.each([
    ['missing', z.string(), undefined, '缺少该字段'],
    ['missing choice', z.enum(['fraud', 'error']), undefined, '缺少该字段'],
    ['null', z.string(), null, '须为字符串'],
    ['wrong type', z.number(), 'x', '须为数字'],
    ['not whole', z.number().int(), 1.5, '须为整数'],
    ['boolean', z.boolean(), 'yes', '须为布尔值（true 或 false）'],
    ['array', z.array(z.string()), 'x', '须为数组'],
    ['empty', z.string().min(1), '', '不能为空'],
    ['too short', z.string().min(8), 'abc', '不能少于8个字符'],
    ['too long', z.string().max(100), 'x'.repeat(101), '不能超过100个字符'],
    ['exact', z.string().length(6), 'x', '须为6个字符'],
    ['too few', z.array(z.string()).min(1), [], '至少1项'],
    ['too many', z.array(z.string()).max(2), ['a', 'b', 'c'], '不能超过2项'],
    ['too small', z.number().int().min(1), 0, '不能小于1'],
    ['positive', z.number().positive(), 0, '须大于0'],
    ['too big', z.number().max(10), 11, '不能大于10'],
    ['choice', z.enum(['fraud', 'error']), 'lies', '须为以下之一：fraud、error'],
    ['literal', z.literal(true), false, '须为 true'],
    ['uuid', z.uuid(), 'x', '须为 UUID'],
    ['date', z.iso.date(), '2024-13-01', '须为日期 YYYY-MM-DD'],
    ['prefix', z.string().startsWith('xs_'), 'ab', '须以「xs_」开头'],
    ['contains', z.string().includes('@'), 'ab', '须包含「@」'],
    ['pattern', z.string().regex(/^\d+$/), 'ab', '格式不正确'],
    ['our own words', z.string().regex(/^\d+$/, '须为十进制整数'), 'ab', '须为十进制整数'],
    ['multiple', z.number().multipleOf(5), 3, '须为5的倍数'],
    ['unknown keys', z.object({}).strict(), { a: 1, b: 2 }, '不接受字段「a」、「b」'],
    ['one of two types', z.union([z.string(), z.number()]), true, '须为字符串或数字'],
    [
      'no union branch',
      z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]),
      {},
      '不符合任何一种允许的格式',
    ],
    [
      'no such kind',
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('paper') }),
        z.object({ kind: z.literal('book') }),
      ]),
      { kind: 'poem' },
      '须为以下之一：paper、book',
    ],
    ['refined', z.string().refine((s) => s === 'a'), 'b', '不符合要求'],
  ])('%s', (_what, schema, value, zh) => {
    expect(zhIssue(issueOf(schema, value))).toBe(zh)
  })

  it('cuts unknown keys short: they come from the input', () => {
    const keys = Object.fromEntries(['k'.repeat(1000), 'b', 'c', 'd', 'e'].map((k) => [k, 1]))
    const zh = zhIssue(issueOf(z.object({}).strict(), keys))
    expect(zh).toBe(`不接受字段「${'k'.repeat(40)}」、「b」、「c」等5个`)
  })
})

describe('describeIssue', () => {
  const missing = issueOf(z.string(), undefined)

  it('names the part and the field', () => {
    expect(describeIssue('body', missing, false)).toBe('请求体字段「f」：缺少该字段')
    expect(describeIssue('querystring', issueOf(z.number(), 'x'), false)).toBe('查询参数字段「f」：须为数字')
  })

  it('a whole part missing or of the wrong type', () => {
    const none = z.object({}).safeParse(undefined, { reportInput: true }).error?.issues[0] as z.core.$ZodIssue
    expect(describeIssue('body', none, false)).toBe('缺少请求体')
    const text = z.object({}).safeParse('x', { reportInput: true }).error?.issues[0] as z.core.$ZodIssue
    expect(describeIssue('body', text, false)).toBe('请求体：须为对象')
  })

  it("in English: zod's own words", () => {
    expect(describeIssue('body', missing, true)).toBe(
      'body f: Invalid input: expected string, received undefined',
    )
  })
})
