// The built app (`next build`, run by nx before this target) under `next start`, signed in with a
// real Chromium against the emulator. Checks sign-in, Music data, refresh after expiry (once for
// concurrent requests, in proxy.ts), a revoked grant, and sign-out.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../../../tools/testing/browser.mjs'

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const nextBin = resolve(appDir, '../../node_modules/next/dist/bin/next')

let emulator: Emulator
let child: ChildProcess | undefined
let appUrl: string
let browser: Awaited<ReturnType<typeof launchBrowser>>
let output = ''

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  await new Promise<void>((r) => server.close(() => r()))
  return port
}

async function waitForApp(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (child?.exitCode !== null) throw new Error(`next start exited:\n${output}`)
    try {
      const response = await fetch(url, { redirect: 'manual' })
      if (response.status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`next start did not answer within ${ms} ms:\n${output}`)
}

const refreshes = () => emulator.requests().filter((r) => r.grant_type === 'refresh_token')

/** Goes through the emulator's sign-in and consent pages, when they show. */
async function passAmazon(page: Page, user = DEMO.users.alice) {
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
  if (!existsSync(join(appDir, '.next', 'BUILD_ID')))
    throw new Error('Build the app first: npx nx run @lwa-kit/next-demo:build')
  emulator = await startEmulator()
  const port = await freePort()
  appUrl = `http://127.0.0.1:${port}`
  emulator.allowReturnUrl(`${appUrl}/api/auth/callback/amazon`)
  child = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: appDir,
    env: {
      ...process.env,
      PORT: String(port),
      NEXTAUTH_URL: appUrl,
      LWA_EMULATOR_URL: emulator.url,
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d) => {
    output += d
  })
  child.stderr?.on('data', (d) => {
    output += d
  })
  await waitForApp(appUrl, 30_000)
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r))
    process.kill(child.pid, 'SIGTERM')
    await exited
  }
  await emulator?.close()
})

describe('next-demo in Chromium against the emulator', () => {
  it('signs in with Amazon and shows the Amazon Music /v1/me', async () => {
    const { page } = browser
    await page.goto(appUrl)
    await Promise.all([page.waitForURL('**/api/auth/signin**'), page.click('#sign-in')])
    const button = page.getByRole('button', { name: 'Sign in with Amazon' })
    await expect(button.isVisible()).resolves.toBe(true)
    await button.click()
    await passAmazon(page)
    expect(await page.textContent('#user-name')).toBe(DEMO.users.alice.name)
    expect(await page.textContent('#music-user-id')).toBe(DEMO.users.alice.userId)
    expect(await page.textContent('#music-user-name')).toBe(DEMO.users.alice.name)
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
    expect(await page.textContent('#music-user-name')).toBe(DEMO.users.alice.name)
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
      expect(await response.text()).toContain('id="music-user-name"')
    }
    expect(refreshes()).toHaveLength(1)
    await page.reload()
    expect(await page.textContent('#music-user-name')).toBe(DEMO.users.alice.name)
    expect(refreshes()).toHaveLength(1)
  })

  it('sends the user back to sign in when the grant was revoked', async () => {
    const { page } = browser
    emulator.revoke({ userId: DEMO.users.alice.userId, clientId: DEMO.webClientId })
    emulator.advanceClock(3700)
    emulator.clearRequests()
    await page.goto(appUrl)
    await page.waitForURL('**/api/auth/signin**')
    expect(refreshes().map((r) => r.status)).toEqual([400])
    expect(await page.getByRole('button', { name: 'Sign in with Amazon' }).isVisible()).toBe(true)
  })

  it('signs in again, then signs out', async () => {
    const { page } = browser
    await page.goto(`${appUrl}/api/auth/signin?callbackUrl=%2F`)
    await page.getByRole('button', { name: 'Sign in with Amazon' }).click()
    await passAmazon(page)
    expect(await page.textContent('#music-user-name')).toBe(DEMO.users.alice.name)
    await page.click('#sign-out')
    await page.waitForSelector('#sign-in')
    expect(await page.locator('#user-name').count()).toBe(0)
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
    // core's shared single-flight refresh are all in it.
    const has = (marker: string) => code.includes(marker)
    expect(has('@lwa-kit/next-auth.options')).toBe(true)
    expect(has('@lwa-kit/next-auth.shared-refresh')).toBe(true)
    expect(has('AmazonGrantRevoked')).toBe(true)
    expect(has('/auth/o2/token')).toBe(true)
  })
})
