import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { screenshot, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'

// The employer's (and agency's) year-end, departure, transfer in and API tokens, in the built portal.
const portal = startPortal()
const YEAR = 2025
const LEFT_ON = '2026-11-30'

/** The API as the signed-in page: GET as JSON, and writes with the session's CSRF token. */
async function apiOf(page: Page) {
  const session = await (await page.request.get('/api/auth/session')).json()
  const headers = { 'X-CSRF-Token': session.csrfToken as string }
  return {
    get: async (url: string) => {
      const res = await page.request.get(url)
      expect(res.status(), url).toBe(200)
      return res.json()
    },
    post: (url: string, data: unknown) => page.request.post(url, { data, headers }),
  }
}

/** A value in the page's statistic cards, by its title. */
const statistic = (page: Page, title: string) =>
  page
    .locator('.ant-statistic')
    .filter({ hasText: title })
    .locator('.ant-statistic-content-value')
    .innerText()

/** Types a date into an antd DatePicker found by its label, and leaves it (Enter would submit the form). */
async function pickDate(page: Page, label: string, date: string) {
  const input = page.getByLabel(label)
  await input.click()
  await input.fill(date)
  await input.press('Tab')
  await expect.poll(() => input.inputValue()).toBe(date)
}

const person = () => {
  const login = portal.server.login('person')
  if (!login.idNumber) throw new Error('the server printed no ID number for the demo person')
  return login.idNumber
}
let personName = ''

describe('the employer’s year-end and the staff who come and go', () => {
  it('year-end: the not-compliant count is the API’s; once confirmed, the year is locked', async () => {
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'employer')
    const a = await apiOf(page)
    const before = await a.get(`/api/reviews/year-end/${YEAR}`)
    expect(before.review).toBeNull()
    const missing = (await a.get(`/api/compliance?year=${YEAR}&compliant=false&pageSize=1`)).total
    const staff = before.staff
    expect(missing).toBeGreaterThan(0)

    await page.goto(`/year-end?year=${YEAR}`)
    await page.getByRole('heading', { name: '年度审核' }).waitFor()
    await page.getByText(`未达标人员（${missing} 人）`).waitFor()
    expect(await statistic(page, '在职人员')).toBe(String(staff))
    expect(await statistic(page, '未达标')).toBe(String(missing))
    expect(await statistic(page, '已达标')).toBe(String(staff - missing))
    await page.getByText('未审核').waitFor()
    expect(await page.locator('main .ant-table-tbody tr.ant-table-row').count()).toBe(Math.min(10, missing))
    await screenshot(page, 'year-end')
    expect(await seriousViolations(page)).toEqual([])

    await page.getByRole('button', { name: '完成年度审核' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText(`其中 ${missing} 人未达标`).waitFor()
    expect(await dialog.innerText()).toContain(`当前 ${staff} 名在职人员的 ${YEAR} 年度学时`)
    expect(await dialog.innerText()).toContain('不能撤销')
    await screenshot(page, 'year-end-confirm')
    await dialog.getByRole('button', { name: '确认完成审核' }).click()
    await page
      .getByText(
        `已完成 ${YEAR} 年度审核：审核 ${staff} 人，达标 ${staff - missing} 人，未达标 ${missing} 人。该年度已锁定。`,
      )
      .waitFor()
    await page.getByRole('button', { name: '该年度已完成审核' }).waitFor()
    expect(await page.getByRole('button', { name: '该年度已完成审核' }).isDisabled()).toBe(true)
    await screenshot(page, 'year-end-done')

    const after = await a.get(`/api/reviews/year-end/${YEAR}`)
    expect(after).toMatchObject({
      staff,
      locked: staff,
      review: { persons: staff, compliant: staff - missing },
    })
    // A later write to that year for a staff member is refused by the API.
    const [member] = (await a.get(`/api/staff?idNumber=${person()}`)).items
    personName = member.name
    const write = await a.post(`/api/persons/${member.personKey}/records`, {
      kind: 'training',
      subject: 'professional',
      organizer: 'employer',
      days: 1,
      date: `${YEAR}-12-01`,
    })
    expect(write.status()).toBe(409)
    expect((await write.json()).error.message).toContain(`${YEAR}年度已完成年终审核`)
    expect(cspErrors).toEqual([])
    await context.close()
  })

  it('departure: found by full ID number, their year shown, confirmed; then gone from the staff list', async () => {
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'employer')
    const a = await apiOf(page)
    const [member] = (await a.get(`/api/staff?idNumber=${person()}`)).items
    const year = (await a.get(`/api/persons/${member.personKey}/years/2026`)).evaluation

    await page.goto('/staff/departure')
    await page.getByRole('heading', { name: '离职审核' }).waitFor()
    await page.getByText(/共 \d+ 人/).waitFor()
    await page.getByLabel('身份证号').fill(person())
    await page.getByRole('button', { name: /查\s*询/ }).click()
    await page.getByText('共 1 人').waitFor()
    await page.getByRole('button', { name: `办理离职 ${member.name}` }).click()
    await page.getByText('2026 年度学时（截至目前）').waitFor()
    await page.getByText(`${year.totals.total} / ${year.required.total} 学时`).waitFor()
    await pickDate(page, '离职日期', LEFT_ON)
    await screenshot(page, 'departure')
    expect(await seriousViolations(page)).toEqual([])

    await page.getByRole('button', { name: '确认离职' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText(`离职日期 ${LEFT_ON}`).waitFor()
    await dialog.getByRole('button', { name: '确认离职' }).click()
    await page.getByText(`${member.name} 已办理离职（离职日期 ${LEFT_ON}）`).waitFor()
    await page.getByText('没有找到符合条件的在职人员').waitFor()
    expect((await a.get(`/api/staff?idNumber=${person()}`)).total).toBe(0)
    expect(cspErrors).toEqual([])
    await context.close()
  })

  it('transfer in: the ID number is checked in the browser, then the person joins the agency', async () => {
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'agency')
    const a = await apiOf(page)
    expect((await a.get(`/api/staff?idNumber=${person()}`)).total).toBe(0)
    const posts: string[] = []
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/staff') posts.push(r.url())
    })

    await page.goto('/staff/transfer-in')
    await page.getByRole('heading', { name: '调入人员' }).waitFor()
    const id = person()
    const wrongCheck = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`
    await page.getByLabel('身份证号').fill(wrongCheck)
    await page.getByLabel('姓名').fill(personName)
    await pickDate(page, '入职日期', '2026-12-01')
    await page.getByRole('button', { name: /调\s*入/ }).click()
    await page.getByText('身份证号无效：校验码错误').waitFor()
    expect(posts).toEqual([])
    await screenshot(page, 'transfer-in-form')

    await page.getByLabel('身份证号').fill(id)
    await page.getByRole('button', { name: /调\s*入/ }).click()
    await page.getByText(`${personName} 已调入本单位`).waitFor()
    await page.getByText(`（${LEFT_ON} 离职）`, { exact: false }).waitFor()
    expect(await page.locator('main').innerText()).toMatch(/调入自 \S+（2026-11-30 离职）/)
    expect(posts.length).toBe(1)
    await screenshot(page, 'transfer-in')
    expect(await seriousViolations(page)).toEqual([])
    const joined = await a.get(`/api/staff?idNumber=${id}`)
    expect(joined.total).toBe(1)
    expect(joined.items[0].name).toBe(personName)
    expect(cspErrors).toEqual([])
    await context.close()
  })
})

describe('API tokens', () => {
  it('created and shown once, works against the API, revoked, then refused', async () => {
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'employer')
    const a = await apiOf(page)
    await page.goto('/tokens')
    await page.getByRole('heading', { name: '接口令牌' }).waitFor()
    await page.getByText('本单位还没有接口令牌').waitFor()

    await page.getByRole('button', { name: '创建令牌' }).click()
    const form = page.getByRole('dialog')
    await form.getByLabel('名称').fill('人事系统对接')
    await pickDate(page, '有效期至', '2099-12-31')
    await form.getByRole('button', { name: /创\s*建/ }).click()
    const shown = page.getByRole('dialog').filter({ hasText: '令牌已创建' })
    await shown.getByText('令牌只显示这一次').waitFor()
    const token = await shown.getByLabel('令牌').inputValue()
    expect(token).toMatch(/^xs_[\w-]{20,}$/)
    await screenshot(page, 'tokens-created')
    expect(await seriousViolations(page)).toEqual([])
    await shown.getByRole('button', { name: '我已保存，关闭' }).click()
    await shown.waitFor({ state: 'hidden' })
    const row = page.locator('main .ant-table-row').filter({ hasText: '人事系统对接' })
    await row.getByText('2099-12-31').waitFor()
    await row.getByText('有效').waitFor()
    expect(await page.content()).not.toContain(token)

    // The token is sent as `Authorization: Bearer xs_…`, without any cookie.
    const call = () =>
      fetch(`${portal.server.url}/api/staff?pageSize=1`, { headers: { authorization: `Bearer ${token}` } })
    const used = await call()
    expect(used.status).toBe(200)
    expect(((await used.json()) as { total: number }).total).toBe(
      (await a.get('/api/staff?pageSize=1')).total,
    )

    await row.getByRole('button', { name: /吊\s*销/ }).click()
    const ask = page.getByRole('dialog').filter({ hasText: '吊销令牌' })
    await ask.getByText('不能恢复', { exact: false }).waitFor()
    await ask.getByRole('button', { name: /吊\s*销/ }).click()
    await row.getByText('已吊销').waitFor()
    expect((await call()).status).toBe(401)
    await page.reload()
    await page
      .locator('main .ant-table-row')
      .filter({ hasText: '人事系统对接' })
      .getByText('已吊销')
      .waitFor()
    await screenshot(page, 'tokens')
    expect(await seriousViolations(page)).toEqual([])
    expect(cspErrors).toEqual([])
    await context.close()
  })
})
