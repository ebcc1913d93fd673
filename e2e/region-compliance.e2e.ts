import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { screenshot, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'

// Issue 15: the HR department's list of its region's persons, walked page by page from the compliance
// roll (the server opens the year at start), narrowed to a district with the region picker.
const portal = startPortal()

const rowsOf = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row')
const summaryOf = async (page: Page) => (await page.getByTestId('compliance-summary').innerText()).trim()

describe('the region’s persons by compliance', () => {
  it('demo-hr pages through Changzhou, back again, and narrows to 天宁区', async () => {
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'hr_department')
    await page.getByRole('menuitem', { name: '人员达标名单' }).click()
    await page.waitForURL((u) => u.pathname === '/region/compliance')
    await page.getByRole('heading', { name: '本地区人员达标名单' }).waitFor()

    const year = new Date().getFullYear()
    const city = await (await page.request.get(`/api/compliance/summary?year=${year}`)).json()
    expect(city.total).toBeGreaterThan(10)
    const pages = Math.ceil(city.total / 10)
    await page.goto(`/region/compliance?year=${year}&pageSize=10`)
    const pager = (n: number) => page.getByRole('navigation', { name: `第 ${n} / ${pages} 页` })
    await pager(1).waitFor()
    await page.getByTestId('compliance-summary').getByText(`共 ${city.total} 人`).waitFor()
    await expect.poll(() => rowsOf(page).count()).toBe(10)
    const names = async () => (await rowsOf(page).allInnerTexts()).join('\n')
    const first = await names()
    await screenshot(page, 'region-compliance')
    expect(await seriousViolations(page)).toEqual([])

    await page.getByRole('button', { name: /下一页/ }).click()
    await pager(2).waitFor()
    await expect.poll(names).not.toBe(first)
    await page.getByRole('button', { name: '回到第一页' }).click()
    await pager(1).waitFor()
    await expect.poll(names).toBe(first)

    // A district of the city: the picker offers the department's own city and below.
    const region = page.getByRole('combobox', { name: '地区' })
    await region.click()
    await region.pressSequentially('天宁')
    await page.locator('.ant-cascader-menu-item', { hasText: '常州市 / 天宁区' }).click()
    await page.getByRole('button', { name: /查\s*询/ }).click()
    await page.waitForURL((u) => u.searchParams.get('regionCode') === '320402')
    const district = await (
      await page.request.get(`/api/compliance/summary?year=${year}&regionCode=320402`)
    ).json()
    expect(district.total).toBeLessThan(city.total)
    await expect.poll(() => summaryOf(page)).toContain(`共 ${district.total} 人`)
    await screenshot(page, 'region-compliance-district')
    expect(cspErrors).toEqual([])
    await context.close()
  })
})
