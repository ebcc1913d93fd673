import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DESKTOP, PHONE, screenshot, scrollWidth, seriousViolations } from './browser.js'
import { startPortal } from './portal.js'

// The public side, without signing in: 培训项目公示 searched by city and subject, showing the institution's
// name; 继续教育机构名录; the links to them (and to 证书查验) from the sign-in page and the public header.
const portal = startPortal()

const CHANGZHOU = '常州市专业技术人员继续教育基地（常州工学院）' // the demo institution (demo-data.ts)
const unique = Date.now().toString(36).slice(-5)
const BIM = `BIM 建模研修班 ${unique}`
const addDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)

/** The demo institution publishes through the API, in a window of its own (CSRF token on writes). */
async function publishAsInstitution(context: BrowserContext, projects: Record<string, unknown>[]) {
  const login = portal.server.login('institution')
  const r = await context.request.post('/api/auth/login', {
    data: { username: login.username, password: login.password },
  })
  expect(r.status(), await r.text()).toBe(200)
  const csrf = (await r.json()).csrfToken as string
  for (const data of projects) {
    const res = await context.request.post('/api/projects', { headers: { 'x-csrf-token': csrf }, data })
    expect(res.status(), await res.text()).toBe(201)
  }
}

const project = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  subject: 'professional',
  way: 'face_to_face',
  startDate: addDays(10),
  endDate: addDays(12),
  schedule: '3天：BIM 基础、建模实操、结业考核',
  venue: '常州工学院 教学楼A101',
  faculty: '高级工程师 张明',
  rules: '全程考勤，缺课超过1/5不予结业',
  hours: 24,
  ...extra,
})

async function clean(page: Page, cspErrors: string[]) {
  expect(await seriousViolations(page)).toEqual([])
  expect(cspErrors).toEqual([])
}

/** Types into the region picker and chooses the search result whose path reads `path`. */
async function pickRegion(page: Page, typed: string, path: string) {
  const box = page.getByRole('combobox', { name: '地区' })
  await box.click()
  await box.pressSequentially(typed)
  const option = page.locator('.ant-cascader-menu-item', { hasText: path })
  await option.first().waitFor()
  await option.first().click()
}

describe('public pages without signing in', () => {
  it('a visitor searches published projects by city and subject, sees the institution’s name, and opens the directory', async () => {
    const institution = await portal.open(DESKTOP)
    await publishAsInstitution(institution.context, [
      project(BIM, { fees: '800元/人（含资料费）' }),
      project(`智能制造 线上课程 ${unique}`, { way: 'online' }),
    ])
    await institution.context.close()

    const { page, cspErrors } = await portal.open(DESKTOP)
    await page.goto('/sign-in')
    const links = page.getByRole('navigation', { name: '公开查询' })
    await expect
      .poll(() => links.getByRole('link', { name: '证书查验' }).getAttribute('href'))
      .toBe('/verify')
    await screenshot(page, 'public-sign-in')
    await clean(page, cspErrors)

    await links.getByRole('link', { name: '培训项目公示' }).click()
    await page.getByRole('heading', { name: '培训项目公示', level: 1 }).waitFor()
    await page.getByText(/江西省人民政府令第259号 第十六条/).waitFor()
    await pickRegion(page, '常州', '江苏省 / 常州市')
    await page.getByLabel('培训科目').fill(`BIM ${unique}`.replace(' ', '%')) // literal: matches nothing
    await page.getByRole('button', { name: /查\s*询/ }).click()
    await page.getByText('没有符合条件的培训项目').waitFor()
    await page.getByLabel('培训科目').fill(`研修班 ${unique}`)
    await page.getByRole('button', { name: /查\s*询/ }).click()
    const card = page.locator('.ant-card', { has: page.getByRole('heading', { name: BIM, level: 2 }) })
    await card.waitFor()
    await card.getByText(`${CHANGZHOU}（江苏省常州市）`).waitFor()
    await card.getByText('800元/人（含资料费）').waitFor()
    await page.getByText('共 1 个培训项目').waitFor()
    expect(new URL(page.url()).searchParams.get('region')).toBe('320400')
    await screenshot(page, 'public-projects')
    await clean(page, cspErrors)

    // The same words in another city: nothing; the online one by way of learning.
    await pickRegion(page, '青岛', '山东省 / 青岛市')
    await page.getByRole('button', { name: /查\s*询/ }).click()
    await page.getByText('没有符合条件的培训项目').waitFor()
    await page.goto(`/public/projects?region=320400&way=online&q=${encodeURIComponent(unique)}`)
    await page.getByRole('heading', { name: `智能制造 线上课程 ${unique}`, level: 2 }).waitFor()
    await page.getByText('共 1 个培训项目').waitFor()

    await page
      .getByRole('navigation', { name: '公开查询' })
      .getByRole('link', { name: '继续教育机构名录' })
      .click()
    await page.getByRole('heading', { name: '继续教育机构名录', level: 1 }).waitFor()
    await page.getByText(/被移出推荐目录的机构不再列出/).waitFor()
    const row = page.getByRole('row', { name: new RegExp(CHANGZHOU.replace(/[()（）]/g, '.')) })
    await row.waitFor()
    await page.getByText('共 3 个机构').waitFor()
    await screenshot(page, 'public-directory')
    await clean(page, cspErrors)
    await page.getByLabel('机构名称').fill('青岛')
    await page.getByRole('button', { name: /查\s*询/ }).click()
    await page.getByText('共 1 个机构').waitFor()
    await page.getByRole('button', { name: /重\s*置/ }).click()
    await page.getByText('共 3 个机构').waitFor()
    // From an institution to its published projects.
    await row.getByRole('link', { name: /查看 \d+ 个/ }).click()
    await page.getByText(`只看：${CHANGZHOU}`).waitFor()
    await page.getByRole('heading', { name: BIM, level: 2 }).waitFor()
  })

  it('at phone width the pages read in one column, and pass the accessibility check', async () => {
    const { page, cspErrors } = await portal.open(PHONE)
    await page.goto('/sign-in')
    await page.getByRole('link', { name: '继续教育机构名录' }).waitFor()
    await screenshot(page, 'public-sign-in')
    await clean(page, cspErrors)
    await page.goto(`/public/projects?region=320400&q=${encodeURIComponent(unique)}`)
    await page.getByRole('heading', { name: BIM, level: 2 }).waitFor()
    await screenshot(page, 'public-projects')
    await clean(page, cspErrors)
    const width = await scrollWidth(page)
    expect(width).toBeLessThanOrEqual(PHONE.width)
    await page.getByRole('link', { name: '继续教育机构名录' }).click()
    await page.getByText('共 3 个机构').waitFor()
    await screenshot(page, 'public-directory')
    await clean(page, cspErrors)
  })
})
