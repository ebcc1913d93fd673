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

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
})

export const Ok = z.object({ ok: z.literal(true) })
