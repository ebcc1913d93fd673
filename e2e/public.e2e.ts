import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { makeUscc } from '../src/domain/uscc.js'
import { DESKTOP, PHONE, screenshot, seriousViolations } from './browser.js'
import { signIn, startPortal } from './portal.js'

// The pages before signing in (professional sign-up, organisation registration) and the forced password
// change after signing in with a one-time password, in the built portal on the demo.
const portal = startPortal()

const EMPLOYER = '常州天宁精密机械有限公司' // demo-employer's organisation (src/services/demo-data.ts)
const PASSWORD = 'Xueshi-2026a'
const unique = Date.now().toString(36).slice(-5)

/** The API signed in as a demo login in a context of its own (CSRF token on writes). */
async function apiAs(context: BrowserContext, role: string) {
  const login = portal.server.login(role)
  const r = await context.request.post('/api/auth/login', {
    data: { username: login.username, password: login.password },
  })
  expect(r.status(), await r.text()).toBe(200)
  const csrf = (await r.json()).csrfToken as string
  const call = async (method: 'GET' | 'POST', url: string, data?: unknown) => {
    const res = await context.request.fetch(url, { method, headers: { 'x-csrf-token': csrf }, data })
    if (res.status() >= 300) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`)
    return res.json()
  }
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, data?: unknown) => call('POST', url, data),
  }
}

async function pick(page: Page, label: string, option: string, typed?: string) {
  const box = page.getByRole('combobox', { name: label })
  await box.click()
  if (typed) await box.fill(typed)
  await page.locator('.ant-select-item-option', { hasText: option }).first().click()
}

async function clean(page: Page, cspErrors: string[]) {
  expect(await seriousViolations(page)).toEqual([])
  expect(cspErrors).toEqual([])
}

describe('public pages', () => {
  it('a professional signs up choosing the demo employer, is confirmed by it, and signs in to 我的学时', async () => {
    const { context, page, cspErrors } = await portal.open(DESKTOP)
    await page.goto('/sign-in')
    await page.getByRole('link', { name: '专业技术人员注册' }).click()
    await page.getByRole('heading', { name: '专业技术人员注册' }).waitFor()
    await screenshot(page, 'signup')
    await clean(page, cspErrors)

    const name = '陆晓岚'
    const idNumber = makeResidentId('320411', '19880416', Number.parseInt(unique, 36) % 1000)
    const username = `lu-${unique}`
    await page.getByLabel('姓名').fill(name)
    // A wrong check character is refused in the browser, next to the field.
    const wrong = idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0')
    await page.getByLabel('居民身份证号').fill(wrong)
    await page.getByLabel('姓名').click()
    await page.getByText(/身份证号有误：校验码错误/).waitFor()
    await page.getByLabel('居民身份证号').fill(idNumber)
    await pick(page, '职称系列', '工程技术')
    await pick(page, '所在单位', EMPLOYER, '天宁')
    await page.getByLabel('用户名').fill(username)
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD)
    await page.getByLabel('确认密码').fill(PASSWORD)
    await page.getByRole('button', { name: /注\s*册/ }).click()
    await page.getByText('注册成功').waitFor()
    await page.getByText(new RegExp(`账户 ${username} 已创建。${EMPLOYER} 确认`)).waitFor()
    await screenshot(page, 'signup-done')
    await clean(page, cspErrors)

    // The employer sees the request and confirms it.
    const employerWindow = await portal.open(DESKTOP)
    const employer = await apiAs(employerWindow.context, 'employer')
    const requests = await employer.get('/api/staff/requests?pageSize=100')
    const request = requests.items.find((r: { name: string }) => r.name === name)
    expect(request?.idMasked).toBe(`320***********${idNumber.slice(-4)}`)
    await employer.post(`/api/staff/requests/${request.id}/confirm`)
    await employerWindow.context.close()

    await page.getByRole('link', { name: '去登录' }).click()
    await signIn(page, username, PASSWORD)
    await page.waitForURL((u) => u.pathname === '/me/year')
    await page.getByRole('heading', { name: '我的学时' }).waitFor()
    await page.locator('main').getByText(name).first().waitFor()
    await clean(page, cspErrors)
    await context.close()
  })

  it('the sign-up form fits a phone', async () => {
    const { context, page, cspErrors } = await portal.open(PHONE)
    await page.goto('/signup')
    await page.getByRole('heading', { name: '专业技术人员注册' }).waitFor()
    await screenshot(page, 'signup')
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    )
    await clean(page, cspErrors)
    await context.close()
  })

  it('an employer requests registration and the HR department of its region sees the request', async () => {
    const { context, page, cspErrors } = await portal.open(DESKTOP)
    await page.goto('/sign-in')
    await page.getByRole('link', { name: '单位注册申请' }).click()
    await page.getByRole('heading', { name: '单位注册申请' }).waitFor()
    await screenshot(page, 'register-organisation')
    await clean(page, cspErrors)

    const orgName = `常州新北测试科技有限公司${unique}`
    const uscc = makeUscc('91320411MA1P00012')
    await page.getByLabel('单位名称').fill(orgName)
    await page.getByLabel('统一社会信用代码').fill(`${uscc.slice(0, 17)}${uscc[17] === '0' ? '1' : '0'}`)
    await page.getByLabel('单位名称').click()
    await page.getByText(/统一社会信用代码有误：校验码错误/).waitFor()
    await page.getByLabel('统一社会信用代码').fill(uscc)
    await page.getByLabel('单位名称').click()
    // The credit code's region fills the empty region, shown by its name (e2e/regions.e2e.ts: the picker).
    await page
      .locator('.ant-form-item', { has: page.getByText('所在地区', { exact: true }) })
      .getByText('江苏省 / 常州市 / 新北区', { exact: true })
      .waitFor()
    await page.getByLabel('联系人姓名').fill('周建平')
    await page.getByLabel('联系电话').fill('0519-85001234')
    await page.getByLabel('管理员用户名').fill(`tq-${unique}`)
    await page.getByLabel('管理员密码').fill(PASSWORD)
    await page.getByLabel('确认密码').fill(PASSWORD)
    await page.getByRole('button', { name: '提交申请' }).click()
    await page.getByText('申请已提交，待所在地人社部门审核').waitFor()
    await screenshot(page, 'register-organisation-done')
    await clean(page, cspErrors)

    const hrWindow = await portal.open(DESKTOP)
    const hr = await apiAs(hrWindow.context, 'hr_department')
    const pending = await hr.get('/api/registrations?pageSize=100')
    const mine = pending.items.find((r: { name: string }) => r.name === orgName)
    expect(mine).toMatchObject({ uscc, regionCode: '320411', status: 'pending', username: `tq-${unique}` })
    await hrWindow.context.close()

    // Same credit code again: the API's refusal shows next to the field.
    await page.goto('/register-organisation')
    await page.getByLabel('单位名称').fill(`${orgName}二`)
    await page.getByLabel('统一社会信用代码').fill(uscc)
    await page.getByLabel('联系人姓名').fill('周建平')
    await page.getByLabel('联系电话').fill('0519-85001234')
    await page.getByLabel('管理员用户名').fill(`tq2-${unique}`)
    await page.getByLabel('管理员密码').fill(PASSWORD)
    await page.getByLabel('确认密码').fill(PASSWORD)
    await page.getByRole('button', { name: '提交申请' }).click()
    await page.locator('.ant-form-item-explain-error').first().waitFor()
    await screenshot(page, 'register-organisation-error')
    await context.close()
  })

  it('the registration form fits a phone', async () => {
    const { context, page, cspErrors } = await portal.open(PHONE)
    await page.goto('/register-organisation')
    await page.getByRole('heading', { name: '单位注册申请' }).waitFor()
    await screenshot(page, 'register-organisation')
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    )
    await clean(page, cspErrors)
    await context.close()
  })

  it('a one-time password sends its account to the password change before anything else', async () => {
    const adminWindow = await portal.open(DESKTOP)
    const admin = await apiAs(adminWindow.context, 'employer')
    const username = `clerk-${unique}`
    const created = await admin.post('/api/accounts', { username, displayName: '钱文静' })
    await adminWindow.context.close()

    for (const size of [PHONE, DESKTOP]) {
      const { context, page, cspErrors } = await portal.open(size)
      await page.goto('/sign-in')
      if (size === PHONE) {
        await signIn(page, username, created.oneTimePassword)
        await page.waitForURL((u) => u.pathname === '/change-password')
        await page.getByText('您正在使用一次性密码').waitFor()
        await screenshot(page, 'change-password')
        await clean(page, cspErrors)
        await context.close()
        continue
      }
      await signIn(page, username, created.oneTimePassword)
      await page.waitForURL((u) => u.pathname === '/change-password')
      // Other pages lead back here, and the API refuses them.
      await page.goto('/staff/compliance')
      await page.waitForURL((u) => u.pathname === '/change-password')
      const refused = await page.request.get('/api/staff/requests')
      expect(refused.status()).toBe(403)
      expect((await refused.json()).error.code).toBe('password_change_required')
      await screenshot(page, 'change-password')
      await clean(page, cspErrors)

      // The one-time password again as the new one is refused by the API, next to the field.
      await page.getByLabel('当前密码').fill(created.oneTimePassword)
      await page.getByLabel('新密码', { exact: true }).fill(created.oneTimePassword)
      await page.getByLabel('确认新密码').fill(created.oneTimePassword)
      await page.getByRole('button', { name: '修改密码' }).click()
      await page.getByText(/新密码不能与当前密码/).waitFor()

      await page.getByLabel('新密码', { exact: true }).fill(PASSWORD)
      await page.getByLabel('确认新密码').fill(PASSWORD)
      await page.getByRole('button', { name: '修改密码' }).click()
      await page.waitForURL((u) => !['/change-password', '/sign-in', '/'].includes(u.pathname))
      expect((await page.request.get('/api/staff/requests')).status()).toBe(200)
      expect((await (await page.request.get('/api/auth/session')).json()).passwordChangeRequired).toBe(false)
      await clean(page, cspErrors)
      await context.close()
    }
  })
})
