import { describe, expect, it } from 'vitest'
import { certificate } from '../../test/certificate-fixtures.js'
import { certificateQr, parseQrSummary, qrSummary } from './certificate-qr.js'

describe('certificateQr', () => {
  it('holds the verification URL, then the signed summary after #', () => {
    const cert = certificate()
    const qr = certificateQr(cert)
    expect(qr.text.startsWith(`${cert.verifyUrl}#xs1;`)).toBe(true)
    expect(qr.size).toBeLessThanOrEqual(57) // version 10
    expect(parseQrSummary(qr.text.split('#')[1] ?? '')).toEqual({
      serial: 'XS-2024-320400-000123',
      fromYear: 2024,
      toYear: 2024,
      public: 24,
      professional: 62,
      total: 86,
      compliant: true,
      kid: 'ed25519-2026-01',
      signature: 'A'.repeat(86),
    })
  })

  it('holds the URL alone when URL and summary would not fit a readable code', () => {
    const cert = { ...certificate(), verifyUrl: `https://xueshi.example.gov.cn/verify/${'x'.repeat(150)}` }
    expect(certificateQr(cert).text).toBe(cert.verifyUrl)
  })

  it('holds the URL alone without an Ed25519 signature', () => {
    const cert = { ...certificate(), signatures: [] }
    expect(qrSummary(cert)).toBeUndefined()
    expect(certificateQr(cert).text).toBe(cert.verifyUrl)
  })
})

describe('parseQrSummary', () => {
  it.each([
    ['nothing', ''],
    ['another prefix', 'xs2;a;2024-2024;1;2;3;1;k;s'],
    ['a bad figure', 'xs1;a;2024-2024;x;2;3;1;k;s'],
    ['bad escapes', 'xs1;%E0;2024-2024;1;2;3;1;k;s'],
  ])('reads %s as no summary', (_, fragment) => {
    expect(parseQrSummary(fragment)).toBeUndefined()
  })
})
