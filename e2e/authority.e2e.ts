import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { animationsDone, screenshot, seriousViolations } from './browser.js'
import { post, type Session, session, signInAs, startPortal } from './portal.js'

// The cross-role journey of 第二十一条: the demo institution reports rosters (through the API: its pages are
// another branch's), the demo industry authority finds them in its queue, opens, confirms, returns one with
// a reason and confirms two at once after the summary; the trainee's year moves by the confirmed hours.
const portal = startPortal()
const YEAR = 2026
const INSTITUTION = '常州市专业技术人员继续教育基地（常州工学院）'

/** A finished face-to-face project of the demo institution and its roster of these persons, 8 hours each. */
async function report(
  inst: Session,
  title: string,
  persons: { idNumber: string; name: string }[],
  advancedSeminar = false,
) {
  const project = await post(inst, '/api/projects', {
    title,
    subject: 'professional',
    way: 'face_to_face',
    startDate: `${YEAR}-11-20`,
    endDate: `${YEAR}-11-20`,
    schedule: '1天，9:00-17:00',
    venue: '常州工学院',
    faculty: '高级工程师',
    rules: '全程签到，结业考核',
    hours: 8,
    advancedSeminar,
  })
  const roster = await post(inst, `/api/projects/${project.id}/rosters`, {
    rows: persons.map((p) => ({ ...p, hours: 8, days: 1 })),
  })
  return roster.roster.id as string
}

const rowsOf = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row')

async function checkPage(page: Page, name: string) {
  await screenshot(page, name)
  expect(await seriousViolations(page)).toEqual([])
}

