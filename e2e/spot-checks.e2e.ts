import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { animationsDone, screenshot, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'

// 随机抽查 (青人社字〔2023〕14号 六（三）): demo-hr draws a reproducible sample, fills an item's checklist,
// exports the sample with its findings, and closes the check after confirming.
const portal = startPortal()

describe('spot checks', () => {
  it('demo-hr draws a sample, works through it, exports it and closes it', async () => {
    const w = await portal.open()
    const { page } = w
    await signInAs(portal, page, 'hr_department')
    await page.getByRole('menuitem', { name: '随机抽查' }).click()
    await page.waitForURL((u) => u.pathname === '/spot-checks')
    await page.getByText('还没有随机抽查').waitFor()
    await screenshot(page, 'spot-checks-empty')

    await page.getByRole('button', { name: '抽取样本' }).click()
    const dialog = page.getByRole('dialog', { name: '抽取随机抽查样本' })
    await dialog.waitFor()
    await animationsDone(page)
    await dialog.getByLabel('抽查名称').fill('2026年第一季度人员抽查')
    await dialog.getByLabel('样本量').fill('2')
    await dialog.getByLabel('随机种子').fill('20260101')
    await screenshot(page, 'spot-checks-draw')
    await dialog.getByRole('button', { name: /^抽\s*取$/ }).click()
    await page.waitForURL((u) => /^\/spot-checks\/[0-9a-f-]{36}$/.test(u.pathname))
    await page.getByRole('heading', { name: /2026年第一季度人员抽查/ }).waitFor()
    const rows = page.locator('.ant-table-tbody tr.ant-table-row')
    await expect.poll(() => rows.count()).toBe(2)
    await page.getByText('20260101', { exact: true }).waitFor()

    // The redraw from the recorded seed gives the same sample.
    await page.getByRole('button', { name: '重新抽取核对' }).click()
    await page.getByText('样本相同，总体未变化').waitFor()

    for (const [n, matches] of [
      [0, false],
      [1, true],
    ] as const) {
      await rows.nth(n).getByRole('button', { name: '填写检查单' }).click()
      const sheet = page.getByRole('dialog', { name: /^检查单：/ })
      await sheet.waitFor()
      await animationsDone(page)
      if (!matches) {
        await sheet.locator('.ant-form-item', { hasText: '与登记一致' }).getByText('否').click()
        await sheet.getByLabel('发现的问题').fill('继续教育证明缺失')
        await screenshot(page, 'spot-checks-checklist')
      }
      await sheet.getByRole('button', { name: /^保\s*存$/ }).click()
      await sheet.waitFor({ state: 'detached' })
    }
    await rows.nth(0).getByText('与登记不一致').waitFor()
    await rows.nth(0).getByText('继续教育证明缺失').waitFor()
    await rows.nth(1).getByText('与登记一致').waitFor()
    await screenshot(page, 'spot-checks-detail')
    expect(await seriousViolations(page)).toEqual([])
    expect(w.cspErrors).toEqual([])

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('随机抽查-2026年第一季度人员抽查.xlsx')
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(await download.path())
    const about = book.getWorksheet('抽查说明')
    expect(
      about
        ?.getRows(1, 20)
        ?.find((r) => r.getCell(1).value === '随机种子')
        ?.getCell(2).value,
    ).toBe('20260101')
    const sample = book.getWorksheet('样本与结果')
    expect(sample?.rowCount).toBe(3)
    expect(sample?.getRow(2).getCell(8).value).toBe('继续教育证明缺失')
    expect(sample?.getRow(3).getCell(7).value).toBe('是')

    await page.getByRole('button', { name: '结束抽查' }).click()
    const confirm = page.locator('.ant-modal-confirm')
    await confirm.locator('.ant-modal-confirm-title', { hasText: '结束这次抽查？' }).waitFor()
    await animationsDone(page)
    await confirm.getByLabel('抽查结论').fill('一人继续教育证明缺失，已责令整改')
    await screenshot(page, 'spot-checks-close')
    await confirm.getByRole('button', { name: /^结束抽查$/ }).click()
    await confirm.waitFor({ state: 'detached' })
    await page.getByText('一人继续教育证明缺失，已责令整改').waitFor()
    await expect.poll(() => rows.first().getByRole('button', { name: '填写检查单' }).count()).toBe(0)

    await page.getByRole('link', { name: '随机抽查' }).click()
    await page.getByRole('cell', { name: '已结束' }).waitFor()
    await screenshot(page, 'spot-checks-list')
    await w.context.close()
  })

  it('a finding on an institution issues its criticism (江西 第二十五条), linked to the item', async () => {
    const w = await portal.open()
    const { page } = w
    await signInAs(portal, page, 'hr_department')
    await page.goto('/spot-checks')
    await page.getByRole('button', { name: '抽取样本' }).click()
    const dialog = page.getByRole('dialog', { name: '抽取随机抽查样本' })
    await dialog.waitFor()
    await animationsDone(page)
    await dialog.getByLabel('抽查名称').fill('继续教育机构抽查')
    await dialog.getByLabel('抽查对象').click()
    await animationsDone(page)
    await page.locator('.ant-select-item-option', { hasText: '继续教育机构' }).click()
    await dialog.getByLabel('样本量').fill('1')
    await dialog.getByRole('button', { name: /^抽\s*取$/ }).click()
    await page.getByRole('heading', { name: /继续教育机构抽查/ }).waitFor()
    const row = page.locator('.ant-table-tbody tr.ant-table-row').first()
    await row.getByRole('button', { name: '填写检查单' }).click()
    const sheet = page.getByRole('dialog', { name: /^检查单：/ })
    await sheet.waitFor()
    await animationsDone(page)
    await sheet.locator('.ant-form-item', { hasText: '与登记一致' }).getByText('否').click()
    await sheet.getByLabel('发现的问题').fill('未按规定提前公布培训项目')
    await sheet.getByText('通报批评').click()
    await sheet.getByRole('button', { name: /^保\s*存$/ }).click()
    await sheet.waitFor({ state: 'detached' })
    await row.getByRole('button', { name: '警告机构' }).click()
    const warn = page.getByRole('dialog', { name: /给予通报批评？/ })
    await warn.waitFor()
    await animationsDone(page)
    // The rule breached is asked as 机构监管 asks it (江西 第二十五条), required.
    await warn.getByRole('button', { name: /^确\s*定$/ }).click()
    await warn.getByText('请选择违反的规定').waitFor()
    await warn.getByLabel('违反的规定').click()
    await animationsDone(page)
    await page.locator('.ant-select-item-option', { hasText: '未提前一个月公布培训项目' }).click()
    await screenshot(page, 'spot-checks-warning')
    const issued = page.waitForResponse(
      (r) => r.request().method() === 'POST' && /\/api\/institutions\/[^/]+\/warnings$/.test(r.url()),
    )
    await warn.getByRole('button', { name: /^确\s*定$/ }).click()
    expect(await (await issued).json()).toMatchObject({ kind: 'criticism', ground: 'publication' })
    await warn.waitFor({ state: 'detached' })
    await row.getByText('已通报批评').waitFor()
    expect(await row.getByRole('button', { name: '警告机构' }).count()).toBe(0)

    // The public 信用记录 shows the finding with the rule chosen and its clause (第二十三条).
    const pub = await portal.open()
    await pub.page.goto('/public/institutions')
    await pub.page.getByRole('tab', { name: '信用记录' }).click()
    const record = pub.page.locator('.ant-table-tbody tr.ant-table-row', {
      hasText: '未按规定提前公布培训项目',
    })
    await record.getByText('通报批评').waitFor()
    await record.getByText('未提前一个月在平台公布培训项目（江西省人民政府令第259号 第十六条）').waitFor()
    await pub.context.close()
    await w.context.close()
  })
})
