import { randomBytes } from 'node:crypto'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { cell, sheetXml, xlsx, zip } from '../../test/zip.js'
import { FILE_LIMITS } from './file-limits.js'
import { type XlsxRow, xlsxRows } from './xlsx-rows.js'

const rowsOf = async (bytes: Buffer, limits = FILE_LIMITS) => {
  const out: XlsxRow[] = []
  for await (const r of xlsxRows(bytes, limits)) out.push(r)
  return out
}
const texts = (r: XlsxRow | undefined) => r?.cells.map((c) => c.text)

describe('xlsxRows', () => {
  it('keeps multi-byte characters whole across chunks, over many rows', async () => {
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('花名册')
    sheet.addRow(['身份证号', '姓名', '学时'])
    for (let n = 0; n < 20_000; n++) sheet.addRow([`id${n}`, `学员${n}𠮷`, 20])
    const rows = await rowsOf(Buffer.from(await book.xlsx.writeBuffer()))
    expect(rows).toHaveLength(20_001)
    expect(rows[0]).toEqual({
      row: 1,
      cells: [
        { column: 0, text: '身份证号', numeric: false },
        { column: 1, text: '姓名', numeric: false },
        { column: 2, text: '学时', numeric: false },
      ],
    })
    const wrong = rows
      .slice(1)
      .filter((r, i) => texts(r)?.join() !== `id${i},学员${i}𠮷,20` || !r.cells[2]?.numeric)
    expect(wrong).toEqual([])
  })

  it('places cells by their reference, leaving gaps out', async () => {
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('a')
    sheet.getCell('A1').value = 'x'
    sheet.getCell('C1').value = 'z'
    const [row] = await rowsOf(Buffer.from(await book.xlsx.writeBuffer()))
    expect(row?.cells.map((c) => [c.column, c.text])).toEqual([
      [0, 'x'],
      [2, 'z'],
    ])
  })
})

describe('xlsxRows refuses hostile files, naming the limit', () => {
  const heading = cell('A1', '身份证号') + cell('B1', '姓名')
  const read = (bytes: Buffer, limits = FILE_LIMITS) => rowsOf(bytes, limits)

  it('a relationship id is matched as text, never as a pattern', async () => {
    // The old reader built a RegExp from this id: (x+x+)+y against a long run of x backtracked for minutes.
    const id = '(x+x+)+y'
    const workbook = `<workbook xmlns:r="r"><sheets><sheet name="a" sheetId="1" r:id="${id}"/></sheets></workbook>`
    const rels = `<Relationships><Relationship Id="${'x'.repeat(40)}" Target="worksheets/sheet1.xml"/><Relationship Id="${id}" Target="worksheets/other.xml"/></Relationships>`
    const file = xlsx(sheetXml([cell('A1', '第一张')]), {
      'xl/workbook.xml': workbook,
      'xl/_rels/workbook.xml.rels': rels,
      'xl/worksheets/other.xml': sheetXml([cell('A1', '关系指向的那张')]),
    })
    expect(texts((await read(file))[0])).toEqual(['关系指向的那张'])
  })

  it('columns up to XFD are read; a reference past it (XFE, HAAAAA2) is refused', async () => {
    const [, row] = await read(xlsx(sheetXml([heading, cell('XFD2', '最后一列')])))
    expect(row?.cells).toEqual([{ column: 16_383, text: '最后一列', numeric: false }])
    for (const ref of ['XFE2', 'HAAAAA2', `${'A'.repeat(100_000)}2`]) {
      await expect(read(xlsx(sheetXml([heading, cell(ref, 'x')])))).rejects.toThrow(
        '第2行：单元格位置超出最后一列 XFD',
      )
    }
  })

  it('a cell of 32,767 characters is read; one longer is refused by row and column', async () => {
    const [, row] = await read(xlsx(sheetXml([heading, cell('B2', '字'.repeat(32_767))])))
    expect(row?.cells[0]?.text).toHaveLength(32_767)
    // Random text, as it would not deflate past the zip-bomb ratio.
    for (const text of ['x'.repeat(32_768), randomBytes(3_750_000).toString('base64')]) {
      await expect(read(xlsx(sheetXml([heading, cell('B2', text)])))).rejects.toThrow(
        '第2行第B列：单元格超过32767个字符',
      )
    }
  })

  it('a shared string longer than a cell, or more shared strings than allowed, is refused', async () => {
    const strings = (list: string[]) => `<sst>${list.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`
    const sheet = sheetXml(['<c r="A1" t="s"><v>0</v></c>'])
    await expect(
      read(xlsx(sheet, { 'xl/sharedStrings.xml': strings(['x'.repeat(1_000_000)]) })),
    ).rejects.toThrow('xlsx 文件中有单元格超过32767个字符')
    await expect(
      read(xlsx(sheet, { 'xl/sharedStrings.xml': strings(['a', 'b', 'c', 'd']) }), {
        ...FILE_LIMITS,
        maxSharedStrings: 3,
      }),
    ).rejects.toThrow('xlsx 文件的共享字符串超过3个')
  })

  it('rows past the limit are refused', async () => {
    const rows = [heading, ...['2', '3', '4'].map((r) => cell(`A${r}`, r))]
    expect(await read(xlsx(sheetXml(rows)), { ...FILE_LIMITS, maxRows: 3 })).toHaveLength(4)
    await expect(read(xlsx(sheetXml(rows)), { ...FILE_LIMITS, maxRows: 2 })).rejects.toThrow('文件超过2行')
  })

  it('zip bombs are refused: by declared size, by ratio, and by a header that lies about the size', async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024)
    const declared = zip([{ name: 'xl/worksheets/sheet1.xml', data: '<a/>', declaredSize: 2 ** 32 - 2 }])
    await expect(read(declared)).rejects.toThrow('xlsx 文件中有条目解压后超过256MB')
    await expect(read(xlsx(zeros))).rejects.toThrow('压缩比超过200倍（疑似压缩炸弹）')
    // It says 100 bytes; inflating stops at the 101st, not at the 20 MB it holds.
    const liar = zip([{ name: 'xl/worksheets/sheet1.xml', data: zeros, declaredSize: 100 }])
    await expect(read(liar)).rejects.toThrow('不是有效的 xlsx 文件（压缩包已损坏）')
  })

  it('too many entries, elements nested too deep, and bytes that are not a zip are refused', async () => {
    const many = Array.from({ length: 1_001 }, (_, i) => ({ name: `x/${i}`, data: '' }))
    await expect(read(xlsx(sheetXml([heading]), {}, many))).rejects.toThrow('xlsx 文件中的条目超过1000个')
    const deep = sheetXml([`${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}`])
    await expect(read(xlsx(deep))).rejects.toThrow('元素嵌套过深')
    await expect(read(Buffer.from('PK\x03\x04 not really a zip'))).rejects.toThrow('压缩包已损坏')
  })
})
