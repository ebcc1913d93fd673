import type { Page } from 'playwright-core'

// The 学时申报 form as a person fills it, for the journeys that register an activity.

/** The form item labelled `label`. */
export const formItem = (page: Page, label: string) =>
  page.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: label }) })

/** Picks the kind of activity, typed as a clerk would: the drop-down renders only the options in sight. */
export async function chooseKind(page: Page, kind: string): Promise<void> {
  await page.getByRole('combobox', { name: '申报方式' }).fill(kind)
  await page.locator('.ant-select-item-option', { hasText: new RegExp(`^${kind}$`) }).click()
}

/** Opens 学时申报 and fills in a paper: first author, in a journal with a CN number, finished on `date`. */
export async function fillPaper(page: Page, title: string, date: string): Promise<void> {
  await page.goto('/me/register')
  await page.getByRole('heading', { name: '学时申报' }).waitFor()
  await chooseKind(page, '论文')
  await page.getByLabel('完成日期').fill(date)
  await page.getByLabel('名称（选填）').fill(title)
  await formItem(page, '作者排序').getByText('第一作者', { exact: true }).click()
  await formItem(page, '刊物有CN刊号').getByText('是', { exact: true }).click()
}

export const previewCard = (page: Page) => page.locator('.ant-card').filter({ hasText: '学时预估' })

/** The preview's figures as the person reads them. */
export async function shownPreview(page: Page) {
  const card = previewCard(page)
  await card.locator('.ant-statistic-content-value').waitFor()
  return {
    total: Number(await card.locator('.ant-statistic-content-value').innerText()),
    basis: await card.getByTestId('preview-basis').innerText(),
    text: await card.innerText(),
  }
}
