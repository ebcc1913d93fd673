import { describe, expect, it } from 'vitest'
import { InputError, InvalidRecordError } from './errors.js'
import { isIsoDate, LIMITS, parseRecord, parseRecords } from './records.js'

const training = {
  id: 't1',
  kind: 'training',
  date: '2024-03-01',
  subject: 'professional',
  organizer: 'hrss',
  days: 2,
}

describe('parseRecords', () => {
  it('accepts {records: [...]} and a bare array', () => {
    expect(parseRecords({ records: [training] })).toHaveLength(1)
    expect(parseRecords([training, { ...training, id: 't2' }])).toHaveLength(2)
  })

  it('refuses anything else', () => {
    expect(() => parseRecords({ items: [] })).toThrow(InputError)
    expect(() => parseRecords(null)).toThrow(InputError)
    expect(() => parseRecords('records')).toThrow(InputError)
  })

  it('names the record and field of the first error', () => {
    expect(() => parseRecords([training, { ...training, id: 't2', days: 0 }])).toThrow(
      'record "t2": field "days" must be a number greater than 0',
    )
  })
})

describe('parseRecord', () => {
  const bad = (value: Record<string, unknown>) => {
    try {
      parseRecord(value, 3)
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidRecordError)
      const err = e as InvalidRecordError
      return [err.record, err.field]
    }
    throw new Error('expected an error')
  }

  it.each([
    [{ ...training, id: undefined }, ['#3', 'id']],
    [{ ...training, id: '' }, ['#3', 'id']],
    [{ ...training, kind: 'holiday' }, ['"t1"', 'kind']],
    [{ ...training, kind: undefined }, ['"t1"', 'kind']],
    [{ ...training, date: '2024-02-30' }, ['"t1"', 'date']],
    [{ ...training, date: '2024/03/01' }, ['"t1"', 'date']],
    [{ ...training, date: undefined }, ['"t1"', 'date']],
    [{ ...training, subject: 'both' }, ['"t1"', 'subject']],
    [{ ...training, organizer: undefined }, ['"t1"', 'organizer']],
    [{ ...training, days: -1 }, ['"t1"', 'days']],
    [{ ...training, days: '2' }, ['"t1"', 'days']],
    [{ ...training, hours: -4 }, ['"t1"', 'hours']],
    [{ ...training, dedupKey: '' }, ['"t1"', 'dedupKey']],
    [{ ...training, makeUpFor: '2023' }, ['"t1"', 'makeUpFor']],
    [
      { id: 'q', kind: 'qualification_exam', date: '2024-01-01', subjectsPassed: 0, certificate: true },
      ['"q"', 'subjectsPassed'],
    ],
    [{ id: 'q', kind: 'qualification_exam', date: '2024-01-01', subjectsPassed: 1 }, ['"q"', 'certificate']],
    [{ id: 'a', kind: 'aid_assignment', date: '2024-01-01', months: 13 }, ['"a"', 'months']],
    [
      { id: 'l', kind: 'leave', date: '2024-01-01', reason: 'holiday', months: 2, employerApproved: true },
      ['"l"', 'reason'],
    ],
    [
      { id: 'c', kind: 'competition', date: '2024-01-01', level: 'other', prize: 'first' },
      ['"c"', 'activityId'],
    ],
    [{ id: 'e', kind: 'language_exam', date: '2024-01-01', grade: 'D', score: 70 }, ['"e"', 'grade']],
    [
      { id: 'e', kind: 'language_exam', date: '2024-01-01', grade: 'A', score: 70, passed: 'yes' },
      ['"e"', 'passed'],
    ],
    [{ id: 'm', kind: 'mentorship', date: '2024-01-01', role: 'mentor', hours: 10 }, ['"m"', 'role']],
  ])('%j is refused, naming record and field', (value, expected) => {
    expect(bad(value)).toEqual(expected)
  })

  it('refuses a record that is not an object', () => {
    expect(() => parseRecord(42, 1)).toThrow('record #1: must be an object')
  })

  it('accepts optional fields left out and unknown extra fields', () => {
    const r = parseRecord(
      { id: 'c', kind: 'conference', date: '2024-01-01', level: 'national', note: 'x' },
      1,
    )
    expect(r.kind).toBe('conference')
  })
})

