import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { screenshot, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'

// The employer's staff pages in the built portal: who is behind this year (filtered, searched by ID
// number, exported), and registering the employer's own training for two people at once.
const portal = startPortal()

interface Row {
  personKey: string
  name: string
  idMasked: string
  total: number
  compliant: boolean
}

/** The visible rows of the page's main table, as cell texts. */
async function tableRows(page: Page): Promise<string[][]> {
  return page.locator('.ant-table-tbody tr.ant-table-row').evaluateAll((trs) =>
    // No DOM types in the test's compile: a cell is what it needs of one.
    (trs as unknown as { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> }[]).map(
      (tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim()),
    ),
  )
}

/** Picks an option in the antd Select labelled `label`. */
async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click()
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click()
}

describe('staff compliance', () => {
  it('filters by 未达标 and a series exactly as the API does, finds one person by ID number, exports what the screen shows', async () => {
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'employer')
    await page.goto('/staff/compliance?year=2025')
    await page.getByRole('heading', { name: '人员学时达标情况' }).waitFor()

    await choose(page, '是否达标', '未达标')
    await choose(page, '职称系列', '工程技术')
    await page.getByRole('button', { name: /查\s*询/ }).click()
    await expect.poll(() => new URL(page.url()).search).toContain('series=engineering')

    const api = (await (
      await page.request.get('/api/compliance?year=2025&compliant=false&series=engineering&pageSize=20')
    ).json()) as { items: Row[]; total: number }
    expect(api.total).toBeGreaterThan(0)
    await expect
      .poll(async () => (await tableRows(page)).map((r) => [r[0], r[1]]))
      .toEqual(api.items.map((r) => [r.name, r.idMasked]))
    const screen = await tableRows(page)
    // Every row: 未达标, the total as the API says.
    for (const [i, r] of screen.entries()) {
      expect(r).toContain('未达标')
      expect(r).toContain(String(api.items[i]?.total))
    }
    const summary = await (
      await page.request.get('/api/compliance/summary?year=2025&series=engineering')
    ).json()
    expect(await page.getByTestId('compliance-summary').innerText()).toBe(
      `共 ${summary.total} 人，达标 ${summary.compliant} 人，未达标 ${summary.notCompliant} 人`,
    )
    await screenshot(page, 'staff-compliance')
    expect(await seriousViolations(page)).toEqual([])

    // The export: the whole filtered list, whose rows are the screen's (all on one page here).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /导出 Excel/ }).click(),
    ])
    const file = join(mkdtempSync(join(tmpdir(), 'xueshi-export-')), download.suggestedFilename())
    await download.saveAs(file)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(file)
    const sheet = book.worksheets[0] as ExcelJS.Worksheet
    const exported: string[][] = []
    sheet.eachRow((row, n) => {
      if (n > 1) exported.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')))
    })
    expect(exported).toHaveLength(api.total)
    const columns = (r: string[]) => [0, 1, 2, 3, 4, 5, 6, 7].map((c) => r[c])
    expect(exported.slice(0, screen.length).map(columns)).toEqual(screen.map(columns))

    // Search by the full ID number: one person, masked; the number is in no address.
    const person = portal.server.login('person')
    const idNumber = person.idNumber as string
    expect(idNumber).toMatch(/^\d{17}[\dX]$/)
    const requested: string[] = []
    page.on('request', (r) => requested.push(r.url()))
    await page.getByRole('button', { name: /重\s*置/ }).click()
    await page.getByLabel('身份证号', { exact: true }).fill(idNumber)
    await page.getByRole('button', { name: /查\s*询/ }).click()
    const masked = `${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}`
    await expect.poll(async () => (await tableRows(page)).map((r) => r[1])).toEqual([masked])
    expect(requested.filter((u) => u.includes(idNumber))).toEqual([])
    expect(page.url()).not.toContain(idNumber)
    expect(await page.locator('.ant-table-tbody').innerText()).not.toContain(idNumber)
    await screenshot(page, 'staff-compliance-id-search')

    // 登记学时 on a row opens the register page with that person chosen.
    const first = (await tableRows(page))[0]?.[0] as string
    await page.getByRole('link', { name: `登记学时：${first}` }).click()
    await page.getByRole('heading', { name: '单位登记学时' }).waitFor()
    await expect.poll(() => page.getByTestId('chosen-count').innerText()).toBe('已选择 1 人')
    expect(await page.locator('.ant-tag', { hasText: first }).count()).toBe(1)
    expect(cspErrors).toEqual([])
    await context.close()
  })
})

