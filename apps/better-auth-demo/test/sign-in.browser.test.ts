import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../../../tools/testing/browser.mjs'
import { startApp } from '../src/app.js'

let emulator: Emulator
let app: Awaited<ReturnType<typeof startApp>>

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  app = await startApp({ port: 0, host: '127.0.0.1', lwaEmulatorUrl: emulator.url })
  emulator.allowReturnUrl(`${app.url}/api/auth/callback/amazon`)
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

describe('better-auth demo in Chromium', () => {
  it('signs in on the emulator pages and shows the profile and Amazon Music data', async () => {
    const browser = await launchBrowser()
    try {
      const { page } = browser
      await page.goto(`${app.url}/`)
      await page.click('#sign-in')
      await page.waitForURL(`${emulator.url}/**`)
      await page.fill('#ap_email', DEMO.users.alice.email)
      await page.fill('#ap_password', DEMO.users.alice.password)
      await page.click('#signInSubmit')
      await page.click('#consent-allow')
      await page.waitForURL(`${app.url}/`)
      expect(await page.textContent('#user-name')).toBe(DEMO.users.alice.name)
      expect(await page.textContent('#user-email')).toBe(DEMO.users.alice.email)
      expect((await page.textContent('#music-name'))?.trim().length).toBeGreaterThan(0)
      expect(await page.locator('#playlists li').count()).toBeGreaterThan(0)
      await page.click('#sign-out')
      await page.waitForSelector('#sign-in')
    } finally {
      await browser.close()
    }
  })

  it('shows a friendly error when the user presses Cancel', async () => {
    const browser = await launchBrowser()
    try {
      const { page } = browser
      await page.goto(`${app.url}/`)
      await page.click('#sign-in')
      await page.fill('#ap_email', DEMO.users.bob.email)
      await page.fill('#ap_password', DEMO.users.bob.password)
      await page.click('#signInSubmit')
      await page.click('#consent-cancel')
      await page.waitForURL(`${app.url}/auth-error**`)
      expect(await page.textContent('#lwa-error-message')).toContain('Sign-in was cancelled')
      expect(await page.locator('a', { hasText: 'Sign in again' }).count()).toBe(1)
    } finally {
      await browser.close()
    }
  })

  it('links a device from the device page', async () => {
    const browser = await launchBrowser()
    try {
      const { page } = browser
      await page.goto(`${app.url}/device`)
      await page.click('#start')
      await page.waitForFunction(() =>
        /^[A-Z0-9]{6}$/.test(document.getElementById('user-code')?.textContent ?? ''),
      )
      const userCode = (await page.textContent('#user-code')) ?? ''
      emulator.approveDevice({ userCode, userId: DEMO.users.bob.userId })
      await page.waitForURL(`${app.url}/`, { timeout: 15_000 })
      expect(await page.textContent('#user-name')).toBe(DEMO.users.bob.name)
      expect(await page.locator('#playlists li').count()).toBeGreaterThan(0)
    } finally {
      await browser.close()
    }
  })
})
