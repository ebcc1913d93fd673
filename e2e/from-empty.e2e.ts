import { type Page, request } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { makeUscc } from '../src/domain/uscc.js'
import { demoPdf } from '../src/services/demo-applications.js'
import { animationsDone, DESKTOP, PHONE, screenshot, seriousViolations } from './browser.js'
import { signIn, startPortal } from './portal.js'
import { chooseKind, formItem, previewCard, shownPreview } from './register-form.js'

// Issue #12's definition of done, in the built portal: from an empty database (`xueshi init`, then
// `xueshi serve` without the demo) to a professional's first approved hours, every step as a person does it
// in the browser, with no demo and no SQL. Then the employer's only administrator forgets the password and
// the city's HR department resets it on 单位管理. The API is asked at the end whether it agrees.
const portal = startPortal({ region: '320000', name: '江苏省人力资源和社会保障厅' })

const CITY_HR = '常州市人力资源和社会保障局'
const EMPLOYER = '常州新北启航智能装备有限公司'
const USCC = makeUscc('91320411MA27QH0E1')
const PERSON = '沈雨桐'
const ID_NUMBER = makeResidentId('320411', '19890523', 417)
const TRAINING = '工业机器人系统集成高级研修班'
const TRAINING_DATE = '2026-11-12'

/** The passwords people choose when asked to (each meets the rule: 8+ characters, 3 kinds). */
const CHOSEN = {
  top: 'Sheng-Ting-2026',
  city: 'Chang-Zhou-2026',
  employer: 'Qi-Hang-Admin-1',
  clerk: 'Jing-Ban-Ren-2',
  person: 'Shen-Yu-Tong-3',
  employerAgain: 'Qi-Hang-Admin-9',
}

/** What one step hands to the next, as the people would pass it on. */
const state: {
  cityAdmin?: { username: string; oneTimePassword: string }
  clerkOneTime?: string
  hr?: Window
  employer?: Window
  person?: Window
  applicationId?: string
  proposed?: number
} = {}

type Window = Awaited<ReturnType<typeof portal.open>>

afterAll(async () => {
  for (const w of [state.hr, state.employer, state.person]) await w?.context.close()
})

async function clean(page: Page, cspErrors: string[]) {
  expect(await seriousViolations(page)).toEqual([])
  expect(cspErrors).toEqual([])
}

/** The row of the page's main table that names `text`. */
const rowOf = (page: Page, text: string) =>
  page.locator('.ant-table-tbody tr.ant-table-row', { hasText: text })

/** Signs in on the sign-in page with a one-time password and changes it on the forced page. */
async function firstSignIn(page: Page, username: string, oneTime: string, chosen: string, shot: string) {
  await page.goto('/sign-in')
  await signIn(page, username, oneTime)
  await page.waitForURL((u) => u.pathname === '/change-password')
  await page.getByText('您正在使用一次性密码').waitFor()
  await screenshot(page, shot)
  await page.getByLabel('当前密码').fill(oneTime)
  await page.getByLabel('新密码', { exact: true }).fill(chosen)
  await page.getByLabel('确认新密码').fill(chosen)
  await page.getByRole('button', { name: '修改密码' }).click()
  await page.waitForURL((u) => !['/change-password', '/sign-in', '/'].includes(u.pathname))
}

/** The one-time password the open dialog shows (shown once), then the dialog closed. */
async function readShown(page: Page, title: string, shot: string): Promise<string> {
  const dialog = page.getByRole('dialog').filter({ hasText: title })
  await dialog.getByText('只显示这一次').waitFor()
  await animationsDone(page)
  const password = await dialog.getByLabel('一次性密码').inputValue()
  expect(password).toMatch(/^\w{4}-\w{4}-\w{4}$/)
  await screenshot(page, shot)
  expect(await seriousViolations(page)).toEqual([])
  await dialog.getByRole('button', { name: '我已记下，关闭' }).click()
  await dialog.waitFor({ state: 'detached' })
  await expect.poll(async () => (await page.content()).includes(password)).toBe(false)
  return password
}

/**
 * Picks `option` in the select of the form item labelled `label` (typing `typed` first when given), as a
 * keyboard user does: the option pointed at becomes the active one, Enter takes it; then the select shows it.
 */
