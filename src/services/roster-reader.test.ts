import { describe, expect, it } from 'vitest'
import { xlsx } from '../../test/zip.js'
import { FILE_LIMITS } from './file-limits.js'
import { readRosterFile } from './roster-reader.js'

const linesOf = async (bytes: Buffer, limits = FILE_LIMITS) => {
  const out = []
  for await (const line of readRosterFile(bytes, limits)) out.push(line)
  return out
}

describe('readRosterFile (a worker thread)', () => {
  it('hands every line over, in order, across its thousand-line messages', async () => {
    const csv = ['身份证号,姓名', ...Array.from({ length: 4_321 }, (_, i) => `id${i},学员${i}`)]
    const lines = await linesOf(Buffer.from(csv.join('\r\n')))
    expect(lines).toHaveLength(4_321)
    expect(lines.filter((l, i) => l.line !== i + 2 || l.values.name !== `学员${i}`)).toEqual([])
  })

  it('a file that fills the worker’s heap is refused; the server’s own heap never held it', async () => {
    const limits = { ...FILE_LIMITS, workerHeapMb: 16, maxZipRatio: 100_000 }
    expect(await linesOf(Buffer.from('身份证号,姓名\r\n1,张三'), limits)).toHaveLength(1)
    // 2,000 shared strings of 30,000 characters: 60 MB, for a heap of 16 MB.
    const strings = Array.from(
      { length: 2_000 },
      (_, i) => `<si><t>${String(i).padEnd(30_000, 'x')}</t></si>`,
    )
    const file = xlsx('<worksheet><sheetData/></worksheet>', {
      'xl/sharedStrings.xml': `<sst>${strings.join('')}</sst>`,
    })
    await expect(linesOf(file, limits)).rejects.toThrow('文件过大：读取时超出内存限制')
  })

  it('a file that takes longer than the time limit to read is refused', async () => {
    const csv = ['身份证号,姓名', ...Array.from({ length: 100_000 }, (_, i) => `id${i},学员${i}`)]
    await expect(linesOf(Buffer.from(csv.join('\r\n')), { ...FILE_LIMITS, parseSeconds: 0 })).rejects.toThrow(
      '文件读取超过0秒',
    )
  })
})
