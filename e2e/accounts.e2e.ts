import { type APIRequestContext, type Page, request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { animationsDone, screenshot, seriousViolations } from './browser.js'
import { signIn, signInAs, startPortal } from './portal.js'

// 账户管理 in the built portal: the demo employer's administrator opens a clerk's account, disables,
// enables and resets it in the browser, and resets a professional's forgotten password; what each
// one-time password does is checked against the API, as the account's owner would use it.
const portal = startPortal()
const CHOSEN = 'Chosen-Pass-7'
const apis: APIRequestContext[] = []
// The API allows 10 sign-ins a minute from one address: the administrator signs in once for the whole file.
let admin: Awaited<ReturnType<typeof portal.open>>
beforeAll(async () => {
  admin = await portal.open()
  await signInAs(portal, admin.page, 'employer')
})
afterAll(async () => {
  for (const a of apis) await a.dispose()
  await admin?.context.close()
})

/** Signs in through the API as the account's owner would: the answer's status and body. */
async function login(username: string, password: string) {
  const ctx = await request.newContext({ baseURL: portal.server.url })
  apis.push(ctx)
  const res = await ctx.post('/api/auth/login', { data: { username, password } })
  return { ctx, status: res.status(), body: await res.json() }
}

/** The one-time password the open dialog shows, then the dialog closed (nothing of it stays). */
async function readOneTimePassword(page: Page, title: string, shot: string): Promise<string> {
  const dialog = page.getByRole('dialog').filter({ hasText: title })
  await dialog.waitFor()
  await dialog.getByText('只显示这一次').waitFor()
  const password = await dialog.getByLabel('一次性密码').inputValue()
  expect(password).toMatch(/^\w{4}-\w{4}-\w{4}$/)
  await screenshot(page, shot)
  expect(await seriousViolations(page)).toEqual([])
  await dialog.getByRole('button', { name: '我已记下，关闭' }).click()
  await dialog.waitFor({ state: 'detached' })
  expect(await page.content()).not.toContain(password)
  return password
}

/** The accounts table's row of a username. */
const rowOf = (page: Page, username: string) =>
  page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: username })

/** Confirms the open confirmation dialog with its OK button (antd spaces a two-character label: 停 用). */
async function confirm(page: Page, ok: string) {
  const dialog = page.locator('.ant-modal-confirm')
  await dialog.waitFor()
  await dialog.getByRole('button', { name: new RegExp(`^${[...ok].join('\\s*')}$`) }).click()
  await dialog.waitFor({ state: 'detached' })
}

/** Opens the new-account dialog, fills it and reads the one-time password it answers. */
async function createAccount(page: Page, username: string): Promise<string> {
  await page.getByRole('button', { name: '新增账户' }).click()
  const form = page.getByRole('dialog', { name: '新增账户' })
  await form.getByLabel('用户名').waitFor()
  await animationsDone(page)
  await form.getByLabel('用户名').fill(username)
  await form.getByLabel('姓名').fill('王经办')
  await form.getByRole('radio', { name: '经办人' }).check()
  await form.getByRole('button', { name: /创\s*建/ }).click()
  return readOneTimePassword(page, `账户“${username}”已创建`, 'accounts-created')
}

