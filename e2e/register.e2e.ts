import type { APIRequestContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { evaluate } from '../src/policy/evaluate.js'
import { getPolicy } from '../src/policy/registry.js'
import type { ActivityRecord, RecordCredit } from '../src/policy/types.js'
import { DESKTOP, PHONE, screenshot, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'
import { fillPaper, shownPreview } from './register-form.js'

// 学时申报 in the built portal: a paper registered with its evidence, a returned application corrected and
// resubmitted, files the server would refuse refused first in Chinese.
const portal = startPortal()

/** The demo person is in Changzhou: before changzhou-2024 (2024) their province's 苏人社函〔2023〕308号 applies. */
const YEAR = 2023
const JIANGSU_PAPERS = '苏人社函〔2023〕308号 四（九）'

/** A small valid one-page PDF; `padding` bytes of comment in its content stream make it as large as needed. */
function pdf(text: string, padding = 0): Buffer {
  const content = `${'% padding\n'.repeat(Math.ceil(padding / 10))}BT /F1 18 Tf 72 760 Td (${text}) Tj ET\n`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}endstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out))
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = Buffer.byteLength(out)
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

interface Me {
  personKey: string
}

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, checked by the assertions that read it
const json = async (r: Awaited<ReturnType<APIRequestContext['get']>>): Promise<any> => {
  if (!r.ok()) throw new Error(`${r.status()} ${await r.text()}`)
  return r.json()
}

/** What the engine credits `record` in the person's year as the API shows it: the figure the page must show. */
async function expectedCredit(request: APIRequestContext, me: Me, record: Record<string, unknown>) {
  const view = await json(await request.get(`/api/persons/${me.personKey}/years/${YEAR}`))
  const ledger = (view.entries as { id: string; record: ActivityRecord | null }[])
    .filter((e) => e.record)
    .map((e) => ({ ...e.record, id: e.id }) as ActivityRecord)
  const result = evaluate(getPolicy(view.policy), YEAR, [
    ...ledger,
    { ...record, id: 'expected' } as unknown as ActivityRecord,
  ])
  return {
    policy: view.policy as string,
    credit: result.records.find((r) => r.id === 'expected') as RecordCredit,
  }
}

/** A full-page screenshot from the top (the header is sticky: a scrolled page would show it mid-page). */
async function shot(page: Page, name: string) {
  await page.evaluate(() =>
    (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
  )
  await screenshot(page, name)
}

describe('registering an activity', () => {
  it('a paper: the preview says 30 学时 under 308号 四（九）, the PDF uploads with progress, the application holds it', async () => {
    const { context, page, cspErrors } = await portal.open(DESKTOP)
    await signInAs(portal, page, 'person')
    const me: Me = await json(await page.request.get('/api/me'))
    const title = '基于数字孪生的数控机床故障诊断方法研究'
    const record = { kind: 'paper', date: `${YEAR}-10-16`, title, authorship: 'first', cnJournal: true }
    const expected = await expectedCredit(page.request, me, record)
    // The figure, computed by the engine from the person's policy that year.
    expect(expected.policy).toBe('jiangsu-2023')
    expect(expected.credit.basis).toBe(JIANGSU_PAPERS)
    expect(expected.credit.public + expected.credit.professional).toBe(30)

    await fillPaper(page, title, `${YEAR}-10-16`)
    const shown = await shownPreview(page)
    expect(shown.total).toBe(expected.credit.public + expected.credit.professional)
    expect(shown.basis).toBe(expected.credit.basis)
    expect(shown.text).toContain(`${expected.credit.professional} 学时`)
    expect(shown.text).toContain('苏人社函〔2023〕308号')
    await page.evaluate(() =>
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
    )
    await shot(page, 'register-paper')
    expect(await seriousViolations(page)).toEqual([])

    // A 2 MB PDF over a throttled connection, so the bar is seen moving.
    const file = pdf('Paper acceptance letter', 2 * 1024 * 1024)
    await page.locator('input[type=file]').setInputFiles({
      name: '论文录用通知.pdf',
      mimeType: 'application/pdf',
      buffer: file,
    })
    const list = page.getByRole('region', { name: '待上传的文件' })
    await list.getByText('论文录用通知.pdf').waitFor()
    expect(await list.innerText()).toContain('2.0 MB')
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 512 * 1024,
    })
    await page.getByRole('button', { name: '提交申报', exact: true }).click()
    // The bar moves: a value strictly between 0 and 100 is seen while the file goes up.
    const bar = list.getByRole('progressbar')
    await expect
      .poll(
        async () => {
          const now = Number(await bar.getAttribute('aria-valuenow', { timeout: 200 }).catch(() => 0))
          return now > 0 && now < 100
        },
        { timeout: 20_000, interval: 50 },
      )
      .toBe(true)
    await shot(page, 'register-uploading')

    await page.waitForURL(/\/me\/applications\/[0-9a-f-]{36}$/, { timeout: 30_000 })
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    })
    await page.getByText('申报已提交，等待单位审核。').waitFor()
    const id = new URL(page.url()).pathname.split('/')[3]
    const detail = await json(await page.request.get(`/api/applications/${me.personKey}/${id}`))
    expect(detail.application.status).toBe('submitted')
    expect(detail.application.record).toMatchObject(record)
    expect(detail.evidence).toHaveLength(1)
    expect(detail.evidence[0]).toMatchObject({
      filename: '论文录用通知.pdf',
      mediaType: 'application/pdf',
      size: file.length,
    })
    expect(detail.proposal).toMatchObject({ hours: 30, basis: JIANGSU_PAPERS })
    expect(cspErrors).toEqual([])
    await context.close()
  })

  it('the form with its preview at phone width', async () => {
    const { context, page, cspErrors } = await portal.open(PHONE)
    await signInAs(portal, page, 'person')
    await fillPaper(page, '智能制造产线的预测性维护实践', `${YEAR}-10-16`)
    const shown = await shownPreview(page)
    expect(shown.total).toBe(30)
    expect(shown.basis).toBe(JIANGSU_PAPERS)
    // Nothing wider than the screen.
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
            .documentElement.scrollWidth,
      ),
    ).toBeLessThanOrEqual(PHONE.width)
    await page.evaluate(() =>
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
    )
    await shot(page, 'register-paper')
    expect(await seriousViolations(page)).toEqual([])
    expect(cspErrors).toEqual([])
    await context.close()
  })

  it('refuses a file the server would refuse, in Chinese, before sending anything', async () => {
    const { context, page } = await portal.open(DESKTOP)
    await signInAs(portal, page, 'person')
    await page.goto('/me/register')
    await page.getByRole('heading', { name: '学时申报' }).waitFor()
    const sent: string[] = []
    page.on('request', (r) => {
      if (r.url().includes('/evidence')) sent.push(r.url())
    })
    const input = page.locator('input[type=file]')
    const docx = Buffer.from('PK\u0003\u0004 a Word file')
    await input.setInputFiles({
      name: '证明.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: docx,
    })
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toContain(
      `「证明.docx」（${docx.length} B）不是 PDF、JPG 或 PNG 文件，不能上传`,
    )
    // A name that says PDF does not make a PDF: the content decides, as on the server.
    await input.setInputFiles({
      name: '扫描件.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('hello'),
    })
    await expect.poll(() => alert.innerText()).toContain('「扫描件.pdf」（5 B）不是 PDF、JPG 或 PNG 文件')
    await input.setInputFiles({
      name: '大文件.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('big', 11 * 1024 * 1024),
    })
    await expect
      .poll(() => alert.innerText())
      .toMatch(/「大文件\.pdf」大小为 11\.0 MB，超过每个文件 10\.0 MB 的上限/)
    await shot(page, 'register-refused-file')
    expect(await page.getByRole('region', { name: '待上传的文件' }).count()).toBe(0)
    expect(sent).toEqual([])
    await context.close()
  })
})

