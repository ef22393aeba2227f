import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import type { INestApplication } from '@nestjs/common'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../../../tools/testing/browser.mjs'
import { startDemo } from './start-app.js'

const alice = DEMO.users.alice

describe('nest-demo in Chromium', () => {
  let emulator: Emulator
  let app: INestApplication
  let base: string
  let browser: Awaited<ReturnType<typeof launchBrowser>>

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { codePairIntervalSeconds: 1 } })
    ;({ app, base } = await startDemo(emulator))
    browser = await launchBrowser()
    browser.page.setDefaultTimeout(10_000)
  })

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await emulator?.close()
  })

  async function signInOnAmazon() {
    const { page } = browser
    await page.locator('#ap_email').fill(alice.email)
    await page.locator('#ap_password').fill(alice.password)
    await page.locator('#signInSubmit').click()
  }

  it('signs in through the emulator and shows the profile and Amazon Music data', async () => {
    const { page } = browser
    await page.goto(`${base}/`)
    await page.locator('#sign-in').click()
    await signInOnAmazon()
    await page.locator('#consent-allow').click()
    await page.waitForURL(`${base}/profile`)
    expect(await page.locator('#profile-name').textContent()).toBe(alice.name)
    expect(await page.locator('#profile-email').textContent()).toBe(alice.email)
    expect(await page.locator('#music-name').textContent()).toBe(alice.name)
    expect(await page.locator('#playlists li').count()).toBe(10)
    expect(await page.locator('#playlists li').first().textContent()).toBe("Alice's playlist 1")
    await page.locator('#sign-out').click()
    await page.waitForURL(`${base}/`)
    expect(await page.locator('#sign-in').count()).toBe(1)
  })

  it('shows a friendly page when the user cancels on Amazon', async () => {
    const { page, context } = browser
    // A new visitor: no Amazon session and no consent remembered.
    await context.clearCookies()
    emulator.reset()
    await page.goto(`${base}/auth/amazon`)
    await signInOnAmazon()
    await page.locator('#consent-cancel').click()
    await page.waitForURL((url) => url.pathname === '/auth/amazon/callback')
    expect(await page.locator('#error-code').textContent()).toBe('LWA_ACCESS_DENIED')
    expect(await page.content()).toContain('You cancelled the sign-in')
  })

  it('links a device: the page shows a code, the user enters it on Amazon, the browser ends signed in on the profile', async () => {
    const { page, context } = browser
    await context.clearCookies() // signed out: the device linking signs this browser in
    await page.goto(`${base}/device`)
    await page.locator('#start-linking').click()
    await page.waitForSelector('#user-code:not(:empty)')
    const userCode = (await page.locator('#user-code').textContent()) ?? ''
    expect(userCode).toMatch(/^[A-Z0-9]{6}$/)
    const phone = await context.newPage()
    await phone.goto(`${emulator.url}/code`)
    if (await phone.locator('#ap_email').count()) {
      await phone.locator('#ap_email').fill(alice.email)
      await phone.locator('#ap_password').fill(alice.password)
      await phone.locator('#signInSubmit').click()
    }
    await phone.locator('#cbl-code').fill(userCode)
    await phone.locator('#cbl-submit').click()
    await phone.locator('#consent-allow').click()
    await phone.close()
    // The device page asks for the status at retryAt and lands on the profile, signed in.
    await page.waitForURL(`${base}/profile`)
    expect(await page.locator('#profile-name').textContent()).toBe(alice.name)
  })
})
