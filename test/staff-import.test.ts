import ExcelJS from 'exceljs'
import type { LightMyRequestResponse } from 'fastify'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { verifyChain } from '../src/services/audit.js'
import { personKeyOf } from '../src/services/secrets.js'
import { IS_TRANSFER } from '../src/services/staff-import.js'
import { type Client, multipart, startApi } from './api-helpers.js'
import { DATABASES, TEST_SECRETS } from './database.js'
import { signInFor } from './org-accounts.js'
import { registerStaff } from './people.js'
import { xlsx as handMade, zip } from './zip.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const HEADINGS = ['姓名', '公民身份号码', '职称系列', '职称级别', '部门', '入职日期']
type Row = (string | number | undefined)[]

/** An xlsx as an employer would fill the template in Excel. */
async function book(rows: Row[], headings = HEADINGS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet('员工名单')
  sheet.addRow(headings)
  for (const r of rows) sheet.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

let serial = 0
/** A fresh valid ID number (Changzhou, born 1985), never used before in this file. */
const newId = () => {
  serial += 1
  return makeResidentId(
    '320402',
    `1985${String((serial % 12) + 1).padStart(2, '0')}1${serial % 10}`,
    300 + serial,
  )
}

describe.each(DATABASES)('staff import on %s', (kind) => {
  let api: Awaited<ReturnType<typeof startApi>>
  let employer: Client
  let employerOrg: string
  beforeAll(async () => {
    api = await startApi(kind)
    employer = await api.as('employer')
    employerOrg = (
      await api.d.db
        .selectFrom('app_user')
        .select('organisation_id')
        .where('username', '=', 'demo-employer')
        .executeTakeFirstOrThrow()
    ).organisation_id as string
  }, 120_000)
  afterAll(() => api.stop())

  const upload = (client: Client, bytes: Buffer, filename = '员工.xlsx', type = XLSX) => {
    const file = multipart(filename, bytes, type)
    return client.request('POST', '/api/staff/import', file.body, file.headers)
  }
  const key = (idNumber: string) => personKeyOf(TEST_SECRETS, idNumber)
  const persons = async (ids: string[]) =>
    ids.length === 0
      ? 0
      : (await api.d.db.selectFrom('person').selectAll().where('person_key', 'in', ids.map(key)).execute())
          .length
  const employments = async (idNumber: string) =>
    api.d.db
      .selectFrom('employment')
      .selectAll()
      .where('person_key', '=', key(idNumber))
      .where('to_date', 'is', null)
      .execute()
  const imports = async () =>
    (
      await api.d.db.selectFrom('audit_event').select('after').where('action', '=', 'staff.import').execute()
    ).map((r) => JSON.parse(r.after as string))
  /** Refused whole with these row errors, and nothing of the file written. */
  const refusedWith = async (res: LightMyRequestResponse, ids: string[]) => {
    expect(res.statusCode, res.body).toBe(400)
    const body = res.json()
    expect(body.error.code).toBe('invalid_rows')
    expect(await persons(ids.filter((id) => id.length === 18))).toBe(0)
    return body as {
      error: { rows: { row: number; column: string; reason: string }[] }
      annotated?: { filename: string; base64: string }
    }
  }

  it('the template has the columns, in Chinese, with drop-down lists', async () => {
    const res = await employer.request('GET', '/api/staff/import-template')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe(XLSX)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = wb.worksheets[0] as ExcelJS.Worksheet
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual(HEADINGS)
    expect(sheet.getRow(2).getCell(3).dataValidation?.formulae?.[0]).toContain('工程技术')
    expect(sheet.getRow(2).getCell(4).dataValidation?.formulae?.[0]).toBe('"未评定,初级,中级,副高级,正高级"')
  })

  it('a good file registers new persons, links a registered one employed nowhere, and is audited', async () => {
    const [a, b, c] = [newId(), newId(), newId()]
    // Registered before (a sign-up, a roster, another employer's past import), employed nowhere now.
    const known = newId()
    const knownKey = await registerStaff(api.d.db, known, '林知秋')
    const res = await upload(
      employer,
      await book([
        ['张三', a, '工程技术', '中级', '设计部', '2024-03-01'],
        ['李四', b, '卫生', '副高级', '', ''],
        ['王𬌗', c.toLowerCase(), 'engineering', '正高', '设计部'],
        ['林知秋', known, '卫生', '中级'],
      ]),
    )
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({ rows: 4, created: 3, linked: 1, unchanged: 0 })
    // Registered as 初级; the file's 中级 is read, not written.
    expect(body.notes).toEqual([{ row: 5, column: '职称级别', reason: '登记为「初级」，未修改' }])
    // The same person, never a second one; stored protected: masked and sealed, the number nowhere in clear.
    expect(await persons([known])).toBe(1)
    const stored = await api.d.db
      .selectFrom('person')
      .selectAll()
      .where('person_key', '=', key(a))
      .executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ name: '张三', series: 'engineering', title_level: 'intermediate' })
    const org = await api.d.db
      .selectFrom('organisation')
      .select('region_code')
      .where('id', '=', employerOrg)
      .executeTakeFirstOrThrow()
    expect(stored.region_code).toBe(org.region_code)
    expect(stored.id_masked).not.toContain(a.slice(6, 14))
    expect(Buffer.from(stored.id_cipher).toString('latin1')).not.toContain(a)
    expect(await employments(a)).toMatchObject([
      { organisation_id: employerOrg, department: '设计部', relation: 'employee' },
    ])
    expect(String((await employments(b))[0]?.from_date)).toMatch(/^\d{4}-\d{2}-\d{2}|\w{3} /)
    expect((await employments(known))[0]?.organisation_id).toBe(employerOrg)
    expect((await employments(known))[0]?.person_key).toBe(knownKey)
    // The staff list shows them.
    const staff = await employer.request('GET', '/api/staff?name=张三')
    expect(staff.json().items.map((s: { name: string }) => s.name)).toEqual(['张三'])
    // One audit entry for the import with its counts; each person's registration and employment as today.
    expect(await imports()).toEqual([{ rows: 4, created: 3, linked: 1, unchanged: 0 }])
    const perPerson = await api.d.db
      .selectFrom('audit_event')
      .select(['action', 'person_key'])
      .where('person_key', 'in', [a, b, c, known].map(key))
      .where('action', 'in', ['person.register', 'employment.start'])
      .execute()
    // 林知秋 was registered before (registerStaff audits it too): the import registered three.
    expect(perPerson.filter((e) => e.action === 'person.register' && e.person_key !== knownKey)).toHaveLength(
      3,
    )
    expect(perPerson.filter((e) => e.action === 'employment.start')).toHaveLength(4)
    // The per-person events were appended in bulk: the chain still verifies.
    expect((await verifyChain(api.d.db)).ok).toBe(true)

    // The same file again creates nothing, writes no audit entry, and says so.
    const again = await upload(
      employer,
      await book([
        ['张三', a, '工程技术', '中级', '设计部', '2024-03-01'],
        ['李四', b, '卫生', '副高级', '', ''],
        ['王𬌗', c, 'engineering', '正高', '设计部'],
        ['林知秋', known, '卫生', '中级'],
      ]),
    )
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json()).toMatchObject({ rows: 4, created: 0, linked: 0, unchanged: 4 })
    expect(await imports()).toHaveLength(1)
    expect(await employments(a)).toHaveLength(1)
  })

  it('the same file sent twice at once registers each person once: one import, the other finds them unchanged', async () => {
    const ids = [newId(), newId()]
    const file = await book(ids.map((id, i) => [`双发${i}`, id, '统计', '初级']))
    const before = (await imports()).length
    const answers = await Promise.all([upload(employer, file), upload(employer, file)])
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 201])
    expect(answers.map((a) => a.json().created).sort()).toEqual([0, 2])
    expect(await persons(ids)).toBe(2)
    for (const id of ids) expect(await employments(id)).toHaveLength(1)
    expect(await imports()).toHaveLength(before + 1)
  }, 120_000)

  it('the same ID number twice in a file: refused whole, naming both rows', async () => {
    const [a, b] = [newId(), newId()]
    const body = await refusedWith(
      await upload(
        employer,
        await book([
          ['赵一', a, '会计', '初级'],
          ['钱二', b, '会计', '初级'],
          ['赵一', a, '会计', '初级'],
        ]),
      ),
      [a, b],
    )
    expect(body.error.rows).toEqual([{ row: 4, column: '公民身份号码', reason: '与第2行是同一人' }])
  })

  it('invalid ID numbers and other bad cells: every problem by row and column, with the annotated file', async () => {
    const good = newId()
    const wrongCheck = `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`
    const body = await refusedWith(
      await upload(
        employer,
        await book([
          ['孙三', good, '教师', '中级'],
          ['周四', wrongCheck, '教师', '中级'],
          ['', '12345', '木工', '特级', '', '2099-01-01'],
          ['吴五', Number('110105194912310021'), '教师', '中级'],
        ]),
      ),
      [good, wrongCheck],
    )
    const rows = body.error.rows
    expect(rows.filter((r) => r.row === 2)).toEqual([])
    expect(rows).toContainEqual({
      row: 3,
      column: '公民身份号码',
      reason: expect.stringContaining('校验码错误'),
    })
    expect(rows.filter((r) => r.row === 4).map((r) => r.column)).toEqual([
      '公民身份号码',
      '姓名',
      '职称系列',
      '职称级别',
      '入职日期',
    ])
    expect(rows.find((r) => r.row === 4 && r.column === '职称系列')?.reason).toBe(
      '「木工」不是职称系列，请从模板的下拉列表中选择',
    )
    // An 18-digit number typed as a number has lost its last digits: said so.
    expect(rows.find((r) => r.row === 5)?.reason).toContain('数字格式')
    expect(rows.filter((r) => r.row === 5)).toHaveLength(1)
    // No reason repeats an ID number (reasons reach logs).
    expect(JSON.stringify(rows)).not.toContain(wrongCheck)
    const annotated = new ExcelJS.Workbook()
    await annotated.xlsx.load(
      Buffer.from(body.annotated?.base64 as string, 'base64') as unknown as ArrayBuffer,
    )
    const sheet = annotated.worksheets[0] as ExcelJS.Worksheet
    expect(sheet.getRow(1).getCell(7).value).toBe('错误')
    expect(sheet.getRow(2).getCell(7).value).toBeNull()
    expect(String(sheet.getRow(3).getCell(7).value)).toContain('公民身份号码：')
    expect(body.annotated?.filename).toBe('员工导入-错误标注.xlsx')
  })

  it('a person employed elsewhere is a transfer, not an import: row error, nothing taken over', async () => {
    const elsewhere = newId()
    const hospitalStaff = await registerStaff(api.d.db, elsewhere, '冯六', 'demo-agency')
    const fresh = newId()
    const body = await refusedWith(
      await upload(
        employer,
        await book([
          ['陈七', fresh, '卫生', '初级'],
          ['冯六', elsewhere, '卫生', '初级'],
        ]),
      ),
      [fresh],
    )
    expect(body.error.rows).toEqual([{ row: 3, column: '公民身份号码', reason: IS_TRANSFER }])
    expect(IS_TRANSFER).toContain('调入人员')
    const still = await employments(elsewhere)
    expect(still).toHaveLength(1)
    expect(still[0]?.organisation_id).not.toBe(employerOrg)
    expect(still[0]?.person_key).toBe(hospitalStaff)
    // A registered person under another name gets the same answer (no telling which).
    const known = newId()
    await registerStaff(api.d.db, known, '褚八')
    const other = await refusedWith(await upload(employer, await book([['褚捌', known, '卫生', '初级']])), [])
    expect(other.error.rows).toEqual([{ row: 2, column: '公民身份号码', reason: IS_TRANSFER }])
    expect(await employments(known)).toEqual([])
  })

  it('one bad row and nothing is written (all or nothing), then the corrected file imports', async () => {
    const ids = [newId(), newId(), newId()]
    const rows: Row[] = ids.map((id, i) => [`蒋${i}`, id, '经济', '中级'])
    const bad: Row[] = [...rows, ['沈九', '123', '经济', '中级']]
    const before = (await imports()).length
    await refusedWith(await upload(employer, await book(bad)), ids)
    expect(await imports()).toHaveLength(before)
    const good = await upload(employer, await book(rows))
    expect(good.statusCode, good.body).toBe(201)
    expect(good.json()).toMatchObject({ created: 3 })
  })

  it('a CSV in GBK, as Chinese Excel saves it, from a clerk', async () => {
    const clerk = await signInFor(api, '常州天宁精密机械有限公司', 'employer')
    const id = newId()
    const csv = iconv.encode(`${HEADINGS.join(',')}\r\n韩十,${id},护理,初级\r\n`, 'gbk')
    const wrong = await refusedWith(await upload(clerk, csv, '员工.csv', 'text/csv'), [id])
    expect(wrong.error.rows[0]).toMatchObject({ row: 2, column: '职称系列' })
    expect(Buffer.from(wrong.annotated?.base64 as string, 'base64').toString('utf8')).toContain('错误')
    const ok = await upload(
      clerk,
      iconv.encode(`${HEADINGS.join(',')}\r\n韩十,${id},卫生,初级\r\n`, 'gbk'),
      '员工.csv',
      'text/csv',
    )
    expect(ok.statusCode, ok.body).toBe(201)
    expect(await persons([id])).toBe(1)
  })

  it('the agency registers freelancers whose files it holds; an employer importing one of them is told it is a transfer', async () => {
    const agency = await api.as('agency')
    const id = newId()
    const res = await upload(agency, await book([['卫十一', id, '翻译', '中级']]))
    expect(res.statusCode, res.body).toBe(201)
    const person = await api.d.db
      .selectFrom('person')
      .selectAll()
      .where('person_key', '=', key(id))
      .executeTakeFirstOrThrow()
    expect(person.freelancer).toBe(true)
    expect((await employments(id))[0]?.relation).toBe('file_holder')
    // Now the agency's: the employer's import of the same number is a transfer.
    const taken = await refusedWith(await upload(employer, await book([['卫十一', id, '翻译', '中级']])), [])
    expect(taken.error.rows[0]?.reason).toBe(IS_TRANSFER)
  })

  it('persons, institutions, authorities and HR departments are refused (403)', async () => {
    const file = await book([['某人', newId(), '卫生', '初级']])
    for (const role of ['person', 'institution', 'authority', 'hr_department'] as const) {
      const client = await api.as(role)
      expect((await upload(client, file)).statusCode, role).toBe(403)
      expect((await client.request('GET', '/api/staff/import-template')).statusCode, role).toBe(403)
    }
  })

  it('zip bombs are refused whole with one plain line, and store nothing', async () => {
    const before = await imports()
    const bomb = await upload(employer, handMade(Buffer.alloc(50 * 1024 * 1024, ' ')))
    expect(bomb.statusCode).toBe(413)
    expect(bomb.json().error.message).toContain('压缩比超过200倍')
    const lying = await upload(
      employer,
      zip([{ name: 'xl/worksheets/sheet1.xml', data: '<a/>', declaredSize: 2 ** 32 - 2 }]),
    )
    expect(lying.statusCode).toBe(413)
    expect(await imports()).toEqual(before)
  }, 120_000)

  it('files that are not the template are refused with one plain line, and store nothing', async () => {
    const before = await imports()
    const missing = await upload(employer, await book([['某人', newId()]], ['姓名', '公民身份号码']))
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error.message).toContain('缺少列「职称系列」')
    const notAFile = await upload(employer, Buffer.from('PK\x03\x04garbage'))
    expect(notAFile.statusCode).toBe(400)
    expect(notAFile.body).not.toMatch(/\bat \S+:\d+|node_modules/)
    const empty = await upload(employer, await book([]))
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error.rows[0].reason).toBe('文件中没有人员')
    expect(await imports()).toEqual(before)
  }, 120_000)
  it('a sign-up claiming a registered person waits for 入职确认 even when the file names them: no file vouches for who signed up', async () => {
    const known = newId()
    await registerStaff(api.d.db, known, '周予安')
    const signed = await api.app.inject({
      method: 'POST',
      url: '/api/signup',
      payload: {
        name: '周予安',
        idNumber: known,
        username: 'claims-in-file',
        password: 'Person-Pass-2026',
        organisationId: employerOrg,
        series: 'health',
        titleLevel: 'junior',
      },
    })
    expect(signed.json(), signed.body).toMatchObject({ account: 'awaiting_confirmation' })
    const res = await upload(employer, await book([['周予安', known, '卫生', '初级']]))
    expect(res.statusCode, res.body).toBe(201)
    expect((await employments(known))[0]?.organisation_id).toBe(employerOrg)
    const account = () =>
      api.d.db
        .selectFrom('app_user')
        .select('awaiting_confirmation')
        .where('username', '=', 'claims-in-file')
        .executeTakeFirstOrThrow()
    expect(await account()).toEqual({ awaiting_confirmation: true })
    const waiting = (await employer.request('GET', '/api/staff/requests?pageSize=200')).json().items as {
      id: string
      name: string
      claimsAccount: boolean
    }[]
    const claim = waiting.find((r) => r.name === '周予安')
    expect(claim).toMatchObject({ claimsAccount: true })
    const confirmed = await employer.request('POST', `/api/staff/requests/${claim?.id}/confirm`)
    expect(confirmed.statusCode, confirmed.body).toBe(200)
    expect(await account()).toEqual({ awaiting_confirmation: false })
    expect(await employments(known)).toHaveLength(1)
  })
})
