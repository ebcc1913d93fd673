import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoPdf } from '../src/services/demo-applications.js'
import { DESKTOP, PHONE, screenshot, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'
import { fillPaper, shownPreview } from './register-form.js'

// The journey end to end, both people in their own browser window: the professional registers a
// paper with its PDF; the employer's reviewer approves it lower; the professional's year moves by exactly
// that, and the notice of the decision opens the application.
const portal = startPortal()

/** The demo person is in Changzhou: in 2023 (before changzhou-2024) 苏人社函〔2023〕308号 applies. */
const YEAR = 2023
const TITLE = '五轴联动加工中心热误差补偿研究'

/** The year's total as My year shows it: 已修 X / 应修 Y 学时 on the total's bar. */
async function shownTotal(page: Page): Promise<number> {
  await page.goto(`/me/year?year=${YEAR}`)
  const text = await page
    .locator('main')
    .getByText(/^已修 [\d.]+ \/ 应修 [\d.]+ 学时$/)
    .first()
    .innerText()
  return Number(/已修 ([\d.]+)/.exec(text)?.[1])
}

describe('a paper from registration to the professional’s year', () => {
  it('30 学时 proposed under 308号 四（九）, approved lower by the employer, the year moves by exactly that', async () => {
    const person = await portal.open(DESKTOP)
    await signInAs(portal, person.page, 'person')
    const before = await shownTotal(person.page)

    // The professional registers the paper; the browser's engine proposes 30 under the clause.
    await fillPaper(person.page, TITLE, `${YEAR}-09-08`)
    const preview = await shownPreview(person.page)
    expect(preview.total).toBe(30)
    expect(preview.basis).toBe('苏人社函〔2023〕308号 四（九）')
    await person.page.locator('input[type=file]').setInputFiles({
      name: '论文首页.pdf',
      mimeType: 'application/pdf',
      buffer: demoPdf('First page of the paper'),
    })
    await person.page.getByRole('button', { name: '提交申报', exact: true }).click()
    await person.page.waitForURL(/\/me\/applications\/[0-9a-f-]{36}$/, { timeout: 30_000 })
    const id = new URL(person.page.url()).pathname.split('/')[3] as string
    await person.page.getByText('待审核').first().waitFor()

    // The employer's reviewer finds it in the queue, sees the PDF and the proposal, approves 20 with a reason.
    const reviewer = await portal.open(DESKTOP)
    await signInAs(portal, reviewer.page, 'employer')
    await reviewer.page.goto('/reviews?order=oldest')
    const queue = await (await reviewer.page.request.get('/api/applications?status=submitted')).json()
    const last = Math.ceil(queue.total / 20)
    if (last > 1) await reviewer.page.getByRole('listitem', { name: String(last) }).click()
    await reviewer.page.getByRole('row', { name: new RegExp(TITLE) }).click()
    await reviewer.page.waitForURL((u) => u.pathname.endsWith(`/${id}`))
    await reviewer.page.locator('iframe[title^="证明材料"]').waitFor()
    await reviewer.page.getByTestId('proposed-hours').getByText('30 学时').waitFor()
    await reviewer.page.getByText('苏人社函〔2023〕308号 四（九）').first().waitFor()
    await reviewer.page.getByRole('button', { name: /核减通过/ }).click()
    const dialog = reviewer.page.getByRole('dialog')
    await dialog.getByLabel('核定学时').fill('20')
    await dialog.getByLabel('核减理由').fill('刊物为增刊，按第一作者核减')
    await dialog.getByRole('button', { name: /确\s*定/ }).click()
    await reviewer.page.waitForURL((u) => !u.pathname.endsWith(`/${id}`))
    expect(await seriousViolations(reviewer.page)).toEqual([])
    expect(reviewer.cspErrors).toEqual([])
    await reviewer.context.close()

    // The professional's year moved by exactly 20, and the notice of the decision opens the application.
    expect(await shownTotal(person.page)).toBe(before + 20)
    await person.page.setViewportSize(PHONE)
    await person.page.goto('/notifications')
    const notice = person.page.getByRole('listitem').filter({ hasText: '刊物为增刊，按第一作者核减' })
    await notice.first().waitFor()
    await notice.first().getByRole('button').first().click()
    await person.page.waitForURL((u) => u.pathname === `/me/applications/${id}`)
    await person.page.getByText('刊物为增刊，按第一作者核减').first().waitFor()
    await person.page.getByText('核减').first().waitFor()
    await screenshot(person.page, 'journey-approved-lower')
    expect(await seriousViolations(person.page)).toEqual([])
    expect(person.cspErrors).toEqual([])
    await person.context.close()
  })
})
