import type { APIRequestContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoPdf, demoPng } from '../src/services/demo-applications.js'
import { animationsDone, screenshot, seriousViolations } from './browser.js'
import { type Portal, signInAs, startPortal } from './portal.js'

// The reviewer's desk in the built portal: the employer's reviewer works through the queue.
const portal = startPortal()

interface Filed {
  personKey: string
  id: string
  proposed: number
  title: string
}

/** The demo person, signed in through the API in a window of their own. */
async function asPerson(p: Portal) {
  const { context } = await p.open()
  const login = p.server.login('person')
  const res = await context.request.post('/api/auth/login', {
    data: { username: login.username, password: login.password },
  })
  expect(res.status()).toBe(200)
  const csrf = (await res.json()).csrfToken as string
  const me = await (await context.request.get('/api/me')).json()
  return { context, request: context.request, csrf, personKey: me.personKey as string }
}

let filings = 0
/** Files an application as the person, with one evidence file, and returns what the engine proposed. */
async function file(
  person: { request: APIRequestContext; csrf: string; personKey: string },
  record: Record<string, unknown>,
  evidence: { name: string; mimeType: string; buffer: Buffer },
): Promise<Filed> {
  filings += 1
  const title = `${record.title as string}（${filings}）`
  const res = await person.request.post('/api/applications', {
    data: { ...record, title },
    headers: { 'x-csrf-token': person.csrf },
  })
  expect(res.status()).toBe(201)
  const body = await res.json()
  const id = body.application.id as string
  const upload = await person.request.post(`/api/applications/${person.personKey}/${id}/evidence`, {
    multipart: { file: evidence },
    headers: { 'x-csrf-token': person.csrf },
  })
  expect(upload.status()).toBe(201)
  return {
    personKey: person.personKey,
    id,
    proposed: body.preview.credit.public + body.preview.credit.professional,
    title,
  }
}

const paper = {
  kind: 'paper',
  date: '2025-06-15',
  title: '数控加工误差分析',
  authorship: 'sole',
  cnJournal: true,
}
const training = {
  kind: 'training',
  date: '2025-07-10',
  title: '质量管理培训',
  subject: 'professional',
  organizer: 'institution',
  days: 2,
  hours: 16,
}
const pdf = (name: string) => ({
  name,
  mimeType: 'application/pdf',
  buffer: demoPdf(`Evidence ${++filings}`),
})
const png = (name: string) => ({ name, mimeType: 'image/png', buffer: demoPng() })

const statusOf = async (page: Page, f: Filed) =>
  (await (await page.request.get(`/api/applications/${f.personKey}/${f.id}`)).json()).application as {
    status: string
    reviewNote: string | null
  }

/** The page is no wider than the window: nothing to scroll sideways. */
const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => {
    const root = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement
    return root.scrollWidth <= root.clientWidth
  })

