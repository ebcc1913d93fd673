import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { base32Decode, otpauthUri, totp } from '../src/services/totp.js'
import { qrImage } from '../web/src/pages/common/account/qr-image.js'
import { animationsDone, PHONE, screenshot, seriousViolations } from './browser.js'
import { signIn, signInAs, startPortal } from './portal.js'

// The shell: the account menu (password, second factor, recovery codes), the notifications page and the links
// notifications carry, and the organisation's name in the header. One `xueshi serve --demo` for this file.
const portal = startPortal()
const now = () => Date.now() / 1000

/** Opens the account menu in the header and picks an item. */
async function accountMenu(page: Page, username: string, item: string) {
  await page.getByRole('banner').getByRole('button', { name: username }).click()
  // A click while the drop-down is still opening can be lost under load: wait for it to settle.
  await animationsDone(page)
  await page.getByRole('menuitem', { name: item }).click()
}

async function signOut(page: Page, username: string) {
  await accountMenu(page, username, '退出登录')
  await page.waitForURL((u) => u.pathname === '/sign-in')
}

/** A full-page screenshot from the top (the header is sticky: scrolled, it would sit mid-page in the image). */
async function shot(page: Page, name: string) {
  await page.evaluate('window.scrollTo(0, 0)')
  await screenshot(page, name)
}

const session = async (page: Page) => (await page.request.get('/api/auth/session')).json()

describe('the header', () => {
  it("shows the organisation's name beside the role, and in the phone menu's title", async () => {
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'employer')
    const me = await session(page)
    expect(me.organisationName).toMatch(/\S/)
    const banner = page.getByRole('banner')
    await banner.getByText(me.organisationName, { exact: true }).waitFor()
    await banner.getByText('用人单位', { exact: true }).waitFor()
    await page.setViewportSize(PHONE)
    await page.getByRole('button', { name: '菜单' }).click()
    await page.getByRole('dialog').getByText(me.organisationName, { exact: true }).waitFor()
    await screenshot(page, 'menu-organisation')
    expect(cspErrors).toEqual([])
    await context.close()
  })
})

describe('signing in with a second factor', () => {
  it('an agency clerk sets up TOTP from the QR code, keeps the recovery codes, then signs in with a code once', async () => {
    const login = portal.server.login('agency')
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'agency')
    await accountMenu(page, login.username, '动态口令（两步验证）')
    await page.waitForURL((u) => u.pathname === '/account' && u.hash === '#totp')
    const totpCard = page.locator('#totp')
    await totpCard.getByText('未启用').waitFor()
    await shot(page, 'account')
    expect(await seriousViolations(page)).toEqual([])

    await totpCard.getByRole('button', { name: '绑定动态口令' }).click()
    const qr = totpCard.getByRole('img', { name: '动态口令二维码' })
    await qr.waitFor()
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '')
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    // The QR code is the otpauth URI of the key shown beside it (rendered again here, it is the same image).
    const uri = otpauthUri(base32Decode(secret), login.username)
    expect(await qr.getAttribute('src')).toBe(await qrImage(uri))
    await shot(page, 'totp-setup')
    expect(await seriousViolations(page)).toEqual([])

    await totpCard.getByRole('button', { name: '输入动态口令确认' }).click()
    await totpCard.getByLabel('6 位动态口令').fill(totp(base32Decode(secret), now()))
    await totpCard.getByLabel('当前密码').fill('Wrong-Pass-9')
    await totpCard.getByRole('button', { name: '确认绑定' }).click()
    await totpCard.getByText('密码不正确').waitFor() // next to the password field
    await totpCard.getByLabel('当前密码').fill(login.password)
    await totpCard.getByRole('button', { name: '确认绑定' }).click()
    const enabledAt = now()

    const dialog = page.getByRole('dialog', { name: '请保存恢复码' })
    await dialog.waitFor()
    const codes = await dialog.locator('[data-recovery-code]').allInnerTexts()
    expect(codes).toHaveLength(10)
    for (const c of codes) expect(c).toMatch(/^[0-9a-f]{4}-[0-9a-f]{4}$/)
    const done = dialog.getByRole('button', { name: /完\s*成/ })
    expect(await done.isDisabled()).toBe(true)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: /下载/ }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/\.txt$/)
    const file = readFileSync(await download.path(), 'utf8')
    for (const c of codes) expect(file).toContain(c)
    await shot(page, 'recovery-codes')
    expect(await seriousViolations(page)).toEqual([])
    await dialog.getByRole('checkbox', { name: '我已妥善保存恢复码' }).check()
    await done.click()
    await dialog.waitFor({ state: 'hidden' })
    await totpCard.getByText('已启用').first().waitFor()
    await page.locator('#recovery').getByText('剩余 10 个恢复码').waitFor()
    expect((await session(page)).recoveryCodesLeft).toBe(10)

    // Password, then a code of the next time step (the enabling code's step is used up).
    await signOut(page, login.username)
    await signIn(page, login.username, login.password)
    await page.getByRole('heading', { name: '动态口令验证' }).waitFor()
    const code = totp(base32Decode(secret), enabledAt + 30)
    await page.getByLabel('动态口令或恢复码').fill(code)
    await page.getByRole('button', { name: /验\s*证/ }).click()
    await page.waitForURL((u) => u.pathname === '/reviews')

    // The same code again is refused; a recovery code gets in, and one fewer is left.
    await signOut(page, login.username)
    await signIn(page, login.username, login.password)
    await page.getByRole('heading', { name: '动态口令验证' }).waitFor()
    await page.getByLabel('动态口令或恢复码').fill(code)
    await page.getByRole('button', { name: /验\s*证/ }).click()
    expect(await page.getByRole('alert').innerText()).toContain('动态口令或恢复码不正确')
    expect(new URL(page.url()).pathname).toBe('/sign-in')
    await page.getByLabel('动态口令或恢复码').fill(codes[0] as string)
    await page.getByRole('button', { name: /验\s*证/ }).click()
    await page.waitForURL((u) => u.pathname === '/reviews')
    await page.goto('/account#recovery')
    await page.locator('#recovery').getByText('剩余 9 个恢复码').waitFor()
    expect(cspErrors).toEqual([])
    await context.close()
  })
})

