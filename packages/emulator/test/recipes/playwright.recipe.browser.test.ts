import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DEMO } from '@lwa-kit/emulator'
import { signInWithPage, useEmulator } from '@lwa-kit/emulator/testing'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

const lwa = useEmulator({ beforeAll, afterAll, beforeEach })
let browser: Browser
let app: Server
let callbackUrl = ''

beforeAll(async () => {
  // Stands in for your app: its callback shows the code it received.
  app = createServer((req, res) => {
    const code = new URL(req.url ?? '/', 'http://app').searchParams.get('code') ?? ''
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end(`<p id="code">${code.replace(/[^A-Za-z]/g, '')}</p>`)
  })
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
  callbackUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  })
})
afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => app?.close(resolve))
})

it('signs in on the real sign-in and consent pages', async () => {
  lwa.emulator.allowReturnUrl(callbackUrl) // kept across resets
  const page = await browser.newPage()
  await page.goto(
    `${lwa.emulator.endpoints.authorizationEndpoint}?${new URLSearchParams({
      client_id: DEMO.webClientId,
      scope: 'profile',
      response_type: 'code',
      redirect_uri: callbackUrl,
    })}`,
  )
  await signInWithPage(page, { email: DEMO.users.bob.email, password: DEMO.users.bob.password })
  await page.waitForURL((url) => url.pathname === '/callback')
  expect(await page.locator('#code').textContent()).toMatch(/^AN/)
  await page.close()
})
