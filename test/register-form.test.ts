import { describe, expect, it } from 'vitest'
import { evaluate } from '../src/policy/evaluate.js'
import { KINDS } from '../src/policy/records.js'
import { getPolicy } from '../src/policy/registry.js'
import type { ActivityRecord } from '../src/policy/types.js'
import { VOCABULARY } from '../src/policy/vocabulary.js'
import { MAX_EVIDENCE_BYTES as SERVER_MAX, sniffMediaType } from '../src/services/evidence.js'
import { en } from '../web/src/i18n/en.js'
import { zh } from '../web/src/i18n/zh.js'
import {
  MAX_EVIDENCE_BYTES,
  refusalOf,
  sizeText,
  sniff,
} from '../web/src/pages/person/register/evidence-files.js'
import {
  fieldsOf,
  KIND_GROUPS,
  kindGroupsFor,
  previewLocally,
  recordOf,
  valuesOf,
} from '../web/src/pages/person/register/form-spec.js'

// The register page (web/src/pages/person/Register.tsx) is driven by the record vocabulary: these keep the
// page, its strings and the server's rules in step when the vocabulary or the server changes.

describe('the register form follows the vocabulary', () => {
  it('offers every kind once', () => {
    const offered = KIND_GROUPS.flatMap((g) => g.kinds)
    expect([...offered].sort()).toEqual([...KINDS].sort())
  })

  it('has a Chinese and an English label and help for every field of every kind, and no others', () => {
    for (const messages of [zh, en]) {
      const fields = messages.registerPage.fields as Record<
        string,
        Record<string, { label: string; help: string }>
      >
      expect(Object.keys(fields).sort()).toEqual([...KINDS].sort())
      for (const kind of KINDS) {
        const texts = fields[kind] ?? {}
        expect(Object.keys(texts).sort(), kind).toEqual(VOCABULARY[kind].fields.map((f) => f.name).sort())
        for (const [name, text] of Object.entries(texts)) {
          expect(text.label.trim(), `${kind}.${name}`).not.toBe('')
          expect(text.help.trim(), `${kind}.${name}`).not.toBe('')
        }
      }
    }
  })

  it('lists only the kinds a policy credits, keeping the kind of an application being corrected', () => {
    const changzhou = getPolicy('changzhou-2024')
    const offered = kindGroupsFor(changzhou).flatMap((g) => g.kinds)
    expect(offered).toContain('paper')
    expect(offered).not.toContain('leave') // 常人社职〔2024〕1号 does not credit leave
    expect(kindGroupsFor(changzhou, 'leave').flatMap((g) => g.kinds)).toContain('leave')
  })

  it('asks for the make-up year only where the policy allows a make-up', () => {
    expect(fieldsOf('training', getPolicy('cn-engineering-2026')).map((f) => f.name)).toContain('makeUpFor')
    expect(fieldsOf('training', getPolicy('jiangsu-2023')).map((f) => f.name)).not.toContain('makeUpFor')
  })

  it('makes a record of the filled fields only, and back', () => {
    const fields = fieldsOf('conference', getPolicy('jiangsu-2023'))
    const record = recordOf(
      'conference',
      {
        date: '2023-11-20',
        title: '  年会 ',
        level: 'provincial',
        paperChars: 1500,
        days: null,
        hours: undefined,
      },
      fields,
    )
    expect(record).toEqual({
      kind: 'conference',
      date: '2023-11-20',
      title: '年会',
      level: 'provincial',
      paperChars: 1500,
    })
    expect(valuesOf({ ...record, id: 'x', evidence: [] })).toEqual(record)
  })
})

describe('the preview in the browser', () => {
  const jiangsu = getPolicy('jiangsu-2023')
  const paper = { kind: 'paper', date: '2023-10-16', authorship: 'first', cnJournal: true }

  it('says 30 学时 under 苏人社函〔2023〕308号 四（九） for a first author’s paper in a CN journal', () => {
    const preview = previewLocally(jiangsu, 2023, [], paper, fieldsOf('paper', jiangsu))
    expect(preview).toMatchObject({
      state: 'credited',
      credit: { public: 0, professional: 30, basis: '苏人社函〔2023〕308号 四（九）' },
    })
  })

  it('names the required fields still empty', () => {
    const preview = previewLocally(jiangsu, 2023, [], { kind: 'paper' }, fieldsOf('paper', jiangsu))
    expect(preview).toEqual({ state: 'missing', fields: ['date', 'authorship'] })
  })

  it('credits the record beside the year’s ledger, as the engine does (the self-study cap)', () => {
    const ledger = [
      { id: 'e1', kind: 'self_study', date: '2023-10-01', hours: 25, archived: true },
    ] as ActivityRecord[]
    const record = { kind: 'self_study', date: '2023-11-01', hours: 20, archived: true }
    const preview = previewLocally(jiangsu, 2023, ledger, record, fieldsOf('self_study', jiangsu))
    const engine = evaluate(jiangsu, 2023, [...ledger, { ...record, id: 'r' } as ActivityRecord]).records[1]
    expect(preview).toMatchObject({ state: 'credited', credit: { professional: 5 } })
    expect(preview.state === 'credited' && preview.credit.professional).toBe(engine?.professional)
  })
})

describe('evidence files are checked as the server checks them', () => {
  it('the same size limit', () => {
    expect(MAX_EVIDENCE_BYTES).toBe(SERVER_MAX)
    expect(sizeText(MAX_EVIDENCE_BYTES)).toBe('10.0 MB')
  })

  it('the same types, told by content', () => {
    const samples = [
      Buffer.from('%PDF-1.4\n'),
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('PK\u0003\u0004 docx'),
      Buffer.from('%PDF'),
      Buffer.from('GIF89a..'),
    ]
    for (const bytes of samples)
      expect(sniff(bytes) !== undefined, String(bytes)).toBe(sniffMediaType(bytes) !== undefined)
  })

  it('refuses empty, oversized and disguised files', async () => {
    expect(await refusalOf(new Blob([]))).toBe('empty')
    expect(await refusalOf(new Blob([new Uint8Array(MAX_EVIDENCE_BYTES + 1)]))).toBe('tooBig')
    expect(await refusalOf(new Blob(['hello, not a pdf']))).toBe('wrongType')
    expect(await refusalOf(new Blob(['%PDF-1.7 ...']))).toBeUndefined()
  })
})
