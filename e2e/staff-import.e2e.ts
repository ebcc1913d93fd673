import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { animationsDone, screenshot, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'

// 员工导入 in the built portal: the employer downloads the template, uploads a filled-in xlsx after
// confirming, and finds the staff in 人员达标情况; a file with errors comes back as a table by row and
// column, with the annotated file to download.
const portal = startPortal()

const HEADINGS = ['姓名', '公民身份号码', '职称系列', '职称级别', '部门', '入职日期']

/** An xlsx as an employer fills the template in Excel. */
async function book(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet('员工名单')
  sheet.addRow(HEADINGS)
  for (const r of rows) sheet.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** The visible rows of the table under `scope`, as cell texts. */
async function tableRows(page: Page, scope = 'body'): Promise<string[][]> {
  return page
    .locator(`${scope} .ant-table-tbody tr.ant-table-row`)
    .evaluateAll((trs) =>
      (trs as unknown as { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> }[]).map(
        (tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim()),
      ),
    )
}

/** Chooses the file in the page's upload area, confirms the import, and waits for the dialog to go. */
async function importFile(page: Page, name: string, bytes: Buffer) {
  await page.locator('input[type=file]').setInputFiles({
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: bytes,
  })
  await page.getByText(name, { exact: true }).waitFor()
  await page.getByRole('button', { name: /(^|\s)导\s*入$/ }).click()
  const dialog = page.getByRole('dialog', { name: '确认导入？' })
  await dialog.waitFor()
  // A click while the question is still zooming in can be lost (seen under load): click once it is open.
  await animationsDone(page)
  await dialog.getByRole('button', { name: /(^|\s)导\s*入$/ }).click()
  await dialog.waitFor({ state: 'detached' })
}

describe('staff import', () => {
  it('downloads the template, imports a good file after confirming, and the staff appear in 人员达标情况', async () => {
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'employer')
    await page.getByRole('menuitem', { name: '员工导入' }).click()
    await page.getByRole('heading', { name: '员工导入', level: 1 }).waitFor()
    await page.getByText('尚未选择文件。').waitFor()
    expect(await page.getByRole('button', { name: /(^|\s)导\s*入$/ }).isDisabled()).toBe(true)
    await screenshot(page, 'staff-import-start')
    expect(await seriousViolations(page)).toEqual([])

    // The template: the columns in Chinese.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载导入模板' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('员工导入模板.xlsx')
    const template = new ExcelJS.Workbook()
    await template.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer)
    expect(((template.worksheets[0] as ExcelJS.Worksheet).getRow(1).values as string[]).slice(1)).toEqual(
      HEADINGS,
    )

    const rows = [
      ['欧阳明远', makeResidentId('320402', '19860312', 501), '工程技术', '中级', '研发部', '2025-03-01'],
      ['司马晓岚', makeResidentId('320402', '19900728', 502), '工程技术', '初级', '研发部', ''],
      ['上官文博', makeResidentId('320411', '19790105', 503), '经济', '副高级', '财务部', ''],
    ]
    await importFile(page, '本单位员工.xlsx', await book(rows))
    await page.getByText('已导入 3 名人员').waitFor()
    expect(await page.locator('.ant-statistic').allInnerTexts()).toEqual([
      '新登记\n3人',
      '关联已登记人员\n0人',
      '已是本单位人员\n0人',
    ])
    await screenshot(page, 'staff-import-done')
    expect(await seriousViolations(page)).toEqual([])

    // The same file again adds no one, and says so.
    await page.getByRole('button', { name: '继续导入' }).click()
    await importFile(page, '本单位员工.xlsx', await book(rows))
    await page.getByText('没有新增人员').waitFor()
    await page.getByText('文件中的 3 人均已是本单位人员，本次导入未作任何改动。').waitFor()

    // They are the employer's staff now: 人员达标情况 lists them.
    await page.getByRole('button', { name: '查看人员达标情况' }).click()
    await page.getByRole('heading', { name: '人员学时达标情况' }).waitFor()
    await page.goto('/staff/compliance?department=研发部')
    await page.getByRole('cell', { name: '欧阳明远', exact: true }).waitFor()
    expect((await tableRows(page)).map((r) => r[0]).sort()).toEqual(['司马晓岚', '欧阳明远'])
    await screenshot(page, 'staff-import-compliance')
    expect(cspErrors).toEqual([])
    await context.close()
  })

  it('a file with errors is refused whole: the errors by row and column, and the annotated file', async () => {
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'employer')
    await page.goto('/staff/import')
    await page.getByRole('heading', { name: '员工导入', level: 1 }).waitFor()
    const good = makeResidentId('320402', '19880808', 601)
    const wrongCheck = `${good.slice(0, 17)}${good.endsWith('1') ? '2' : '1'}`
    await importFile(
      page,
      '有错误的名单.xlsx',
      await book([
        ['诸葛青', good, '卫生', '中级', '', ''],
        ['皇甫兰', wrongCheck, '卫生', '中级', '', ''],
        ['诸葛青', good, '卫生', '中级', '', ''],
        ['', makeResidentId('320402', '19920202', 602), '木工', '特级', '', ''],
      ]),
    )
    await page.getByText('共 5 处错误，整份文件未导入').waitFor()
    const card = '.ant-card:has-text("文件中的错误")'
    expect(await tableRows(page, card)).toEqual([
      ['第 3 行', '公民身份号码', expect.stringContaining('校验码错误')],
      ['第 4 行', '公民身份号码', '与第2行是同一人'],
      ['第 5 行', '姓名', '不能为空'],
      ['第 5 行', '职称系列', '「木工」不是职称系列，请从模板的下拉列表中选择'],
      ['第 5 行', '职称级别', '「特级」不是职称级别，应为 未评定、初级、中级、副高级、正高级'],
    ])
    await screenshot(page, 'staff-import-errors')
    expect(await seriousViolations(page)).toEqual([])

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载标注错误的文件' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('员工导入-错误标注.xlsx')
    const annotated = new ExcelJS.Workbook()
    await annotated.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer)
    const sheet = annotated.worksheets[0] as ExcelJS.Worksheet
    expect(sheet.getRow(1).getCell(7).value).toBe('错误')
    expect(String(sheet.getRow(4).getCell(7).value)).toBe('公民身份号码：与第2行是同一人')

    // Nothing of the file was imported: 诸葛青 (valid on row 2) is not on the staff.
    const staff = await (await page.request.get(`/api/staff?name=${encodeURIComponent('诸葛青')}`)).json()
    expect(staff.total).toBe(0)
    expect(cspErrors).toEqual([])
    await context.close()
  })
})