describe('changing the password', () => {
  it('refuses a weak one next to the field, then the new one signs in and the old one no longer does', async () => {
    const login = portal.server.login('hr_department')
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'hr_department')
    await accountMenu(page, login.username, '修改密码')
    await page.waitForURL((u) => u.pathname === '/account' && u.hash === '#password')
    const card = page.locator('#password')
    await card.getByLabel('当前密码').fill(login.password)
    await card.getByLabel('新密码', { exact: true }).fill('weakpass')
    await card.getByLabel('确认新密码').fill('weakpass')
    await card.getByRole('button', { name: '修改密码' }).click()
    const explain = card.locator('#newPassword_help, .ant-form-item-explain-error')
    await explain.getByText(/至少8位/).waitFor()
    const next = 'New-Pass-2026'
    await card.getByLabel('新密码', { exact: true }).fill(next)
    await card.getByLabel('确认新密码').fill(next)
    await card.getByRole('button', { name: '修改密码' }).click()
    await page.getByText('密码已修改').waitFor()
    await signOut(page, login.username)
    await signIn(page, login.username, login.password)
    await page
      .getByRole('alert')
      .getByText(/用户名或密码错误/)
      .waitFor()
    await signIn(page, login.username, next)
    await page.waitForURL((u) => u.pathname !== '/sign-in')
    expect(cspErrors).toEqual([])
    await context.close()
  })
})

