import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { KINDS } from '../src/policy/records.js'
import { COMMON, type FieldSpec, IDENTITY, VOCABULARY, valueWords } from '../src/policy/vocabulary.js'

/** docs/records.md is written from the vocabulary by this script, never by hand. */
export const RECORDS_DOC = join(import.meta.dirname, '..', 'docs', 'records.md')
export const REGENERATE = 'node --import tsx scripts/records-doc.ts'

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ')

function valueCell(f: FieldSpec): string {
  if (f.value.type === 'enum') return f.value.values.map((c) => `\`${c.value}\` ${c.zh} ${c.en}`).join('<br>')
  const words = valueWords(f.value)
  return `${words.zh}<br>${words.en}`
}

function fieldTable(fields: readonly FieldSpec[]): string[] {
  return [
    '| 字段 field | 必填 required | 取值 value | 说明 | meaning |',
    '| --- | --- | --- | --- | --- |',
    ...fields.map(
      (f) =>
        `| \`${f.name}\` | ${f.optional ? '否 no' : '是 yes'} | ${cell(valueCell(f))} | ${cell(f.zh)} | ${cell(f.en)} |`,
    ),
  ]
}

const json = (value: unknown) => ['```json', JSON.stringify(value, null, 2), '```']

function kindSection(kind: (typeof KINDS)[number]): string[] {
  const spec = VOCABULARY[kind]
  return [
    `### \`${kind}\``,
    '',
    `${spec.zh}。${spec.en.charAt(0).toUpperCase()}${spec.en.slice(1)}.`,
    '',
    ...(spec.fields.length > 0 ? fieldTable(spec.fields) : ['只有通用字段。Only the common fields.']),
    '',
    ...json(spec.example),
    '',
  ]
}

const fieldList = (kind: (typeof KINDS)[number]) =>
  VOCABULARY[kind].fields.map((f) => `\`${f.name}\`${f.optional ? '?' : ''}`).join(', ') || '—'

/** The whole of docs/records.md. */
export function renderRecordsDoc(): string {
  return [
    '# 活动记录 Activity records',
    '',
    `<!-- Written from src/policy/vocabulary.ts by \`${REGENERATE}\`; do not edit by hand. -->`,
    '',
    '学时系统、用人单位、继续教育机构和其他系统以同一套“活动记录”交换继续教育活动。本文列出每一种方式（`kind`）、',
    '它的字段及取值，并各附一例。Institutions, employers and other systems exchange continuing-education',
    'activities as records in this vocabulary (the evaluation contract §2). This page lists every kind, its',
    'fields and their values, with an example of each.',
    '',
    '## 在哪里用 Where records go',
    '',
    '- `xueshi evaluate`：`{"records": [...]}` 或记录数组，每条记录有自己的 `id`。`{"records": [...]}` or a bare',
    '  array; each record carries its own `id`, echoed back in the result.',
    '- `POST /api/preview`、`POST /api/applications`、`PUT /api/applications/{personKey}/{id}`、',
    '  `POST /api/persons/{personKey}/records`：请求体是一条记录，`id` 由系统给出。The body is one record; the',
    '  server gives it its id.',
    "- `POST /api/imports`：每行的 `record` 带来源系统中的记录编号 `id`。Each row's `record` carries its `id` in",
    '  the source system; fields the kind does not know are refused there.',
    '- OpenAPI：`/api/docs/json` 中的记录是按 `kind` 区分的 oneOf，字段说明与本文相同。The OpenAPI document',
    '  describes a record as a oneOf over `kind`, with the same words as this page.',
    '',
    '## 规则 Rules',
    '',
    '- 缺少必填字段或取值超出范围是错误，指明记录和字段（命令行退出码2，接口400）。A field a kind needs that is',
    '  missing or out of range is an error naming the record and field (exit code 2; HTTP 400).',
    '- 未知的 `kind` 是错误，错误信息列出全部已知方式。An unknown `kind` is an error that lists the known kinds.',
    '- 可选字段可以省略或为 `null`；方式未列出的字段，计算时忽略（导入时拒收）。Optional fields may be left out or',
    '  `null`; fields a kind does not list are ignored by the engine (and refused by imports).',
    '- 某政策不认可的方式计0学时并附说明，不是错误。A kind a policy does not recognise is credited 0 with a note;',
    '  it is not an error.',
    '- 有 `subject` 的方式按其科目计；其他方式由政策决定，各种折算除政策另有规定外均计专业科目。Where a kind has',
    '  `subject` it decides; otherwise the policy does (conversions are professional unless it says otherwise).',
    '- 政策条文的解释见 [rulings.md](rulings.md)。How the engine reads open wording: [rulings.md](rulings.md).',
    '',
    '## 通用字段 Common fields',
    '',
    ...fieldTable([...IDENTITY, ...COMMON]),
    '',
    '## 方式一览 Kinds',
    '',
    '| kind | 方式 | fields (`?` optional) |',
    '| --- | --- | --- |',
    ...KINDS.map((k) => `| [\`${k}\`](#${k}) | ${cell(VOCABULARY[k].zh)} | ${fieldList(k)} |`),
    '',
    '## 各方式 Each kind',
    '',
    ...KINDS.flatMap(kindSection),
  ]
    .join('\n')
    .replace(/\n+$/, '\n')
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  writeFileSync(RECORDS_DOC, renderRecordsDoc())
  console.log(`wrote ${RECORDS_DOC}`)
}
