import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { screenshot, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'

// Issue 15's 统计报表: the summaries' figures for a city HR department and an industry authority, grouped,
// drilled, the hours' make-up by way and by door, the trend, and the view as a workbook.
const portal = startPortal()

const rows = (page: Page, title: string) =>
  page.locator('.ant-card', { hasText: title }).locator('.ant-table-tbody tr.ant-table-row')

describe('statistics report', () => {
  it('demo-hr reads the city by district, drills into one, groups by series and exports', async () => {
    const w = await portal.open()
    const { page } = w
    await signInAs(portal, page, 'hr_department')
    await page.getByRole('menuitem', { name: '统计报表' }).click()
    await page.waitForURL((u) => u.pathname === '/statistics/report')
    await page.goto('/statistics/report?year=2025')
    await page.getByRole('heading', { name: '常州市 2025 年度继续教育统计' }).waitFor()
    const lines = rows(page, '达标与未达标人员分布')
    await lines.first().waitFor()
    await page.locator('.ant-card', { hasText: '达标与未达标人员分布' }).locator('canvas').first().waitFor()
    // The trend starts at the first year with hours (the demo's 2024), not at 0 % in the years before.
    await rows(page, '近5年趋势').nth(1).waitFor()
    expect(
      await rows(page, '近5年趋势').evaluateAll((trs) => trs.map((tr) => tr.children[0]?.textContent ?? '')),
    ).toEqual(['2024年', '2025年'])
    // 学时构成: the live credits by way and by door, a chart and a table each, the totals alike.
    const madeUp = page.locator('.ant-card', { hasText: '学时构成' })
    await madeUp.getByText('未按年度政策封顶').waitFor()
    const part = (title: string) => madeUp.locator(`section[aria-label="${title}"]`)
    const credits = async (title: string) => {
      const figures = await part(title)
        .locator('.ant-table-tbody tr.ant-table-row')
        .evaluateAll((trs) =>
          trs.map((tr) => [
            tr.children[0]?.textContent ?? '',
            Number((tr.children[1]?.textContent ?? '').replaceAll(',', '')),
          ]),
        )
      const total = Number(
        ((await part(title).locator('.ant-table-summary td').nth(1).textContent()) ?? '').replaceAll(',', ''),
      )
      return { labels: figures.map(([l]) => l), sum: figures.reduce((n, [, c]) => n + Number(c), 0), total }
    }
    await part('按学习形式').locator('canvas').first().waitFor()
    await part('按来源').locator('canvas').first().waitFor()
    const byWay = await credits('按学习形式')
    const byDoor = await credits('按来源')
    expect(byWay.labels).toContain('网络课程')
    expect(byDoor.labels).toEqual(['个人申报', '机构上报', '单位或主管部门登记'])
    expect(byWay.total).toBeGreaterThan(0)
    expect(byWay.sum).toBe(byWay.total)
    expect(byDoor.sum).toBe(byWay.total)
    expect(byDoor.total).toBe(byWay.total)
    await screenshot(page, 'statistics-city')
    expect(await seriousViolations(page)).toEqual([])
    expect(w.cspErrors).toEqual([])
    // The districts add up to the city's persons shown above them.
    const persons = await lines.evaluateAll((trs) =>
      trs.map((tr) => Number((tr.children[1]?.textContent ?? '').replaceAll(',', ''))),
    )
    const all = Number(
      (
        (await page
          .locator('.ant-statistic', { hasText: '登记人数' })
          .locator('.ant-statistic-content')
          .textContent()) ?? ''
      ).replaceAll(',', ''),
    )
    expect(persons.reduce((a, b) => a + b, 0)).toBe(all)
    expect(all).toBeGreaterThan(0)

    const district = lines.first().getByRole('button')
    if ((await district.count()) > 0) {
      const name = (await district.textContent()) as string
      await district.click()
      await page.waitForURL((u) => u.searchParams.get('path')?.startsWith('3204') ?? false)
      await page.getByRole('heading', { name: `${name} 2025 年度继续教育统计` }).waitFor()
      await expect.poll(() => lines.count()).toBe(1)
      await page.getByRole('button', { name: '返回上级' }).click()
      await page.getByRole('heading', { name: '常州市 2025 年度继续教育统计' }).waitFor()
    }

    await page.locator('.ant-segmented-item', { hasText: '按职称系列' }).click()
    await page.waitForURL((u) => u.searchParams.get('by') === 'series')
    await page.getByRole('columnheader', { name: '职称系列' }).waitFor()
    await screenshot(page, 'statistics-series')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('继续教育统计-常州市-2025年度.xlsx')
    await w.context.close()
  })

  it('the industry authority sees its own industry only', async () => {
    const w = await portal.open()
    const { page } = w
    await signInAs(portal, page, 'authority')
    await page.goto('/statistics/report?year=2025&by=industry')
    const lines = rows(page, '达标与未达标人员分布')
    await lines.first().waitFor()
    expect(await lines.count()).toBe(1)
    expect(await lines.first().locator('td').first().textContent()).toBe('建筑')
    await screenshot(page, 'statistics-authority')
    expect(await seriousViolations(page)).toEqual([])
    await w.context.close()
  })
})
