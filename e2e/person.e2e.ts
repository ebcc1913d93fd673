import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import type { APIRequestContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { zh } from '../web/src/i18n/zh.js'
import { DESKTOP, PHONE, screenshot, scrollWidth, seriousViolations } from './browser.js'
import { startPortal } from './portal.js'

// The professional's ledger, applications and title window, in the built portal on the demo.
const portal = startPortal()

/**
 * A window signed in as a demo login (through the API, so the file stays under the sign-in rate limit of
 * 10 a minute; portal.e2e.ts drives the sign-in form): its page, and the API under the same session
 * with the CSRF token on writes. One window per login and size, opened once.
 */
async function openAs(username: string, size: { width: number; height: number }) {
  const login = portal.server.logins.find((l) => l.username === username)
  if (!login) throw new Error(`no demo login ${username}`)
  const { context, page, cspErrors } = await portal.open(size)
  const signedIn = await context.request.post('/api/auth/login', {
    data: { username: login.username, password: login.password },
  })
  expect(signedIn.status()).toBe(200)
  const csrf = (await signedIn.json()).csrfToken as string
  const request: APIRequestContext = context.request
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) => {
    const res = await request.fetch(url, { method, headers: { 'x-csrf-token': csrf }, data })
    if (res.status() >= 300) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`)
    return res.json()
  }
  return {
    page,
    cspErrors,
    get: (url: string) => call('GET', url),
    post: (url: string, data?: unknown) => call('POST', url, data),
    upload: async (url: string, name: string, bytes: Buffer) => {
      const res = await request.post(url, {
        headers: { 'x-csrf-token': csrf },
        multipart: { file: { name, mimeType: 'application/pdf', buffer: bytes } },
      })
      expect(res.status(), await res.text()).toBe(201)
    },
  }
}

const windows = new Map<string, ReturnType<typeof openAs>>()
function as(username: string, size = DESKTOP) {
  const key = `${username}@${size.width}`
  if (!windows.has(key)) windows.set(key, openAs(username, size))
  return windows.get(key) as ReturnType<typeof openAs>
}

const PERSON = 'demo-person'
const numberOf = (s: string) => Number(s.trim())

/** The visible rows of the page's table, as their cells' texts. */
async function tableRows(page: Page): Promise<string[][]> {
  return page
    .locator('main .ant-table-tbody tr.ant-table-row')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    )
}

async function chooseOption(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label }).click()
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click()
}

describe('my ledger', () => {
  it('lists what the API returns for a year, strikes a revoked credit through, filters, sorts and exports the filtered rows', async () => {
    const person = await as(PERSON)
    const hr = await as('demo-hr')
    const me = await person.get('/api/me')
    const ledger = `/api/persons/${me.personKey}/ledger`
    // A revocation by the city's HR department (第二十七条), so the ledger has a struck-through credit.
    const y2025 = await person.get(`${ledger}?year=2025&pageSize=200`)
    // Not an online course: the filter below finds online courses and no revocation among them.
    const target = y2025.items.find(
      (l: { entryType: string; reversedBy: unknown; kind: string }) =>
        l.entryType === 'credit' && !l.reversedBy && l.kind !== 'online_course',
    )
    const reason = '培训结业证书经核查系伪造'
    const reversal = await hr.post(`${ledger}/${target.id}/revoke`, { ground: 'fraud', reason })

    const { page, cspErrors } = person
    await page.goto('/me/ledger?year=2025&pageSize=50')
    const api = await person.get(`${ledger}?year=2025&pageSize=200&sort=-date`)
    expect(api.total).toBe(y2025.total + 1) // the reversal is a line of its own
    expect(api.total).toBeLessThanOrEqual(50)
    await page.getByText(`共 ${api.total} 条记录`).waitFor()
    let rows = await tableRows(page)
    expect(rows.length).toBe(api.total)
    // Desktop columns: date, year, activity, source, public, professional, clause.
    expect(rows.map((r) => r[0])).toEqual(api.items.map((l: { date: string }) => l.date))
    const sum = (rs: string[][], i: number) => rs.reduce((s, r) => s + numberOf(r[i] as string), 0)
    const apiSum = (k: 'public' | 'professional') =>
      api.items.reduce((s: number, l: Record<string, number>) => s + (l[k] as number), 0)
    expect(sum(rows, 4)).toBeCloseTo(apiSum('public'))
    expect(sum(rows, 5)).toBeCloseTo(apiSum('professional'))

    const revoked = page.locator(`tr[data-row-key="${target.id}"]`)
    expect(await revoked.innerText()).toContain(reason)
    const decoration = await revoked
      .locator('[data-testid="ledger-activity"]')
      .evaluate(
        (el) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { textDecorationLine: string } }
          ).getComputedStyle(el).textDecorationLine,
      )
    expect(decoration).toBe('line-through')
    expect(await revoked.locator('[data-testid="ledger-activity"] del').innerText()).toContain(
      zh.kinds[target.kind] as string,
    )
    const back = page.locator(`tr[data-row-key="${reversal.id}"]`)
    expect(await back.innerText()).toContain('撤销')
    expect(await back.locator('td').nth(5).innerText()).toBe(String(-target.professional))
    await screenshot(page, 'ledger')
    expect(await seriousViolations(page)).toEqual([])

    // Sorting by date: oldest first.
    await page.getByRole('columnheader', { name: /活动日期/ }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('date')
    await expect
      .poll(async () => (await tableRows(page)).map((r) => r[0]))
      .toEqual(api.items.map((l: { date: string }) => l.date).reverse())

    // Filter by way of learning: the count and rows follow the API's answer for the same filter.
    await chooseOption(page, '学习形式', '网络课程')
    await expect.poll(() => new URL(page.url()).searchParams.get('kind')).toBe('online_course')
    const online = await person.get(`${ledger}?year=2025&kind=online_course&sort=date&pageSize=200`)
    expect(online.total).toBeGreaterThan(0)
    await page.getByText(`共 ${online.total} 条记录`).waitFor()
    rows = await tableRows(page)
    expect(rows.length).toBe(online.total)
    expect(rows.every((r) => (r[2] as string).includes('网络课程'))).toBe(true)

    // The export holds exactly the filtered rows the screen shows.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /导出 Excel/ }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^学时档案-.+-2025年度\.xlsx$/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer)
    const sheet = book.worksheets[0] as ExcelJS.Worksheet
    expect(sheet.getRow(1).getCell(1).value).toBe('活动日期')
    const xlsx: string[][] = []
    sheet.eachRow((r, n) => {
      if (n > 1) xlsx.push([1, 2, 7, 8].map((c) => String(r.getCell(c).value)))
    })
    expect(xlsx).toEqual(rows.map((r) => [r[0], r[1], r[4], r[5]]))

    // Filter by source: the revocation alone.
    await chooseOption(page, '来源', '撤销')
    await page.getByText('没有符合条件的记录').waitFor() // online courses were not revoked
    await page.getByRole('button', { name: '清除筛选' }).first().click()
    await expect.poll(() => new URL(page.url()).search).toBe('')
    await chooseOption(page, '来源', '撤销')
    await page.getByText('共 1 条记录').waitFor() // every year: the one revocation
    expect(await page.locator(`tr[data-row-key="${reversal.id}"]`).count()).toBe(1)
    expect(cspErrors).toEqual([])

    const phone = await as(PERSON, PHONE)
    await phone.page.goto('/me/ledger?year=2025')
    await phone.page.getByText(`共 ${api.total} 条记录`).waitFor()
    const width = await scrollWidth(phone.page)
    expect(width).toBeLessThanOrEqual(PHONE.width)
    await screenshot(phone.page, 'ledger')
    expect(await seriousViolations(phone.page)).toEqual([])
    // No date column on a phone: the order is a select of its own.
    await chooseOption(phone.page, '排序', '最早在前')
    await expect.poll(() => new URL(phone.page.url()).searchParams.get('sort')).toBe('date')
    expect(phone.cspErrors).toEqual([])
  })
})

describe('my applications', () => {
  it('lists each with its status and reason; a returned one opens with its history and the resubmit link', async () => {
    const person = await as(PERSON)
    const employer = await as('demo-employer')
    const me = await person.get('/api/me')
    const apply = async (title: string, date: string) =>
      (
        await person.post('/api/applications', {
          kind: 'paper',
          date,
          title,
          authorship: 'sole',
          cnJournal: true,
        })
      ).application.id as string
    const returned = await apply('数控机床主轴热误差补偿方法研究', '2025-03-18')
    await person.upload(
      `/api/applications/${me.personKey}/${returned}/evidence`,
      '期刊封面.pdf',
      Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    )
    const reason = '请补充期刊目录页，并注明刊号'
    await employer.post(`/api/applications/${me.personKey}/${returned}/return`, { reason })
    const lowered = await apply('精密减速器齿轮修形研究', '2025-05-06')
    await employer.post(`/api/applications/${me.personKey}/${lowered}/approve`, {
      hours: 10,
      reason: '非核心期刊，按10学时核定',
    })
    const pending = await apply('工业机器人关节刚度辨识', '2025-07-02')

    const api = await person.get('/api/applications?pageSize=10')
    for (const size of [DESKTOP, PHONE]) {
      const { page, cspErrors } = await as(PERSON, size)
      await page.goto('/me/applications')
      await page.locator(`tr[data-row-key="${returned}"]`).waitFor()
      expect((await tableRows(page)).length).toBe(Math.min(api.total, 10))
      const row = (id: string) => page.locator(`tr[data-row-key="${id}"]`)
      expect(await row(returned).innerText()).toContain('已退回')
      expect(await row(returned).innerText()).toContain(reason)
      expect(await row(lowered).innerText()).toContain('核减')
      expect(await row(lowered).innerText()).toContain('核定 10 学时')
      expect(await row(pending).innerText()).toContain('待审核')
      const proposal = api.items.find((a: { id: string }) => a.id === pending).proposal
      expect(await row(pending).innerText()).toContain(
        `拟认定 ${proposal.public + proposal.professional} 学时`,
      )
      await screenshot(page, 'applications')
      expect(await seriousViolations(page)).toEqual([])

      await row(returned).getByRole('link', { name: '查看' }).click()
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/me/applications/${returned}`)
      const main = page.locator('main')
      await main.getByRole('heading', { name: '申报详情' }).waitFor()
      await main.getByText('数控机床主轴热误差补偿方法研究').waitFor()
      expect(await main.getByText(`审核意见：${reason}`).count()).toBeGreaterThan(0)
      const resubmit = main.getByRole('link', { name: /修改后重新提交/ })
      expect(await resubmit.getAttribute('href')).toBe(`/me/applications/${returned}/edit`)
      const evidence = main.getByRole('link', { name: /期刊封面\.pdf/ })
      expect(await evidence.getAttribute('href')).toContain(`/evidence/`)
      const timeline = await main.locator('.ant-timeline').innerText()
      expect(timeline).toContain('提交申请')
      expect(timeline).toContain('退回修改')
      expect(timeline.indexOf('提交申请')).toBeLessThan(timeline.indexOf('退回修改'))
      await screenshot(page, 'application-returned')
      expect(await seriousViolations(page)).toEqual([])

      await page.goto(`/me/applications/${lowered}`)
      await main.getByText('申请已通过，核减了学时。').waitFor()
      await main.getByText('审核通过，核减至 10 学时').waitFor()
      expect(cspErrors).toEqual([])
    }
  })
})

