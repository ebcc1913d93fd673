import { z } from 'zod'
import { KINDS } from '../policy/records.js'
import type { Kind } from '../policy/types.js'
import { COMMON, type FieldSpec, fieldWords, IDENTITY, type Value, VOCABULARY } from '../policy/vocabulary.js'

/** The zod type of a field's value, with the bounds the engine's parser checks. */
function zodOf(v: Value): z.ZodType {
  switch (v.type) {
    case 'enum':
      return z.enum(v.values.map((c) => c.value) as [string, ...string[]])
    case 'number': {
      const n = v.whole ? z.number().int() : z.number()
      return (v.above ? n.gt(v.min) : n.min(v.min)).max(v.max)
    }
    case 'boolean':
      return z.boolean()
    case 'text':
      return z.string().min(1)
    case 'string':
      return z.string()
    case 'list':
      return z.array(z.unknown())
    case 'year':
      return z.number().int().min(1000).max(9999)
    case 'date':
      return z.string().meta({ format: 'date' })
    case 'kind':
      return z.enum(KINDS)
  }
}

const zodField = (f: FieldSpec) => {
  const words = fieldWords(f)
  const type = zodOf(f.value).describe(`${words.zh}。${words.en}`)
  return f.optional ? type.optional() : type
}

const dateField = IDENTITY.find((f) => f.name === 'date') as FieldSpec

/** One kind's record, as the contract's table lists it; `id` is the server's except on imports. */
function branch(kind: Kind) {
  const spec = VOCABULARY[kind]
  const { id: _, ...example } = spec.example
  return z
    .looseObject({
      kind: z.literal(kind).describe(`${spec.zh}。${spec.en}`),
      date: zodField(dateField),
      ...Object.fromEntries([...COMMON, ...spec.fields].map((f) => [f.name, zodField(f)])),
    })
    .meta({ title: kind, description: `${kind}：${spec.zh}。${spec.en}`, example })
}

/** Every kind of record, told apart by `kind`. */
export const ActivityRecordUnion = z
  .discriminatedUnion(
    'kind',
    KINDS.map(branch) as unknown as [ReturnType<typeof branch>, ...ReturnType<typeof branch>[]],
  )
  .describe(
    '学时活动记录，按 kind 区分（docs/records.md）An activity record, one of the kinds (docs/records.md)',
  )

/**
 * The body of every route that takes a record. The OpenAPI document shows the union of the kinds, field by
 * field; the request itself is checked only for its shape here, and field by field by the engine's parser
 * (parseRecord), which names the record and field in the contract's words and lets a bulk upload report
 * every row. The union's verdict is therefore documentation: a record it refuses passes on unchanged.
 */
const documented = ActivityRecordUnion.catch((ctx) => ctx.value as never) as z.ZodType<unknown>

export const ActivityRecordBody = documented.pipe(
  z.looseObject({ kind: z.string(), date: z.string(), title: z.string().optional() }),
)
