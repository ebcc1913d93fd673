import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { makeUscc } from '../src/domain/uscc.js'
import { DESKTOP, PHONE, screenshot, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'

// The region picker (行政区划选择) in the public registration form and the organisation tree of 单位管理,
// in the built portal on the demo: regions come from the API, never from the bundle.
const portal = startPortal()
const PASSWORD = 'Xueshi-2026a'
const unique = Date.now().toString(36).slice(-5)

/** The field a region picker sits in, found by its label. */
const pickerOf = (page: Page, label: string) => page.getByRole('combobox', { name: label })

/** Types into a region picker and chooses the search result whose path reads `path` (江苏省 / 常州市). */
async function pickRegion(page: Page, label: string, typed: string, path: string) {
  const box = pickerOf(page, label)
  await box.click()
  await box.pressSequentially(typed)
  const option = page.locator('.ant-cascader-menu-item', { hasText: path })
  await option.first().waitFor()
  await screenshot(page, `regions-search-${typed}`)
  await option.first().click()
}

/** What a region picker shows as chosen. */
const shownIn = (page: Page, label: string) =>
  page.locator('.ant-form-item', { has: page.getByText(label, { exact: true }) }).locator('.ant-cascader')

const bundleHasRegions = async (page: Page) => {
  // The picker's data is fetched: no script the page loaded, lazy chunks too, carries the table (溧阳市 is a row).
  const scripts = await page.evaluate<string[]>(
    "performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js'))",
  )
  expect(scripts.length).toBeGreaterThan(0)
  for (const src of scripts) if ((await (await page.request.get(src)).text()).includes('溧阳市')) return true
  return false
}

describe('region picker', () => {
  it('typing 常州 in the registration form finds the city; the request is sent with its code', async () => {
    const { context, page, cspErrors } = await portal.open(DESKTOP)
    const sent: string[] = []
    page.on('request', (r) => {
      if (r.url().includes('/api/regions')) sent.push(new URL(r.url()).pathname)
    })
    await page.goto('/register-organisation')
    await page.getByRole('heading', { name: '单位注册申请' }).waitFor()

    const name = `常州区划测试有限公司${unique}`
    await page.getByLabel('单位名称').fill(name)
    await pickRegion(page, '所在地区', '常州', '江苏省 / 常州市')
    await shownIn(page, '所在地区').getByText('江苏省 / 常州市', { exact: true }).waitFor()
    expect(sent).toContain('/api/regions/search')
    expect(await bundleHasRegions(page)).toBe(false)

    // Then a county, through the columns the picker opened for the chosen city. The search's drop-down
    // must be gone first: a click while it fades closes it instead of opening the columns.
    await page.locator('.ant-cascader-dropdown').waitFor({ state: 'hidden' })
    await pickerOf(page, '所在地区').click()
    const columns = page.locator('.ant-cascader-dropdown:not(.ant-select-dropdown-hidden) .ant-cascader-menu')
    await columns.nth(2).waitFor()
    await columns.nth(2).locator('.ant-cascader-menu-item', { hasText: '新北区' }).click()
    await shownIn(page, '所在地区').getByText('江苏省 / 常州市 / 新北区', { exact: true }).waitFor()
    await page.keyboard.press('Escape')

    const uscc = makeUscc('91320411MA1R00023')
    await page.getByLabel('统一社会信用代码').fill(uscc)
    await page.getByLabel('联系人姓名').fill('陆晓东')
    await page.getByLabel('联系电话').fill('0519-85001288')
    await page.getByLabel('管理员用户名').fill(`region-${unique}`)
    await page.getByLabel('管理员密码').fill(PASSWORD)
    await page.getByLabel('确认密码').fill(PASSWORD)
    await screenshot(page, 'regions-register-filled')
    expect(await seriousViolations(page)).toEqual([])
    const submitted = page.waitForRequest(
      (r) => r.url().endsWith('/api/registrations') && r.method() === 'POST',
    )
    await page.getByRole('button', { name: '提交申请' }).click()
    expect((await submitted).postDataJSON()).toMatchObject({ name, uscc, regionCode: '320411' })
    await page.getByText('申请已提交，待所在地人社部门审核').waitFor()
    expect(cspErrors).toEqual([])
    await context.close()
  })

  it('a credit code fills the empty region with its full name', async () => {
    const { context, page } = await portal.open(DESKTOP)
    await page.goto('/register-organisation')
    await page.getByRole('heading', { name: '单位注册申请' }).waitFor()
    await page.getByLabel('统一社会信用代码').fill(makeUscc('91320412MA1R00031'))
    await page.getByLabel('单位名称').click()
    await shownIn(page, '所在地区').getByText('江苏省 / 常州市 / 武进区', { exact: true }).waitFor()
    await context.close()
  })

  it('fits a phone, its dropdown too', async () => {
    const { context, page, cspErrors } = await portal.open(PHONE)
    await page.goto('/register-organisation')
    await page.getByRole('heading', { name: '单位注册申请' }).waitFor()
    await pickRegion(page, '所在地区', '新北', '江苏省 / 常州市 / 新北区')
    await shownIn(page, '所在地区').getByText('江苏省 / 常州市 / 新北区', { exact: true }).waitFor()
    await pickerOf(page, '所在地区').click()
    await page.locator('.ant-cascader-menu').nth(2).waitFor()
    await screenshot(page, 'regions-register-phone')
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    )
    await page.keyboard.press('Escape')
    // axe must not see the menus while they fade out: wait until the drop-down is gone
    await page.locator('.ant-cascader-dropdown').waitFor({ state: 'hidden' })
    expect(await seriousViolations(page)).toEqual([])
    expect(cspErrors).toEqual([])
    await context.close()
  })
})

