// The built app (`next build`, run by nx before this target) under `next start`, signed in with a
// real Chromium against the emulator. Checks sign-in, Music data, refresh after expiry (once for
// concurrent requests, in proxy.ts), a revoked grant, and sign-out.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../../../tools/testing/browser.mjs'
import { issueToken } from '../../../tools/testing/tokens.mjs'
import { appDir, startNextApp } from './next-app'

let emulator: Emulator
let app: Awaited<ReturnType<typeof startNextApp>>
let appUrl: string
let browser: Awaited<ReturnType<typeof launchBrowser>>

const refreshes = () => emulator.requests().filter((r) => r.grant_type === 'refresh_token')

/** Sign in with Amazon (straight to Amazon), through the emulator's pages when they show. */
async function signIn(page: Page, user = DEMO.users.alice) {
  await Promise.all([
    page.waitForURL((url) => url.origin === new URL(emulator.url).origin),
    page.click('#sign-in'),
  ])
  await page.waitForLoadState('domcontentloaded')
  if (await page.locator('#ap_email').isVisible()) {
    await page.fill('#ap_email', user.email)
    await page.fill('#ap_password', user.password)
    await Promise.all([page.waitForNavigation(), page.click('#signInSubmit')])
  }
  if (await page.locator('#consent-allow').isVisible())
    await Promise.all([page.waitForURL(`${appUrl}/**`), page.click('#consent-allow')])
  await page.waitForURL(`${appUrl}/`)
}

beforeAll(async () => {
  emulator = await startEmulator()
  app = await startNextApp(emulator)
  appUrl = app.url
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  await emulator?.close()
})