describe('bounds (issue #10: "hours": 1e308 was credited null; out of range is exit 2)', () => {
  const day = { id: 'b', date: '2024-06-01' }
  // [kind, the other fields, the bounded field, its largest value]
  const BOUNDED: [string, Record<string, unknown>, string, number][] = [
    ['online_course', { subject: 'public' }, 'hours', LIMITS.hours],
    ['training', { subject: 'public', organizer: 'hrss', days: 1 }, 'hours', LIMITS.hours],
    ['training', { subject: 'public', organizer: 'hrss' }, 'days', LIMITS.days],
    ['lecturing', { type: 'course' }, 'hours', LIMITS.hours],
    ['self_study', { archived: true, hours: 8 }, 'days', LIMITS.days],
    ['conference', { level: 'national' }, 'paperChars', LIMITS.paperChars],
    ['overseas_training', { days: 10 }, 'durationDays', LIMITS.durationDays],
    ['overseas_training', { durationDays: 400 }, 'days', LIMITS.days],
    ['grassroots_service', {}, 'days', LIMITS.days],
    ['expert_service', {}, 'days', LIMITS.days],
    ['qualification_exam', { certificate: false }, 'subjectsPassed', LIMITS.count],
    ['degree_course', {}, 'coursesPassed', LIMITS.count],
    ['exam_item_writing', {}, 'times', LIMITS.count],
    ['computer_exam', {}, 'modules', LIMITS.count],
    ['aid_assignment', {}, 'months', LIMITS.months],
    ['leave', { reason: 'maternity', employerApproved: true }, 'months', LIMITS.months],
    ['mentorship', { role: 'mentee' }, 'hours', LIMITS.hours],
    ['other', { subject: 'professional' }, 'hours', LIMITS.hours],
    ['paper', { authorship: 'sole' }, 'approvedMax', LIMITS.hours],
  ]

  it('a year holds at most 8784 hours (366 × 24) and 366 days', () => {
    expect(LIMITS).toMatchObject({ hours: 366 * 24, days: 366, months: 12 })
  })

  it.each(BOUNDED)('%s: %j with %s at its largest value is accepted', (kind, fields, field, max) => {
    expect(() => parseRecord({ ...day, kind, ...fields, [field]: max }, 1)).not.toThrow()
  })

  it.each(BOUNDED)('%s: %j with %s above its largest value is refused', (kind, fields, field, max) => {
    for (const value of [max + 1, 1e308]) {
      expect(() => parseRecord({ ...day, kind, ...fields, [field]: value }, 1)).toThrow(
        new RegExp(`record "b": field "${field}" must be a (whole )?number`),
      )
    }
  })

  it('names the limit in the message', () => {
    expect(() => parseRecord({ ...day, kind: 'online_course', subject: 'public', hours: 1e308 }, 1)).toThrow(
      'record "b": field "hours" must be a number from 0 to 8784 (the hours in a leap year)',
    )
  })

  it('makeUpFor is a 4-digit year', () => {
    const base = { ...day, kind: 'paper', authorship: 'sole' }
    expect(() => parseRecord({ ...base, makeUpFor: 2023 }, 1)).not.toThrow()
    expect(() => parseRecord({ ...base, makeUpFor: 1e21 }, 1)).toThrow('field "makeUpFor"')
  })
})

describe('isIsoDate', () => {
  it.each(['2024-02-29', '2023-12-31', '2026-01-01'])('%s is a date', (d) => expect(isIsoDate(d)).toBe(true))
  it.each(['2023-02-29', '2024-13-01', '2024-00-10', '2024-4-1', '20240401', ''])('%s is not', (d) =>
    expect(isIsoDate(d)).toBe(false),
  )
})
