import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { screenshot, seriousViolations } from './browser.js'
import { signIn, signInAs, startPortal } from './portal.js'

// Issue 14's HR department pages in the built portal: 学时撤销 (an error correction the employer's bell reports
// with its kind), 地区达标概况 (drill-down and export), 现行政策; 节假日安排 kept by a provincial department (an
// initialised deployment, whose top HR department is Jiangsu's).
const portal = startPortal()
const top = startPortal({ region: '320000', name: '江苏省人力资源和社会保障厅' })

async function clean(page: Page, cspErrors: string[]) {
  expect(await seriousViolations(page)).toEqual([])
  expect(cspErrors).toEqual([])
}

/** The row of the page's main table that names `text`. */
const rowOf = (page: Page, text: string) =>
  page.locator('.ant-table-tbody tr.ant-table-row', { hasText: text })

describe('HR department pages', () => {
  it('demo-hr corrects one entry as an error; the employer’s bell and inbox show the notice with the kind', async () => {
    const hr = await portal.open()
    const { page } = hr
    await signInAs(portal, page, 'hr_department')
    await page.goto('/revocations')
    await page.getByRole('heading', { name: '学时撤销' }).waitFor()
    await page.getByLabel('身份证号').fill(portal.server.login('person').idNumber as string)
    await page.getByRole('button', { name: /查\s*找/ }).click()
    // An entry registered under Changzhou's own rules (the demo also holds 2026 entries under the national draft,
    // whose correction cites that draft instead).
    const live = page
      .locator('.ant-table-tbody tr.ant-table-row', { hasText: '常人社职〔2024〕1号' })
      .filter({ has: page.getByRole('button', { name: /撤\s*销/ }) })
    await live.first().waitFor()
    await screenshot(page, 'hr-revocations')
    await clean(page, hr.cspErrors)

    const before = await page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '已撤销/更正' }).count()
    await live
      .first()
      .getByRole('button', { name: /撤\s*销/ })
      .click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText('更正错误（登记有误）').click()
    // The demo person is in Changzhou: the correction cites 308号 五（二）, not the national 第二十七条.
    await dialog.getByText('将引用：苏人社函〔2023〕308号 五（二）（更正登记错误）').waitFor()
    await dialog.getByLabel('理由').fill('年度登记错误，应为次年')
    await screenshot(page, 'hr-revoke-dialog')
    expect(await seriousViolations(page)).toEqual([])
    await dialog.getByRole('button', { name: '确认撤销' }).click()
    await page.getByText(/已更正 .+ 的学时登记/).waitFor()
    await expect
      .poll(() => page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '已撤销/更正' }).count())
      .toBe(before + 1)
    await hr.context.close()

    const employer = await portal.open()
    const ep = employer.page
    await signInAs(portal, ep, 'employer')
    await ep
      .getByRole('banner')
      .getByRole('button', { name: /条未读消息/ })
      .click()
    await ep.getByRole('list', { name: '最新消息' }).getByText('学时登记更正').first().waitFor()
    await ep.getByRole('button', { name: '查看全部消息' }).click()
    await ep.waitForURL((u) => u.pathname === '/notifications')
    const notice = ep
      .getByRole('list', { name: '全部消息' })
      .getByRole('listitem')
      .filter({ hasText: '学时登记更正' })
    await notice.first().waitFor()
    expect(await notice.first().textContent()).toContain('【更正错误】')
    expect(await notice.first().textContent()).toContain('苏人社函〔2023〕308号 五（二）')
    await screenshot(ep, 'hr-employer-notice')
    await clean(ep, employer.cspErrors)
    await employer.context.close()
  })

  it('the region overview drills from the city to a district and exports the workbook', async () => {
    const w = await portal.open()
    const { page } = w
    await signInAs(portal, page, 'hr_department')
    await page.goto('/statistics?year=2025')
    await page.getByRole('heading', { name: /常州市 继续教育达标概况/ }).waitFor()
    const byRegion = page.locator('.ant-card', { hasText: '按地区' })
    await byRegion.locator('canvas').first().waitFor()
    await byRegion.locator('.ant-table-tbody tr.ant-table-row').first().waitFor()
    await screenshot(page, 'hr-overview-city')
    await clean(page, w.cspErrors)

    const district = byRegion.locator('.ant-table-tbody tr.ant-table-row').first().getByRole('button')
    const name = (await district.textContent()) as string
    await district.click()
    await page.waitForURL((u) => u.searchParams.get('path')?.startsWith('3204') ?? false)
    await page.getByRole('heading', { name: new RegExp(`${name} 继续教育达标概况`) }).waitFor()
    await expect.poll(() => byRegion.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1)
    await screenshot(page, 'hr-overview-district')
    expect(await seriousViolations(page)).toEqual([])

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(new RegExp(`^达标概况-.*${name}-2025年度\\.xlsx$`))
    const file = await download.path()
    expect(file).toBeTruthy()

    await page.getByRole('button', { name: '返回上级' }).click()
    await page.getByRole('heading', { name: /常州市 继续教育达标概况/ }).waitFor()
    await w.context.close()
  })

  it('policies in force: the list with document numbers, the clauses of one; the same page for the public', async () => {
    const w = await portal.open()
    const { page } = w
    await signInAs(portal, page, 'hr_department')
    await page.goto('/policies-in-force')
    await rowOf(page, '苏人社函〔2023〕308号').waitFor()
    await screenshot(page, 'hr-policies-in-force')
    await clean(page, w.cspErrors)
    await rowOf(page, '常人社职〔2024〕1号').getByRole('link', { name: '条款' }).click()
    const drawer = page.getByRole('dialog')
    // Changzhou registers hours under 308号: a fraud there cites 308号 六 (责令改正、给予警告).
    await drawer.getByText('苏人社函〔2023〕308号 六', { exact: true }).waitFor()
    await drawer.getByText('常人社职〔2024〕1号 三', { exact: true }).waitFor()
    await screenshot(page, 'hr-policy-clauses')
    expect(await seriousViolations(page)).toEqual([])
    await w.context.close()

    const anonymous = await portal.open()
    await anonymous.page.goto('/policies')
    await rowOf(anonymous.page, '苏人社函〔2023〕308号').waitFor()
    await screenshot(anonymous.page, 'public-policies')
    await clean(anonymous.page, anonymous.cspErrors)
    await anonymous.context.close()
  })

  it('a city HR department reads the calendar; the provincial one adds and removes a make-up working day', async () => {
    const city = await portal.open()
    await signInAs(portal, city.page, 'hr_department')
    await city.page.goto('/calendar?year=2026')
    await city.page.getByText('节假日安排由国家或省级人社部门维护').waitFor()
    expect(await city.page.getByRole('button', { name: '新增日期' }).count()).toBe(0)
    await city.context.close()

    const w = await top.open()
    const { page } = w
    const admin = top.server.admin as { username: string; oneTimePassword: string }
    await page.goto('/sign-in')
    await signIn(page, admin.username, admin.oneTimePassword)
    await page.waitForURL((u) => u.pathname === '/change-password')
    await page.getByLabel('当前密码').fill(admin.oneTimePassword)
    await page.getByLabel('新密码', { exact: true }).fill('Sheng-Ting-2026')
    await page.getByLabel('确认新密码').fill('Sheng-Ting-2026')
    await page.getByRole('button', { name: '修改密码' }).click()
    await page.waitForURL((u) => !['/change-password', '/sign-in', '/'].includes(u.pathname))

    await page.goto('/calendar?year=2027')
    await page.getByRole('heading', { name: '节假日安排' }).waitFor()
    await page.getByRole('button', { name: '新增日期' }).click()
    const dialog = page.getByRole('dialog', { name: '新增节假日或调休上班日' })
    await dialog.getByLabel('日期').fill('2027-02-20')
    await dialog.getByLabel('日期').press('Enter')
    await dialog.getByLabel('名称').fill('春节调休上班')
    await dialog.getByRole('button', { name: /保\s*存/ }).click()
    await page.locator('.ant-modal-confirm-title', { hasText: '确认新增 2027-02-20？' }).waitFor()
    await page.getByRole('button', { name: '确认新增' }).click()
    await rowOf(page, '2027-02-20').waitFor()
    expect(await rowOf(page, '2027-02-20').textContent()).toContain('调休上班日')
    await screenshot(page, 'hr-calendar')
    await clean(page, w.cspErrors)
    const api = await (await page.request.get('/api/calendar/2027?pageSize=200')).json()
    expect(api.items).toContainEqual({ day: '2027-02-20', kind: 'workday', name: '春节调休上班' })

    await rowOf(page, '2027-02-20')
      .getByRole('button', { name: /删\s*除/ })
      .click()
    await page.locator('.ant-modal-confirm-title', { hasText: '确认删除 2027-02-20？' }).waitFor()
    await page.getByRole('button', { name: '确认删除' }).click()
    await expect.poll(() => rowOf(page, '2027-02-20').count()).toBe(0)
    const after = await (await page.request.get('/api/calendar/2027?pageSize=200')).json()
    expect(after.items.map((d: { day: string }) => d.day)).not.toContain('2027-02-20')
    await w.context.close()
  })
})
