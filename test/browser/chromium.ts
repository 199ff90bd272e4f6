// What the browser specs share: the page's errors as Chromium reports them, and the dashboard
// opened on a fresh emulator.
import type { Test } from 'tap'
import type { Browser, Page } from 'playwright-core'
import { listening } from '../helpers.js'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Records, in `errors`, console errors, uncaught page errors and every Content-Security-Policy
 * violation the page reports: the `securitypolicyviolation` events (listened for from before the
 * page's own script runs; Playwright's init scripts are not subject to the page's policy) and
 * Chromium's console lines about the policy, whatever their level.
 */
export async function watch(page: Page): Promise<string[]> {
  const errors: string[] = []
  await page.exposeFunction('reportCspViolation', (text: string) => errors.push(`CSP violation: ${text}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportCspViolation: (text: string) => void })
        .reportCspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} ` +
          `(${event.sourceFile}:${event.lineNumber})`)
    })
  })
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  return errors
}

export interface OpenOptions {
  viewport?: { width: number; height: number }
  /** Appended to the page's URL, e.g. a `#deployment=…` fragment. */
  hash?: string
  /** Runs before the page is loaded, e.g. to route its requests. */
  before?: (page: Page) => Promise<void>
}

/** The dashboard on a fresh emulator, once its event stream is live. */
export async function openDashboard(
  t: Test,
  browser: Browser,
  { viewport = { width: 1600, height: 1000 }, hash = '', before }: OpenOptions = {}
) {
  const { url } = await listening(t)
  const page = await browser.newPage({ viewport })
  t.teardown(() => page.close())
  const errors = await watch(page)
  await before?.(page)
  await page.goto(`${url}/__admin/ui/${hash}`)
  await page.locator('#live.on').waitFor({ timeout: 5000 })
  return { page, url, errors }
}
