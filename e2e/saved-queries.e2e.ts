import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { screenshot, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'

// 统计报表's 常用查询 (issue 15, ad-hoc statistics): choose the measures, save the view without its year,
// rerun it on another year, export only those columns, delete it after confirming.
const portal = startPortal()

const DISTRIBUTION = '达标与未达标人员分布'
const heads = (page: Page) =>
  page
    .locator('.ant-card', { hasText: DISTRIBUTION })
    .locator('.ant-table-thead th')
    .evaluateAll((ths) => ths.map((th) => th.textContent ?? '').filter((t) => t !== ''))

describe('saved statistics queries', () => {
  it('demo-hr saves a query by series with two measures, reruns it on 2024, exports and deletes it', async () => {
    const w = await portal.open()
    const { page } = w
    await signInAs(portal, page, 'hr_department')
    await page.goto('/statistics/report?year=2025&by=series')
    await page.getByRole('heading', { name: '常州市 2025 年度继续教育统计' }).waitFor()
    await page.getByRole('columnheader', { name: '职称系列' }).waitFor()
    const measures = page.locator('.ant-checkbox-group')
    for (const name of [
      '达标人数',
      '公需科目学时',
      '专业科目学时',
      '总学时',
      '人均学时',
      '完成75%及以上',
      '完成50%–75%',
      '完成25%–50%',
      '完成不足25%',
      '没有学时',
    ]) {
      // The choice goes through the URL (a router transition), so the box clears a moment after the click.
      const box = measures.getByLabel(name, { exact: true })
      await box.click()
      await expect.poll(() => box.isChecked()).toBe(false)
    }
    await page.waitForURL((u) => u.searchParams.get('measures') === 'persons,rate')
    await expect.poll(() => heads(page)).toEqual(['职称系列', '登记人数', '达标率'])

    // The select is empty before anything is saved.
    await page.getByRole('combobox', { name: '常用查询' }).click()
    await page.getByText('还没有常用查询').waitFor()
    await page.keyboard.press('Escape')

    await page.getByRole('button', { name: '保存当前查询' }).click()
    const dialog = page.getByRole('dialog', { name: '保存为常用查询' })
    await dialog.getByLabel('名称').fill('系列达标率')
    await screenshot(page, 'saved-query-save')
    await dialog.getByRole('button', { name: /^保\s*存$/ }).click()
    await page.getByText('已保存常用查询“系列达标率”').waitFor()

    // Another year, another view: the saved query brings its grouping and measures back on 2024.
    await page.goto('/statistics/report?year=2025')
    await page.getByRole('heading', { name: '常州市 2025 年度继续教育统计' }).waitFor()
    await page.getByRole('combobox', { name: '年度' }).click()
    await page.getByTitle('2024 年度').click()
    await page.getByRole('heading', { name: '常州市 2024 年度继续教育统计' }).waitFor()
    await expect.poll(async () => (await heads(page)).length).toBe(13)
    await page.getByRole('combobox', { name: '常用查询' }).click()
    await page.getByTitle('系列达标率').click()
    await page.waitForURL(
      (u) =>
        u.searchParams.get('year') === '2024' &&
        u.searchParams.get('by') === 'series' &&
        u.searchParams.get('measures') === 'persons,rate',
    )
    await expect.poll(() => heads(page)).toEqual(['职称系列', '登记人数', '达标率'])
    await page
      .locator('.ant-card', { hasText: DISTRIBUTION })
      .locator('.ant-table-tbody tr.ant-table-row')
      .first()
      .waitFor()
    await screenshot(page, 'saved-query-applied')
    expect(await seriousViolations(page)).toEqual([])
    expect(w.cspErrors).toEqual([])

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('继续教育统计-常州市-2024年度.xlsx')
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(await download.path())
    expect(book.worksheets[0]?.getRow(2).values).toEqual([undefined, '职称系列', '登记人数', '达标率（%）'])

    await page.getByRole('button', { name: /删\s*除$/ }).click()
    const confirm = page.locator('.ant-popconfirm')
    await confirm.getByText('删除常用查询“系列达标率”？').waitFor()
    await confirm.getByRole('button', { name: /^删\s*除$/ }).click()
    await page.getByText('已删除常用查询“系列达标率”').waitFor()
    await page.getByRole('combobox', { name: '常用查询' }).click()
    await page.getByText('还没有常用查询').waitFor()
    await w.context.close()
  })
})
