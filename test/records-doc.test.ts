import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { RECORDS_DOC, REGENERATE, renderRecordsDoc } from '../scripts/records-doc.js'
import { KINDS, parseRecord } from '../src/policy/records.js'
import { COMMON, IDENTITY, VOCABULARY } from '../src/policy/vocabulary.js'

const doc = readFileSync(RECORDS_DOC, 'utf8')
/** The text of one kind's section of docs/records.md. */
const section = (kind: string) => doc.split(`\n### \`${kind}\`\n`)[1]?.split('\n### ')[0] ?? ''

describe('docs/records.md', () => {
  it(`is the vocabulary as it is now (else run: ${REGENERATE})`, () => {
    expect(doc).toBe(renderRecordsDoc())
  })

  it('lists the common fields', () => {
    for (const f of [...IDENTITY, ...COMMON]) expect(doc).toContain(`| \`${f.name}\` |`)
  })

  it.each(KINDS)('%s: has a section with every field of the kind and a valid example', (kind) => {
    const text = section(kind)
    for (const f of VOCABULARY[kind].fields) expect(text).toContain(`| \`${f.name}\` |`)
    const example = JSON.parse(text.match(/```json\n([\s\S]*?)```/)?.[1] ?? 'null')
    expect(parseRecord(example, 1)).toMatchObject({ kind })
  })
})
