import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { certificate, longCertificate, qingdaoWindow } from '../../test/certificate-fixtures.js'
import type { SignedCertificate } from './certificate-content.js'
import { UnprintableCharacterError } from './certificate-font.js'
import { PAYLOAD_MARKER } from './certificate-payload.js'
import { certificateFromPdf, renderCertificatePdf } from './certificate-pdf.js'
import { InvalidInputError } from './errors.js'

// pdftotext, pdfinfo and pdfdetach come with poppler-utils (installed by .ci/run).
const dir = mkdtempSync(join(tmpdir(), 'xueshi-cert-'))
const poppler = (tool: string, pdf: Buffer, ...args: string[]) => {
  const file = join(dir, `${tool}-${Math.random().toString(36).slice(2)}.pdf`)
  writeFileSync(file, pdf)
  return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' })
}
/** The text as a reader copies it, with the line breaks of wrapped cells taken out. */
const textOf = (pdf: Buffer) => poppler('pdftotext', pdf).replace(/\s+/g, '')
const squeeze = (s: string) => s.replace(/\s+/g, '')

describe('renderCertificatePdf', () => {
  let one: Buffer
  beforeAll(async () => {
    one = await renderCertificatePdf(certificate())
  })

  it('prints the name with 𠮷 (U+20BB7), the masked ID, figures, clauses, issuer and Chinese date', () => {
    const text = textOf(one)
    for (const s of [
      '继续教育学时登记证书',
      '张𠮷',
      '320***********1234',
      '常州精密机械股份有限公司',
      '常人社规〔2024〕2号',
      '2024年度',
      '数控机床热误差补偿方法研究',
      '苏人社函〔2023〕308号四（九）',
      '共86学时',
      '共72学时',
      '达标',
      '证书编号：XS-2024-320400-000123',
      '常州市人力资源和社会保障局',
      '二〇二六年十二月二日',
      'https://xueshi.rsj.changzhou.gov.cn/verify/Vx3kP9qL2mN8rT5wY7zA1b',
    ])
      expect(text).toContain(squeeze(s))
  })

  it('is one A4 page, the same bytes for the same certificate, dated when issued', async () => {
    const info = poppler('pdfinfo', one)
    expect(info).toMatch(/Pages:\s+1\n/)
    expect(info).toContain('595.28 x 841.89 pts (A4)')
    expect(info).toMatch(/CreationDate:.*2026/)
    expect((await renderCertificatePdf(certificate())).equals(one)).toBe(true)
  })

  it('embeds a subset of the font, not the whole collection', () => {
    expect(one.length).toBeLessThan(400_000)
    expect(poppler('pdffonts', one)).toMatch(
      /\+NotoS\w+CJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes yes yes/,
    )
  })

  it('prints 䶮 (U+4DAE) and 40 activities over several pages, the table header on each', async () => {
    const pdf = await renderCertificatePdf(longCertificate())
    const pages = Number(poppler('pdfinfo', pdf).match(/Pages:\s+(\d+)/)?.[1])
    expect(pages).toBeGreaterThan(1)
    const text = poppler('pdftotext', pdf)
    expect(squeeze(text)).toContain('李䶮')
    for (let i = 1; i <= 40; i++)
      expect(squeeze(text)).toContain(i % 7 === 1 ? `第${i}期机械工程` : `专业课程第${i}讲`)
    const perPage = text.split('\f').filter((p) => p.trim())
    expect(perPage).toHaveLength(pages)
    const withTable = perPage.filter((p) => p.includes('认定依据') && p.includes('项目名称'))
    expect(withTable.length).toBeGreaterThanOrEqual(pages - 1) // the last page may hold only the closing
    expect(squeeze(perPage.at(-1) ?? '')).toContain(`第${pages}页共${pages}页`)
    expect(squeeze(text)).toContain('共105学时')
  })

  it('prints a Qingdao window as 学时证明 for 2021—2023', async () => {
    const text = textOf(await renderCertificatePdf(qingdaoWindow()))
    for (const s of [
      '继续教育学时证明',
      '2021—2023年（3年周期）',
      '青人社字〔2023〕14号三（四）',
      '共132学时',
      '青岛市人力资源和社会保障局',
    ])
      expect(text).toContain(squeeze(s))
    expect(text).not.toContain('继续教育学时登记证书')
  })

  it('refuses a name with a character the font lacks, naming it, rather than print a blank', async () => {
    const error = await renderCertificatePdf(certificate({ name: '张\uE000' })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnprintableCharacterError)
    expect((error as Error).message).toBe('字段「person.name」：证书无法打印"\uE000"（U+E000）：字体缺少此字')
  })

  it('refuses such a character wherever it is, naming the field', async () => {
    const cert = certificate()
    const bad = structuredClone(cert)
    ;(bad.content.activities[1] as { subject: string }).subject = '课程\uE001'
    await expect(renderCertificatePdf(bad)).rejects.toThrow(
      '字段「activities.1.subject」：证书无法打印"\uE001"',
    )
  })

  it('refuses a malformed certificate with a plain message', async () => {
    const bad = { ...certificate(), verifyUrl: 'javascript:alert(1)' } as SignedCertificate
    await expect(renderCertificatePdf(bad)).rejects.toThrow(InvalidInputError)
  })
})

describe('certificateFromPdf', () => {
  let cert: SignedCertificate
  let pdf: Buffer
  beforeAll(async () => {
    cert = certificate()
    pdf = await renderCertificatePdf(cert)
  })

  it('reads back the whole signed certificate', () => {
    expect(certificateFromPdf(pdf)).toEqual(cert)
  })

  it('holds it as an attachment any PDF tool lists', () => {
    expect(poppler('pdfdetach', pdf, '-list')).toContain('xueshi-certificate.json')
  })

  it('a changed byte anywhere in the payload is refused or reads back as other content', () => {
    const at = pdf.indexOf(PAYLOAD_MARKER, 0, 'latin1')
    const start = pdf.indexOf('stream\n', at, 'latin1') + 'stream\n'.length
    const end = pdf.indexOf('\nendstream', start, 'latin1')
    let refused = 0
    for (let i = start; i < end; i += 7) {
      const copy = Buffer.from(pdf)
      copy[i] = (copy[i] as number) ^ 0x20
      try {
        expect(certificateFromPdf(copy)).not.toEqual(cert)
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidInputError)
        refused++
      }
    }
    expect(refused).toBeGreaterThan(0)
  })

  it.each([
    ['empty', Buffer.alloc(0), '不是 PDF 文件'],
    ['not a PDF', Buffer.from('hello world'), '不是 PDF 文件'],
    [
      'a PDF without a payload',
      Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF'),
      '没有本系统出具的证书数据',
    ],
    [
      'too large',
      Buffer.concat([Buffer.from('%PDF-1.3\n'), Buffer.alloc(21 * 1024 * 1024)]),
      '文件超过 20 MB',
    ],
  ])('refuses %s with a plain message', (_, input, message) => {
    expect(() => certificateFromPdf(input)).toThrow(InvalidInputError)
    expect(() => certificateFromPdf(input)).toThrow(message)
  })

  it('refuses a truncated certificate', () => {
    const at = pdf.indexOf(PAYLOAD_MARKER, 0, 'latin1')
    expect(() => certificateFromPdf(pdf.subarray(0, at + 400))).toThrow(InvalidInputError)
  })
})