describe('a returned application', () => {
  it('is corrected in the browser and resubmitted; the API shows it pending with the new values', async () => {
    const { context, page, cspErrors } = await portal.open(DESKTOP)
    await signInAs(portal, page, 'person')
    const me: Me = await json(await page.request.get('/api/me'))
    const { csrfToken } = await json(await page.request.get('/api/auth/session'))
    const original = {
      kind: 'conference',
      date: `${YEAR}-11-20`,
      title: '2023年江苏省机械工程学术年会',
      level: 'provincial',
      paperChars: 1500,
    }
    const created = await json(
      await page.request.post('/api/applications', {
        data: original,
        headers: { 'X-CSRF-Token': csrfToken },
      }),
    )
    const id = created.application.id as string

    // The employer's reviewer returns it.
    const reviewer = await portal.open(DESKTOP)
    const employer = portal.server.login('employer')
    const login = await json(
      await reviewer.context.request.post('/api/auth/login', {
        data: { username: employer.username, password: employer.password },
      }),
    )
    const reason = '论文字数与会议论文集不符，请按论文集核实字数并附会议通知'
    await json(
      await reviewer.context.request.post(`/api/applications/${me.personKey}/${id}/return`, {
        data: { reason },
        headers: { 'X-CSRF-Token': login.csrfToken },
      }),
    )
    await reviewer.context.close()

    await page.goto(`/me/applications/${id}/edit`)
    await page.getByRole('heading', { name: '修改并重新提交' }).waitFor()
    await page.getByText(`单位退回理由：${reason}`).waitFor()
    expect(await page.getByLabel('交流论文字数（选填）').inputValue()).toBe('1500')
    expect(await page.getByLabel('名称（选填）').inputValue()).toBe(original.title)
    const before = await expectedCredit(page.request, me, original)
    expect((await shownPreview(page)).total).toBe(before.credit.professional + before.credit.public)

    const corrected = { ...original, paperChars: 3200 }
    const after = await expectedCredit(page.request, me, corrected)
    expect(after.credit.professional).not.toBe(before.credit.professional) // the test can fail
    await page.getByLabel('交流论文字数（选填）').fill('3200')
    await expect
      .poll(async () => (await shownPreview(page)).total)
      .toBe(after.credit.professional + after.credit.public)
    expect((await shownPreview(page)).basis).toBe(after.credit.basis)
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '会议通知.png', mimeType: 'image/png', buffer: PNG })
    await shot(page, 'register-resubmit')
    expect(await seriousViolations(page)).toEqual([])
    await page.getByRole('button', { name: '修改后重新提交' }).click()

    await page.waitForURL(new RegExp(`/me/applications/${id}$`))
    await page.getByText('申报已修改并重新提交，等待单位审核。').waitFor()
    const detail = await json(await page.request.get(`/api/applications/${me.personKey}/${id}`))
    expect(detail.application.status).toBe('submitted')
    expect(detail.application.record).toMatchObject(corrected)
    expect(detail.evidence.map((e: { filename: string }) => e.filename)).toEqual(['会议通知.png'])
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['application.return', 'application.resubmit']),
    )
    expect(cspErrors).toEqual([])
    await context.close()
  })
})