describe('organisation tree', () => {
  it('demo-hr sees Changzhou’s regions with their organisations and counts, searches, and opens one', async () => {
    const { context, page, cspErrors } = await portal.open(DESKTOP)
    await signInAs(portal, page, 'hr_department')
    await page.goto('/organisations')
    await page.getByRole('heading', { name: '单位管理' }).waitFor()
    await page.getByRole('radiogroup', { name: '显示方式' }).getByText('树形').click()
    await expect.poll(() => new URL(page.url()).search).toBe('?view=tree')
    const tree = page.getByRole('tree')
    await tree.getByText('常州市', { exact: true }).waitFor()
    const answer = (await (await page.request.get('/api/organisations/tree')).json()) as {
      total: number
      organisations: { name: string; regionCode: string }[]
    }
    await tree
      .getByText(new RegExp(`^${answer.total} 家（`))
      .first()
      .waitFor()
    expect(answer.organisations.every((o) => o.regionCode.startsWith('3204'))).toBe(true)
    expect(await tree.getByText('青岛', { exact: false }).count()).toBe(0)
    await screenshot(page, 'regions-tree')
    expect(await seriousViolations(page)).toEqual([])

    // Search by name: the path to the match opens; click it and its details show.
    await page.getByRole('searchbox', { name: '查找地区或单位' }).fill('人才服务中心')
    const agency = tree.getByText('常州市人才服务中心')
    await agency.waitFor()
    await tree.getByText('天宁区', { exact: true }).waitFor()
    await agency.click()
    const details = page.locator('.ant-card', { hasText: '单位详情' }).last()
    await details.getByText('人力资源服务机构').waitFor()
    await details.getByText('江苏省常州市天宁区').waitFor()
    await screenshot(page, 'regions-tree-search')
    expect(await seriousViolations(page)).toEqual([])

    // The department's own form offers only its region: 青岛 is not to be found there.
    await page.getByRole('button', { name: '新增单位' }).click()
    const form = page.getByRole('dialog', { name: '登记本辖区单位' })
    const region = form.getByRole('combobox', { name: '所在地区' })
    await region.click()
    await region.pressSequentially('青岛')
    await page.locator('.ant-cascader-dropdown').getByText('没有找到该地区').waitFor()
    await region.fill('')
    await region.pressSequentially('新北')
    await page.locator('.ant-cascader-menu-item', { hasText: '常州市 / 新北区' }).waitFor()
    await screenshot(page, 'regions-new-organisation')
    await form.getByRole('button', { name: /取\s*消/ }).click()
    await form.waitFor({ state: 'hidden' })

    // The list stays one click away.
    await page.getByRole('radiogroup', { name: '显示方式' }).getByText('列表').click()
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor()
    expect(cspErrors).toEqual([])
    await context.close()
  })
})
