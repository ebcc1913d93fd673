import { type APIRequestContext, type Page, request } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { makeUscc } from '../src/domain/uscc.js'
import { animationsDone, DESKTOP, screenshot, seriousViolations } from './browser.js'
import { signIn, startPortal } from './portal.js'

// 导师制 (鲁人社发〔2016〕10号 （十九）; 青人社字〔2023〕14号 六（二）) in the built portal: a Qingdao employer
// reports a mentorship on 导师制, Qingdao's HR department files it on 导师制备案 after a confirmation, and the
// employer enters each mentee's evaluated hours, confirmed. The clause is Shandong's, so the deployment is
// Qingdao's (`xueshi init`), set up through the API: the demo's employer and persons are Changzhou's.
const portal = startPortal({ region: '370200', name: '青岛市人力资源和社会保障局' })

const EMPLOYER = '青岛市市南区康宁医院'
const EMPLOYER_ADMIN = { username: 'kangning-admin', password: 'Kang-Ning-2026' }
const HR_PASSWORD = 'Qing-Dao-Hr-2026'
const DISTRICT_HR = {
  name: '青岛市市南区人力资源和社会保障局',
  username: 'shinan-hr',
  password: 'Shi-Nan-Hr-2026',
}
const MENTOR = { name: '林文博', id: makeResidentId('370202', '19760415', 611) }
const MENTEES = [
  { name: '王思远', id: makeResidentId('370202', '19920308', 612) },
  { name: '赵雨晴', id: makeResidentId('370202', '19950721', 624) },
]
const TITLE = '青年医师临床带教'

const contexts: APIRequestContext[] = []
afterAll(async () => {
  for (const c of contexts) await c.dispose()
})

/** A sign-in through the API in a context of its own: its POSTs carry the session's CSRF token. */
async function apiAs(username: string, password: string) {
  const ctx = await request.newContext({ baseURL: portal.server.url })
  contexts.push(ctx)
  const res = await ctx.post('/api/auth/login', { data: { username, password } })
  expect(res.status(), await res.text()).toBe(200)
  const headers = { 'X-CSRF-Token': (await res.json()).csrfToken as string }
  return {
    get: async (url: string) => (await ctx.get(url)).json(),
    post: async (url: string, data: unknown) => {
      const r = await ctx.post(url, { data, headers })
      expect(r.status(), await r.text()).toBeLessThan(300)
      return r.json()
    },
    upload: async (url: string, name: string, text: string) => {
      const r = await ctx.post(url, {
        headers,
        multipart: { file: { name, mimeType: 'text/csv', buffer: Buffer.from(text) } },
      })
      expect(r.status(), await r.text()).toBe(201)
    },
  }
}

/** Qingdao's HR department (its one-time password changed), an employer it approved, and its staff. */
async function setUp() {
  const admin = portal.server.admin as { username: string; oneTimePassword: string }
  const first = await apiAs(admin.username, admin.oneTimePassword)
  await first.post('/api/auth/password', { currentPassword: admin.oneTimePassword, newPassword: HR_PASSWORD })
  const open = await request.newContext({ baseURL: portal.server.url })
  contexts.push(open)
  const asked = await open.post('/api/registrations', {
    data: {
      kind: 'employer',
      name: EMPLOYER,
      uscc: makeUscc('12370202MB2840172'),
      regionCode: '370202',
      contactName: '刘海燕',
      contactPhone: '0532-82911234',
      ...EMPLOYER_ADMIN,
    },
  })
  expect(asked.status(), await asked.text()).toBe(201)
  const hr = await apiAs(admin.username, HR_PASSWORD)
  await hr.post(`/api/registrations/${(await asked.json()).id}/approve`, {})
  const employer = await apiAs(EMPLOYER_ADMIN.username, EMPLOYER_ADMIN.password)
  // A district's HR department under the city (registered by it): it sees the city's filings but does not file.
  const district = await hr.post('/api/organisations', {
    kind: 'hr_department',
    name: DISTRICT_HR.name,
    regionCode: '370202',
    username: DISTRICT_HR.username,
  })
  const districtFirst = await apiAs(DISTRICT_HR.username, district.oneTimePassword)
  await districtFirst.post('/api/auth/password', {
    currentPassword: district.oneTimePassword,
    newPassword: DISTRICT_HR.password,
  })
  const rows = [MENTOR, ...MENTEES].map((p) => `${p.name},${p.id},health,junior,内科,2020-01-01`)
  await employer.upload(
    '/api/staff/import',
    'staff.csv',
    ['name,idNumber,series,titleLevel,department,fromDate', ...rows].join('\n'),
  )
  return { hrUsername: admin.username }
}