describe('notifications', () => {
  it('a submitted application reaches the employer, whose notice opens the review; the decision reaches the person', async () => {
    const person = await portal.open()
    await signInAs(portal, person.page, 'person')
    const me = await session(person.page)
    const apply = async (title: string, date: string) => {
      const submitted = await person.page.request.post('/api/applications', {
        headers: { 'x-csrf-token': me.csrfToken },
        data: {
          kind: 'training',
          subject: 'professional',
          organizer: 'institution',
          days: 3,
          hours: 30,
          date,
          title,
        },
      })
      expect(submitted.status()).toBe(201)
      return (await submitted.json()).application as { id: string }
    }
    // Three applications: one to open from its notice, one returned, and the first approved at the end.
    const application = await apply('机床数控系统维护研修班', '2025-05-20')
    const returned = await apply('工业互联网专题培训', '2025-06-12')
    await apply('安全生产专业培训', '2025-07-03')

    const employer = await portal.open()
    const { page } = employer
    await signInAs(portal, page, 'employer')
    const unreadBefore = (await (await page.request.get('/api/notifications/unread-count')).json()).unread
    expect(unreadBefore).toBeGreaterThan(0)
    const bell = page.getByRole('banner').getByRole('button', { name: `${unreadBefore} 条未读消息` })
    await bell.click()
    const latest = page.getByRole('list', { name: '最新消息' })
    await latest.getByText('新的学时登记申请待审核').first().waitFor()
    await page.getByRole('button', { name: '查看全部消息' }).click()
    await page.waitForURL((u) => u.pathname === '/notifications')
    const inbox = await (await page.request.get('/api/notifications?pageSize=10')).json()
    const list = page.getByRole('list', { name: '全部消息' })
    await list.getByRole('listitem').first().waitFor()
    expect(await list.getByRole('listitem').count()).toBe(inbox.items.length)
    const mine = list.getByRole('listitem').filter({ hasText: '机床数控系统维护研修班' })
    expect(await mine.getAttribute('data-read')).toBe('false')
    await page.getByText(`共 ${inbox.total} 条`).first().waitFor()
    await shot(page, 'notifications')
    expect(await seriousViolations(page)).toEqual([])

    await mine.getByRole('button', { name: '新的学时登记申请待审核', exact: true }).click()
    await page.waitForURL((u) => u.pathname === `/reviews/${me.personKey}/${application.id}`)
    expect(await page.getByText('没有找到这个页面').count()).toBe(0)
    await page
      .getByRole('banner')
      .getByRole('button', { name: unreadBefore - 1 ? `${unreadBefore - 1} 条未读消息` : /(^|\s)消息$/ })
      .waitFor()

    // 全部标为已读, after a confirmation; the bell empties.
    await page.goto('/notifications')
    if (unreadBefore > 1) {
      await page.getByRole('button', { name: '全部标为已读' }).click()
      await page.getByRole('tooltip').getByRole('button', { name: '全部标为已读' }).click()
      await page
        .getByRole('banner')
        .getByRole('button', { name: /(^|\s)消息$/ })
        .waitFor()
      expect(await list.locator('li[data-read="false"]').count()).toBe(0)
    }

    // The employer approves; the person's notice opens their application, at phone size too.
    const csrf = (await session(page)).csrfToken
    const decide = (id: string, action: string, data: object) =>
      page.request.post(`/api/applications/${me.personKey}/${id}/${action}`, {
        headers: { 'x-csrf-token': csrf },
        data,
      })
    expect((await decide(returned.id, 'return', { reason: '请补充培训结业证书扫描件' })).status()).toBe(200)
    expect((await decide(application.id, 'approve', {})).status()).toBe(200)
    await person.page.setViewportSize(PHONE)
    await person.page.goto('/notifications')
    const notice = person.page.getByRole('listitem').filter({ hasText: '已通过' }).first()
    await notice.waitFor()
    await shot(person.page, 'notifications-person')
    expect(await seriousViolations(person.page)).toEqual([])
    await notice.getByRole('button').first().click()
    await person.page.waitForURL((u) => u.pathname === `/me/applications/${application.id}`)
    expect(await person.page.getByText('没有找到这个页面').count()).toBe(0)

    // The person's account page at phone size, with the QR code of a set-up they then cancel.
    await person.page.goto('/account')
    await person.page.locator('#totp').getByText('未启用').waitFor()
    await shot(person.page, 'account-person')
    await person.page.getByRole('button', { name: '绑定动态口令' }).click()
    await person.page.getByRole('img', { name: '动态口令二维码' }).waitFor()
    await shot(person.page, 'totp-setup-person')
    expect(await seriousViolations(person.page)).toEqual([])
    await person.page.getByRole('button', { name: /取\s*消/ }).click()
    expect(person.cspErrors).toEqual([])
    expect(employer.cspErrors).toEqual([])
    await person.context.close()
    await employer.context.close()
  })
})
