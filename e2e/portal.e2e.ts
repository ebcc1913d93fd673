import { describe, expect, it } from 'vitest'
import { getPolicy } from '../src/policy/registry.js'
import { animationsDone, DESKTOP, PHONE, screenshot, seriousViolations } from './browser.js'
import { pickYear, signIn, startPortal } from './portal.js'

// The built portal as a person uses it: `xueshi serve --demo` on the embedded database, Debian's Chromium.
const portal = startPortal()
const open = portal.open

describe('signing in', () => {
  it('a wrong password shows the API’s Chinese message next to the form, and the page passes axe', async () => {
    for (const size of [DESKTOP, PHONE]) {
      const { context, page, cspErrors } = await open(size)
      await page.goto('/')
      await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in')
      await expect.poll(() => page.getByRole('heading', { name: '账户登录' }).isVisible()).toBe(true)
      await screenshot(page, 'sign-in')
      expect(await seriousViolations(page)).toEqual([])
      await signIn(page, portal.server.login('person').username, 'Wrong-Password-1')
      const alert = page.getByRole('alert')
      await alert.waitFor()
      expect(await alert.innerText()).toContain('用户名或密码错误')
      await screenshot(page, 'sign-in-wrong-password')
      expect(cspErrors).toEqual([])
      await context.close()
    }
  })
})

describe('languages', () => {
  it('Chinese first; the toggle switches the page to English and back, and the choice is kept', async () => {
    const { context, page } = await open()
    await page.goto('/sign-in')
    await page.getByRole('heading', { name: '账户登录' }).waitFor()
    await page.getByRole('button', { name: 'English' }).click()
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    expect(await page.getByLabel('Username').isVisible()).toBe(true)
    await page.reload()
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await screenshot(page, 'sign-in-english')
    await page.getByRole('button', { name: '中文' }).click()
    await page.getByRole('heading', { name: '账户登录' }).waitFor()
    await context.close()
  })
})

describe('the professional’s year', () => {
  it('signs in with the demo login and sees My year with the demo hours, at both sizes', async () => {
    const person = portal.server.login('person')
    for (const size of [DESKTOP, PHONE]) {
      const { context, page, cspErrors } = await open(size)
      await page.goto('/')
      await signIn(page, person.username, person.password)
      await expect.poll(() => new URL(page.url()).pathname).toBe('/me/year')
      await pickYear(page, 2025)
      await expect.poll(() => new URL(page.url()).search).toBe('?year=2025')

      const me = await (await page.request.get('/api/me')).json()
      const year = await (await page.request.get(`/api/persons/${me.personKey}/years/2025`)).json()
      const { totals, required, shortfall } = year.evaluation
      expect(totals.total).toBeGreaterThan(0)
      const main = page.locator('main')
      await main.getByText(`已修 ${totals.total} / 应修 ${required.total} 学时`).waitFor()
      await main.getByText(`已修 ${totals.professional} / 应修 ${required.professional} 学时`).waitFor()
      await main.getByText(me.name).first().waitFor()
      await main.getByText(getPolicy(year.policy).documentNo).first().waitFor()
      if (shortfall.professional > 0)
        await main.getByText(`还差专业科目 ${shortfall.professional} 学时`).first().waitFor()
      await screenshot(page, 'my-year')
      if (size === PHONE) {
        await page.getByRole('button', { name: '菜单' }).click()
        await page.getByRole('menuitem', { name: '我的学时' }).waitFor()
        await screenshot(page, 'menu')
        await page.keyboard.press('Escape')
        await animationsDone(page)
      }
      expect(await seriousViolations(page)).toEqual([])
      expect(cspErrors).toEqual([])
      await context.close()
    }
  })

  it('an ended session brings the sign-in back and returns to the same page afterwards', async () => {
    const person = portal.server.login('person')
    const { context, page } = await open()
    await page.goto('/me/year?year=2025')
    await expect.poll(() => page.url()).toContain('/sign-in?next=')
    await signIn(page, person.username, person.password)
    await expect
      .poll(() => new URL(page.url()).pathname + new URL(page.url()).search)
      .toBe('/me/year?year=2025')

    await page.locator('main').getByText('已修').first().waitFor() // the page has loaded what it needs
    await context.clearCookies() // the session ends (idle timeout, sign-out elsewhere)
    await pickYear(page, 2024)
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in')
    expect(new URL(page.url()).searchParams.get('next')).toBe('/me/year?year=2024')
    await page.getByText('登录已失效').waitFor()
    await screenshot(page, 'sign-in-expired')
    await signIn(page, person.username, person.password)
    await expect
      .poll(() => new URL(page.url()).pathname + new URL(page.url()).search)
      .toBe('/me/year?year=2024')
    await page.locator('main').getByText('公需科目').first().waitFor()
    await context.close()
  })

  it('the header shows the product, the role’s menu only, the bell, and signs out', async () => {
    const person = portal.server.login('person')
    const { context, page } = await open()
    await page.goto('/')
    await signIn(page, person.username, person.password)
    await page.getByRole('menuitem', { name: '我的学时' }).waitFor()
    expect(await page.getByText('学时登记管理系统').first().isVisible()).toBe(true)
    expect(await page.getByRole('menuitem', { name: '待审核申报' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /消息/ }).isVisible()).toBe(true)
    await page.goto('/reviews')
    await page.getByText('没有找到这个页面').waitFor()
    await page.getByRole('banner').getByRole('button', { name: person.username }).click()
    await page.getByRole('menuitem', { name: '退出登录' }).click()
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in')
    expect((await page.request.get('/api/auth/session')).status()).toBe(401)
    await context.close()
  })
})
