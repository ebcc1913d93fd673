import { execFileSync } from 'node:child_process'
import { createWriteStream, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { certificate } from '../../test/certificate-fixtures.js'
import type { SignedCertificate } from './certificate-content.js'
import { certificateZip, safeFileName } from './certificate-zip.js'

const dir = mkdtempSync(join(tmpdir(), 'xueshi-zip-'))

async function* staff(n: number): AsyncIterable<{ cert: SignedCertificate; fileName?: string }> {
  for (let i = 1; i <= n; i++)
    yield {
      cert: certificate({
        name: i === 2 ? '王/../𠮷' : `员工${i}`,
        serial: `XS-2024-320400-${String(i).padStart(6, '0')}`,
      }),
    }
}

describe('certificateZip', () => {
  it('streams 30 certificates, stored, one entry each, reporting progress', async () => {
    const file = join(dir, 'staff.zip')
    const progress: [number, number | undefined][] = []
    await pipeline(
      certificateZip(staff(30), { total: 30, onProgress: (d, t) => progress.push([d, t]) }),
      createWriteStream(file),
    )
    const listing = execFileSync('unzip', ['-v', file], { encoding: 'utf8' })
    const entries = listing.split('\n').filter((l) => l.includes('.pdf'))
    expect(entries).toHaveLength(30)
    expect(entries.every((l) => /\sStored\s/.test(l))).toBe(true)
    expect(execFileSync('unzip', ['-l', file], { encoding: 'utf8' })).toContain(
      'XS-2024-320400-000001-员工1.pdf',
    )
    expect(progress).toHaveLength(30)
    expect(progress.at(-1)).toEqual([30, 30])
    execFileSync('unzip', ['-tq', file]) // every entry's CRC checks
  }, 180_000)

  it('names entries by serial and name with no path in them, repeated names numbered', async () => {
    const file = join(dir, 'names.zip')
    const fake = async () => Buffer.from('%PDF-1.3\n%%EOF\n')
    async function* items() {
      yield* staff(2)
      yield { cert: certificate({ name: '李四' }), fileName: '../../etc/a.pdf' }
      yield { cert: certificate({ name: '李四' }), fileName: '../../etc/a.pdf' }
    }
    await pipeline(certificateZip(items(), { render: fake }), createWriteStream(file))
    const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n')
    expect(names).toEqual([
      'XS-2024-320400-000001-员工1.pdf',
      'XS-2024-320400-000002-王_.._𠮷.pdf',
      '_.._etc_a.pdf',
      '_.._etc_a (2).pdf',
    ])
  })

  it('ends the stream with the error when a certificate cannot be made', async () => {
    const render = async () => {
      throw new Error('证书无法打印')
    }
    await expect(
      pipeline(certificateZip(staff(2), { render }), createWriteStream(join(dir, 'bad.zip'))),
    ).rejects.toThrow('证书无法打印')
  })

  it('stops rendering when the reader goes away', async () => {
    let rendered = 0
    const render = async () => {
      rendered++
      return Buffer.alloc(200_000, 1)
    }
    const out = certificateZip(staff(1_000), { render })
    out.once('data', () => out.destroy())
    await new Promise((r) => out.on('close', r))
    await new Promise((r) => setTimeout(r, 50))
    expect(rendered).toBeLessThan(5)
  })
})

describe('safeFileName', () => {
  it.each([
    ['XS-1-张三', 'XS-1-张三.pdf'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a_b_c_d_e_f_g_h_i_j.pdf'],
    ['...hidden', 'hidden.pdf'],
    ['x\u0000y\n', 'x_y_.pdf'],
    ['', 'certificate.pdf'],
    ['报告.PDF', '报告.pdf'],
  ])('%j → %j', (input, output) => {
    expect(safeFileName(input)).toBe(output)
  })
})
