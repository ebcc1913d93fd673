// What a browser downloads to show the portal's first page (the sign-in) and each role's home, as
// `xueshi serve --demo` sends it (brotli where accepted). Debian's Chromium; run `npm run build` first.
// Run: npm run bench:web; record in RESULTS.md.
import { cpus, totalmem } from 'node:os'
import type { Page } from 'playwright-core'
import { launch } from '../e2e/browser.js'
import { startServer } from '../e2e/server.js'

const server = await startServer()
const browser = await launch()

/** Bytes on the wire (encoded) and decoded, of the scripts and styles a page loaded. */
async function measure(page: Page, go: () => Promise<unknown>) {
  const sizes: Promise<{ wire: number; plain: number }>[] = []
  const listener = (response: import('playwright-core').Response) => {
    const type = response.request().resourceType()
    if (type !== 'script' && type !== 'stylesheet' && type !== 'document') return
    sizes.push(
      (async () => {
        const s = await response.request().sizes()
        return { wire: s.responseBodySize, plain: (await response.body()).length }
      })(),
    )
  }
  page.on('response', listener)
  await go()
  await page.waitForLoadState('networkidle')
  page.off('response', listener)
  const all = await Promise.all(sizes)
  return {
    files: all.length,
    wire: all.reduce((n, s) => n + s.wire, 0),
    plain: all.reduce((n, s) => n + s.plain, 0),
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`
try {
  console.log('| page | files | on the wire | uncompressed |')
  console.log('| --- | --- | --- | --- |')
  const context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN' })
  const page = await context.newPage()
  const first = await measure(page, () => page.goto('/sign-in'))
  console.log(`| 登录 /sign-in (first visit) | ${first.files} | ${kb(first.wire)} | ${kb(first.plain)} |`)
  for (const role of ['person', 'employer']) {
    const login = server.login(role)
    const fresh = await browser.newContext({ baseURL: server.url, locale: 'zh-CN' })
    const p = await fresh.newPage()
    const home = await measure(p, async () => {
      await p.goto('/sign-in')
      await p.getByLabel('用户名').fill(login.username)
      await p.getByLabel('密码', { exact: true }).fill(login.password)
      await p.getByRole('button', { name: /登\s*录/ }).click()
      await p.waitForURL((u) => u.pathname !== '/sign-in')
    })
    console.log(
      `| sign-in then ${role}'s home ${new URL(p.url()).pathname} | ${home.files} | ${kb(home.wire)} | ${kb(home.plain)} |`,
    )
    await fresh.close()
  }
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  )
} finally {
  await browser.close()
  await server.stop()
}
