import { randomBytes } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UNVERIFIABLE } from '../src/services/scope.js'
import { type Client, multipart, startApi } from './api-helpers.js'
import { DATABASES } from './database.js'
import { onlineProject, rosterIdNumber } from './people.js'
import { cell, sheetXml, xlsx, zip } from './zip.js'

// Every uploaded file is hostile until read (issue #9, item 2): each one here is refused with one plain
// line naming the limit, stores nothing, and never holds up the server.
const MAX_ROWS = 5_000
const heading = cell('A1', '身份证号') + cell('B1', '姓名')
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

describe.each(DATABASES)('hostile files at the roster door on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let institution: Client
  let projectId: string
  beforeAll(async () => {
    api = await startApi(kind, { maxUploadRows: MAX_ROWS })
    institution = await api.as('institution')
    projectId = await onlineProject(api.d.db, '网络培训')
  })
  afterAll(() => api.stop())

  const upload = (filename: string, bytes: Buffer, type = 'text/csv') => {
    const file = multipart(filename, bytes, type)
    return institution.request('POST', `/api/projects/${projectId}/rosters`, file.body, file.headers)
  }
  const csv = (lines: string[]) => upload('花名册.csv', Buffer.from(lines.join('\r\n')))
  const book = (bytes: Buffer) => upload('花名册.xlsx', bytes, XLSX)
  /** Refused with this status and one plain line; no roster and no line of one was stored. */
  const refused = async (res: LightMyRequestResponse, status: number, message: string) => {
    expect(res.statusCode).toBe(status)
    expect(res.json().error.message).toContain(message)
    expect(res.body).not.toMatch(/\bat \S+:\d+|node_modules|Error\b/)
    const rosters = await api.d.db
      .selectFrom('roster')
      .select('id')
      .where('project_id', '=', projectId)
      .execute()
    expect(rosters).toEqual([])
  }

  describe('xlsx', () => {
    it('a relationship id that made the old reader backtrack for minutes is read at once; /api/health answers meanwhile', async () => {
      const id = '(x+x+)+y' // was built into a RegExp and run against the 32 x below: 2^32 steps
      const file = xlsx(sheetXml([heading, cell('A2', rosterIdNumber(1)) + cell('B2', '某人')]), {
        'xl/workbook.xml': `<workbook xmlns:r="r"><sheets><sheet name="a" sheetId="1" r:id="${id}"/></sheets></workbook>`,
        'xl/_rels/workbook.xml.rels': `<Relationships><Relationship Id="${'x'.repeat(32)}" Target="worksheets/sheet1.xml"/></Relationships>`,
      })
      const pending = book(file)
      const health = await api.app.inject({ method: 'GET', url: '/api/health' })
      expect(health.statusCode).toBe(200)
      const res = await pending
      expect(res.statusCode).toBe(400)
      expect(res.json().error.rows).toEqual([{ row: 2, column: '身份证号', reason: UNVERIFIABLE }])
    })

    it('a cell of millions of characters is refused by row and column', async () => {
      const huge = randomBytes(3_000_000).toString('base64')
      await refused(
        await book(xlsx(sheetXml([heading, cell('A2', rosterIdNumber(1)) + cell('B2', huge)]))),
        400,
        '第2行第B列：单元格超过32767个字符',
      )
    })

    it('a cell reference past XFD (HAAAAA2) is refused', async () => {
      await refused(
        await book(xlsx(sheetXml([heading, cell('HAAAAA2', 'x')]))),
        400,
        '第2行：单元格位置超出最后一列 XFD',
      )
    })

    it('zip bombs are refused: a high ratio, a size past the limit, a header that lies', async () => {
      const zeros = Buffer.alloc(50 * 1024 * 1024, ' ')
      await refused(await book(xlsx(zeros)), 413, '压缩比超过200倍（疑似压缩炸弹）')
      const declared = zip([{ name: 'xl/worksheets/sheet1.xml', data: '<a/>', declaredSize: 2 ** 32 - 2 }])
      await refused(await book(declared), 413, 'xlsx 文件中有条目解压后超过256MB')
      await refused(
        await book(zip([{ name: 'xl/worksheets/sheet1.xml', data: zeros, declaredSize: 1000 }])),
        400,
        '压缩包已损坏',
      )
    })

    it('more rows than the deployment allows, or more zip entries than an xlsx has, are refused', async () => {
      const rows = Array.from({ length: MAX_ROWS + 1 }, (_, i) => cell(`A${i + 2}`, `${i}`))
      await refused(await book(xlsx(sheetXml([heading, ...rows]))), 413, `文件超过${MAX_ROWS}行`)
      const entries = Array.from({ length: 1_001 }, (_, i) => ({ name: `x/${i}.xml`, data: '' }))
      await refused(await book(xlsx(sheetXml([heading]), {}, entries)), 413, 'xlsx 文件中的条目超过1000个')
    })

    it('/api/health answers while a large file is being read', async () => {
      // 2,000 rows of 1,000 cells in columns the roster does not use: seconds of reading, no line to check.
      const wide = Array.from(
        { length: 1_000 },
        (_, c) => `<c r="${String.fromCharCode(67 + (c % 20))}${c}"/>`,
      ).join('')
      const file = xlsx(sheetXml([heading, ...Array.from({ length: 2_000 }, () => wide)]))
      let done = false
      const pending = book(file).finally(() => {
        done = true
      })
      const health = await api.app.inject({ method: 'GET', url: '/api/health' })
      expect(health.statusCode).toBe(200)
      expect(done).toBe(false)
      await refused(await pending, 400, '花名册没有人员')
    })
  })

  describe('CSV', () => {
    it('more rows than the deployment allows are refused', async () => {
      const lines = Array.from({ length: MAX_ROWS + 1 }, (_, i) => `${rosterIdNumber(i)},学员${i}`)
      await refused(await csv(['身份证号,姓名', ...lines]), 413, `文件超过${MAX_ROWS}行`)
    })

    it('a cell, a line or a count of fields past its limit is refused, naming the line', async () => {
      await refused(
        await csv(['身份证号,姓名', `1,${'x'.repeat(40_000)}`]),
        400,
        '第2行第B列：单元格超过32767个字符',
      )
      const long = Array.from({ length: 40 }, () => 'x'.repeat(30_000)).join(',')
      await refused(await csv(['身份证号,姓名', long]), 400, '第2行：超过1048576个字符')
      await refused(await csv(['身份证号,姓名', ','.repeat(20_000)]), 400, '第2行：超过16384列')
    })

    it('a large file of bad rows gets a bounded reply: the first 1,000 problems and the count, no annotated copy', async () => {
      // 2,500 lines of 4 KB: 10 MB, past the 8 MB up to which the file comes back annotated.
      const lines = Array.from({ length: 2_500 }, (_, i) => `坏${i},${'名'.padEnd(4_000, '字')}`)
      const res = await csv(['身份证号,姓名', ...lines])
      expect(res.statusCode).toBe(400)
      expect(res.body.length).toBeLessThan(500_000)
      expect(res.json().error.rows).toHaveLength(1_000)
      expect(res.json().error.message).toMatch(/^2500 处错误，整份未导入/)
      expect(res.json().annotated).toBeUndefined()
    })

    it('the annotated CSV neutralises cells that Excel would run as formulas', async () => {
      const res = await csv([
        '身份证号,姓名,学时',
        `${rosterIdNumber(1)},"=HYPERLINK(""http://x"")",+1`,
        '-2+3,@SUM(A1),"\tx"',
        `"\r=1",张三,10`,
      ])
      expect(res.statusCode).toBe(400)
      const lines = Buffer.from(res.json().annotated.base64, 'base64').subarray(3).toString().split('\r\n')
      expect(lines[1]).toMatch(/^\d{17}[\dX],"'=HYPERLINK\(""http:\/\/x""\)",'\+1,/)
      expect(lines[2]).toMatch(/^'-2\+3,'@SUM\(A1\),'\tx,/)
      expect(lines[3]).toMatch(/^"'\r=1",张三,10,/)
    })

    it('a file over 64 MB is refused in plain words', async () => {
      await refused(await csv(['身份证号,姓名', 'x'.repeat(65 * 1024 * 1024)]), 413, '文件超过64MB')
    })
  })

  it('JSON: more rows than the deployment allows are refused', async () => {
    const rows = Array.from({ length: MAX_ROWS + 1 }, (_, i) => ({
      idNumber: rosterIdNumber(i),
      name: `学员${i}`,
    }))
    await refused(
      await institution.request('POST', `/api/projects/${projectId}/rosters`, { rows }),
      413,
      `花名册超过${MAX_ROWS}行`,
    )
  })
  describe('JSON', () => {
    const post = (payload: string) =>
      institution.request('POST', `/api/projects/${projectId}/rosters`, payload, {
        'content-type': 'application/json',
      })

    it('/api/health answers while a large JSON roster is parsed (in the roster worker, not the event loop)', async () => {
      // MAX_ROWS + 1 rows with long names: megabytes of JSON, refused only once parsed.
      const rows = Array.from({ length: MAX_ROWS + 1 }, (_, i) => ({
        idNumber: `${i}`,
        name: '名'.repeat(2_000),
      }))
      let done = false
      const pending = post(JSON.stringify({ rows })).finally(() => {
        done = true
      })
      const health = await api.app.inject({ method: 'GET', url: '/api/health' })
      expect(health.statusCode).toBe(200)
      expect(done).toBe(false)
      await refused(await pending, 413, `花名册超过${MAX_ROWS}行`)
    })

    it('a body that is not JSON, or a NUL in a name, is refused naming where', async () => {
      const broken = await post('{"rows": [')
      expect(broken.json().error.field).toBe('body')
      await refused(broken, 400, '不是有效的 JSON')
      const nul = await post('{"rows": [{"idNumber": "1", "name": "张\\u0000三"}]}')
      expect(nul.json().error.field).toBe('rows.0.name')
      await refused(nul, 400, '含有空字符')
    })
  })
})
