import { describe, expect, it } from 'vitest'
import { annotateCsv, neutralise } from './roster-annotate.js'

describe('annotateCsv', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+86', "'+86"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['周一鸣', '周一鸣'],
    ['3.5', '3.5'],
  ])('%j is written as %j', (cell, safe) => {
    expect(neutralise(cell)).toBe(safe)
  })

  it('writes each line again from its cells, none of which can run as a formula', () => {
    const csv = ['身份证号,姓名,学时', '"=HYPERLINK(""http://x"")","@张三",-5', '', '"a,b",王五,10'].join(
      '\r\n',
    )
    const text = annotateCsv(csv, [{ row: 2, column: '学时', reason: '须为大于0的数字' }])
      .subarray(3)
      .toString()
    expect(text.split('\r\n')).toEqual([
      '身份证号,姓名,学时,错误',
      `"'=HYPERLINK(""http://x"")",'@张三,'-5,学时：须为大于0的数字`,
      '',
      '"a,b",王五,10,',
    ])
  })
})
