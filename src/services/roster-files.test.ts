import { describe, expect, it } from 'vitest'
import { FILE_LIMITS } from './file-limits.js'
import { rosterCsvLines } from './roster-files.js'

const linesOf = async (text: string, limits = FILE_LIMITS) => {
  const out = []
  for await (const line of rosterCsvLines(Buffer.from(text), limits)) out.push(line)
  return out
}

describe('rosterCsvLines', () => {
  it('keeps a character of two UTF-16 units whole where the text is cut into pieces', async () => {
    let text = '身份证号,姓名'
    while (text.length < 60_000) text += `\r\n1,${'名'.repeat(1_000)}`
    const before = `${text}\r\n2,`
    const name = `${'名'.repeat(65_535 - before.length)}𠮷` // 𠮷's first unit is the 65,536th character
    const lines = await linesOf(`${before}${name}\r\n3,乙`)
    expect(lines.slice(-2).map((l) => l.values.name)).toEqual([name, '乙'])
  })

  it('refuses the line past the row limit, naming the limit', async () => {
    const text = ['身份证号,姓名', '1,甲', '2,乙', '3,丙'].join('\r\n')
    expect(await linesOf(text, { ...FILE_LIMITS, maxRows: 3 })).toHaveLength(3)
    await expect(linesOf(text, { ...FILE_LIMITS, maxRows: 2 })).rejects.toThrow('文件超过2行')
  })
})
