import { spawnSync } from 'node:child_process'
import { createPrivateKey } from 'node:crypto'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import PDFDocument from 'pdfkit'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { issueCredential } from '../src/services/certificate-credential.js'
import {
  generateCertificateKey,
  loadCertificateKeys,
  publishedKeys,
} from '../src/services/certificate-keys.js'
import { certificateFromPdf, renderCertificatePdf } from '../src/services/certificate-pdf.js'

// The built CLI on an embedded data directory of its own: issue, then verify offline (exit 0 / 1 / 2).
const CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js')
const dataDir = mkdtempSync(join(tmpdir(), 'xueshi-cert-'))
const file = (name: string) => join(dataDir, name)

function xueshi(args: string[], env: Record<string, string> = {}) {
  const { DATABASE_URL: _, XUESHI_SECRET: __, XUESHI_CERT_KEYS_FILE: ___, ...rest } = process.env
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...rest, XUESHI_DATA_DIR: dataDir, XUESHI_PUBLIC_URL: 'https://xueshi.example.cn', ...env },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const emptyPdf = () =>
  new Promise<Buffer>((resolve) => {
    const doc = new PDFDocument()
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.text('no certificate here')
    doc.end()
  })

describe('xueshi certificate and verify-certificate (embedded PGlite)', () => {
  let idNumber: string

  beforeAll(() => {
    const demo = xueshi(['demo', '--json'])
    expect(demo.code, demo.stderr).toBe(0)
    idNumber = JSON.parse(demo.stdout)[0].idNumber
  }, 180_000)

  it('issues a demo person’s certificate as PDF; the keyring is generated with mode 0600', () => {
    const r = xueshi(['certificate', '--id-number', idNumber, '--year', '2025', '--out', file('c.pdf')])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^issued XS-\d{4}-\d{6}-000001: .+ 2025年度, (达标|未达标)/)
    expect(r.stdout).toMatch(/verify at https:\/\/xueshi\.example\.cn\/verify\/[\w-]{24}/)
    expect(statSync(file('certificate-keys.json')).mode & 0o777).toBe(0o600)
    expect(certificateFromPdf(readFileSync(file('c.pdf'))).content.period.year).toBe(2025)
  }, 240_000)

  it('verify-certificate: exit 0 with the deployment keyring, and with the published keys', () => {
    const r = xueshi(['verify-certificate', file('c.pdf')])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^VALID: certificate XS-/)
    expect(r.stdout).toMatch(/signature Ed25519 ed25519-\S+ verified/)
    expect(r.stdout).toMatch(/signature SM2-SM3 sm2-\S+ verified/)
    writeFileSync(file('keys.json'), JSON.stringify(publishedKeys(loadCertificateKeys({}, dataDir))))
    const offline = xueshi(['verify-certificate', file('c.pdf'), '--keys', file('keys.json')], {
      XUESHI_DATA_DIR: mkdtempSync(join(tmpdir(), 'xueshi-empty-')),
    })
    expect(offline.code, offline.stderr).toBe(0)
  }, 240_000)

  it('exit 1 naming the reason: a changed figure, keys that did not sign it', async () => {
    const cert = certificateFromPdf(readFileSync(file('c.pdf')))
    const tampered = { ...cert, content: { ...cert.content, totals: { ...cert.content.totals, total: 999 } } }
    writeFileSync(file('tampered.pdf'), await renderCertificatePdf(tampered))
    const r = xueshi(['verify-certificate', file('tampered.pdf')])
    expect(r).toMatchObject({ code: 1, stdout: expect.stringMatching(/^INVALID: .*内容在签发后被改动\n$/) })
    writeFileSync(file('other.json'), JSON.stringify(publishedKeys([generateCertificateKey('Ed25519')])))
    const other = xueshi(['verify-certificate', file('c.pdf'), '--keys', file('other.json')])
    expect(other).toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/^INVALID: 签名密钥 .*不在公布的密钥中/),
    })
  }, 240_000)

  it('exit 2 on bad input: no file, not a PDF, no certificate inside, a bad keys file, no keys at all', async () => {
    expect(xueshi(['verify-certificate', file('missing.pdf')]).code).toBe(2)
    expect(xueshi(['verify-certificate', file('keys.json')]).code).toBe(2)
    writeFileSync(file('plain.pdf'), await emptyPdf())
    const none = xueshi(['verify-certificate', file('plain.pdf')])
    expect(none).toMatchObject({ code: 2, stderr: expect.stringContaining('没有本系统出具的证书数据') })
    writeFileSync(file('bad-keys.json'), '{"keys": [{"kid": "k1", "alg": "RSA"}]}')
    expect(xueshi(['verify-certificate', file('c.pdf'), '--keys', file('bad-keys.json')])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('alg'),
    })
    const empty = mkdtempSync(join(tmpdir(), 'xueshi-empty-'))
    expect(xueshi(['verify-certificate', file('c.pdf')], { XUESHI_DATA_DIR: empty })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--keys'),
    })
    expect(xueshi(['verify-certificate']).code).toBe(2)
  }, 240_000)

  it('verify-certificate reads a credential (JSON) too: exit 0 as issued, 1 when a figure is changed', async () => {
    const signer = loadCertificateKeys({}, dataDir).find((k) => k.alg === 'Ed25519' && k.status === 'active')
    if (!signer) throw new Error('no Ed25519 key')
    const cert = certificateFromPdf(readFileSync(file('c.pdf')))
    const credential = (await issueCredential(
      cert,
      { kid: signer.kid, privateKey: createPrivateKey(signer.privateKey) },
      { id: 'https://xueshi.example.cn', name: cert.content.issuer.name },
    )) as { credentialSubject: { result: { value: string }[] } }
    writeFileSync(file('c.json'), JSON.stringify(credential))
    const valid = xueshi(['verify-certificate', file('c.json')])
    expect(valid.code, valid.stderr).toBe(0)
    expect(valid.stdout).toMatch(new RegExp(`^VALID: credential for certificate ${cert.content.serial}`))
    const [total] = credential.credentialSubject.result
    if (!total) throw new Error('no result in the credential')
    total.value = '999'
    writeFileSync(file('c-altered.json'), JSON.stringify(credential))
    expect(xueshi(['verify-certificate', file('c-altered.json')])).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('签名无效'),
    })
  }, 240_000)

  it('certificate refuses bad input with exit 2: an invalid or unknown ID number, a missing --out', () => {
    expect(
      xueshi(['certificate', '--id-number', '123', '--year', '2025', '--out', file('x.pdf')]),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('身份证号无效'),
    })
    const stranger = makeResidentId('320402', '19800101', 999)
    const unknown = xueshi(['certificate', '--id-number', stranger, '--year', '2025', '--out', file('x.pdf')])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('未找到人员')
    expect(unknown.stderr).not.toContain(stranger)
    expect(xueshi(['certificate', '--id-number', idNumber, '--year', '2025']).code).toBe(2)
  }, 240_000)

  it('rotate-certificate-keys retires the old keys; the earlier PDF still verifies', () => {
    const r = xueshi(['rotate-certificate-keys'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^retired: ed25519-\S+, sm2-\S+\nactive: ed25519-/)
    const keys = loadCertificateKeys({}, dataDir)
    expect(keys.map((k) => k.status)).toEqual(['retired', 'retired', 'active', 'active'])
    const v = xueshi(['verify-certificate', file('c.pdf')])
    expect(v.code).toBe(0)
    expect(v.stdout).toContain('(key retired since)')
  }, 240_000)
})