describe('the industry authority confirms what the institution reported', () => {
  it('queue → roster → confirm; the trainee’s year moves; a return with its reason; a bulk confirmation after its summary', async () => {
    const logins = portal.server.logins.filter((l) => l.role === 'person')
    const people = []
    for (const l of logins) {
      const s = await session(portal, l.username, l.password)
      const me = await (await s.request.get('/api/me')).json()
      people.push({
        ...s,
        idNumber: l.idNumber as string,
        name: me.name as string,
        key: me.personKey as string,
      })
    }
    const trainee = people[0] as (typeof people)[number]
    const other = people[1] as (typeof people)[number]
    const yearOf = async () =>
      (await (await trainee.request.get(`/api/persons/${trainee.key}/years/${YEAR}`)).json()).evaluation
        .totals.total as number
    const before = await yearOf()

    const inst = portal.server.login('institution')
    const institution = await session(portal, inst.username, inst.password)
    const one = { idNumber: trainee.idNumber, name: trainee.name }
    const single = await report(institution, '建筑施工安全管理高级研修班（确认）', [one], true)
    const toReturn = await report(institution, '建筑施工安全管理培训班（退回）', [one])
    const bulkA = await report(institution, '装配式建筑技术培训班（批量甲）', [one])
    const bulkB = await report(institution, '装配式建筑技术培训班（批量乙）', [
      one,
      { idNumber: other.idNumber, name: other.name },
    ])

    const { page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'authority')
    await expect.poll(() => new URL(page.url()).pathname).toBe('/confirmations')
    const waiting = (await (await page.request.get('/api/rosters?pageSize=1')).json()).total as number
    expect(waiting).toBeGreaterThanOrEqual(4)
    await page.getByRole('heading', { name: `学时确认（${waiting}）` }).waitFor()
    // Newest first: the last reported is on top, with the institution by name.
    await expect
      .poll(async () => await rowsOf(page).first().innerText())
      .toContain('装配式建筑技术培训班（批量乙）')
    expect(await rowsOf(page).first().innerText()).toContain(INSTITUTION)
    await checkPage(page, 'authority-queue')

    // Open one: its project, institution and lines; confirm it.
    await page.getByRole('row', { name: /建筑施工安全管理高级研修班（确认）/ }).click()
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/confirmations/${single}`)
    await page.getByRole('heading', { name: /花名册：建筑施工安全管理高级研修班（确认）/ }).waitFor()
    await page.getByText(INSTITUTION).waitFor()
    await page.getByTestId('roster-waiting').getByText('1 行 · 1 人 · 报送 8 学时').waitFor()
    await page.getByRole('cell', { name: trainee.name }).waitFor()
    await checkPage(page, 'authority-roster')
    await page.getByRole('button', { name: '确认花名册' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText('将确认 1 行、报送 8 学时').waitFor()
    await animationsDone(page)
    await checkPage(page, 'authority-roster-confirm')
    await dialog.getByRole('button', { name: /^确\s*认$/ }).click()
    await page.getByText('已确认 1 人，尚有 0 人待确认').waitFor()
    await page.locator('h1 .ant-tag', { hasText: '已确认' }).waitFor()
    expect(await page.getByRole('button', { name: '确认花名册' }).count()).toBe(0)
    await expect.poll(yearOf).toBe(before + 8)

    // Return one with its reason: the institution is told why.
    await page.goto(`/confirmations/${toReturn}`)
    await page.getByRole('button', { name: /^退\s*回$/ }).click()
    const returning = page.getByRole('dialog', { name: '退回花名册' })
    await returning.getByRole('button', { name: /^退\s*回$/ }).click()
    await returning.getByText('请填写退回理由').waitFor()
    await returning.getByLabel('退回理由').fill('培训日期与签到表不一致，请核对后重新报送')
    await animationsDone(page)
    await checkPage(page, 'authority-return')
    await returning.getByRole('button', { name: /^退\s*回$/ }).click()
    await page.locator('h1 .ant-tag', { hasText: '已退回' }).waitFor()
    // The reason as the roster shows it (not the closing dialog's text box, which may still be there).
    await page
      .locator('.ant-descriptions-item-content', { hasText: '培训日期与签到表不一致，请核对后重新报送' })
      .waitFor()
    const notes = (await (await institution.request.get('/api/notifications')).json()).items as {
      link: string
      body: string
    }[]
    expect(notes.find((n) => n.link === `/rosters/${toReturn}`)?.body).toContain('培训日期与签到表不一致')

    // Bulk: tick two, read the summary (2 rosters, 3 lines, 2 persons, 24 hours), confirm.
    await page.getByRole('link', { name: '学时确认' }).first().click()
    await page.getByRole('searchbox', { name: '项目名称' }).fill('装配式建筑技术培训班')
    await page.getByRole('searchbox', { name: '项目名称' }).press('Enter')
    await expect.poll(() => rowsOf(page).count()).toBe(2)
    for (const title of ['批量甲', '批量乙'])
      await page
        .getByRole('row', { name: new RegExp(title) })
        .getByRole('checkbox')
        .check()
    await page.getByText('已选 2 份').waitFor()
    await page.getByRole('button', { name: /批量确认/ }).click()
    const bulk = page.getByRole('dialog', { name: '批量确认花名册' })
    const summary = bulk.getByTestId('bulk-summary')
    await summary.waitFor()
    expect((await summary.innerText()).replace(/\s+/g, ' ')).toMatch(
      /花名册 2 待确认行数 3 人数（去重） 2 报送学时合计 24/,
    )
    await animationsDone(page)
    await checkPage(page, 'authority-bulk')
    const yearBeforeBulk = await yearOf()
    await bulk.getByRole('button', { name: '确认 2 份花名册' }).click()
    await page.getByText('已确认 2 份花名册，共 3 人次').waitFor()
    await expect.poll(() => rowsOf(page).count()).toBe(0)
    for (const id of [bulkA, bulkB])
      expect((await (await page.request.get(`/api/rosters/${id}`)).json()).status).toBe('confirmed')
    expect(await yearOf()).toBeGreaterThan(yearBeforeBulk)

    // Its industry's compliance in its region.
    await page.getByRole('menuitem', { name: '行业达标情况' }).click()
    await page.getByRole('heading', { name: '本行业人员达标情况' }).waitFor()
    await page.getByTestId('compliance-summary').getByText(/共/).waitFor()
    await expect.poll(() => rowsOf(page).count()).toBeGreaterThan(0)
    await checkPage(page, 'authority-compliance')

    // The list walks the compliance roll (the server opens the year at start): forward, back, to the first page.
    const year = new Date().getFullYear()
    const { total } = await (await page.request.get(`/api/compliance?year=${year}&pageSize=1`)).json()
    expect(total).toBeGreaterThan(10)
    const pages = Math.ceil(total / 10)
    await page.goto(`/authority/compliance?year=${year}&pageSize=10`)
    const pager = (n: number) => page.getByRole('navigation', { name: `第 ${n} / ${pages} 页` })
    await pager(1).waitFor()
    const names = async () => (await rowsOf(page).allInnerTexts()).join('\n')
    await expect.poll(() => rowsOf(page).count()).toBe(10)
    const first = await names()
    await page.getByRole('button', { name: /下一页/ }).click()
    await pager(2).waitFor()
    await expect.poll(names).not.toBe(first)
    expect(new URL(page.url()).searchParams.get('after')).toBeTruthy()
    await checkPage(page, 'authority-compliance-page-2')
    await page.getByRole('button', { name: /上一页/ }).click()
    await pager(1).waitFor()
    await expect.poll(names).toBe(first)
    expect(await page.getByRole('button', { name: /上一页/ }).isDisabled()).toBe(true)
    expect(cspErrors).toEqual([])
  })
})
