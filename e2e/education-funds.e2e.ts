import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { animationsDone, screenshot, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'

// 职工教育经费 (鲁人社发〔2016〕10号 （二十三）): the employer reports a year and corrects it after confirming;
// the HR department finds it below 1.5 %, marks it as having high training needs and exports the year.
const portal = startPortal()

describe('education funds', () => {
  it('demo-employer reports 2025 and corrects it; demo-hr sees it below, marks it and exports', async () => {
    const year = new Date().getFullYear() - 1
    const w = await portal.open()
    const { page } = w
    await signInAs(portal, page, 'employer')
    await page.getByRole('menuitem', { name: '职工教育经费' }).click()
    await page.waitForURL((u) => u.pathname === '/education-funds')
    await page.getByText('还没有报告').waitFor()
    await page.getByText('本单位适用比例：1.5%').waitFor()
    await page.getByLabel('职工工资总额（元）').fill('12000000')
    await page.getByLabel('职工教育经费（元）').fill('180000')
    await page.getByRole('button', { name: /^报\s*告$/ }).click()
    const rows = page.locator('.ant-table-tbody tr.ant-table-row')
    await rows.first().getByText('达到比例').waitFor()
    expect(await rows.first().getByText('1.50%').count()).toBe(1)

    // The same year again is a correction, asked first.
    await page.getByLabel('职工教育经费（元）').fill('150000.5')
    await page.getByRole('button', { name: /^报\s*告$/ }).click()
    const confirm = page.locator('.ant-modal-confirm')
    await confirm.locator('.ant-modal-confirm-title', { hasText: `更正 ${year} 年度的报告？` }).waitFor()
    await animationsDone(page)
    await confirm.getByRole('button', { name: /^更\s*正$/ }).click()
    await confirm.waitFor({ state: 'detached' })
    await rows.first().getByText('低于比例').waitFor()
    await rows.first().getByText('1.25%').waitFor()
    await rows.first().getByText('¥29,999.50').waitFor()
    await screenshot(page, 'education-funds-employer')
    expect(await seriousViolations(page)).toEqual([])
    await w.context.close()

    const h = await portal.open()
    await signInAs(portal, h.page, 'hr_department')
    await h.page.getByRole('menuitem', { name: '教育经费统计' }).click()
    await h.page.waitForURL((u) => u.pathname === '/education-funds/region')
    await h.page.locator('.ant-segmented-item', { hasText: '低于比例' }).click()
    const list = h.page
      .locator('.ant-card', { hasText: '单位名称' })
      .locator('.ant-table-tbody tr.ant-table-row')
    await expect.poll(() => list.count()).toBe(1)
    await list.first().getByText('1.25%').waitFor()
    await h.page
      .locator('.ant-card', { hasText: '汇总' })
      .locator('.ant-table-summary')
      .getByText('1.25%')
      .waitFor()
    await list.first().getByRole('switch').click()
    await h.page.getByText('设为培训任务重（2.5%）').waitFor()
    await list.first().getByText('2.5%').waitFor()
    await screenshot(h.page, 'education-funds-region')
    expect(await seriousViolations(h.page)).toEqual([])
    expect(h.cspErrors).toEqual([])
    const [download] = await Promise.all([
      h.page.waitForEvent('download'),
      h.page.getByRole('button', { name: '导出 Excel' }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`职工教育经费-常州市-${year}年度.xlsx`)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(await download.path())
    const sheet = book.getWorksheet('用人单位')
    const reported = sheet?.getRows(3, 50)?.find((r) => r.getCell(6).value === '150000.50')
    expect(reported?.getCell(4).value).toBe('2.5')
    expect(reported?.getCell(10).value).toBe('低于比例')
    await h.context.close()
  })
})