describe('register for staff', () => {
  it('registers a training for two people; their years move by the engine’s hours, and a double submit credits once', async () => {
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'employer')
    await page.goto('/staff/register')
    await page.getByRole('heading', { name: '单位登记学时' }).waitFor()
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor()
    const rows = page.locator('.ant-table-tbody tr.ant-table-row')
    const names: string[] = []
    for (const i of [0, 1]) {
      await rows.nth(i).locator('input[type=checkbox]').check()
      names.push(((await rows.nth(i).locator('td').nth(1).textContent()) ?? '').trim())
    }
    expect(await page.getByTestId('chosen-count').innerText()).toBe('已选择 2 人')
    await screenshot(page, 'staff-register-choose')
    expect(await seriousViolations(page)).toEqual([])
    await page.getByRole('button', { name: /下一步/ }).click()

    const title = `安全生产专题培训 ${Date.now()}`
    await page.getByLabel('名称').fill(title)
    await page.getByLabel('结束日期').fill('2025-06-10')
    await page.getByLabel('结束日期').press('Enter')
    await page.getByRole('radio', { name: '专业科目' }).check()
    await page.getByLabel('培训天数').fill('2')
    await page.getByLabel('主办方标明的学时（课时）').fill('16')
    await page.mouse.wheel(0, -10_000)
    await screenshot(page, 'staff-register-activity')
    expect(await seriousViolations(page)).toEqual([])
    await page.getByRole('button', { name: /计算预估学时/ }).click()
    await page.getByText('逐人预估').waitFor()

    // The years before, and the engine's hours for each, as the API says.
    const staff = (await (await page.request.get('/api/staff?pageSize=200')).json()).items as Row[]
    const keys = names.map((n) => (staff.find((s) => s.name === n) as Row).personKey)
    const year = async (key: string) =>
      (await (await page.request.get(`/api/persons/${key}/years/2025`)).json()).evaluation.totals as {
        total: number
        professional: number
      }
    const before = [await year(keys[0] as string), await year(keys[1] as string)]
    const preview = await tableRows(page)
    expect(preview.map((r) => r[0])).toEqual(names)
    const credited = preview.map((r) => Number(/\+(\d+(?:\.\d+)?)/.exec(r[3] ?? '')?.[1]))
    for (const c of credited) expect(c).toBeGreaterThan(0)
    await screenshot(page, 'staff-register-preview')

    await page.getByRole('button', { name: /确认登记/ }).click()
    const dialog = page.getByRole('dialog')
    await dialog.locator('.ant-modal-confirm-title', { hasText: '确认为 2 人登记？' }).waitFor()
    // A double click on the confirmation sends one registration.
    await dialog.getByRole('button', { name: /确认登记/ }).dblclick()
    await page.getByText('已记入 2 人，未记入 0 人').waitFor()
    const results = await tableRows(page)
    expect(results.map((r) => [r[0], r[2]])).toEqual(names.map((n) => [n, '已记入']))
    await screenshot(page, 'staff-register-result')
    for (const [i, key] of keys.entries()) {
      const after = await year(key as string)
      expect(after.total).toBe((before[i]?.total ?? 0) + (credited[i] ?? 0))
    }

    // The same registration sent again (a retry, a second tab): no one is credited twice.
    const csrf = (await (await page.request.get('/api/auth/session')).json()).csrfToken as string
    const again = await page.request.post('/api/staff/records', {
      headers: { 'x-csrf-token': csrf },
      data: {
        personKeys: keys,
        record: {
          kind: 'training',
          organizer: 'employer',
          subject: 'professional',
          days: 2,
          hours: 16,
          date: '2025-06-10',
          title,
        },
      },
    })
    expect(await again.json()).toMatchObject({ credited: 0, refused: 2 })
    for (const [i, key] of keys.entries())
      expect((await year(key as string)).total).toBe((before[i]?.total ?? 0) + (credited[i] ?? 0))
    expect(cspErrors).toEqual([])
    await context.close()
  })
})
