import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { animationsDone, PHONE, screenshot, scrollWidth, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'

// 专家与学监 (青人社字〔2023〕14号 六（一）): the city's HR department appoints a continuing-education supervisor; the
// public directory lists the person on its own tab (on a phone too); the department ends the appointment with a
// reason and the public list no longer shows the person; the register exports with the reason.
const portal = startPortal()

/** Types a date into an antd DatePicker of the dialog, and leaves it (Enter would submit the form). */
async function pickDate(page: Page, label: string, date: string) {
  const input = page.getByRole('dialog').getByLabel(label)
  await input.click()
  await input.fill(date)
  await input.press('Tab')
  await expect.poll(() => input.inputValue()).toBe(date)
}

/** On a phone the public tab lists one card a person. */
const publicCards = (page: Page) =>
  page.getByRole('tabpanel', { name: '专家与学监' }).locator('.ant-list-item')

describe('experts and supervisors', () => {
  it('demo-hr appoints a supervisor, the public sees it, demo-hr ends it with a reason and exports the register', async () => {
    const w = await portal.open()
    const { page } = w
    await signInAs(portal, page, 'hr_department')
    await page.getByRole('menuitem', { name: '专家与学监' }).click()
    await page.waitForURL((u) => u.pathname === '/oversight/advisers')
    await page.getByText('尚未聘请专家咨询委员会委员或学监').waitFor()

    await page.getByRole('button', { name: '聘请委员或学监' }).click()
    const dialog = page.getByRole('dialog', { name: '聘请专家咨询委员会委员或继续教育学监' })
    await dialog.waitFor()
    await animationsDone(page)
    // Nothing filled: each required field says what it wants, nothing is sent.
    await dialog.getByRole('button', { name: /^聘\s*请$/ }).click()
    await dialog.getByText('请填写姓名').waitFor()
    await dialog.getByText('请填写聘任文件').waitFor()
    await dialog.getByLabel('姓名').fill('周明远')
    await dialog.getByLabel('职称或职务').fill('正高级工程师')
    await dialog.getByLabel('工作单位').fill('常州工学院')
    await dialog.getByLabel('专业领域（可选）').fill('机械工程')
    await pickDate(page, '聘期起始', '2026-01-01')
    await pickDate(page, '聘期截止', '2025-12-31')
    await dialog.getByText('聘期截止不能早于聘期起始').waitFor()
    await pickDate(page, '聘期截止', '2028-12-31')
    await dialog.getByLabel('聘任文件').fill('常人社发〔2026〕3号')
    await screenshot(page, 'advisers-appoint')
    await dialog.getByRole('button', { name: /^聘\s*请$/ }).click()
    await dialog.waitFor({ state: 'hidden' })
    const rows = page.locator('.ant-table-tbody tr.ant-table-row')
    await rows.first().getByText('周明远').waitFor()
    expect(await rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain('2026-01-01 至 2028-12-31')
    expect(await rows.first().textContent()).toContain('在聘')
    await screenshot(page, 'advisers-register')
    expect(await seriousViolations(page)).toEqual([])
    expect(w.cspErrors).toEqual([])

    // The public directory, without signing in, on a phone.
    const pub = await portal.open(PHONE)
    await pub.page.goto('/public/institutions')
    await pub.page.getByRole('tab', { name: '专家与学监' }).click()
    await publicCards(pub.page).first().getByText('周明远').waitFor()
    expect(await publicCards(pub.page).first().textContent()).toContain('常人社发〔2026〕3号')
    expect(await scrollWidth(pub.page)).toBeLessThanOrEqual(PHONE.width)
    await screenshot(pub.page, 'advisers-public-phone')
    expect(await seriousViolations(pub.page)).toEqual([])

    const wide = await portal.open()
    await wide.page.goto('/public/institutions?tab=advisers')
    await wide.page
      .getByRole('tabpanel', { name: '专家与学监' })
      .locator('.ant-table-tbody tr.ant-table-row')
      .getByText('周明远')
      .waitFor()
    await screenshot(wide.page, 'advisers-public')
    expect(await seriousViolations(wide.page)).toEqual([])
    await wide.context.close()

    // Ended early, with a reason.
    await rows
      .first()
      .getByRole('button', { name: /^解\s*聘$/ })
      .click()
    const end = page.getByRole('dialog', { name: '解聘：周明远（继续教育学监）' })
    await end.waitFor()
    await animationsDone(page)
    await end.getByLabel('解聘理由').fill('本人申请辞去学监')
    await end.getByRole('button', { name: /^解\s*聘$/ }).click()
    await end.waitFor({ state: 'hidden' })
    // The register keeps the appointment, with the reason; those serving are none.
    await rows.first().getByText('本人申请辞去学监').waitFor()
    expect(await rows.first().textContent()).toContain('已解聘')
    await page.getByLabel('状态').click()
    await page.locator('.ant-select-item-option', { hasText: '在聘' }).click()
    await page.getByRole('button', { name: /^查\s*询$/ }).click()
    await page.getByText('没有符合条件的聘任').waitFor()

    await pub.page.reload()
    await pub.page.getByRole('tab', { name: '专家与学监' }).click()
    await pub.page.getByText('暂无在聘的专家咨询委员会委员或学监').waitFor()
    await pub.context.close()

    // The export follows the filter: all statuses again.
    await page.getByRole('button', { name: /^重\s*置$/ }).click()
    await rows.first().getByText('本人申请辞去学监').waitFor()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出名册' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('专家与学监名册.xlsx')
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(await download.path())
    const line = book.getWorksheet('专家与学监')?.getRow(3)
    expect([line?.getCell(2).value, line?.getCell(11).value, line?.getCell(12).value]).toEqual([
      '周明远',
      '已解聘',
      '本人申请辞去学监',
    ])
    await w.context.close()
  })
})
