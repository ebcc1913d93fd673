import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { xlsxRows } from './xlsx-rows.js'

describe('xlsxRows', () => {
  it('keeps multi-byte characters whole across chunks, over many rows', async () => {
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('花名册')
    sheet.addRow(['身份证号', '姓名', '学时'])
    for (let n = 0; n < 20_000; n++) sheet.addRow([`id${n}`, `学员${n}𠮷`, 20])
    const rows = []
    for await (const r of xlsxRows(Buffer.from(await book.xlsx.writeBuffer()))) rows.push(r)
    expect(rows).toHaveLength(20_001)
    expect(rows[0]).toEqual({ row: 1, cells: ['身份证号', '姓名', '学时'], numeric: [false, false, false] })
    const wrong = rows
      .slice(1)
      .filter((r, i) => r.cells[1] !== `学员${i}𠮷` || r.cells[2] !== '20' || !r.numeric[2])
    expect(wrong).toEqual([])
  })

  it('places cells by their reference, leaving gaps empty', async () => {
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('a')
    sheet.getCell('A1').value = 'x'
    sheet.getCell('C1').value = 'z'
    const [row] = await (async () => {
      const out = []
      for await (const r of xlsxRows(Buffer.from(await book.xlsx.writeBuffer()))) out.push(r)
      return out
    })()
    expect(row?.cells).toEqual(['x', '', 'z'])
  })
})
