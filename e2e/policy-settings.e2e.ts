import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'

// 部署设置 / 适用政策 in the built portal: the demo's top HR department (常州市人社局, demo-hr) turns the
// national engineering draft off for its jurisdiction with a reason, confirms, and reads the history;
// the public list of policies in force follows.
const portal = startPortal()
let hr: Awaited<ReturnType<typeof portal.open>>
beforeAll(async () => {
  hr = await portal.open()
  await signInAs(portal, hr.page, 'hr_department')
})
afterAll(async () => {
  await hr?.context.close()
})

const DRAFT = '工程技术人员继续教育规定（征求意见稿）'
const rowOf = (page: Page, text: string) =>
  page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: text })

describe('适用政策', () => {
  it('the top HR department turns the engineering draft off from 2026 with a reason; the table, history and public list follow', async () => {
    const { page, cspErrors } = hr
    await page.getByRole('menuitem', { name: '适用政策' }).click()
    await page.getByRole('heading', { name: '适用政策' }).waitFor()
    await expect.poll(() => new URL(page.url()).pathname).toBe('/settings/policies')
    await page.getByText('选择本部署（江苏省常州市）适用哪些政策文件').waitFor()
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(3)
    const draft = rowOf(page, DRAFT)
    await draft.getByText('按文件施行').waitFor()
    await draft.getByText('2026年（文件施行）').waitFor()
    await draft.getByText('仅限工程技术系列').waitFor()
    await rowOf(page, '常人社职〔2024〕1号').getByText('江苏省常州市').waitFor()
    await rowOf(page, '苏人社函〔2023〕308号').getByText('2023-09-20 起').waitFor()
    await screenshot(page, 'policy-settings')
    expect(await seriousViolations(page)).toEqual([])

    // The dialog: no reason, no change.
    await draft.getByRole('button', { name: /调\s*整/ }).click()
    const dialog = page.getByRole('dialog').filter({ hasText: `调整“${DRAFT}”的适用` })
    await dialog.waitFor()
    // A button-style radio: its input is hidden, its label is what a person clicks.
    await dialog
      .locator('label.ant-radio-button-wrapper')
      .filter({ hasText: /^不适用$/ })
      .click()
    expect(await dialog.getByRole('radio', { name: '不适用' }).isChecked()).toBe(true)
    await dialog.getByRole('button', { name: /保\s*存/ }).click()
    await dialog.getByText('请填写调整理由').waitFor()
    await dialog
      .getByLabel('调整理由')
      .fill('国家规定尚为征求意见稿，本市工程技术人员暂按常人社职〔2024〕1号执行')
    await screenshot(page, 'policy-settings-dialog')
    expect(await seriousViolations(page)).toEqual([])
    await dialog.getByRole('button', { name: /保\s*存/ }).click()

    // Asked once more before it is saved.
    const confirm = page.locator('.ant-modal-confirm')
    await confirm.locator('.ant-modal-confirm-title', { hasText: '确认调整适用政策？' }).waitFor()
    await confirm.getByText('已记入的学时不变').waitFor()
    await screenshot(page, 'policy-settings-confirm')
    await confirm.getByRole('button', { name: '确认调整' }).click()
    await confirm.waitFor({ state: 'detached' })
    await dialog.waitFor({ state: 'detached' })
    await page.getByText(`已调整“${DRAFT}”的适用`).waitFor()

    await draft.getByText('不适用').waitFor()
    await draft.getByText('2026年起').waitFor()
    await draft.getByText('demo-hr').waitFor()
    await draft.locator('.ant-table-row-expand-icon').click()
    const history = page.locator('.ant-table-expanded-row').filter({ hasText: '不适用，自2026年起' })
    await history.getByText('国家规定尚为征求意见稿').waitFor()
    await screenshot(page, 'policy-settings-history')
    expect(await seriousViolations(page)).toEqual([])
    expect(cspErrors).toEqual([])

    // The public list (no sign-in needed) no longer names the draft.
    const listed = (await (await page.request.get('/api/policies')).json()) as { items: { id: string }[] }
    expect(listed.items.map((p) => p.id)).toEqual(['jiangsu-2023', 'changzhou-2024'])
  })
})
