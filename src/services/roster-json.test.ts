import { describe, expect, it } from 'vitest'
import { InvalidInputError, TooLargeError } from './errors.js'
import { rosterJsonLines } from './roster-json.js'

const bytes = (text: string) => new TextEncoder().encode(text)
const read = (text: string, maxRows = 10) => [...rosterJsonLines(bytes(text), { maxRows })]
const refusal = (text: string, maxRows = 10) => {
  try {
    read(text, maxRows)
  } catch (e) {
    return e as InvalidInputError
  }
  throw new Error('not refused')
}

describe('a roster sent as JSON, read in the worker', () => {
  it('gives numbered lines with the roster fields only, numbers kept as numbers', () => {
    const rows = [
      { idNumber: '320402198001011234', name: '周一鸣', hours: 7.5, extra: 'x' },
      { idNumber: '320402198001021234', name: '吴二', days: 2, date: '2025-06-01' },
    ]
    expect(read(`\uFEFF${JSON.stringify({ rows })}`)).toEqual([
      { line: 1, values: { idNumber: '320402198001011234', name: '周一鸣', hours: 7.5 } },
      { line: 2, values: { idNumber: '320402198001021234', name: '吴二', days: 2, date: '2025-06-01' } },
    ])
  })

  it('refuses what is not JSON, or not UTF-8, naming the body', () => {
    expect(refusal('{"rows": [')).toMatchObject({ field: 'body', problem: expect.stringContaining('JSON') })
    expect(() => [...rosterJsonLines(new Uint8Array([0x7b, 0xff, 0x7d]), { maxRows: 1 })]).toThrow(
      InvalidInputError,
    )
  })

  it('refuses another shape, naming the row and field', () => {
    expect(refusal('[]').field).toBe('rows')
    expect(refusal('{"rows": {}}').field).toBe('rows')
    expect(refusal('{"rows": [null]}').field).toBe('rows.0')
    expect(refusal('{"rows": [{"idNumber": 1, "name": "a"}]}').field).toBe('rows.0.idNumber')
    expect(refusal('{"rows": [{"idNumber": "1", "name": "a"}, {"idNumber": "2"}]}').field).toBe('rows.1.name')
    expect(refusal('{"rows": [{"idNumber": "1", "name": "a", "hours": "8"}]}').field).toBe('rows.0.hours')
    expect(refusal('{"rows": [{"idNumber": "1", "name": "a", "date": 20250601}]}').field).toBe('rows.0.date')
  })

  it('refuses a NUL or half a surrogate pair in a field, by its path (PostgreSQL would refuse it)', () => {
    const nul = refusal('{"rows": [{"idNumber": "1", "name": "a"}, {"idNumber": "2", "name": "b\\u0000"}]}')
    expect(nul).toMatchObject({ field: 'rows.1.name', problem: '含有空字符（U+0000），请删除' })
    expect(refusal('{"rows": [{"idNumber": "\\ud800", "name": "a"}]}').field).toBe('rows.0.idNumber')
  })

  it('refuses more lines than the deployment allows as too large (413), before reading any', () => {
    const rows = Array.from({ length: 11 }, (_, i) => ({ idNumber: `${i}`, name: 'a' }))
    const e = refusal(JSON.stringify({ rows }))
    expect(e).toBeInstanceOf(TooLargeError)
    expect(e.problem).toBe('花名册超过10行')
  })

  it('reads JSON nested a million levels deep without overflowing the stack; keys that are not roster fields are dropped', () => {
    const deep = `{"rows": [{"idNumber": "1", "name": "a", "x": ${'['.repeat(1e6)}${']'.repeat(1e6)}}], "y": 1}`
    expect(read(deep)).toHaveLength(1)
  })
})
