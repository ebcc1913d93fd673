import { z } from 'zod'

export { ActivityRecordBody } from './record-schema.js'

/** A whole number in a path or query string, in decimal digits: z.coerce would take 0x10, 1e3 and ''. */
export const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, '须为十进制整数')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

/** Every list takes these and answers listOf(item): a page of at most 200 items. */
export const Page = z.object({
  page: wholeNumber(1, 1_000_000).default(1),
  pageSize: wholeNumber(1, 200).default(20),
})

/** The one shape of every list (domain/pages.ts ListPage). */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() })

/** An ID number to search by: looked up by its keyed hash, never echoed back (lists show the masked number). */
export const IdNumberQuery = z
  .string()
  .max(30)
  .optional()
  .describe('身份证号（按号码查找，结果只显示脱敏号码）')

export const PersonKeyParam = z.object({
  personKey: z.string().regex(/^[0-9a-f]{32}$/, '人员标识为32位十六进制'),
})

export const ErrorBody = z
  .looseObject({
    error: z.looseObject({
      code: z.string().describe('错误类别 what kind of error, e.g. invalid_input, invalid_record, forbidden'),
      message: z.string().describe('说明 what to fix'),
      field: z.string().optional().describe('出错的字段 the field at fault'),
      rows: z
        .array(z.looseObject({ row: z.number(), column: z.string(), reason: z.string() }))
        .optional()
        .describe('批量上传中每一行的问题 each bad row of a bulk upload'),
    }),
  })
  .describe('错误 Error')

/** The error answers of every route (a route may describe one of them more closely). */
export const Errors = { '4xx': ErrorBody } as const

export const Ok = z.object({ ok: z.literal(true) }).describe('完成 Done')
