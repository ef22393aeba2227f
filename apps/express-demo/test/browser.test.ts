import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../../../tools/testing/browser.mjs'
import { startApp } from '../src/app.js'

let emulator: Emulator
let app: { url: string; close(): Promise<void> }

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, options: { codePairIntervalSeconds: 1 } })
  app = await startApp({ port: 0, host: '127.0.0.1', lwaEmulatorUrl: emulator.url })
  emulator.allowReturnUrl(`${app.url}/auth/amazon/callback`)
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

describe('express demo in Chromium', () => {
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
      await page.waitForURL(`${app.url}/auth/amazon/callback**`)
      expect(await page.textContent('#lwa-error-message')).toContain('Sign-in was cancelled')
      expect(await page.locator('a', { hasText: 'Sign in again' }).count()).toBe(1)
    } finally {
      await browser.close()
    }
  })

  it('links a device: the page shows a code, the user enters it, the browser ends signed in on the profile', async () => {
    const browser = await launchBrowser()
    try {
      const { page } = browser
      await page.goto(`${app.url}/device`)
      await page.click('#start')
      await page.waitForSelector('#user-code:not(:empty)')
      const userCode = (await page.textContent('#user-code'))?.trim() ?? ''
      expect(userCode).toMatch(/^[A-Z0-9]{6}$/)
      expect(await page.getAttribute('#verification', 'href')).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/code$/,
      )
      emulator.approveDevice({ userCode, userId: DEMO.users.bob.userId })
      await page.waitForURL(`${app.url}/`, { timeout: 15_000 })
      expect(await page.textContent('#user-name')).toBe(DEMO.users.bob.name)
      expect(await page.locator('#music-name').count()).toBe(1)
    } finally {
      await browser.close()
    }
  })
})