const rowOf = (page: Page, text: string) =>
  page.locator('.ant-table-tbody tr.ant-table-row', { hasText: text })

async function clean(page: Page, cspErrors: string[]) {
  expect(await seriousViolations(page)).toEqual([])
  expect(cspErrors).toEqual([])
}

describe('导师制 in the portal', () => {
  it('the employer reports a mentorship, the city HR department files it, the employer registers the evaluated hours', async () => {
    const { hrUsername } = await setUp()

    // The employer reports it on 导师制: the rule is shown in the form.
    const e = await portal.open(DESKTOP)
    await e.page.goto('/sign-in')
    await signIn(e.page, EMPLOYER_ADMIN.username, EMPLOYER_ADMIN.password)
    await e.page.waitForURL((u) => !['/sign-in', '/'].includes(u.pathname))
    await e.page.getByRole('menuitem', { name: /导师制$/ }).click()
    await e.page.waitForURL((u) => u.pathname === '/mentorships')
    await e.page.getByText('还没有导师制项目').waitFor()
    await e.page.getByRole('button', { name: '报备导师制项目' }).click()
    const form = e.page.getByRole('dialog', { name: '报备导师制项目' })
    await form.getByText('每年不超过10名，报市人社部门备案（鲁人社发〔2016〕10号 （十九））').waitFor()
    await animationsDone(e.page)
    await form.getByLabel('导师身份证号').fill(MENTOR.id)
    await form.getByLabel('项目名称').fill(TITLE)
    await form.getByLabel('实施方案').fill('每月带教查房两次，季度病例讨论并考核')
    // Eleven lines are refused in the browser, before any request.
    const eleven = Array.from({ length: 11 }, (_, i) => makeResidentId('370202', '19900101', 700 + i))
    await form.getByLabel('学员身份证号').fill(eleven.join('\n'))
    await form.getByRole('button', { name: '提交报备' }).click()
    await form.getByText('已填写11名学员，导师每年指导不超过10名').waitFor()
    await form.getByLabel('学员身份证号').fill(MENTEES.map((m) => m.id).join('\n'))
    await screenshot(e.page, 'mentorship-submit-form')
    await form.getByRole('button', { name: '提交报备' }).click()
    await form.waitFor({ state: 'detached' })
    const row = rowOf(e.page, TITLE)
    await row.getByText('待备案').waitFor()
    expect(await row.innerText()).toContain(MENTOR.name)
    expect(await e.page.locator('main').innerText()).not.toContain(MENTOR.id)
    await screenshot(e.page, 'mentorship-employer-submitted')
    await clean(e.page, e.cspErrors)

    // The city HR department files it on 导师制备案, after a confirmation.
    const h = await portal.open(DESKTOP)
    await h.page.goto('/sign-in')
    await signIn(h.page, hrUsername, HR_PASSWORD)
    await h.page.waitForURL((u) => !['/sign-in', '/'].includes(u.pathname))
    // Its notification's link (/mentorships/:id) opens that filing on 导师制备案, its plan and mentees shown.
    await h.page.getByRole('menuitem', { name: '消息中心' }).click()
    await h.page.getByRole('button', { name: '查看：导师制项目待备案' }).click()
    await h.page.waitForURL((u) => u.pathname === '/mentorship-filings' && u.searchParams.has('id'))
    await h.page.getByText('通知所指的导师制项目').waitFor()
    const waiting = rowOf(h.page, TITLE)
    await waiting.waitFor()
    await h.page.getByText('每月带教查房两次，季度病例讨论并考核').waitFor()
    for (const m of MENTEES) await h.page.getByRole('cell', { name: m.name, exact: true }).waitFor()
    await h.page.getByText('共 1 项').waitFor()
    await screenshot(h.page, 'mentorship-hr-from-notification')

    // Only a city's HR department files (（十九）「经各设区的市人力资源社会保障部门备案」): the district's department
    // below it sees the filing with the button disabled, saying why, as the API's 403 does.
    const district = await portal.open(DESKTOP)
    await district.page.goto('/')
    await signIn(district.page, DISTRICT_HR.username, DISTRICT_HR.password)
    await district.page.waitForURL((u) => !['/sign-in', '/'].includes(u.pathname))
    await district.page.goto('/mentorship-filings')
    const fileButton = rowOf(district.page, TITLE).getByRole('button', { name: /^备\s*案$/ })
    await expect.poll(() => fileButton.isDisabled()).toBe(true)
    await fileButton.hover()
    await district.page
      .getByRole('tooltip', { name: '导师制项目由所在设区的市人社部门备案（鲁人社发〔2016〕10号 （十九））' })
      .waitFor()
    await screenshot(district.page, 'mentorship-district-disabled')
    await district.context.close()
    expect(await waiting.getByRole('button', { name: /^备\s*案$/ }).isDisabled()).toBe(false)
    expect(await waiting.innerText()).toContain(EMPLOYER)
    await waiting.getByRole('button', { name: /^备\s*案$/ }).click()
    const pop = h.page.locator('.ant-popconfirm', { hasText: `备案「${TITLE}」？` })
    await pop.waitFor()
    await animationsDone(h.page)
    await screenshot(h.page, 'mentorship-hr-confirm')
    await pop.getByRole('button', { name: /^备\s*案$/ }).click()
    await h.page.getByText(`已备案「${TITLE}」`).waitFor()
    await rowOf(h.page, TITLE).getByText('已备案').waitFor()
    // 查看全部项目: the whole list again, waiting ones first.
    await h.page.getByRole('button', { name: '查看全部项目' }).click()
    await h.page.waitForURL((u) => u.pathname === '/mentorship-filings' && !u.searchParams.has('id'))
    await h.page.getByText('没有符合条件的导师制项目').waitFor()
    await h.page.locator('.ant-segmented-item', { hasText: '已备案' }).click()
    await rowOf(h.page, TITLE).getByText('已备案').waitFor()
    await screenshot(h.page, 'mentorship-hr-filed')
    await clean(h.page, h.cspErrors)
    await h.context.close()

    // The employer evaluates: each mentee's hours, confirmed; then the hours show in the row.
    // The employer's 导师制项目已备案 links to its mentorship on 导师制.
    await e.page.goto('/notifications')
    await e.page.getByRole('button', { name: '查看：导师制项目已备案' }).click()
    await e.page.waitForURL((u) => u.pathname === '/mentorships' && u.searchParams.has('id'))
    await rowOf(e.page, TITLE).getByText('已备案').waitFor()
    await e.page.getByText('每月带教查房两次，季度病例讨论并考核').waitFor()
    await screenshot(e.page, 'mentorship-employer-from-notification')
    await e.page.getByRole('button', { name: '查看全部项目' }).click()
    await e.page.waitForURL((u) => u.pathname === '/mentorships' && !u.searchParams.has('id'))
    await rowOf(e.page, TITLE).getByText('已备案').waitFor()
    await rowOf(e.page, TITLE)
      .getByRole('button', { name: /^评\s*估$/ })
      .click()
    const evaluation = e.page.getByRole('dialog', { name: `绩效评估：${TITLE}` })
    await evaluation.getByText(MENTEES[0]?.name as string).waitFor()
    await animationsDone(e.page)
    await evaluation.getByLabel(`${MENTEES[0]?.name} 认定学时`).fill('24')
    await evaluation.getByLabel(`${MENTEES[1]?.name} 认定学时`).fill('16.5')
    await screenshot(e.page, 'mentorship-evaluate')
    await evaluation.getByRole('button', { name: '登记学时' }).click()
    const confirm = e.page.locator('.ant-modal-confirm', { hasText: '确认登记学时？' })
    await confirm.getByText('将为2名学员共登记40.5学时').waitFor()
    await animationsDone(e.page)
    await confirm.getByRole('button', { name: /^登\s*记$/ }).click()
    await e.page.getByText(`已为「${TITLE}」登记学时`).waitFor()
    const done = rowOf(e.page, TITLE)
    await done.getByText('已评估').waitFor()
    await done.locator('.ant-table-row-expand-icon').click()
    await e.page.getByText('24 学时').waitFor()
    await e.page.getByText('16.5 学时').waitFor()
    await screenshot(e.page, 'mentorship-evaluated')
    await clean(e.page, e.cspErrors)
    await e.context.close()
  })
})
