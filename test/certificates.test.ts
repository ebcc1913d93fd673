import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CertificateContent, SignedCertificate } from '../src/services/certificate-content.js'
import { verifyCredential } from '../src/services/certificate-credential.js'
import {
  loadCertificateKeys,
  type PublishedKeys,
  rotateCertificateKeys,
} from '../src/services/certificate-keys.js'
import { certificateFromPdf } from '../src/services/certificate-pdf.js'
import { verifyCertificate } from '../src/services/certificate-signatures.js'
import { publishedKeysFrom } from '../src/services/credential-keys.js'
import { type Client, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'

const YEAR = 2025

interface Answer {
  serial: string
  code: string
  verifyUrl: string
  status: string
  content: CertificateContent
  signatures: SignedCertificate['signatures']
}

describe.each(DATABASES)('certificates on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let person: Client
  let hr: Client
  let employer: Client
  let first: Answer
  let outOfScope: string
  const keysNow = async () =>
    (await api.app.inject({ url: '/.well-known/xueshi-keys.json' })).json() as PublishedKeys

  beforeAll(async () => {
    let dataDir = ''
    api = await startApi(kind, { certificateKeys: () => loadCertificateKeys({}, dataDir) })
    dataDir = api.ctx.dataDir
    person = await api.as('person')
    hr = await api.as('hr_department')
    employer = await api.as('employer')
    outOfScope = (
      await api.d.db
        .selectFrom('person')
        .select('person_key')
        .where('region_code', 'like', '3702%')
        .executeTakeFirstOrThrow()
    ).person_key
  }, 120_000)
  afterAll(() => api?.stop())

  it('a person issues their year: the figures are the ledger year, signed with Ed25519 and SM2', async () => {
    const res = await person.request('POST', `/api/persons/${api.personKey}/certificates`, { year: YEAR })
    expect(res.statusCode, res.body).toBe(201)
    first = res.json()
    const year = (await person.request('GET', `/api/persons/${api.personKey}/years/${YEAR}`)).json()
    expect(first.content.totals).toEqual(year.evaluation.totals)
    expect(first.content.required).toEqual(year.evaluation.required)
    expect(first.content.compliant).toBe(year.evaluation.compliant)
    expect(first.content.activities.map((a) => a.entryId).sort()).toEqual(
      year.evaluation.records.map((r: { id: string }) => r.id).sort(),
    )
    expect(first.content.person).toMatchObject({ name: year.person.name, idMasked: year.person.idMasked })
    expect(first.content.verdict).toMatch(first.content.compliant ? /^达标$/ : /^未达标，差 \d/)
    expect(first.content.activities.every((a) => a.way && a.date.startsWith(String(YEAR)))).toBe(true)
    expect(first.serial).toMatch(/^XS-\d{4}-\d{6}-\d{6}$/)
    expect(first.code).toMatch(/^[\w-]{24}$/)
    expect(first.verifyUrl).toBe(`http://localhost:80/verify/${first.code}`)
    expect(first.content.issuer.name).toMatch(/人力资源和社会保障|人社/)
    expect(first.signatures.map((s) => s.alg)).toEqual(['Ed25519', 'SM2-SM3'])
    expect(verifyCertificate(first, (await keysNow()).keys)).toMatchObject({ ok: true })
  })

  it('issuing again with unchanged figures returns the same certificate (200)', async () => {
    const again = await person.request('POST', `/api/persons/${api.personKey}/certificates`, { year: YEAR })
    expect(again.statusCode).toBe(200)
    expect(again.json().serial).toBe(first.serial)
  })

  it('a changed byte in the payload fails verification with the reason', () => {
    const altered = {
      ...first,
      content: { ...first.content, totals: { ...first.content.totals, total: 999 } },
    }
    expect(verifyCertificate(altered, [])).toMatchObject({ ok: false, problem: 'unknown-kid' })
    return keysNow().then((k) =>
      expect(verifyCertificate(altered, k.keys)).toMatchObject({
        ok: false,
        problem: 'payload-altered',
        reason: expect.stringContaining('内容在签发后被改动'),
      }),
    )
  })

  it('the verify endpoint needs no login and shows only the masked ID; an unknown code is 404', async () => {
    const res = await api.app.inject({ url: `/api/verify/${first.code}` })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      status: 'valid',
      superseded: null,
      revoked: null,
      content: first.content,
    })
    const idNumber = api.login('person').idNumber as string
    expect(res.body).not.toContain(idNumber)
    expect(res.body).not.toContain(api.personKey)
    expect(res.json().content.person.idMasked).toMatch(/\*{6,}/)
    const unknown = await api.app.inject({ url: '/api/verify/AAAAAAAAAAAAAAAAAAAAAAAA' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error.message).toMatch(/未找到学时证明/)
  })

  it('the PDF carries the signed certificate', async () => {
    const res = await person.request('GET', `/api/certificates/${first.serial}/pdf`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toMatch(/attachment/)
    const cert = certificateFromPdf(res.rawPayload)
    expect(cert.content).toEqual(first.content)
    expect(cert.verifyUrl).toBe(first.verifyUrl)
  })

  it('the credential carries the same figures, verifies against the published keys, and fails when altered', async () => {
    const res = await person.request('GET', `/api/certificates/${first.serial}/credential`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toMatch(/application\/vc\+ld\+json/)
    const credential = res.json()
    const published = publishedKeysFrom(await keysNow())
    const verdict = await verifyCredential(credential, published)
    expect(verdict).toMatchObject({ valid: true, serial: first.serial, totals: first.content.totals })
    const altered = structuredClone(credential)
    altered.credentialSubject.result[0].value = '999'
    expect(await verifyCredential(altered, published)).toMatchObject({ valid: false, reason: '签名无效' })
  })

  it('another employer cannot issue for someone not on its staff; a person not for someone else', async () => {
    const res = await employer.request('POST', `/api/persons/${outOfScope}/certificates`, { year: YEAR })
    expect(res.statusCode).toBe(403)
    expect(
      (await person.request('POST', `/api/persons/${outOfScope}/certificates`, { year: YEAR })).statusCode,
    ).toBe(403)
    expect((await employer.request('GET', `/api/certificates/${first.serial}/pdf`)).statusCode).toBe(200)
    const none = await api.d.db
      .selectFrom('certificate')
      .select('serial')
      .where('person_key', '=', outOfScope)
      .execute()
    expect(none).toEqual([])
  })

  it('a rotation keeps the earlier certificate valid; new certificates use the new keys', async () => {
    const before = await keysNow()
    const { retired, added } = rotateCertificateKeys({}, api.ctx.dataDir)
    expect(retired.sort()).toEqual(before.keys.map((k) => k.kid).sort())
    const after = await keysNow()
    expect(after.keys.filter((k) => k.status === 'active').map((k) => k.kid)).toEqual(added.map((k) => k.kid))
    expect(verifyCertificate(first, after.keys)).toMatchObject({
      ok: true,
      verified: [{ status: 'retired' }, { status: 'retired' }],
    })
  })

  it('reversing an entry makes the certificate superseded, naming the change and its date', async () => {
    const entry = first.content.activities.find(
      (a) => a.public + a.professional > 0,
    ) as CertificateContent['activities'][number]
    const revoke = await hr.request('POST', `/api/persons/${api.personKey}/ledger/${entry.entryId}/revoke`, {
      ground: 'error',
      reason: '重复登记',
    })
    expect(revoke.statusCode, revoke.body).toBe(200)
    const res = (await api.app.inject({ url: `/api/verify/${first.code}` })).json()
    expect(res.status).toBe('superseded')
    expect(res.superseded.at).toBe(new Date(revoke.json().createdAt).toISOString())
    expect(res.superseded.changes.removed).toEqual([
      expect.objectContaining({
        entryId: entry.entryId,
        public: entry.public,
        professional: entry.professional,
      }),
    ])
    expect(res.superseded.changes.totals.before).toEqual(first.content.totals)
    expect(res.superseded.changes.totals.now.total).toBeLessThan(first.content.totals.total)
    expect(res.superseded.changes.summary).toContain('不再计入 1 条')
    // The content as issued is unchanged.
    expect(res.content).toEqual(first.content)
  })

  it('issuing after the change gives a new certificate under the new keys; the list shows both, newest first', async () => {
    const res = await person.request('POST', `/api/persons/${api.personKey}/certificates`, { year: YEAR })
    expect(res.statusCode).toBe(201)
    const second: Answer = res.json()
    expect(second.serial).not.toBe(first.serial)
    const active = (await keysNow()).keys.filter((k) => k.status === 'active').map((k) => k.kid)
    expect(second.signatures.map((s) => s.kid)).toEqual(active)
    const list = (
      await person.request('GET', `/api/persons/${api.personKey}/certificates?page=1&pageSize=10`)
    ).json()
    expect(list.total).toBe(2)
    expect(list.items.map((i: Answer) => [i.serial, i.status])).toEqual([
      [second.serial, 'valid'],
      [first.serial, 'superseded'],
    ])
  })

  it('an HR department in scope revokes a certificate with a reason, audited; not an employer, not twice', async () => {
    const list = (await person.request('GET', `/api/persons/${api.personKey}/certificates`)).json()
    const serial = list.items[0].serial as string
    expect(
      (await employer.request('POST', `/api/certificates/${serial}/revoke`, { reason: 'x' })).statusCode,
    ).toBe(403)
    const res = await hr.request('POST', `/api/certificates/${serial}/revoke`, { reason: '证书信息有误' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ status: 'revoked', revoked: { reason: '证书信息有误' } })
    const verify = (await api.app.inject({ url: `/api/verify/${res.json().code}` })).json()
    expect(verify).toMatchObject({ status: 'revoked', revoked: { reason: '证书信息有误' }, superseded: null })
    expect(
      (await hr.request('POST', `/api/certificates/${serial}/revoke`, { reason: '再次' })).statusCode,
    ).toBe(409)
    const audit = await api.d.db
      .selectFrom('audit_event')
      .select(['action', 'entity_id'])
      .where('entity', '=', 'certificate')
      .orderBy('seq')
      .execute()
    expect(audit.map((a) => a.action)).toEqual([
      'certificate.issue',
      'certificate.issue',
      'certificate.revoke',
    ])
    // A revoked certificate is no reason to return it: issuing again gives a fresh one.
    const again = await person.request('POST', `/api/persons/${api.personKey}/certificates`, { year: YEAR })
    expect(again.statusCode).toBe(201)
  })

  it('bad input is refused naming the field', async () => {
    const res = await person.request('POST', `/api/persons/${api.personKey}/certificates`, { year: 'x' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toContain('year')
    expect((await person.request('GET', '/api/certificates/not-a-serial/pdf')).statusCode).toBe(400)
    expect((await person.request('GET', '/api/certificates/XS-2026-320400-999999/pdf')).statusCode).toBe(404)
  })

  it('an employer downloads its staff’s certificates as one stored ZIP, one PDF each', async () => {
    const staff = (await employer.request('GET', '/api/staff?pageSize=1')).json().total as number
    const res = await employer.request('GET', `/api/staff/certificates.zip?year=${YEAR}`)
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200)
    expect(res.headers['content-type']).toBe('application/zip')
    const count = Number(res.headers['x-certificate-count'])
    expect(count).toBe(staff)
    expect(count).toBeGreaterThan(0)
    const dir = mkdtempSync(join(tmpdir(), 'xueshi-zip-'))
    writeFileSync(join(dir, 'all.zip'), res.rawPayload)
    const listing = execFileSync('unzip', ['-v', join(dir, 'all.zip')], { encoding: 'utf8' })
    const pdfs = listing.split('\n').filter((l) => l.trim().endsWith('.pdf'))
    const failed = listing.includes('.txt') ? 1 : 0
    expect(pdfs.length + failed).toBeGreaterThanOrEqual(1)
    expect(pdfs.every((l) => /\bStored\b/.test(l))).toBe(true)
    expect(pdfs.length).toBeLessThanOrEqual(count)
    // The person's own certificate is among them, named by serial and name.
    expect(
      pdfs.some((l) => l.includes(`-${first.content.person.name}.pdf`)),
      listing,
    ).toBe(true)
    rmSync(dir, { recursive: true })
  })

  it('only employers and agencies download staff ZIPs', async () => {
    const res = await person.request('GET', `/api/staff/certificates.zip?year=${YEAR}`)
    expect(res.statusCode).toBe(403)
  })
})
