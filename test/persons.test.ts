import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../src/db/connect.js'
import { makeResidentId } from '../src/domain/resident-id.js'
import { transact } from '../src/services/audit.js'
import { loadDemo } from '../src/services/demo.js'
import { ConflictError, InvalidInputError } from '../src/services/errors.js'
import { registerPerson } from '../src/services/persons.js'
import { personKeyOf, seal, unseal } from '../src/services/secrets.js'
import { DATABASES, demoDataDir, freshDatabase, TEST_SECRETS } from './database.js'

const clerk = { id: 'clerk-1' }
const idNumber = makeResidentId('320411', '19850607', 123)

describe('ID number protection', () => {
  it('encrypts and decrypts (AES-256-GCM), with a fresh nonce each time', () => {
    const a = seal(TEST_SECRETS, idNumber)
    const b = seal(TEST_SECRETS, idNumber)
    expect(a.equals(b)).toBe(false)
    expect(unseal(TEST_SECRETS, a)).toBe(idNumber)
  })
  it('refuses a tampered ciphertext', () => {
    const sealed = seal(TEST_SECRETS, idNumber)
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] as number) ^ 1
    expect(() => unseal(TEST_SECRETS, sealed)).toThrow()
  })
  it('the person key is a keyed hash: stable, and not the number', () => {
    expect(personKeyOf(TEST_SECRETS, idNumber)).toBe(personKeyOf(TEST_SECRETS, idNumber))
    expect(personKeyOf(TEST_SECRETS, idNumber)).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe.each(DATABASES)('persons on %s', (kind) => {
  let d: Database & { drop(): Promise<void> }
  beforeAll(async () => {
    d = await freshDatabase(kind)
  })
  afterAll(() => d.drop())

  const register = (input: Partial<Parameters<typeof registerPerson>[3]> = {}) =>
    transact(d.db, (trx) =>
      registerPerson(trx, TEST_SECRETS, clerk, {
        idNumber,
        name: '吉𠮷',
        regionCode: '320411',
        series: 'engineering',
        titleLevel: 'intermediate',
        ...input,
      }),
    )

  it('stores a keyed hash and an encrypted copy, never the plain number', async () => {
    const { person, warnings } = await register()
    expect(person).toMatchObject({
      idMasked: '320***********1239',
      sex: 'male',
      birthDate: '1985-06-07',
      name: '吉𠮷',
    })
    expect(warnings).toEqual([])
    const row = await d.db
      .selectFrom('person')
      .selectAll()
      .where('person_key', '=', person.personKey)
      .executeTakeFirstOrThrow()
    expect(row.name).toBe('吉𠮷')
    expect(unseal(TEST_SECRETS, row.id_cipher)).toBe(idNumber)
    const everything = JSON.stringify(
      await Promise.all([
        d.db.selectFrom('person').selectAll().execute(),
        d.db.selectFrom('audit_event').selectAll().execute(),
      ]),
      (_, v) => (v?.type === 'Buffer' ? '' : v),
    )
    expect(everything).not.toContain(idNumber)
  })

  it('refuses the same number twice', async () => {
    await expect(register()).rejects.toThrow(ConflictError)
  })

  const other = makeResidentId('320411', '19900101', 77)
  it.each<[Record<string, string>, string]>([
    [{ idNumber: '320411198506071234' }, 'idNumber'],
    [{ idNumber: other, name: '  ' }, 'name'],
    [{ idNumber: other, regionCode: '999999' }, 'regionCode'],
    [{ idNumber: other, series: 'astrology' }, 'series'],
    [{ idNumber: other, titleLevel: 'grand' }, 'titleLevel'],
  ])('refuses %j naming the field, without the number in the message', async (input, field) => {
    const error = await register({
      ...input,
      idNumber: input.idNumber ?? makeResidentId('320411', '19900101', 77),
    }).catch((e) => e)
    expect(error).toBeInstanceOf(InvalidInputError)
    expect(error.field).toBe(field)
    expect(error.message).not.toContain('320411198506071234')
  })

  it('an abolished county in the number is only a warning', async () => {
    const { warnings } = await register({ idNumber: makeResidentId('320421', '19600101', 11) })
    expect(warnings).toEqual(['行政区划代码 320421 不在已知代码中'])
  })
})

describe.each(DATABASES)('demo on %s', (kind) => {
  let d: Database & { drop(): Promise<void> }
  beforeAll(async () => {
    d = await freshDatabase(kind)
  })
  afterAll(() => d.drop())

  it('loads ~500 persons with valid IDs and one login per role (two persons: the second in Qingdao), and a second run changes nothing', async () => {
    const first = await loadDemo(d.db, TEST_SECRETS, demoDataDir())
    expect(first.created).toBe(true)
    expect(first.logins.map((l) => l.role)).toEqual([
      'person',
      'person',
      'employer',
      'agency',
      'institution',
      'authority',
      'hr_department',
    ])
    const count = async () => {
      const rows = await Promise.all(
        (['person', 'ledger_entry', 'organisation', 'app_user', 'audit_event', 'person_year'] as const).map(
          (t) =>
            d.db
              .selectFrom(t)
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .executeTakeFirstOrThrow(),
        ),
      )
      return rows.map((r) => Number(r.n))
    }
    const before = await count()
    expect(before[0]).toBe(500)
    const second = await loadDemo(d.db, TEST_SECRETS, demoDataDir())
    expect(second).toEqual({ created: false, logins: first.logins })
    expect(await count()).toEqual(before)
    const person = first.logins[0]
    expect(person?.idNumber).toMatch(/^\d{17}[\dX]$/)
    expect(personKeyOf(TEST_SECRETS, person?.idNumber as string)).toMatch(/^[0-9a-f]{32}$/)
  })
})