describe('my year for a Qingdao professional', () => {
  it('shows the five-year window for a title application: per-year bars and the total against 450', async () => {
    const qingdao = portal.server.logins.find((l) => l.username === 'demo-qingdao')
    expect(qingdao?.role).toBe('person')
    const person = await as('demo-qingdao')
    const me = await person.get('/api/me')
    const view = await person.get(`/api/persons/${me.personKey}/years/2025?window=5`)
    expect(view.policy).toBe('qingdao-2023')
    const e = view.evaluation
    for (const size of [DESKTOP, PHONE]) {
      const { page, cspErrors } = await as('demo-qingdao', size)
      await page.goto('/me/year?year=2025')
      const main = page.locator('main')
      await main.getByText('职称申报近五年学时').waitFor()
      await main.getByText('2021—2025 年（按 2025 年申报职称）').waitFor()
      expect(await main.locator('[data-testid="window-year"]').count()).toBe(5)
      const years = await main.locator('[data-testid="window-year"]').allInnerTexts()
      e.years.forEach((y: { year: number; totals: { total: number } }, i: number) => {
        expect(years[i]).toContain(`${y.year} 年`)
        expect(years[i]).toContain(`${y.totals.total} / 90`)
      })
      await main.getByText(`已修 ${e.totals.total} / 应修 450 学时`).waitFor()
      await main.getByText(`已修 ${e.totals.public} / 应修 150 学时`).waitFor()
      await main.getByText(`已修 ${e.totals.professional} / 应修 300 学时`).waitFor()
      // The 公需科目 heading of the year's table stays on one line on a phone.
      const heading = main.locator('th', { hasText: '公需科目' }).locator('span').first()
      const lines = await heading.evaluate((el) => el.getClientRects().length)
      expect(lines).toBe(1)
      const height = await heading.evaluate((el) => el.getBoundingClientRect().height)
      expect(height).toBeLessThan(30)
      expect(await scrollWidth(page)).toBeLessThanOrEqual(size.width)
      await screenshot(page, 'my-year-qingdao')
      expect(await seriousViolations(page)).toEqual([])
      expect(cspErrors).toEqual([])
    }
  })
})
