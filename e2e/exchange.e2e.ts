import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { animationsDone, screenshot, seriousViolations } from './browser.js'
import { signInAs, startPortal } from './portal.js'

// 数据上报与汇入 (issue 16; 第二十二条, 308号 五（四）) in the built portal on the demo: demo-hr exports its
// region's increment, downloads the signed file, is refused while its key is not trusted, registers it as a
// partner, takes the file in and reads the report; a file changed by one character is refused whole.
const portal = startPortal()
const downloads = mkdtempSync(join(tmpdir(), 'xueshi-e2e-exchange-'))

describe('reporting and taking in', () => {
  it('demo-hr exports, downloads, takes the file in with a report, and a tampered copy is refused', async () => {
    const { page, cspErrors } = await portal.open()
    await signInAs(portal, page, 'hr_department')
    await page.getByRole('menuitem', { name: '数据上报与汇入' }).click()
    await page.waitForURL((u) => u.pathname === '/exchange')
    await page.getByRole('heading', { name: '数据上报与汇入' }).waitFor()
    await page.getByText('尚未报送过').waitFor()

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出报送文件' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^xueshi-exchange-320400-0-\d+\.jsonl$/)
    const file = join(downloads, download.suggestedFilename())
    await download.saveAs(file)
    const text = readFileSync(file, 'utf8')
    const manifest = JSON.parse(text.slice(0, text.indexOf('\n')))
    expect(manifest).toMatchObject({ format: 'xueshi-exchange', version: '1.0', region: '320400' })
    expect(manifest.counts.credits).toBeGreaterThan(0)
    const exports = page
      .locator('.ant-card', { hasText: '报送（导出）' })
      .locator('.ant-table-tbody tr.ant-table-row')
    await exports.first().waitFor()
    expect(await exports.first().innerText()).toContain(`0 → ${manifest.cursor.to}`)

    const drop = page.locator('.ant-card', { hasText: '汇入下级报送' }).locator('input[type=file]')
    const upload = (name: string, content: string) =>
      drop.setInputFiles({ name, mimeType: 'application/jsonl', buffer: Buffer.from(content) })

    // Not trusted yet: the department's own key is no partner of its own.
    await upload('export.jsonl', text)
    await page.getByText('文件被拒收，未写入任何数据').waitFor()
    await page.getByText(/未被本部门信任/).waitFor()

    const partners = page.locator('.ant-card', { hasText: '交换方' }).last()
    const key = (await partners.locator('.ant-descriptions-item-content code').first().innerText()).trim()
    expect(key).toHaveLength(43)
    await partners.getByLabel('名称').fill('常州市学时系统（本系统）')
    const region = page.getByRole('combobox', { name: '地区' })
    await region.click()
    await region.pressSequentially('常州')
    await animationsDone(page)
    await page.locator('.ant-cascader-menu-item', { hasText: '常州市' }).first().click()
    await partners.getByLabel('签名公钥').fill(key)
    await partners.getByRole('button', { name: '登记交换方' }).click()
    await page.getByText('已登记交换方', { exact: true }).waitFor()
    await partners
      .locator('.ant-table-tbody tr.ant-table-row', { hasText: '常州市学时系统（本系统）' })
      .waitFor()

    await upload('export.jsonl', text)
    await page.getByText('已汇入 常州市人力资源和社会保障局（320400）的报送文件').waitFor()
    const figure = async (title: string) =>
      Number(
        (
          (await page
            .locator('.ant-alert .ant-statistic', { hasText: title })
            .locator('.ant-statistic-content')
            .innerText()) ?? ''
        ).replaceAll(',', ''),
      )
    // The demo's own credits are live here already: counted as present, none credited twice.
    expect(await figure('已有未重复记入')).toBeGreaterThan(0)
    expect(await figure('本次记入')).toBe(await figure('本次冲销'))
    const imports = page
      .locator('.ant-card', { hasText: '汇入下级报送' })
      .locator('.ant-table-tbody tr.ant-table-row', { hasText: '常州市人力资源和社会保障局' })
    await imports.first().waitFor()
    await screenshot(page, 'exchange-report')
    expect(await seriousViolations(page)).toEqual([])

    // One line changed: the checksum no longer matches and nothing is taken in.
    const lines = text.split('\n')
    lines[1] = (lines[1] as string).replace('"year":', '"year": ')
    await upload('tampered.jsonl', lines.join('\n'))
    await page.getByText(/校验和与清单不符/).waitFor()
    await screenshot(page, 'exchange-tampered')
    expect(await imports.count()).toBe(1)
    expect(cspErrors).toEqual([])
  }, 240_000)
})