async function pick(page: Page, label: string, option: string, typed?: string) {
  const box = formItem(page, label).getByRole('combobox')
  await box.click()
  if (typed) await box.fill(typed)
  const item = page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
      hasText: option,
    })
    .first()
  await item.waitFor()
  await animationsDone(page)
  await item.hover()
  await page
    .locator('.ant-select-dropdown .ant-select-item-option-active', { hasText: option })
    .first()
    .waitFor()
  await box.press('Enter')
  await formItem(page, label).locator('[title]', { hasText: option }).first().waitFor()
}

/** A sign-in through the API, as the account's owner's own program would try it. */
async function apiLogin(username: string, password: string) {
  const ctx = await request.newContext({ baseURL: portal.server.url })
  try {
    const res = await ctx.post('/api/auth/login', { data: { username, password } })
    return { status: res.status(), body: await res.json() }
  } finally {
    await ctx.dispose()
  }
}

describe('from an empty database to a professional’s first approved hours', () => {
  it('xueshi init printed the administrator; signed in, the password is changed first, then the city’s HR department is registered', async () => {
    const admin = portal.server.admin
    expect(admin?.oneTimePassword).toMatch(/^\w{4}-\w{4}-\w{4}$/)
    const { context, page, cspErrors } = await portal.open(DESKTOP)
    await firstSignIn(
      page,
      admin?.username as string,
      admin?.oneTimePassword as string,
      CHOSEN.top,
      'from-empty-change-password',
    )
    await page.getByRole('menuitem', { name: '单位管理' }).click()
    await page.getByRole('heading', { name: '单位管理' }).waitFor()
    await rowOf(page, '江苏省人力资源和社会保障厅').waitFor()
    await page.getByText('共 1 家').waitFor()
    // Its own row offers no reset here: the department's own accounts are on 账户管理.
    expect(await rowOf(page, '江苏省人力资源和社会保障厅').getByRole('button').count()).toBe(0)
    await screenshot(page, 'from-empty-organisations')
    await clean(page, cspErrors)

    await page.getByRole('button', { name: '新增单位' }).click()
    const form = page.getByRole('dialog', { name: '登记本辖区单位' })
    await form.getByLabel('单位名称').waitFor()
    await animationsDone(page)
    await pick(page, '单位类型', '人社部门')
    await form.getByLabel('单位名称').fill(CITY_HR)
    // The region picker offers the department's own province and below: typed, then chosen by name.
    const region = form.getByRole('combobox', { name: '所在地区' })
    await region.click()
    await region.pressSequentially('常州')
    await page
      .locator('.ant-cascader-menu-item', { hasText: /常州市$/ })
      .first()
      .click()
    await form
      .locator('.ant-cascader')
      .getByText(/常州市$/)
      .waitFor()
    await form.getByLabel('首个管理员用户名').fill('czhr-admin')
    await screenshot(page, 'from-empty-new-city')
    await form.getByRole('button', { name: /登\s*记/ }).click()
    const shown = page.getByRole('dialog', { name: '首个管理员的一次性密码' })
    await shown.getByText('一次性密码只显示这一次').waitFor()
    expect(await shown.getByLabel('管理员用户名').inputValue()).toBe('czhr-admin')
    const oneTime = await shown.getByLabel('一次性密码').inputValue()
    await screenshot(page, 'from-empty-city-password')
    await shown.getByRole('button', { name: '我已记下，关闭' }).click()
    await shown.waitFor({ state: 'detached' })
    state.cityAdmin = { username: 'czhr-admin', oneTimePassword: oneTime }
    await rowOf(page, CITY_HR).waitFor()
    expect(await rowOf(page, CITY_HR).innerText()).toContain('江苏省常州市')
    await clean(page, cspErrors)
    await context.close()
  })

  it('an employer of Changzhou requests registration on the public page; nobody can sign in for it yet', async () => {
    const { context, page, cspErrors } = await portal.open(DESKTOP)
    await page.goto('/sign-in')
    await page.getByRole('link', { name: '单位注册申请' }).click()
    await page.getByRole('heading', { name: '单位注册申请' }).waitFor()
    await page.getByLabel('单位名称').fill(EMPLOYER)
    await page.getByLabel('统一社会信用代码').fill(USCC)
    await page.getByLabel('单位名称').click()
    // The credit code's region fills the empty region, shown by its name.
    await page
      .locator('.ant-form-item', { has: page.getByText('所在地区', { exact: true }) })
      .getByText('江苏省 / 常州市 / 新北区', { exact: true })
      .waitFor()
    await page.getByLabel('联系人姓名').fill('顾海峰')
    await page.getByLabel('联系电话').fill('0519-85127788')
    await page.getByLabel('管理员用户名').fill('qihang-admin')
    await page.getByLabel('管理员密码').fill(CHOSEN.employer)
    await page.getByLabel('确认密码').fill(CHOSEN.employer)
    await page.getByRole('button', { name: '提交申请' }).click()
    await page.getByText('申请已提交，待所在地人社部门审核').waitFor()
    await screenshot(page, 'from-empty-register-organisation-done')
    await clean(page, cspErrors)
    const early = await apiLogin('qihang-admin', CHOSEN.employer)
    expect(early.status).toBe(403)
    expect(early.body.error.code).toBe('organisation_pending')
    await context.close()
  })

  it('the city’s HR administrator signs in with the handed-over password, changes it, and approves the request of its region', async () => {
    state.hr = await portal.open(DESKTOP)
    const { page, cspErrors } = state.hr
    const city = state.cityAdmin as { username: string; oneTimePassword: string }
    await firstSignIn(page, city.username, city.oneTimePassword, CHOSEN.city, 'from-empty-city-change')
    await page.goto('/registrations')
    await page.getByRole('heading', { name: '注册审批' }).waitFor()
    const row = rowOf(page, EMPLOYER)
    await row.waitFor()
    expect(await row.innerText()).toContain(USCC)
    expect(await row.innerText()).toContain('qihang-admin')
    await screenshot(page, 'from-empty-registrations')
    await clean(page, cspErrors)
    await row.getByRole('button', { name: /批\s*准/ }).click()
    const confirm = page.locator('.ant-modal-confirm')
    await confirm.locator('.ant-modal-confirm-title', { hasText: `批准“${EMPLOYER}”的注册申请？` }).waitFor()
    await animationsDone(page)
    await confirm.getByRole('button', { name: /批\s*准/ }).click()
    await confirm.waitFor({ state: 'detached' })
    await page.getByText('目前没有待审核的注册申请').waitFor()
  })

  it('the employer’s administrator signs in with the password chosen in the request and opens a clerk’s account', async () => {
    state.employer = await portal.open(DESKTOP)
    const { page, cspErrors } = state.employer
    await page.goto('/sign-in')
    await signIn(page, 'qihang-admin', CHOSEN.employer)
    await page.waitForURL((u) => !['/sign-in', '/'].includes(u.pathname))
    // The approval is waiting in the organisation's inbox.
    await page.goto('/notifications')
    await page.getByText('单位注册已通过').first().waitFor()
    await page.getByRole('menuitem', { name: '账户管理' }).click()
    await page.getByRole('heading', { name: '账户管理' }).waitFor()
    await rowOf(page, 'qihang-admin').getByText('当前登录账户').waitFor()
    await page.getByRole('button', { name: '新增账户' }).click()
    const form = page.getByRole('dialog', { name: '新增账户' })
    await form.getByLabel('用户名').waitFor()
    await animationsDone(page)
    await form.getByLabel('用户名').fill('qihang-clerk')
    await form.getByLabel('姓名').fill('许静')
    await form.getByRole('radio', { name: '经办人' }).check()
    await form.getByRole('button', { name: /创\s*建/ }).click()
    state.clerkOneTime = await readShown(page, '账户“qihang-clerk”已创建', 'from-empty-clerk-created')
    await rowOf(page, 'qihang-clerk').getByText('待修改初始密码').waitFor()
    await screenshot(page, 'from-empty-accounts')
    await clean(page, cspErrors)
  })

  it('a professional signs up on a phone choosing that employer; the employer confirms on 入职确认', async () => {
    const { context, page, cspErrors } = await portal.open(PHONE)
    await page.goto('/sign-in')
    await page.getByRole('link', { name: '专业技术人员注册' }).click()
    await page.getByRole('heading', { name: '专业技术人员注册' }).waitFor()
    await page.getByLabel('姓名').fill(PERSON)
    await page.getByLabel('居民身份证号').fill(ID_NUMBER)
    await pick(page, '职称系列', '工程技术')
    await pick(page, '所在单位', EMPLOYER, '启航')
    await page.getByLabel('用户名').fill('shenyutong')
    await page.getByLabel('密码', { exact: true }).fill(CHOSEN.person)
    await page.getByLabel('确认密码').fill(CHOSEN.person)
    await screenshot(page, 'from-empty-signup')
    await page.getByRole('button', { name: /注\s*册/ }).click()
    await page.getByText('注册成功').waitFor()
    await page.getByText(new RegExp(`账户 shenyutong 已创建。${EMPLOYER} 确认`)).waitFor()
    await screenshot(page, 'from-empty-signup-done')
    await clean(page, cspErrors)
    await context.close()

    const employer = (state.employer as Window).page
    await employer.getByRole('menuitem', { name: '入职确认' }).click()
    await employer.getByRole('heading', { name: '入职确认' }).waitFor()
    const row = rowOf(employer, PERSON)
    await row.waitFor()
    expect(await row.innerText()).toContain(`${ID_NUMBER.slice(0, 3)}***********${ID_NUMBER.slice(-4)}`)
    await screenshot(employer, 'from-empty-staff-requests')
    await row.getByRole('button', { name: '确认入职' }).click()
    const confirm = employer.locator('.ant-modal-confirm')
    await confirm.locator('.ant-modal-confirm-title', { hasText: `确认“${PERSON}”为本单位人员？` }).waitFor()
    await animationsDone(employer)
    await confirm.getByRole('button', { name: /确\s*认/ }).click()
    await confirm.waitFor({ state: 'detached' })
    await employer.getByText('目前没有等待确认的人员').waitFor()
  })

  it('the professional signs in and files a training with its certificate on 学时申报', async () => {
    state.person = await portal.open(PHONE)
    const { page, cspErrors } = state.person
    await page.goto('/sign-in')
    await signIn(page, 'shenyutong', CHOSEN.person)
    await page.waitForURL((u) => u.pathname === '/me/year')
    await page.getByRole('heading', { name: '我的学时' }).waitFor()
    await page.goto('/me/register')
    await page.getByRole('heading', { name: '学时申报' }).waitFor()
    await chooseKind(page, '培训')
    await page.getByLabel('完成日期').fill(TRAINING_DATE)
    await page.getByLabel('名称（选填）').fill(TRAINING)
    await formItem(page, '科目').getByText('专业科目', { exact: true }).click()
    await expect.poll(() => page.getByRole('radio', { name: '专业科目' }).isChecked()).toBe(true)
    await pick(page, '主办方', '用人单位')
    await page.getByLabel('培训天数').fill('2')
    await page.getByLabel('培训天数').press('Tab')
    await expect.poll(() => page.getByLabel('培训天数').inputValue()).toBe('2')
    // What the form shows once filled (kept when the preview does not come, to see why).
    await screenshot(page, 'from-empty-register-filled')
    const preview = await shownPreview(page)
    expect(preview.total).toBeGreaterThan(0)
    state.proposed = preview.total
    await previewCard(page).scrollIntoViewIfNeeded()
    await screenshot(page, 'from-empty-register-training')
    await page.locator('input[type=file]').setInputFiles({
      name: '结业证书.pdf',
      mimeType: 'application/pdf',
      buffer: demoPdf('Certificate of completion'),
    })
    await page.getByRole('button', { name: '提交申报', exact: true }).click()
    await page.waitForURL(/\/me\/applications\/[0-9a-f-]{36}$/, { timeout: 30_000 })
    state.applicationId = new URL(page.url()).pathname.split('/')[3] as string
    await page.getByText('待审核').first().waitFor()
    await screenshot(page, 'from-empty-application')
    await clean(page, cspErrors)
  })

  it('the employer’s clerk signs in, changes the one-time password and approves it on 待审核申报', async () => {
    const { context, page, cspErrors } = await portal.open(DESKTOP)
    await firstSignIn(
      page,
      'qihang-clerk',
      state.clerkOneTime as string,
      CHOSEN.clerk,
      'from-empty-clerk-change',
    )
    await expect.poll(() => new URL(page.url()).pathname).toBe('/reviews')
    await page.getByRole('heading', { name: '待审核申报（1）' }).waitFor()
    await screenshot(page, 'from-empty-review-queue')
    await clean(page, cspErrors)
    await page.getByRole('row', { name: new RegExp(TRAINING) }).click()
    await page.waitForURL((u) => u.pathname.endsWith(`/${state.applicationId}`))
    await page.getByTestId('proposed-hours').getByText(`${state.proposed} 学时`).waitFor()
    await page.locator('iframe[title^="证明材料"]').waitFor()
    await screenshot(page, 'from-empty-review')
    await page.getByRole('button', { name: '按申报通过' }).click()
    const confirm = page.locator('.ant-modal-confirm')
    await confirm
      .locator('.ant-modal-confirm-title', { hasText: `按系统拟认定的 ${state.proposed} 学时通过？` })
      .waitFor()
    await animationsDone(page)
    await confirm.getByRole('button', { name: '按申报通过' }).click()
    await confirm.waitFor({ state: 'detached' })
    await expect
      .poll(async () => {
        const r = await page.request.get('/api/applications?status=submitted')
        return ((await r.json()) as { total: number }).total
      })
      .toBe(0)
    await context.close()
  })

  it('the professional sees the approved hours in 我的学时, and the API agrees', async () => {
    const { page, cspErrors } = state.person as Window
    const year = Number(TRAINING_DATE.slice(0, 4))
    await page.goto(`/me/year?year=${year}`)
    const total = page
      .locator('main')
      .getByText(/^已修 [\d.]+ \/ 应修 [\d.]+ 学时$/)
      .first()
    await total.waitFor()
    expect(Number(/已修 ([\d.]+)/.exec(await total.innerText())?.[1])).toBe(state.proposed)
    await screenshot(page, 'from-empty-my-year')
    await clean(page, cspErrors)

    const me = (await (await page.request.get('/api/me')).json()) as { personKey: string }
    const { application } = (await (
      await page.request.get(`/api/applications/${me.personKey}/${state.applicationId}`)
    ).json()) as { application: { status: string } }
    expect(application.status).toBe('approved')
    const view = (await (await page.request.get(`/api/persons/${me.personKey}/years/${year}`)).json()) as {
      evaluation: { totals: { total: number } }
    }
    expect(view.evaluation.totals.total).toBe(state.proposed)
  })

  it('the employer’s only administrator forgot the password: the city’s HR department resets it on 单位管理 with a reason', async () => {
    const { page, cspErrors } = state.hr as Window
    await page.getByRole('menuitem', { name: '单位管理' }).click()
    await page.getByRole('heading', { name: '单位管理' }).waitFor()
    const row = rowOf(page, EMPLOYER)
    await row.waitFor()
    await row.getByRole('button', { name: `重置管理员密码：${EMPLOYER}` }).click()
    const dialog = page.getByRole('dialog', { name: `重置“${EMPLOYER}”的管理员密码` })
    await dialog.getByText('请先核实申请人身份').waitFor()
    await animationsDone(page)
    // The only administrator is chosen already; the reason is required.
    expect(await dialog.getByRole('radio', { name: /qihang-admin/ }).isChecked()).toBe(true)
    await dialog.getByRole('button', { name: '重置密码' }).click()
    await dialog.getByText('请填写重置理由').waitFor()
    const reason = '顾海峰来电申请，已当面核对营业执照和身份证'
    await dialog.getByLabel('重置理由').fill(reason)
    await expect.poll(() => dialog.getByText('请填写重置理由').count()).toBe(0)
    await screenshot(page, 'from-empty-admin-reset')
    await clean(page, cspErrors)
    await dialog.getByRole('button', { name: '重置密码' }).click()
    const oneTime = await readShown(page, '“qihang-admin”的密码已重置', 'from-empty-admin-reset-shown')

    // The administrator's open session has ended; the old password no longer opens the account.
    const employer = state.employer as Window
    expect((await employer.page.request.get('/api/accounts')).status()).toBe(401)
    const old = await apiLogin('qihang-admin', CHOSEN.employer)
    expect(old.status).toBe(401)

    // The one-time password must be changed first; then the notice says who reset it and why.
    await employer.context.clearCookies()
    await firstSignIn(employer.page, 'qihang-admin', oneTime, CHOSEN.employerAgain, 'from-empty-admin-change')
    await employer.page.goto('/notifications')
    await employer.page.getByText('管理员密码已由人社部门重置').first().waitFor()
    await employer.page.getByText(reason, { exact: false }).first().waitFor()
    await screenshot(employer.page, 'from-empty-admin-notice')
    await clean(employer.page, employer.cspErrors)
    expect((await employer.page.request.get('/api/accounts')).status()).toBe(200)
  })
})
