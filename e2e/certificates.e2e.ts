import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DESKTOP, PHONE, screenshot, scrollWidth, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'

// Certificates in the built portal on the demo: the professional issues and downloads one, an anonymous
// phone checks it at /verify, a revocation supersedes it, and the employer downloads its staff's ZIP.
const portal = startPortal()
const YEAR = 2025
const downloads = mkdtempSync(join(tmpdir(), 'xueshi-e2e-certs-'))

let verifyPath = ''
let personName = ''
let personKey = ''

describe('certificates', () => {
  it('the professional issues the year’s certificate, sees it valid and downloads the PDF', async () => {
    const { page, cspErrors } = await portal.open(DESKTOP)
    await signInAs(portal, page, 'person')
    await page.getByRole('menuitem', { name: '我的证书' }).click()
    await page.getByRole('heading', { name: '我的证书' }).waitFor()
    await page.getByText('还没有开具过证书').waitFor()
    await page.getByRole('combobox', { name: '年度' }).click()
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: `${YEAR}年度` })
      .click()
    await page.getByRole('button', { name: '开具证书' }).click()
    await page.getByText(/已开具证书 XS-\d{4}-\d{6}-\d{6}/).waitFor()
    const row = page.locator('[data-testid="certificate"]').first()
    await row.getByText('有效').waitFor()
    expect(await row.innerText()).toContain(`${YEAR}年度`)

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: /下载 PDF/ }).click(),
    ])
    const pdf = join(downloads, 'certificate.pdf')
    await download.saveAs(pdf)
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
    expect(text).toContain('继续教育学时登记证书')

    // Issuing again with nothing changed keeps the one certificate.
    await page.getByRole('button', { name: '开具证书' }).click()
    await page.getByText(/学时未变，沿用已开具的证书/).waitFor()
    expect(await page.locator('[data-testid="certificate"]').count()).toBe(1)

    verifyPath = new URL(
      (await row.getByRole('link', { name: /查验/ }).getAttribute('href')) as string,
      portal.server.url,
    ).pathname
    personKey = (await (await page.request.get('/api/me')).json()).personKey
    personName = text.match(/姓名\s+(\S+)/)?.[1] ?? ''
    expect(personName).not.toBe('')
    await screenshot(page, 'certificates')
    const v = await seriousViolations(page)
    expect(v).toEqual([])
    expect(cspErrors).toEqual([])
  })

  it('the professional’s certificates at phone width: cards, nothing wider than the screen', async () => {
    const { page } = await portal.open(PHONE)
    await signInAs(portal, page, 'person')
    await page.goto('/me/certificates')
    await page.locator('[data-testid="certificate"]').first().getByText('有效').waitFor()
    const width = await scrollWidth(page)
    expect(width).toBeLessThanOrEqual(PHONE.width)
    await screenshot(page, 'certificates-phone')
  })

  it('anyone with a phone opens the QR’s address: valid, the masked ID, no sign-in', async () => {
    const { page, cspErrors } = await portal.open(PHONE)
    await page.goto(verifyPath)
    await page.getByText('证书有效').waitFor()
    const body = await page.locator('main').innerText()
    expect(body).toContain(personName)
    expect(body).toMatch(/\d{3}\*+\d{4}/)
    expect(body).not.toMatch(/\d{17}[\dX]/)
    await screenshot(page, 'verify-phone')
    const v = await seriousViolations(page)
    expect(v).toEqual([])
    expect(cspErrors).toEqual([])

    // An unknown code: a plain warning and the form to try another.
    await page.goto('/verify/not-a-real-code-123456')
    await page.getByText(/没有找到这份证书/).waitFor()
  })

  it('after the HR department revokes one of its hours, the certificate verifies as superseded', async () => {
    const { context, page } = await portal.open(DESKTOP)
    const hr = portal.server.login('hr_department')
    const signedIn = await context.request.post('/api/auth/login', {
      data: { username: hr.username, password: hr.password },
    })
    expect(signedIn.status()).toBe(200)
    const csrf = (await signedIn.json()).csrfToken as string
    const code = verifyPath.split('/').pop() as string
    const issued = await (await context.request.get(`/api/verify/${code}`)).json()
    const entry = issued.content.activities[0]
    const revoked = await context.request.post(`/api/persons/${personKey}/ledger/${entry.entryId}/revoke`, {
      headers: { 'x-csrf-token': csrf },
      data: { ground: 'error', reason: '登记有误，予以更正' },
    })
    expect(revoked.status(), await revoked.text()).toBe(200)

    await page.goto(verifyPath)
    await page.getByText('证书已更新').waitFor()
    expect(await page.locator('main').innerText()).toContain('变化情况')
    await screenshot(page, 'verify-superseded')
  })

  it('the employer downloads its staff’s certificates as one ZIP, counted as they arrive', async () => {
    const { page, cspErrors } = await portal.open(DESKTOP)
    await signInAs(portal, page, 'employer')
    await page.getByRole('menuitem', { name: '证书下载' }).click()
    await page.getByRole('heading', { name: '证书批量下载' }).waitFor()
    await page.getByRole('combobox', { name: '年度' }).click()
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: `${YEAR}年度` })
      .click()
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 180_000 }),
      page.getByRole('button', { name: /下载全部证书/ }).click(),
    ])
    const zip = join(downloads, 'staff.zip')
    await download.saveAs(zip)
    const progress = page.locator('[data-testid="bulk-progress"]')
    await page.getByText(/已下载 \d+ 份证书/).waitFor()
    await progress.getByText(/已完成 \d+ \/ \d+ 份/).waitFor()
    const staff = Number((await progress.innerText()).match(/在职人员 (\d+) 人/)?.[1])
    const listing = execFileSync('unzip', ['-l', zip], { encoding: 'utf8' })
    const pdfs = listing.split('\n').filter((l) => l.trim().endsWith('.pdf'))
    expect(staff).toBeGreaterThan(0)
    expect(pdfs.length).toBeGreaterThan(0)
    expect(pdfs.length).toBeLessThanOrEqual(staff)
    await screenshot(page, 'staff-certificates')
    const v = await seriousViolations(page)
    expect(v).toEqual([])
    expect(cspErrors).toEqual([])
  })
})
