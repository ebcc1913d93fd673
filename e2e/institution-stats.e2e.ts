import { describe, expect, it } from 'vitest'
import { screenshot, seriousViolations } from './browser.js'
import { post, session, signInAs, startPortal } from './portal.js'

// 统计报表 按培训机构 (issue 15): the demo institution reports a roster of the demo person, the demo industry
// authority confirms it (through the API: their pages have tests of their own), and the city HR department
// finds the institution ranked with its hours, a chart of the top institutions, the table, 无培训机构 apart,
// an empty state in a year without such hours, and the view as a workbook.
const portal = startPortal()
const YEAR = 2026
const INSTITUTION = '常州市专业技术人员继续教育基地（常州工学院）'

describe('statistics by training institution', () => {
  it('demo-hr picks 按培训机构 and sees the demo institution’s confirmed hours', async () => {
    const person = portal.server.login('person')
    const trainee = await session(portal, person.username, person.password)
    const me = await (await trainee.request.get('/api/me')).json()
    const inst = portal.server.login('institution')
    const institution = await session(portal, inst.username, inst.password)
    const project = await post(institution, '/api/projects', {
      title: '建筑工程质量管理培训班（统计）',
      subject: 'professional',
      way: 'face_to_face',
      startDate: `${YEAR}-11-20`,
      endDate: `${YEAR}-11-20`,
      schedule: '1天，9:00-17:00',
      venue: '常州工学院',
      faculty: '高级工程师',
      rules: '全程签到，结业考核',
      hours: 8,
      advancedSeminar: false,
    })
    const roster = await post(institution, `/api/projects/${project.id}/rosters`, {
      rows: [{ idNumber: person.idNumber, name: me.name, hours: 8, days: 1 }],
    })
    const auth = portal.server.login('authority')
    const authority = await session(portal, auth.username, auth.password)
    await post(authority, `/api/rosters/${roster.roster.id}/confirm`, {})

    const w = await portal.open()
    const { page } = w
    await signInAs(portal, page, 'hr_department')
    await page.goto(`/statistics/report?year=${YEAR}`)
    await page.getByRole('heading', { name: `常州市 ${YEAR} 年度继续教育统计` }).waitFor()
    await page.locator('.ant-segmented-item', { hasText: '按培训机构' }).click()
    await page.waitForURL((u) => u.searchParams.get('by') === 'institution')
    const card = page.locator('.ant-card', { hasText: '按培训机构统计' })
    await card.getByRole('columnheader', { name: '机构名称' }).waitFor()
    const row = card.locator('.ant-table-tbody tr.ant-table-row', { hasText: INSTITUTION })
    await row.waitFor()
    const cells = await row.locator('td').allTextContents()
    expect(cells[0]).toBe(INSTITUTION)
    expect(Number(cells[1])).toBeGreaterThanOrEqual(1)
    expect(Number(cells[3])).toBeGreaterThanOrEqual(8)
    await card.locator('canvas').first().waitFor()
    await card.locator('.ant-table-summary', { hasText: '无培训机构' }).waitFor()
    // The persons' figures and the make-up of the hours stay on the page; the measures do not apply.
    await page.locator('.ant-card', { hasText: '学时构成' }).waitFor()
    expect(await page.getByText('显示指标').count()).toBe(0)
    await screenshot(page, 'statistics-institution')
    expect(await seriousViolations(page)).toEqual([])
    expect(w.cspErrors).toEqual([])
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`继续教育统计-按培训机构-常州市-${YEAR}年度.xlsx`)

    // A year without confirmed rosters (the demo's credits are generated, of no institution).
    await page.goto('/statistics/report?year=2024&by=institution')
    await page.getByRole('heading', { name: '常州市 2024 年度继续教育统计' }).waitFor()
    await card.getByText('本年度暂无培训机构报送并经确认的学时').waitFor()
    await screenshot(page, 'statistics-institution-empty')
    await w.context.close()
  })
})
