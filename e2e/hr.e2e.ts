import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { makeUscc } from '../src/domain/uscc.js'
import { screenshot, seriousViolations } from './browser.js'
import { type Portal, signInAs, startPortal } from './portal.js'

// Issue #12's pages in the built portal: the HR department decides registration requests and registers an
// institution (its one-time password shown once), the employer confirms a professional who chose it.
const portal = startPortal()

const PASSWORD = 'Employer-Admin-1'
let seq = 0
/** A valid credit code of Changzhou's Xinbei district, new to this run. */
const freshUscc = () => {
  seq += 1
  return makeUscc(`91320411MA${String(seq).padStart(3, '0')}E2E${String(Date.now() % 10)}`.slice(0, 17))
}

/** A public POST to the portal's API, as an applicant's own program would send it. */
async function post(p: Portal, path: string, body: unknown) {
  const res = await fetch(`${p.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

const requestRegistration = (p: Portal, name: string, username: string) =>
  post(p, '/api/registrations', {
    kind: 'employer',
    name,
    uscc: freshUscc(),
    regionCode: '320411',
    contactName: '王经理',
    contactPhone: '13812345678',
    username,
    password: PASSWORD,
  })

/** The row of the page's main table that names `text`. */
const rowOf = (page: Page, text: string) =>
  page.locator('.ant-table-tbody tr.ant-table-row', { hasText: text })

describe('HR department and employer onboarding pages', () => {
  it('demo-hr approves one request and rejects another with a reason; the API agrees', async () => {
    const approvedName = '常州新北精工有限公司'
    const rejectedName = '常州新北测试机械有限公司'
    const a = await requestRegistration(portal, approvedName, 'xinbei-e2e-admin')
    const r = await requestRegistration(portal, rejectedName, 'xinbei-e2e-reject')
    expect(a.status, JSON.stringify(a.json)).toBe(201)
    expect(r.status, JSON.stringify(r.json)).toBe(201)
    expect(
      (await post(portal, '/api/auth/login', { username: 'xinbei-e2e-admin', password: PASSWORD })).status,
    ).toBe(403)

    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'hr_department')
    await page.goto('/registrations')
    await page.getByRole('heading', { name: '注册审批' }).waitFor()
    await rowOf(page, approvedName).waitFor()
    const api = (await (await page.request.get('/api/registrations?status=pending&pageSize=20')).json()) as {
      total: number
      items: { name: string; uscc: string }[]
    }
    expect(api.total).toBe(2)
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(api.total)
    for (const item of api.items)
      await expect.poll(() => rowOf(page, item.name).textContent()).toContain(item.uscc)
    await expect.poll(() => page.getByText('共 2 件').count()).toBe(1)
    await screenshot(page, 'registrations')
    expect(await seriousViolations(page)).toEqual([])

    // Approve: a confirmation first, then the row leaves the pending list.
    await rowOf(page, approvedName)
      .getByRole('button', { name: /批\s*准/ })
      .click()
    const confirm = page.locator('.ant-modal-confirm')
    await confirm
      .locator('.ant-modal-confirm-title', { hasText: `批准“${approvedName}”的注册申请？` })
      .waitFor()
    await confirm.getByRole('button', { name: /批\s*准/ }).click()
    await page.getByText(`已批准“${approvedName}”的注册申请`).waitFor()
    await expect.poll(() => rowOf(page, approvedName).count()).toBe(0)
    const signedIn = await post(portal, '/api/auth/login', {
      username: 'xinbei-e2e-admin',
      password: PASSWORD,
    })
    expect(signedIn.status).toBe(200)
    expect(signedIn.json).toMatchObject({ role: 'employer', passwordChangeRequired: false })

    // Reject: the reason is required.
    await rowOf(page, rejectedName)
      .getByRole('button', { name: /驳\s*回/ })
      .click()
    const dialog = page.getByRole('dialog', { name: `驳回“${rejectedName}”的注册申请` })
    await dialog.getByRole('button', { name: /驳\s*回/ }).click()
    await dialog.getByText('请填写驳回理由').waitFor()
    const reason = '营业执照名称与申请名称不一致，请核对后重新申请'
    await dialog.getByLabel('驳回理由').fill(reason)
    await expect.poll(() => dialog.getByText('请填写驳回理由').count()).toBe(0)
    await screenshot(page, 'registrations-reject')
    expect(await seriousViolations(page)).toEqual([])
    await dialog.getByRole('button', { name: /驳\s*回/ }).click()
    await page.getByText(`已驳回“${rejectedName}”的注册申请`).waitFor()
    await page.getByText('目前没有待审核的注册申请').waitFor()
    const rejected = (await (await page.request.get('/api/registrations?status=rejected')).json()) as {
      items: { name: string; reason: string | null }[]
    }
    expect(rejected.items).toContainEqual(expect.objectContaining({ name: rejectedName, reason }))
    const refused = await post(portal, '/api/auth/login', {
      username: 'xinbei-e2e-reject',
      password: PASSWORD,
    })
    expect(refused.status).toBe(403)
    expect(JSON.stringify(refused.json)).toContain(reason)

    // The 已驳回 tab shows the reason as the API gave it.
    await page.getByRole('tab', { name: '已驳回' }).click()
    await rowOf(page, rejectedName).waitFor()
    expect(await rowOf(page, rejectedName).textContent()).toContain(reason)
    await page.getByRole('tab', { name: '已批准' }).click()
    await rowOf(page, approvedName).waitFor()
    expect(cspErrors).toEqual([])
    await context.close()
  })

  it('demo-hr registers an institution and sees its one-time password once; that administrator must change it', async () => {
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'hr_department')
    await page.goto('/organisations')
    await page.getByRole('heading', { name: '单位管理' }).waitFor()
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor()
    const all = (await (await page.request.get('/api/organisations?pageSize=20')).json()) as {
      total: number
      items: { name: string; regionName: string }[]
    }
    await page.getByText(`共 ${all.total} 家`).waitFor()
    for (const o of all.items) expect(await rowOf(page, o.name).first().textContent()).toContain(o.regionName)
    await screenshot(page, 'organisations')
    expect(await seriousViolations(page)).toEqual([])

    await page.getByRole('button', { name: '新增单位' }).click()
    const form = page.getByRole('dialog', { name: '登记本辖区单位' })
    await form.getByLabel('单位名称').fill('常州市天宁区职业技能继续教育学院')
    // The region picker offers the department's own city and below (e2e/regions.e2e.ts: the picker).
    const region = form.getByRole('combobox', { name: '所在地区' })
    await region.click()
    await region.pressSequentially('天宁')
    await page.locator('.ant-cascader-menu-item', { hasText: '常州市 / 天宁区' }).click()
    await form.locator('.ant-cascader').getByText('江苏省 / 常州市 / 天宁区', { exact: true }).waitFor()
    await form.getByLabel('培训的职业（专业）类别').fill('机械工程')
    await form.getByLabel('培训的职业（专业）类别').press('Enter')
    await form.getByLabel('是继续教育基地（江西 第十九条）').check()
    await form.getByLabel('首个管理员用户名').fill('tianning-college-admin')
    await screenshot(page, 'organisations-new')
    expect(await seriousViolations(page)).toEqual([])
    await form.getByRole('button', { name: /登\s*记/ }).click()

    const shown = page.getByRole('dialog', { name: '首个管理员的一次性密码' })
    await shown.getByText('一次性密码只显示这一次').waitFor()
    const oneTime = await shown.getByLabel('一次性密码').inputValue()
    expect(await shown.getByLabel('管理员用户名').inputValue()).toBe('tianning-college-admin')
    expect(oneTime.length).toBeGreaterThanOrEqual(8)
    await screenshot(page, 'organisations-password')
    expect(await seriousViolations(page)).toEqual([])
    await shown.getByRole('button', { name: '我已记下，关闭' }).click()
    await expect.poll(() => page.getByText(oneTime).count()).toBe(0)
    // Once closed, nothing of the password stays in the page.
    await expect.poll(async () => (await page.content()).includes(oneTime)).toBe(false)

    await page
      .getByRole('radiogroup', { name: '单位类型' })
      .getByText('继续教育机构', { exact: true })
      .click()
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(2)
    const row = rowOf(page, '常州市天宁区职业技能继续教育学院')
    await row.waitFor()
    expect(await row.textContent()).toContain('机械工程')
    expect(await row.textContent()).toContain('继续教育基地')

    const first = await post(portal, '/api/auth/login', {
      username: 'tianning-college-admin',
      password: oneTime,
    })
    expect(first.status).toBe(200)
    expect(first.json).toMatchObject({ role: 'institution', passwordChangeRequired: true })
    expect(cspErrors).toEqual([])
    await context.close()
  })

  it('a professional signs up choosing the demo employer; demo-employer confirms and finds them among the staff', async () => {
    const choices = (await (
      await fetch(`${portal.server.url}/api/signup/organisations?name=天宁精密`)
    ).json()) as {
      items: { id: string; name: string }[]
    }
    const employer = choices.items.find((o) => o.name === '常州天宁精密机械有限公司')
    expect(employer).toBeDefined()
    const idNumber = makeResidentId('320402', '19910311', 731)
    const signed = await post(portal, '/api/signup', {
      name: '林晓',
      idNumber,
      username: 'linxiao-e2e',
      password: 'Person-Pass-2026',
      organisationId: employer?.id,
      series: 'engineering',
      titleLevel: 'intermediate',
    })
    expect(signed.status, JSON.stringify(signed.json)).toBe(201)
    expect(signed.json.account).toBe('active')
    const strangerId = makeResidentId('320402', '19880705', 732)
    const stranger = await post(portal, '/api/signup', {
      name: '赵明',
      idNumber: strangerId,
      username: 'zhaoming-e2e',
      password: 'Person-Pass-2026',
      organisationId: employer?.id,
      series: 'economics',
      titleLevel: 'junior',
    })
    expect(stranger.status, JSON.stringify(stranger.json)).toBe(201)

    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'employer')
    const staff = async (id = idNumber) =>
      ((await (await page.request.get(`/api/staff?idNumber=${id}`)).json()) as { total: number }).total
    expect(await staff()).toBe(0)
    await page.goto('/staff/requests')
    await page.getByRole('heading', { name: '入职确认' }).waitFor()
    await page.getByText('确认前本单位看不到他们的学时').waitFor()
    const row = rowOf(page, '林晓')
    await row.waitFor()
    const masked = `${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}`
    expect(await row.textContent()).toContain(masked)
    expect(await row.textContent()).toContain('工程技术')
    expect(await row.textContent()).toContain('中级')
    await screenshot(page, 'staff-requests')
    expect(await seriousViolations(page)).toEqual([])

    await row.getByRole('button', { name: '确认入职' }).click()
    const confirm = page.locator('.ant-modal-confirm')
    await confirm.locator('.ant-modal-confirm-title', { hasText: '确认“林晓”为本单位人员？' }).waitFor()
    await confirm.getByRole('button', { name: /确\s*认/ }).click()
    await page.getByText('已确认“林晓”为本单位人员').waitFor()
    await expect.poll(() => rowOf(page, '林晓').count()).toBe(0)
    expect(await staff()).toBe(1)

    // Declining needs a reason; the person does not become staff.
    await rowOf(page, '赵明').getByRole('button', { name: '不予确认' }).click()
    const dialog = page.getByRole('dialog', { name: '不予确认“赵明”' })
    await dialog.getByLabel('理由').fill('本单位无此人员')
    await dialog.getByRole('button', { name: '不予确认' }).click()
    await page.getByText('已不予确认“赵明”').waitFor()
    await page.getByText('目前没有等待确认的人员').waitFor()
    expect(await staff(strangerId)).toBe(0)
    const waiting = (await (await page.request.get('/api/staff/requests')).json()) as { total: number }
    expect(waiting.total).toBe(0)
    await screenshot(page, 'staff-requests-empty')
    expect(await seriousViolations(page)).toEqual([])
    expect(cspErrors).toEqual([])
    await context.close()
  })
})