describe('the reviewer’s desk', () => {
  it('opens the queue, sees the PDF and the proposed hours, approves lower with a reason; the year moves by exactly that', async () => {
    const person = await asPerson(portal)
    const yearOf = async () =>
      (await (await person.request.get(`/api/persons/${person.personKey}/years/2025`)).json()).evaluation
        .totals.total as number
    const before = await yearOf()
    const filed = await file(person, paper, pdf('论文检索证明.pdf'))
    expect(filed.proposed).toBeGreaterThan(10)

    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'employer')
    await expect.poll(() => new URL(page.url()).pathname).toBe('/reviews')
    const queue = await (await page.request.get('/api/applications?status=submitted&order=oldest')).json()
    await page.getByRole('heading', { name: `待审核申报（${queue.total}）` }).waitFor()
    const rows = page.locator('.ant-table-tbody tr.ant-table-row')
    await expect.poll(() => rows.count()).toBe(Math.min(queue.total, 20))
    // Oldest first: the first row is the one waiting longest, as the API orders it.
    expect(await rows.first().innerText()).toContain(queue.items[0].personName)
    expect(await rows.first().innerText()).toContain(queue.items[0].idMasked)
    await screenshot(page, 'review-queue')
    expect(await seriousViolations(page)).toEqual([])
    expect(await noSidewaysScroll(page)).toBe(true)

    // Ours is the newest: on the last page.
    const last = Math.ceil(queue.total / 20)
    if (last > 1) await page.getByRole('listitem', { name: String(last) }).click()
    await page.getByRole('row', { name: new RegExp(filed.title) }).click()
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/reviews/${filed.personKey}/${filed.id}`)
    await page.getByTestId('proposed-hours').getByText(`${filed.proposed} 学时`).waitFor()
    const frame = page.locator('iframe[title^="证明材料"]')
    await frame.waitFor()
    expect(await frame.getAttribute('src')).toMatch(
      new RegExp(`^/api/applications/${filed.personKey}/${filed.id}/evidence/[0-9a-f-]{36}#`),
    )
    // The PDF is shown, not downloaded: Chromium's viewer runs inside the frame.
    await expect
      .poll(() => page.frames().some((f) => f.url().startsWith('chrome-extension://')), { timeout: 10_000 })
      .toBe(true)
    await page.getByText('论文检索证明.pdf').first().waitFor()
    await page.getByText('独立作者').waitFor() // authorship, in words
    await page.waitForTimeout(500)
    await screenshot(page, 'review-pdf')
    expect(await seriousViolations(page)).toEqual([])
    expect(await noSidewaysScroll(page)).toBe(true)

    // Approve lower: the form refuses more than proposed (and nothing is sent), then takes less.
    await page.getByRole('button', { name: /核减通过/ }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('核定学时').fill(String(filed.proposed + 5))
    await dialog.getByLabel('核减理由').fill('检索证明显示为增刊，按规定核减')
    await dialog.getByRole('button', { name: /确\s*定/ }).click()
    await dialog.getByText(`核定学时不能高于拟认定的 ${filed.proposed} 学时`).waitFor()
    expect((await statusOf(page, filed)).status).toBe('submitted')
    await screenshot(page, 'review-lower-refused')
    const approved = filed.proposed - 10
    await dialog.getByLabel('核定学时').fill(String(approved))
    await dialog.getByRole('button', { name: /确\s*定/ }).click()
    // On to the next application in the queue.
    await page.waitForURL((u) => u.pathname.startsWith('/reviews/') && !u.pathname.endsWith(filed.id))
    expect(await statusOf(page, filed)).toMatchObject({
      status: 'approved',
      reviewNote: '检索证明显示为增刊，按规定核减',
    })
    expect((await yearOf()) - before).toBe(approved)
    const inbox = await (await person.request.get('/api/notifications')).json()
    const note = inbox.items.find(
      (n: { link: string }) => n.link === `/applications/${filed.personKey}/${filed.id}`,
    )
    expect(note).toMatchObject({ kind: 'application.approve' })
    expect(cspErrors).toEqual([])
    await context.close()
    await person.context.close()
  })

  it('works from the keyboard: J/K step through the queue, R returns with a reason, typing in the field fires nothing', async () => {
    const person = await asPerson(portal)
    const filed = await file(person, training, png('结业证书照片.png'))
    const { context, page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'employer')
    await page.goto(`/reviews/${filed.personKey}/${filed.id}`)
    const image = page.getByRole('img', { name: '结业证书照片.png' })
    await image.waitFor()
    await expect
      .poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(360)
    await page.getByTestId('proposed-hours').getByText(`${filed.proposed} 学时`).waitFor()
    await screenshot(page, 'review-image')
    expect(await seriousViolations(page)).toEqual([])
    expect(await noSidewaysScroll(page)).toBe(true)

    // The newest is last in the queue: K goes to the one before, J comes back.
    const here = new URL(page.url()).pathname
    await page.keyboard.press('k')
    await page.waitForURL((u) => u.pathname !== here)
    await page.keyboard.press('j')
    await page.waitForURL((u) => u.pathname === here)
    await page.getByText(filed.title).waitFor()
    await page.getByTestId('proposed-hours').getByText(`${filed.proposed} 学时`).waitFor()

    // ? shows the shortcuts, and ? again hides them.
    const help = page.getByText('键盘快捷键（在输入框中输入时不生效）')
    await page.keyboard.press('?')
    await help.waitFor()
    await animationsDone(page) // as a person would: the help has opened before they ask it to close
    await page.keyboard.press('?')
    await help.waitFor({ state: 'hidden' })
    await animationsDone(page)

    // A asks before approving; Escape leaves it, and the keys work again.
    await page.keyboard.press('a')
    const ask = page.locator('.ant-modal-confirm')
    await ask
      .locator('.ant-modal-confirm-title', { hasText: `按系统拟认定的 ${filed.proposed} 学时通过？` })
      .waitFor()
    await page.keyboard.press('Escape')
    await ask.waitFor({ state: 'hidden' })
    expect((await statusOf(page, filed)).status).toBe('submitted')

    await page.keyboard.press('r')
    const dialog = page.getByRole('dialog')
    await dialog.getByText('退回修改').first().waitFor()
    const reason = dialog.getByLabel('退回理由（告诉申请人需要修改或补充什么）')
    await reason.click()
    await page.keyboard.type('请补充签到表 a d x j k') // letters that are shortcuts elsewhere
    expect(await page.getByRole('dialog').count()).toBe(1)
    expect(new URL(page.url()).pathname).toBe(here)
    await dialog.getByRole('button', { name: /确\s*定/ }).click()
    await page.waitForURL((u) => u.pathname !== here)
    expect(await statusOf(page, filed)).toMatchObject({
      status: 'returned',
      reviewNote: '请补充签到表 a d x j k',
    })
    expect(cspErrors).toEqual([])
    await context.close()
    await person.context.close()
  })

  it('rejecting asks for a reason, then for confirmation; cancelling the confirmation sends nothing', async () => {
    const person = await asPerson(portal)
    const filed = await file(
      person,
      { ...training, date: '2025-08-20', days: 1, hours: 8 },
      pdf('培训通知.pdf'),
    )
    const { context, page } = await portal.open()
    await signInAs(portal, page, 'employer')
    await page.goto(`/reviews/${filed.personKey}/${filed.id}`)
    await page.getByTestId('proposed-hours').waitFor()
    await page.keyboard.press('x')
    const dialog = page.getByRole('dialog').filter({ hasText: '驳回理由' })
    await dialog.getByLabel('驳回理由').waitFor()
    expect(await dialog.getByLabel('驳回理由').inputValue()).toBe('') // the X opened it, it typed nothing
    await dialog.getByRole('button', { name: /驳\s*回/ }).click()
    await dialog.getByText('请填写理由').waitFor() // no reason, no rejection
    await dialog.getByLabel('驳回理由').fill('培训通知不能证明已参加培训')
    await dialog.getByRole('button', { name: /驳\s*回/ }).click()
    const confirm = page.locator('.ant-modal-confirm')
    await confirm.locator('.ant-modal-confirm-title', { hasText: '确定驳回这条申报？' }).waitFor()
    await screenshot(page, 'review-reject-confirm')
    await animationsDone(page)
    await confirm.getByRole('button', { name: /取\s*消/ }).click()
    await confirm.waitFor({ state: 'detached' }) // gone, not fading: its buttons must not take the next click
    expect((await statusOf(page, filed)).status).toBe('submitted')
    await dialog.getByRole('button', { name: /驳\s*回/ }).click()
    await confirm.locator('.ant-modal-confirm-title', { hasText: '确定驳回这条申报？' }).waitFor()
    await animationsDone(page) // as a person would: the question has opened before they answer it
    await confirm.getByRole('button', { name: /驳\s*回/ }).click()
    await page.waitForURL((u) => !u.pathname.endsWith(filed.id))
    expect(await statusOf(page, filed)).toMatchObject({
      status: 'rejected',
      reviewNote: '培训通知不能证明已参加培训',
    })
    await context.close()
    await person.context.close()
  })
})

describe('an agency with nothing waiting', () => {
  it('sees an empty queue that says what happens next', async () => {
    const { context, page } = await portal.open()
    await signInAs(portal, page, 'agency')
    await expect.poll(() => new URL(page.url()).pathname).toBe('/reviews')
    const queue = await (await page.request.get('/api/applications?status=submitted')).json()
    expect(queue.total).toBe(0)
    await page.getByRole('heading', { name: '待审核申报（0）' }).waitFor()
    await page.getByText('目前没有待审核的申报').waitFor()
    await screenshot(page, 'review-queue-empty')
    expect(await seriousViolations(page)).toEqual([])
    await context.close()
  })
})