describe('next-demo in Chromium against the emulator', () => {
  it('signs in with Amazon and shows the Amazon Music /v1/me', async () => {
    const { page } = browser
    await page.goto(appUrl)
    await signIn(page)
    expect(await page.textContent('#user-name')).toBe(DEMO.users.alice.name)
    expect(await page.textContent('#user-id')).toBe(DEMO.users.alice.userId)
    expect(await page.textContent('#music-name')).toBe(DEMO.users.alice.name)
    expect(await page.locator('#playlists li').count()).toBe(10)
    // What browser JavaScript can read: the user and no Amazon token.
    const session = await page.evaluate(async () => (await fetch('/api/auth/session')).text())
    expect(session).toContain(DEMO.users.alice.name)
    expect(session).not.toMatch(/Atz[ar]\|/)
  })

  it('keeps working after the emulator clock passes the expiry: one refresh', async () => {
    const { page } = browser
    const { context } = browser
    const sessionCookie = async () =>
      (await context.cookies(appUrl)).find((c) => c.name === 'next-auth.session-token')?.value
    const before = await sessionCookie()
    emulator.advanceClock(3700)
    emulator.clearRequests()
    await page.reload()
    expect(await page.textContent('#music-name')).toBe(DEMO.users.alice.name)
    expect(await page.locator('#music-error').count()).toBe(0)
    expect(refreshes()).toHaveLength(1)
    expect(refreshes()[0]?.status).toBe(200)
    // Only the proxy can rewrite the cookie on a page request: it did the refresh.
    expect(await sessionCookie()).not.toBe(before)
  })

  it('makes exactly one refresh for several requests at once after expiry', async () => {
    const { page, context } = browser
    emulator.advanceClock(3700)
    emulator.clearRequests()
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => context.request.get(`${appUrl}/`, { maxRedirects: 0 })),
    )
    for (const response of responses) {
      expect(response.status()).toBe(200)
      expect(await response.text()).toContain('id="music-name"')
    }
    expect(refreshes()).toHaveLength(1)
    await page.reload()
    expect(await page.textContent('#music-name')).toBe(DEMO.users.alice.name)
    expect(refreshes()).toHaveLength(1)
  })

  it('asks the user to sign in again when the grant was revoked', async () => {
    const { page } = browser
    emulator.revoke({ userId: DEMO.users.alice.userId, clientId: DEMO.webClientId })
    emulator.advanceClock(3700)
    emulator.clearRequests()
    await page.goto(appUrl)
    expect(refreshes().map((r) => r.status)).toEqual([400])
    expect(await page.textContent('#lwa-error-message')).toBe(
      'Your Amazon sign-in is no longer valid. Please sign in again.',
    )
    expect(await page.getByRole('button', { name: 'Sign in with Amazon' }).isVisible()).toBe(true)
  })

  it('signs in again, then signs out', async () => {
    const { page } = browser
    await page.goto(appUrl)
    await signIn(page)
    expect(await page.textContent('#music-name')).toBe(DEMO.users.alice.name)
    await page.click('#sign-out')
    await page.waitForSelector('#sign-in')
    expect(await page.locator('#user-name').count()).toBe(0)
  })

  it('refuses a sign-out from another site', async () => {
    const res = await fetch(`${appUrl}/sign-out`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site' },
      redirect: 'manual',
    })
    expect(res.status).toBe(403)
    expect((await res.json()).error).toBe('LWA_CROSS_SITE_REQUEST')
  })

  it('serves /api/me (core bearer check) with the JSON of every sample', async () => {
    const none = await fetch(`${appUrl}/api/me`)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect((await none.json()).error).toBe('LWA_INVALID_TOKEN')
    const ok = await fetch(`${appUrl}/api/me`, {
      headers: { authorization: `Bearer ${await issueToken(emulator)}` },
    })
    expect(ok.status).toBe(200)
    const me = await ok.json()
    expect(me).toEqual({
      userId: DEMO.users.alice.userId,
      clientId: DEMO.webClientId,
      expiresAt: expect.any(String),
    })
    expect(new Date(me.expiresAt).toISOString()).toBe(me.expiresAt)
    const foreign = await fetch(`${appUrl}/api/me`, {
      headers: { authorization: `Bearer ${await issueToken(emulator, 'EU')}` },
    })
    expect(foreign.status).toBe(401)
  })

  it("is the next-auth README's proxy.ts, plus the demo's clock", () => {
    const readme = readFileSync(join(appDir, '../../packages/next-auth/README.md'), 'utf8')
    const block = /^\/\/ proxy\.ts \(Next 16[^\n]*\n([\s\S]*?)^```$/m.exec(readme)?.[1]
    expect(block).toBeDefined()
    // From the cookie name on, the files are the same but for the demo's emulator clock.
    const from = (text: string) => text.slice(text.indexOf('const cookieName'))
    const demo = readFileSync(join(appDir, 'proxy.ts'), 'utf8')
      .split('\n')
      .filter((line) => !line.includes('await syncClock()'))
      .join('\n')
    expect(from(demo).trim()).toBe(from(block!).trim())
  })

  it('builds proxy.ts (Next 16: the Node.js runtime) with the provider and the refresh helper', () => {
    const functions = JSON.parse(
      readFileSync(join(appDir, '.next/server/functions-config-manifest.json'), 'utf8'),
    ) as { functions: Record<string, { runtime: string; matchers: { originalSource: string }[] }> }
    const proxy = functions.functions['/_middleware']
    expect(proxy?.runtime).toBe('nodejs')
    expect(proxy?.matchers.map((m) => m.originalSource)).toEqual([
      '/((?!api/auth|_next/static|_next/image|favicon.ico).*)',
    ])
    // No edge middleware any more: proxy.ts replaced middleware.ts.
    const edge = JSON.parse(
      readFileSync(join(appDir, '.next/server/middleware-manifest.json'), 'utf8'),
    ) as { middleware: Record<string, unknown> }
    expect(edge.middleware).toEqual({})
    // The proxy's bundle: its entry and the chunks it loads.
    const entry = readFileSync(join(appDir, '.next/server/middleware.js'), 'utf8')
    const chunks = [...entry.matchAll(/R\.c\("([^"]+)"\)/g)].map((m) => m[1]!)
    expect(chunks.length).toBeGreaterThan(0)
    const code = chunks.map((f) => readFileSync(join(appDir, '.next', f), 'utf8')).join('\n')
    // The provider's options (Amazon's brand, the emulator's endpoints), the refresh helper, and
    // core's realm-wide refresh of cookie-held tokens (refreshHeldTokens) are all in it.
    const has = (marker: string) => code.includes(marker)
    expect(has('@lwa-kit/next-auth.options')).toBe(true)
    expect(has('@lwa-kit/core.held-token-refresh')).toBe(true)
    expect(has('AmazonGrantRevoked')).toBe(true)
    expect(has('/auth/o2/token')).toBe(true)
  })
})
