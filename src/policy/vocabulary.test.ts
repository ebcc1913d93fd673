import { describe, expect, it } from 'vitest'
import { InvalidRecordError } from './errors.js'
import { KINDS, parseRecord } from './records.js'
import { COMMON, IDENTITY, VOCABULARY } from './vocabulary.js'

describe('the vocabulary (contract §2)', () => {
  it.each(KINDS)('%s: its example is a valid record of the kind', (kind) => {
    const { example } = VOCABULARY[kind]
    expect(example.kind).toBe(kind)
    expect(parseRecord(example, 1)).toEqual(example)
  })

  it.each(KINDS)('%s: the example leaves out no field the kind needs', (kind) => {
    for (const field of VOCABULARY[kind].fields.filter((f) => !f.optional)) {
      const { [field.name]: _, ...without } = VOCABULARY[kind].example
      expect(() => parseRecord(without, 1)).toThrow(`field "${field.name}" is missing`)
    }
  })

  it('describes every field in Chinese and English', () => {
    const fields = [...IDENTITY, ...COMMON, ...KINDS.flatMap((k) => VOCABULARY[k].fields)]
    for (const f of [...fields, ...KINDS.map((k) => VOCABULARY[k])]) {
      expect(f.zh).toMatch(/\p{Script=Han}/u)
      expect(f.en).toMatch(/[a-z]/)
    }
  })

  it('has the 30 kinds of the contract, in its order', () => {
    expect(KINDS).toHaveLength(30)
    expect([KINDS[0], KINDS[13], KINDS[29]]).toEqual(['training', 'paper', 'other'])
  })
})

describe('an unknown kind', () => {
  it('is refused naming the known kinds, on one line', () => {
    let error: unknown
    try {
      parseRecord({ id: 'r1', kind: 'holiday', date: '2024-01-01' }, 1)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InvalidRecordError)
    const message = (error as Error).message
    expect(message).toBe(
      `record "r1": field "kind" "holiday" is not a known kind (known kinds: ${KINDS.join(', ')})`,
    )
    expect(message).not.toContain('\n')
  })
})
