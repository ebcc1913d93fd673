import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, onTestFailed } from 'vitest'
import { DESKTOP, launch, screenshot } from './browser.js'
import { type InitOptions, type Server, startServer } from './server.js'

export interface Portal {
  /** The running `xueshi serve --demo` (URL and printed demo logins). */
  readonly server: Server
  /** A fresh browser window; Content-Security-Policy violations reported by the page are collected. */
  open(size?: {
    width: number
    height: number
  }): Promise<{ context: BrowserContext; page: Page; cspErrors: string[] }>
}

/**
 * One built server and one Chromium for the test file that calls it (started before its tests, stopped
 * after); the demo's, or with `init` an initialised deployment without the demo.
 */
export function startPortal(init?: InitOptions): Portal {
  let server: Server | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    server = await startServer(init)
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  return {
    get server() {
      if (!server) throw new Error('the portal has not started')
      return server
    },
    async open(size = DESKTOP) {
      if (!browser || !server) throw new Error('the portal has not started')
      const context = await browser.newContext({ viewport: size, locale: 'zh-CN', baseURL: server.url })
      // What a person waits for may take a while on a loaded machine: a minute, not Playwright's 30 s.
      context.setDefaultTimeout(60_000)
      context.setDefaultNavigationTimeout(60_000)
      const page = await context.newPage()
      const cspErrors: string[] = []
      // Inside a test only: a window opened in beforeAll (shared by a file's tests) has no test to fail.
      try {
        onTestFailed(() => reportFailure(page))
      } catch {}
      page.on('console', (m) => {
        if (m.type() === 'error' && m.text().includes('Content Security Policy')) cspErrors.push(m.text())
      })
      return { context, page, cspErrors }
    },
  }
}

/** Fills the sign-in form (the page must be showing it) and submits it. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.getByRole('button', { name: /登\s*录/ }).click()
}

/** Opens the portal and signs in with the demo login of a role; resolves once the role's home has loaded. */
export async function signInAs(portal: Portal, page: Page, role: string): Promise<void> {
  const login = portal.server.login(role)
  await page.goto('/')
  await signIn(page, login.username, login.password)
  await page.waitForURL((u) => u.pathname !== '/sign-in' && u.pathname !== '/')
}

export interface Session {
  request: APIRequestContext
  csrf: string
}

/** A role signed in through the API in a window of its own. */
export async function session(p: Portal, username: string, password: string): Promise<Session> {
  const { context } = await p.open()
  const res = await context.request.post('/api/auth/login', { data: { username, password } })
  expect(res.status()).toBe(200)
  return { request: context.request, csrf: (await res.json()).csrfToken as string }
}

/** A POST of the session's, which must succeed; its JSON answer. */
export const post = async (s: Session, url: string, data: unknown) => {
  const res = await s.request.post(url, { data, headers: { 'x-csrf-token': s.csrf } })
  expect(res.status(), await res.text()).toBeLessThan(300)
  return res.json()
}

/** Picks a year in the page's 年度 select. */
export async function pickYear(page: Page, year: number): Promise<void> {
  await page.getByRole('combobox', { name: '年度' }).click()
  await page.locator('.ant-select-item-option', { hasText: `${year} 年度` }).click()
}

/** What the page showed when a test failed, printed so that a CI log says more than the timeout: the address, the open dialogs, the text on screen, and a screenshot under test-results/. */
async function reportFailure(page: Page): Promise<void> {
  if (page.isClosed()) return
  try {
    const shown = await page.evaluate(() => {
      const doc = (
        globalThis as unknown as {
          document: {
            body: { innerText: string }
            querySelectorAll(s: string): ArrayLike<{ innerText: string }>
          }
        }
      ).document
      return {
        dialogs: Array.from(doc.querySelectorAll('.ant-modal-wrap, .ant-popover, .ant-message')).map((d) =>
          d.innerText.slice(0, 300),
        ),
        text: doc.body.innerText.slice(0, 1500),
      }
    })
    const shot = await screenshot(page, `failed-${Date.now()}`)
    console.log(
      `[failed] ${page.url()}\n[dialogs] ${JSON.stringify(shown.dialogs)}\n[screen]\n${shown.text}\n[screenshot] ${shot}`,
    )
  } catch (e) {
    console.log(`[failed] ${page.url()} (the page could not be read: ${(e as Error).message})`)
  }
}
