import { DEMO } from './demo.js'

/** `signInWithPage()`: fills the emulator's sign-in and consent pages in a Playwright page. @internal */

/**
 * The part of a Playwright `Page` that {@link signInWithPage} uses (playwright and
 * playwright-core pages fit it; no Playwright dependency here).
 *
 * @example
 * ```ts
 * import type { Page } from 'playwright-core'
 * const fits = (page: Page): SignInPage => page
 * ```
 */
export interface SignInPage {
  locator(selector: string): {
    fill(value: string): Promise<void>
    click(): Promise<void>
    count(): Promise<number>
    textContent(): Promise<string | null>
  }
  waitForLoadState(state?: 'load' | 'domcontentloaded'): Promise<void>
}

/**
 * Who signs in in the browser, and the consent answer.
 *
 * @example
 * ```ts
 * const options: PageSignInOptions = { email: 'bob@example.com', password: 'bob-password' }
 * ```
 */
export interface PageSignInOptions {
  /** Default: the demo user Alice. */
  email?: string
  /** Default: the demo user Alice's password. */
  password?: string
  /** The answer on the consent page, when it is shown. Default `'allow'`. */
  decision?: 'allow' | 'deny'
}

/**
 * Signs in on the emulator's sign-in page that `page` shows, then answers the consent page if
 * one follows. Afterwards the browser is on its way to your callback. Throws when the emulator
 * refuses the password.
 *
 * @example
 * ```ts
 * import { signInWithPage } from '@lwa-kit/emulator/testing'
 * import { chromium } from 'playwright-core'
 *
 * const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' })
 * const page = await browser.newPage()
 * await page.goto('http://localhost:3000/login') // your app redirects to the emulator
 * await signInWithPage(page)
 * await page.waitForURL('http://localhost:3000/')
 * await browser.close()
 * ```
 */
export async function signInWithPage(
  page: SignInPage,
  options: PageSignInOptions = {},
): Promise<void> {
  await page.locator('#ap_email').fill(options.email ?? DEMO.users.alice.email)
  await page.locator('#ap_password').fill(options.password ?? DEMO.users.alice.password)
  await page.locator('#signInSubmit').click()
  await page.waitForLoadState('domcontentloaded')
  if ((await page.locator('#ap_password').count()) > 0) {
    const alert = page.locator('[role=alert]')
    const reason = (await alert.count()) > 0 ? await alert.textContent() : undefined
    throw new Error(`Sign-in failed${reason ? `: ${reason.trim()}` : ''}`)
  }
  const button = options.decision === 'deny' ? '#consent-cancel' : '#consent-allow'
  if ((await page.locator(button).count()) > 0) await page.locator(button).click()
}
