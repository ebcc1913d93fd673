import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../src/db/connect.js'
import { makeResidentId } from '../src/domain/resident-id.js'
import { makeUscc } from '../src/domain/uscc.js'
import { InvalidRecordError } from '../src/policy/errors.js'
import { transact } from '../src/services/audit.js'
import { InvalidInputError } from '../src/services/errors.js'
import { attachEvidence, evidencePath, MAX_EVIDENCE_BYTES, sniffMediaType } from '../src/services/evidence.js'
import { createOrganisation } from '../src/services/organisations.js'
import { registerPerson } from '../src/services/persons.js'
import { createRecord } from '../src/services/records.js'
import { DATABASES, freshDatabase, TEST_SECRETS } from './database.js'

const clerk = { id: 'clerk-1' }
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n')
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])

describe('sniffMediaType', () => {
  it('reads the type from content, not from the name', () => {
    expect(sniffMediaType(PDF)).toBe('application/pdf')
    expect(sniffMediaType(PNG)).toBe('image/png')
    expect(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffMediaType(Buffer.from('MZ\x90\x00 an exe named .pdf'))).toBeUndefined()
  })
})

describe.each(DATABASES)('organisations, records and evidence on %s', (kind) => {
  let d: Database & { drop(): Promise<void> }
  let personKey: string
  let recordId: string
  const root = mkdtempSync(join(tmpdir(), 'xueshi-evidence-'))
  beforeAll(async () => {
    d = await freshDatabase(kind)
    const { person } = await transact(d.db, (trx) =>
      registerPerson(trx, TEST_SECRETS, clerk, {
        idNumber: makeResidentId('370211', '19900315', 41),
        name: '孙丽',
        regionCode: '370211',
        series: 'health',
        titleLevel: 'junior',
      }),
    )
    personKey = person.personKey
  })
  afterAll(() => d.drop())

  it('seeds the GB/T 2260 regions', async () => {
    const row = await d.db
      .selectFrom('region')
      .selectAll()
      .where('code', '=', '370211')
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ code: '370211', name: '黄岛区', parent_code: '370200', level: 'county' })
  })

  it('an employer needs a valid unified social credit code', async () => {
    const create = (input: object) =>
      transact(d.db, (trx) =>
        createOrganisation(trx, clerk, {
          kind: 'employer',
          name: '青岛测试有限公司',
          regionCode: '370211',
          ...input,
        }),
      )
    const org = await create({ uscc: makeUscc('91370211MA3C4D5E6') })
    expect(org).toMatchObject({ kind: 'employer', regionCode: '370211' })
    await expect(create({})).rejects.toMatchObject({ field: 'uscc' })
    await expect(create({ uscc: '91370211MA3C4D5E60' })).rejects.toThrow(/校验码错误/)
    await expect(create({ uscc: makeUscc('91370211MA3C4D5E7'), regionCode: '999999' })).rejects.toMatchObject(
      { field: 'regionCode' },
    )
  })

  it('an institution needs its level', async () => {
    await expect(
      transact(d.db, (trx) =>
        createOrganisation(trx, clerk, {
          kind: 'institution',
          name: '青岛继续教育基地',
          regionCode: '370200',
          isBase: true,
        }),
      ),
    ).rejects.toMatchObject({ field: 'level' })
  })

  it('files an activity record in the vocabulary, and refuses an invalid one naming the field', async () => {
    const row = await transact(d.db, (trx) =>
      createRecord(trx, clerk, {
        personKey,
        record: {
          kind: 'training',
          subject: 'professional',
          organizer: 'base',
          days: 2,
          hours: 16,
          date: '2024-05-10',
        },
        source: 'application',
        status: 'submitted',
      }),
    )
    recordId = row.id
    expect(row).toMatchObject({ kind: 'training', status: 'submitted', source: 'application' })
    await expect(
      transact(d.db, (trx) =>
        createRecord(trx, clerk, {
          personKey,
          record: { kind: 'training', date: '2024-05-10' },
          source: 'application',
          status: 'submitted',
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidRecordError)
  })

  it('stores evidence content-addressed, once for the same bytes', async () => {
    const attach = (bytes: Buffer, filename: string) =>
      transact(d.db, (trx) => attachEvidence(trx, root, clerk, { personKey, recordId, filename, bytes }))
    const a = await attach(PDF, '结业证书.pdf')
    // The same file again on the same record is refused, naming the one there (issue #10).
    await expect(attach(PDF, 'copy.pdf')).rejects.toThrow(/结业证书\.pdf/)
    const stored = await d.db.selectFrom('evidence').select('sha256').execute()
    expect(stored.map((r) => r.sha256)).toEqual([a.sha256])
    expect(a).toMatchObject({ media_type: 'application/pdf', size: PDF.length })
    expect(readFileSync(evidencePath(root, a.sha256)).equals(PDF)).toBe(true)
  })

  it('refuses a wrong file type or an oversize file, and writes nothing', async () => {
    const attach = (bytes: Buffer) =>
      transact(d.db, (trx) =>
        attachEvidence(trx, root, clerk, { personKey, recordId, filename: 'x.pdf', bytes }),
      )
    await expect(attach(Buffer.from('<html>not a pdf</html>'))).rejects.toBeInstanceOf(InvalidInputError)
    const big = Buffer.alloc(MAX_EVIDENCE_BYTES + 1)
    PDF.copy(big)
    await expect(attach(big)).rejects.toThrow(/超过/)
    const rows = await d.db.selectFrom('evidence').select('sha256').execute()
    expect(rows).toHaveLength(1)
    expect(existsSync(join(root, 'evidence'))).toBe(true)
  })
})
