import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { makeResidentId } from '../src/domain/resident-id.js'
import { animationsDone, screenshot, seriousViolations } from './browser.js'
import { type Portal, signInAs, startPortal } from './portal.js'

// Issue 14, the institution: it publishes a project, reports its roster (a bad row shown by row and
// column, the annotated file, the fix, the versions' difference); the demo HR department grants
// public-subject hours with the same upload. The persons are registered first by the demo employer.
const portal = startPortal()

const PERSONS = [
  ['南宫明', makeResidentId('320402', '19850314', 711)],
  ['东方晓', makeResidentId('320402', '19900502', 712)],
  ['西门雪', makeResidentId('320411', '19880820', 713)],
] as const

/** The demo employer's API, signed in as its program would be (cookie and CSRF token). */
async function employerApi(p: Portal) {
  const login = p.server.login('employer')
  const res = await fetch(`${p.server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: login.username, password: login.password }),
  })
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  return { cookie, csrfToken }
}

/** Registers the persons as the demo employer's staff (员工导入), so that rosters may name them. */
async function registerStaff(p: Portal) {
  const { cookie, csrfToken } = await employerApi(p)
  const csv = [
    '姓名,公民身份号码,职称系列,职称级别',
    ...PERSONS.map(([n, id]) => `${n},${id},工程技术,中级`),
  ].join('\n')
  const form = new FormData()
  form.append('file', new Blob([csv], { type: 'text/csv' }), '员工.csv')
  const res = await fetch(`${p.server.url}/api/staff/import`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken },
    body: form,
  })
  expect(res.status, await res.clone().text()).toBe(201)
}

const csvOf = (rows: (readonly [string, string, number])[]) =>
  Buffer.from(['身份证号,姓名,学时', ...rows.map(([name, id, hours]) => `${id},${name},${hours}`)].join('\n'))

/** Chooses the file in the upload area and sends it (confirming when the page asks). */
async function upload(page: Page, name: string, bytes: Buffer, confirm?: string) {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes })
  await page.getByText(name, { exact: true }).waitFor()
  await page.getByRole('button', { name: /^(upload )?上\s*传$/ }).click()
  if (confirm) {
    const dialog = page.getByRole('dialog', { name: confirm })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: /授\s*予/ }).click()
    await dialog.waitFor({ state: 'detached' })
  }
}

/** Fills the publish form of 培训项目 / 学时授予 and submits it. */
async function publish(page: Page, title: string, fees?: string) {
  const dialog = page.getByRole('dialog')
  await dialog.waitFor()
  await dialog.getByLabel(/培训科目（项目名称）/).fill(title)
  await dialog.getByLabel('培训学时').fill('24')
  for (const [label, date] of [
    ['开班日期', '2025-05-12'],
    ['结业日期', '2025-05-14'],
  ]) {
    await dialog.getByLabel(label as string).fill(date as string)
    await dialog.getByLabel(label as string).press('Enter')
  }
  await dialog.getByLabel('课程安排').fill('第一天理论，第二、三天现场实操，每天8学时')
  await dialog.getByLabel('时间场地安排').fill('常州市继续教育中心 301 教室')
  await dialog.getByLabel('师资').fill('张工（正高级工程师，常州市建筑科学研究院）')
  await dialog.getByLabel('教学管理要求').fill('全程考勤，结业考核合格')
  if (fees) await dialog.getByLabel('收费项目及标准').fill(fees)
  await dialog.getByRole('button', { name: /公\s*布/ }).click()
  await dialog.waitFor({ state: 'detached' })
}

describe('the institution', () => {
  it('publishes a project and reports its roster: a bad row by row and column, the annotated file, the fix, the versions', async () => {
    await registerStaff(portal)
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'institution')
    // Its menu: projects, rosters, and the API tokens for its integrations.
    for (const item of ['培训项目', '学时上报', '接口令牌'])
      await page.getByRole('menuitem', { name: item }).waitFor()

    await page.getByRole('menuitem', { name: '培训项目' }).click()
    await page.getByRole('heading', { name: '培训项目', level: 1 }).waitFor()
    await page.getByText('还没有培训项目').waitFor()
    await page.getByRole('button', { name: '公布培训项目' }).click()
    // Changzhou: no text sets a lead time, and the form says so before submitting.
    await page.getByText('本地区的文件未规定培训项目的提前公布期限').waitFor()
    await screenshot(page, 'institution-project-form')
    expect(await seriousViolations(page)).toEqual([])
    await publish(page, '桥梁检测新技术研修班', '每人1200元（含资料费）')
    await page.getByRole('cell', { name: /桥梁检测新技术研修班/ }).waitFor()
    await page.getByRole('cell', { name: '已结束', exact: true }).waitFor()
    await page.getByText('每人1200元（含资料费）').waitFor()
    // Search and state filter live in the address.
    await page.locator('.ant-segmented-item', { hasText: '进行中' }).click()
    await page.getByText('没有符合条件的项目。').waitFor()
    expect(new URL(page.url()).searchParams.get('state')).toBe('running')
    await page.locator('.ant-segmented-item', { hasText: '全部' }).click()
    await page.getByRole('cell', { name: /桥梁检测新技术研修班/ }).waitFor()
    await screenshot(page, 'institution-projects')
    expect(await seriousViolations(page)).toEqual([])

    // 学时上报: the finished project, not reported yet.
    await page.getByRole('link', { name: '报送花名册' }).click()
    await page.getByRole('heading', { name: '学时上报', level: 1 }).waitFor()
    await page.getByText('尚未报送花名册。').waitFor()
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载模板' }).click(),
    ])
    expect(template.suggestedFilename()).toBe('花名册模板-桥梁检测新技术研修班.xlsx')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(readFileSync(await template.path()) as unknown as ArrayBuffer)
    expect(((book.worksheets[0] as ExcelJS.Worksheet).getRow(1).values as string[]).slice(1, 3)).toEqual([
      '身份证号',
      '姓名',
    ])

    // Version 1, its checking followed on the page: the answer is held until the bars have been seen.
    const [a, b, c] = PERSONS
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    await page.route(
      '**/api/projects/*/rosters*',
      async (route) => {
        if (route.request().method() !== 'POST') return route.continue()
        const response = await route.fetch()
        await held
        await route.fulfill({ response })
      },
      { times: 1 },
    )
    await upload(
      page,
      '花名册.csv',
      csvOf([
        [a[0], a[1], 24],
        [b[0], b[1], 24],
      ]),
    )
    await page.getByText(/已核对 2 行/).waitFor()
    expect(await page.getByRole('progressbar', { name: '上传进度' }).getAttribute('aria-valuenow')).toBe(
      '100',
    )
    await page.getByRole('progressbar', { name: '校验进度' }).waitFor()
    await screenshot(page, 'institution-roster-checking')
    release()
    await page.getByText('已报送第 1 版，共 2 人').waitFor()
    await page.getByRole('button', { name: '再上传一版' }).click()

    // Version 2 adds a person, with one bad row: refused whole, the problem by row and column.
    await upload(
      page,
      '花名册-第2版.csv',
      csvOf([
        [a[0], a[1], 20],
        [b[0], b[1], 24],
        [c[0], c[1], 30],
      ]),
    )
    await page.getByText('共 1 处错误，整份文件未接收').waitFor()
    const problem = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '第 4 行' })
    expect((await problem.locator('td').allInnerTexts()).map((s) => s.trim())).toEqual([
      '第 4 行',
      '学时',
      '超过项目公布的24学时',
    ])
    await screenshot(page, 'institution-roster-problems')
    expect(await seriousViolations(page)).toEqual([])
    const [annotated] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载标注错误的文件' }).click(),
    ])
    expect(annotated.suggestedFilename()).toBe('花名册-错误标注.csv')
    const marked = readFileSync(await annotated.path(), 'utf8')
    expect(marked).toContain('错误')
    expect(marked).toContain('学时：超过项目公布的24学时')

    // Fixed, uploaded again: version 2, and its difference from version 1.
    await upload(
      page,
      '花名册-第2版.csv',
      csvOf([
        [a[0], a[1], 20],
        [b[0], b[1], 24],
        [c[0], c[1], 24],
      ]),
    )
    await page.getByText('已报送第 2 版，共 3 人').waitFor()
    await page.getByText('与上一版相比：增加 1 人，删除 0 人，变更 1 人').first().waitFor()
    const versions = page.locator('.ant-card').filter({ hasText: '花名册版本' })
    await versions.getByText('第 2 版').waitFor()
    await versions.getByText('已被新版本替代').waitFor()
    await versions
      .getByRole('button', { name: /展开|Expand/ })
      .first()
      .click()
    await versions.getByRole('cell', { name: '西门雪', exact: true }).waitFor()
    await versions.getByText('24 → 20').waitFor()
    await screenshot(page, 'institution-roster-versions')
    expect(await seriousViolations(page)).toEqual([])

    // Back to the list: the roster awaits confirmation; no advanced seminar is due.
    await page.getByRole('button', { name: '返回已结束的项目' }).click()
    await page.getByText('没有待报送的高级研修项目。').waitFor()
    await page.getByRole('row', { name: /桥梁检测新技术研修班.*待确认/ }).waitFor()
    await screenshot(page, 'institution-rosters')
    expect(await seriousViolations(page)).toEqual([])
    expect(cspErrors).toEqual([])
    await context.close()
  })

  it('an advanced seminar past its 20 working days is shown overdue, in red', async () => {
    const { context, page } = await portal.open()
    await signInAs(portal, page, 'institution')
    await page.goto('/projects')
    await page.getByRole('button', { name: '公布培训项目' }).click()
    // A click while the dialog is still zooming in can miss the box (CI): tick it once the dialog stands still.
    await page.getByRole('dialog').waitFor()
    await animationsDone(page)
    await page
      .getByRole('dialog')
      .getByLabel(/高级研修项目/)
      .check()
    await publish(page, '智能建造高级研修班', '免费')
    await page.goto('/rosters')
    const row = page.getByRole('row', { name: /智能建造高级研修班/ }).first()
    await row.getByText('已逾期').waitFor()
    expect(
      await row
        .getByText('智能建造高级研修班')
        .evaluate(
          (e) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(e)
              .color,
        ),
    ).toBe('rgb(207, 19, 34)')
    await screenshot(page, 'institution-deadlines')
    expect(await seriousViolations(page)).toEqual([])
    await context.close()
  })
})

describe('the HR department', () => {
  it('grants public-subject hours with the same upload', async () => {
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'hr_department')
    await page.getByRole('menuitem', { name: '学时授予' }).click()
    await page.getByRole('heading', { name: '学时授予', level: 1 }).waitFor()
    await page.getByRole('button', { name: '公布活动' }).click()
    await page.getByText('不得收费（第十二条）').waitFor()
    await publish(page, '2025年度公需科目：数字经济')
    await page.getByRole('cell', { name: /2025年度公需科目：数字经济/ }).waitFor()
    await screenshot(page, 'grants')
    expect(await seriousViolations(page)).toEqual([])
    await page.getByRole('button', { name: '上传学时' }).click()
    await page.getByRole('button', { name: '下载模板' }).waitFor()
    const [a, b] = PERSONS
    await upload(
      page,
      '公需科目学时.csv',
      csvOf([
        [a[0], a[1], 24],
        [b[0], b[1], 24],
      ]),
      '确认授予？',
    )
    await page.getByText('已授予 2 人的学时').waitFor()
    await screenshot(page, 'grants-done')
    expect(await seriousViolations(page)).toEqual([])
    const versions = page.locator('.ant-card').filter({ hasText: '花名册版本' })
    await versions.getByText('已确认').waitFor()
    expect(cspErrors).toEqual([])
    await context.close()
  })
})
