import { describe, expect, it } from 'vitest'
import { animationsDone, PHONE, screenshot, scrollWidth, seriousViolations } from './browser.js'
import { post, session, signInAs, startPortal } from './portal.js'

// Issue 16, the institution directory and its quality: a trainee rates a project they attended; the city HR
// department lists the institution in the recommended directory (江西 第十四条), evaluates and publishes
// (第十八条), and removes it (第二十五条): the public directory no longer shows it, its credit record does.
const portal = startPortal()
const INSTITUTION = '常州市专业技术人员继续教育基地（常州工学院）'

describe('institution oversight', () => {
  it('a trainee rates, the HR department lists, evaluates and removes; the public directory follows', async () => {
    // The demo person attends a project of the institution: reported by it, confirmed by the authority.
    const login = (role: string) => portal.server.login(role)
    const person = await session(portal, login('person').username, login('person').password)
    const me = await (await person.request.get('/api/me')).json()
    const institution = await session(portal, login('institution').username, login('institution').password)
    const project = await post(institution, '/api/projects', {
      title: '建筑工程质量安全专题培训',
      subject: 'professional',
      way: 'face_to_face',
      startDate: '2025-05-12',
      endDate: '2025-05-13',
      schedule: '两天',
      venue: '常州工学院',
      faculty: '专家',
      rules: '考勤',
      hours: 16,
    })
    const roster = await post(institution, `/api/projects/${project.id}/rosters`, {
      rows: [{ idNumber: login('person').idNumber, name: me.name, hours: 16 }],
    })
    const authority = await session(portal, login('authority').username, login('authority').password)
    await post(authority, `/api/rosters/${roster.roster.id}/confirm`, {})

    // 培训评价, on a phone.
    const phone = await portal.open(PHONE)
    await signInAs(portal, phone.page, 'person')
    await phone.page.goto('/me/ratings')
    await phone.page.getByRole('heading', { name: '培训评价' }).waitFor()
    await phone.page.getByRole('button', { name: /^评\s*价$/ }).click()
    const rateDialog = phone.page.getByRole('dialog')
    await rateDialog.waitFor()
    await animationsDone(phone.page)
    await rateDialog.locator('.ant-rate-star').nth(3).click()
    await rateDialog.getByLabel('意见（可选）').fill('案例丰富，组织有序')
    await rateDialog.getByRole('button', { name: '提交评价' }).click()
    await phone.page.getByText('感谢您的评价').waitFor()
    await phone.page.locator('.ant-rate-disabled').waitFor()
    expect(await scrollWidth(phone.page)).toBeLessThanOrEqual(PHONE.width)
    await screenshot(phone.page, 'ratings-phone')
    expect(await seriousViolations(phone.page)).toEqual([])

    // 机构监管: the indicators, the file, and a listing in the recommended directory.
    const w = await portal.open()
    const { page } = w
    await signInAs(portal, page, 'hr_department')
    await page.getByRole('menuitem', { name: '机构监管' }).click()
    await page.waitForURL((u) => u.pathname === '/oversight/institutions')
    await page.getByRole('heading', { name: '机构监管' }).waitFor()
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: INSTITUTION })
    await row.waitFor()
    await page.getByRole('combobox').first().click()
    await animationsDone(page)
    await page.locator('.ant-select-item-option', { hasText: '2025 年度' }).click()
    await row.getByText('4.00（1 人）').waitFor()
    await screenshot(page, 'oversight-institutions')
    expect(await seriousViolations(page)).toEqual([])
    expect(w.cspErrors).toEqual([])
    await row.getByRole('button', { name: '列入目录' }).click()
    const listDialog = page.getByRole('dialog')
    await listDialog.waitFor()
    await animationsDone(page)
    await listDialog.getByLabel('职业类别', { exact: true }).fill('工程技术')
    await listDialog.getByLabel('确定方式及依据').fill('常人社〔2025〕8号 竞争性遴选')
    await listDialog.getByRole('button', { name: '保 存' }).click()
    await row.getByText('推荐：工程技术').waitFor()
    await row.getByRole('button', { name: /^档\s*案$/ }).click()
    const drawer = page.getByRole('dialog')
    await drawer.getByText('2025 年度质量指标（由数据计算）').waitFor()
    await drawer.getByText('常人社〔2025〕8号 竞争性遴选', { exact: false }).waitFor()
    await animationsDone(page)
    await screenshot(page, 'oversight-file')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
    await animationsDone(page)

    // 考核评估: opened, every institution graded, published after the confirmation.
    await page.getByRole('menuitem', { name: '考核评估' }).click()
    await page.getByRole('button', { name: '开始考核评估' }).click()
    const openDialog = page.getByRole('dialog')
    await openDialog.waitFor()
    await animationsDone(page)
    await openDialog.getByLabel('名称').fill('2025年度继续教育机构考核评估')
    await openDialog.getByRole('button', { name: '开始考核评估' }).click()
    await page.waitForURL((u) => u.pathname.startsWith('/oversight/evaluations/'))
    const entries = page.locator('.ant-table-tbody tr.ant-table-row')
    // The round's own table (not the previous page's, still there while the route changes) lists the institution.
    await page.getByRole('button', { name: '公布结果' }).waitFor()
    await entries.filter({ hasText: INSTITUTION }).waitFor()
    const count = await entries.count()
    for (let i = 0; i < count; i++) {
      await entries.nth(i).getByRole('button', { name: '评 定' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.waitFor()
      await animationsDone(page)
      await dialog.getByLabel('得分').fill('90')
      await dialog.getByLabel('等次').click()
      await animationsDone(page)
      await page.locator('.ant-select-item-option', { hasText: /^优秀$/ }).click()
      await dialog.getByLabel('评语').fill('管理规范，学员评价好')
      await dialog.getByRole('button', { name: '保 存' }).click()
      await dialog.waitFor({ state: 'hidden' })
    }
    await page.getByText(`已评定 ${count} / ${count}`).waitFor()
    await page.getByRole('button', { name: '公布结果' }).click()
    await animationsDone(page)
    await page.locator('.ant-popconfirm').getByRole('button', { name: '公布结果' }).click()
    await page.getByText('考核评估结果已公布').waitFor()
    await screenshot(page, 'oversight-evaluation')

    // The public directory: listed, with its grade.
    const pub = await portal.open()
    await pub.page.goto('/public/institutions?listing=recommended')
    const listed = pub.page.locator('.ant-table-tbody tr.ant-table-row', { hasText: INSTITUTION })
    await listed.getByText('推荐：工程技术').waitFor()
    await listed.getByText('2025年 优秀').waitFor()
    await screenshot(pub.page, 'directory-recommended')
    expect(await seriousViolations(pub.page)).toEqual([])

    // 移出推荐目录, with its reason and a confirmation.
    await page.getByRole('menuitem', { name: '机构监管' }).click()
    await row.getByRole('button', { name: '移出目录' }).click()
    const removeDialog = page.getByRole('dialog')
    await removeDialog.waitFor()
    await animationsDone(page)
    await removeDialog.getByLabel('违反的规定').click()
    await animationsDone(page)
    await page.locator('.ant-select-item-option', { hasText: '禁止行为' }).click()
    await removeDialog.getByLabel('事实和理由').fill('以继续教育名义组织旅游，情节严重')
    await removeDialog.getByRole('button', { name: '确认移出' }).click()
    await page.getByText(`${INSTITUTION} 已移出推荐目录`).waitFor()
    await row.waitFor({ state: 'detached' })

    await pub.page.goto('/public/institutions')
    await pub.page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor()
    expect(await pub.page.locator('.ant-table-tbody').textContent()).not.toContain(INSTITUTION)
    await pub.page.getByRole('tab', { name: '信用记录' }).click()
    const record = pub.page.locator('.ant-table-tbody tr.ant-table-row', { hasText: INSTITUTION })
    await record.getByText('移出推荐目录').waitFor()
    await record.getByText('以继续教育名义组织旅游，情节严重').waitFor()
    await record.getByText('工程技术人员继续教育规定（征求意见稿） 第十六条', { exact: false }).waitFor()
    await screenshot(pub.page, 'directory-credit-records')
    expect(await seriousViolations(pub.page)).toEqual([])

    // The removal is lifted on review: with the removed institutions shown, 撤销移出 with a reason.
    await page.getByRole('checkbox', { name: '含已移出目录的机构' }).check()
    await row.getByRole('button', { name: '撤销移出' }).click()
    const liftDialog = page.getByRole('dialog')
    await liftDialog.waitFor()
    await animationsDone(page)
    await screenshot(page, 'oversight-reinstate')
    await liftDialog.getByLabel('撤销理由').fill('经行政复议，移出决定予以撤销')
    await liftDialog.getByRole('button', { name: '撤销移出' }).click()
    await page.getByText(`已撤销对 ${INSTITUTION} 的移出决定`).waitFor()
    await row.getByRole('button', { name: '移出目录' }).waitFor()

    // Public again; the removal stays in the credit record, marked lifted with its reason.
    await pub.page.goto('/public/institutions')
    await pub.page.locator('.ant-table-tbody tr.ant-table-row', { hasText: INSTITUTION }).waitFor()
    await pub.page.getByRole('tab', { name: '信用记录' }).click()
    await record.getByText('已撤销移出：经行政复议，移出决定予以撤销', { exact: false }).waitFor()
    await screenshot(pub.page, 'directory-credit-records-lifted')
    expect(await seriousViolations(pub.page)).toEqual([])
  }, 300_000)
})
