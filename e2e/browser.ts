import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'

export const SHOTS = join(import.meta.dirname, '..', 'test-results')
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export const DESKTOP = { width: 1366, height: 768 }
export const PHONE = { width: 390, height: 844 }

/** Debian's Chromium (apt-get install chromium fonts-noto-cjk), headless. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  })
}

/** A full-page screenshot under test-results/, named for the page and the window size. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true })
  const size = page.viewportSize()
  const path = join(SHOTS, `${name}-${size?.width}x${size?.height}.png`)
  await page.screenshot({ path, fullPage: true, animations: 'disabled' })
  return path
}

/** How wide the page's content is: wider than the window means it scrolls sideways. */
export const scrollWidth = (page: Page): Promise<number> =>
  page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
        .documentElement.scrollWidth,
  )

export interface Violation {
  id: string
  impact: string | null
  help: string
  targets: string[]
}

/**
 * Resolves once no finite animation runs: a popover, drop-down or dialog has finished opening or closing.
 * Endless animations (a progress bar's shimmer) are not waited for.
 */
export async function animationsDone(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    (
      globalThis as unknown as {
        document: {
          getAnimations(): {
            playState: string
            effect: { getComputedTiming(): { endTime: number } } | null
          }[]
        }
      }
    ).document
      .getAnimations()
      .every(
        (a) =>
          a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Number.POSITIVE_INFINITY,
      ),
  )
}

/** axe-core's serious and critical violations on the page as it is now (axe is evaluated, not injected as a tag, so the CSP stays on). */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  // A closing drop-down or drawer fades out: read mid-fade, its text fails the contrast check.
  await animationsDone(page)
  await page.evaluate(AXE)
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<unknown> } }).axe
    return (await axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ['violations'],
    })) as {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[]
    }
  })
  return found.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }))
}