describe('账户管理', () => {
  it('the administrator creates, disables, enables and resets a clerk; each one-time password works once, as the API says', async () => {
    const { page, cspErrors } = admin
    await page.getByRole('menuitem', { name: '账户管理' }).click()
    await page.getByRole('heading', { name: '账户管理' }).waitFor()
    await expect.poll(() => new URL(page.url()).pathname).toBe('/accounts')
    const me = portal.server.login('employer').username
    await rowOf(page, me).getByText('当前登录账户').waitFor()
    expect(await rowOf(page, me).getByRole('button').count()).toBe(0)
    await screenshot(page, 'accounts')
    expect(await seriousViolations(page)).toEqual([])

    // A malformed username is refused next to the field before anything is sent.
    await page.getByRole('button', { name: '新增账户' }).click()
    const form = page.getByRole('dialog', { name: '新增账户' })
    await form.getByLabel('用户名').fill('经办 人')
    await form.getByRole('button', { name: /创\s*建/ }).click()
    await form.getByText('用户名只能包含字母、数字或 . _ -').waitFor()
    await screenshot(page, 'accounts-create-invalid')
    await form.getByRole('button', { name: /取\s*消/ }).click()
    await form.waitFor({ state: 'hidden' })

    const first = await createAccount(page, 'clerk-e2e')
    // A taken username: the API's answer stands next to the field.
    await page.getByRole('button', { name: '新增账户' }).click()
    await form.getByLabel('用户名').fill('clerk-e2e')
    await form.getByRole('button', { name: /创\s*建/ }).click()
    await form.getByText('用户名 clerk-e2e 已被使用').waitFor()
    await form.getByRole('button', { name: /取\s*消/ }).click()
    await form.waitFor({ state: 'hidden' })

    const row = rowOf(page, 'clerk-e2e')
    await row.getByText('待修改初始密码').waitFor()
    await row.getByText('经办人').waitFor()
    await row.getByText('从未登录').waitFor()
    const listed = (await (await page.request.get('/api/accounts?pageSize=200')).json()) as {
      items: { username: string; isAdmin: boolean; passwordChangeRequired: boolean; createdAt: string }[]
    }
    const clerk = listed.items.find((a) => a.username === 'clerk-e2e')
    expect(clerk).toMatchObject({ isAdmin: false, passwordChangeRequired: true })
    expect(await row.innerText()).toContain(clerk?.createdAt.slice(0, 4))
    const signedIn = await login('clerk-e2e', first)
    expect(signedIn.status).toBe(200)
    expect(signedIn.body.passwordChangeRequired).toBe(true)
    await page.reload()
    const lastSignIn = (
      (await (await page.request.get('/api/accounts?pageSize=200')).json()) as {
        items: { username: string; lastSignInAt: string | null }[]
      }
    ).items.find((a) => a.username === 'clerk-e2e')?.lastSignInAt
    expect(lastSignIn).toBeTruthy()
    // The page shows the API's instant in the browser's time zone (the same machine's here).
    const shown = await page.evaluate((iso) => {
      const d = new Date(iso)
      const p = (n: number) => String(n).padStart(2, '0')
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
    }, lastSignIn as string)
    await row.getByText(shown).waitFor()

    // Disabled: the clerk's sign-in is refused with the API's reason; enabled, it works again.
    await row.getByRole('button', { name: '停用：clerk-e2e' }).click()
    await confirm(page, '停用')
    await row.getByText('已停用').waitFor()
    await screenshot(page, 'accounts-disabled')
    const refused = await login('clerk-e2e', first)
    expect(refused.status).toBe(403)
    expect(refused.body.error.message).toBe('该账户已停用，请联系本单位管理员')
    await row.getByRole('button', { name: '启用：clerk-e2e' }).click()
    await confirm(page, '启用')
    await row.getByText('待修改初始密码').waitFor()
    expect((await login('clerk-e2e', first)).status).toBe(200)

    // Reset: a new one-time password, and the first one no longer opens the account.
    await row.getByRole('button', { name: '重置密码：clerk-e2e' }).click()
    await confirm(page, '重置密码')
    const second = await readOneTimePassword(page, '“clerk-e2e”的密码已重置', 'accounts-reset')
    expect(second).not.toBe(first)
    expect((await login('clerk-e2e', first)).status).toBe(401)
    const again = await login('clerk-e2e', second)
    expect(again.status).toBe(200)
    expect(again.body.passwordChangeRequired).toBe(true)
    expect(cspErrors).toEqual([])
  })

  it('a clerk has no 账户管理 in the menu, and /accounts is not found for it', async () => {
    await admin.page.goto('/accounts')
    await admin.page.getByRole('heading', { name: '账户管理' }).waitFor()
    const password = await createAccount(admin.page, 'clerk-menu')

    const owner = await login('clerk-menu', password)
    const changed = await owner.ctx.post('/api/auth/password', {
      data: { currentPassword: password, newPassword: CHOSEN },
      headers: { 'x-csrf-token': owner.body.csrfToken },
    })
    expect(changed.status()).toBe(200)

    const { context, page, cspErrors } = await portal.open()
    await page.goto('/')
    await signIn(page, 'clerk-menu', CHOSEN)
    await page.waitForURL((u) => u.pathname !== '/sign-in' && u.pathname !== '/')
    await page.getByRole('menuitem', { name: '接口令牌' }).waitFor()
    expect(await page.getByRole('menuitem', { name: '账户管理' }).count()).toBe(0)
    const session = await (await page.request.get('/api/auth/session')).json()
    expect(session).toMatchObject({ username: 'clerk-menu', isAdmin: false })
    await page.goto('/accounts')
    await page.getByText('没有找到这个页面。').waitFor()
    expect(await page.getByRole('heading', { name: '账户管理' }).count()).toBe(0)
    expect((await page.request.get('/api/accounts')).status()).toBe(403)
    await screenshot(page, 'accounts-clerk-not-found')
    expect(await seriousViolations(page)).toEqual([])
    expect(cspErrors).toEqual([])
    await context.close()
  })

  it('员工密码重置: the administrator finds the demo person by full ID number and resets the password; the person signs in with it', async () => {
    const person = portal.server.login('person')
    expect(person.idNumber).toBeTruthy()
    const { page, cspErrors } = admin
    await page.goto('/accounts')
    await page.getByRole('tab', { name: '员工密码重置' }).click()
    const panel = page.getByRole('tabpanel', { name: '员工密码重置' })
    await panel.getByText('输入姓名或身份证号后点击“查询”。').waitFor()
    await panel.getByLabel('身份证号').fill(person.idNumber as string)
    await panel.getByRole('button', { name: /查\s*询/ }).click()

    const found = (await (
      await page.request.get('/api/staff', { headers: { 'x-id-number': person.idNumber as string } })
    ).json()) as { items: { name: string; idMasked: string }[]; total: number }
    expect(found.total).toBe(1)
    const [who] = found.items
    const row = panel.locator('.ant-table-tbody tr.ant-table-row')
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.innerText()).toContain(who?.name)
    expect(await row.innerText()).toContain(who?.idMasked)
    expect(await page.content()).not.toContain(`>${person.idNumber}<`)
    expect(new URL(page.url()).search).not.toContain(person.idNumber as string)
    await screenshot(page, 'accounts-staff-reset')
    expect(await seriousViolations(page)).toEqual([])

    await row.getByRole('button', { name: `重置密码：${who?.name}` }).click()
    await confirm(page, '重置密码')
    const password = await readOneTimePassword(
      page,
      `“${who?.name}”的密码已重置`,
      'accounts-staff-reset-done',
    )
    const signed = await login(person.username, password)
    expect(signed.status).toBe(200)
    expect(signed.body).toMatchObject({ role: 'person', passwordChangeRequired: true })
    expect(cspErrors).toEqual([])
  })
})
