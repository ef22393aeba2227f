// The one browser walk of every sample app (Express, Nest, Next, Better Auth): each sample's
// browser test runs these steps against its own app and an emulator. Every step asserts the
// visible text of its state, saves a screenshot, `NN-<step>.png`, in `outDir`, and checks the
// page's accessibility basics (page-a11y.mjs: names and labels, contrast, focus outlines).
import assert from 'node:assert/strict'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { DEMO } from '@lwa-kit/emulator'
import { launchBrowser } from './browser.mjs'
import { assertAccessible } from './page-a11y.mjs'
import { issueToken } from './tokens.mjs'

/** The steps, in order; a sample without device linking gets `device-unavailable` instead. */
export const WALK_STEPS = [
  'home-signed-out',
  'cancelled',
  'sign-in-failed',
  'profile',
  'playlists-page-2',
  'playlists-last-page',
  'signed-out',
  'grant-revoked',
  'signed-in-again',
  'device-code',
  'device-linked',
  'api',
]

/**
 * Runs the walk.
 * @param {{ appUrl: string, emulator: import('@lwa-kit/emulator').Emulator, callbackPath: string, device: boolean, outDir: string }} sample
 * @returns {Promise<string[]>} the screenshots, in order
 */
export async function walkSample(sample) {
  const { appUrl, emulator } = sample
  rmSync(sample.outDir, { recursive: true, force: true })
  mkdirSync(sample.outDir, { recursive: true })
  const shots = []
  const browser = await launchBrowser()
  const { page } = browser
  page.setDefaultTimeout(15_000)
  await page.setViewportSize({ width: 900, height: 1000 })
  const onApp = (url) => url.origin === new URL(appUrl).origin
  const onEmulator = (url) => url.origin === new URL(emulator.url).origin

  /** Waits for `text` to be visible in `selector` (default anywhere on the page). */
  const see = async (text, selector = 'body') => {
    const where = page.locator(selector).filter({ hasText: text }).first()
    await where.waitFor({ state: 'visible' })
  }
  const text = async (selector) =>
    ((await page.locator(selector).first().textContent()) ?? '').trim()
  const shot = async (step) => {
    assert.ok(WALK_STEPS.includes(step) || step === 'device-unavailable', step)
    await page.mouse.move(0, 0) // no hover in the pictures
    const file = join(sample.outDir, `${String(shots.length + 1).padStart(2, '0')}-${step}.png`)
    await page.screenshot({ path: file, fullPage: true })
    shots.push(file)
    await assertAccessible(page, step)
  }
  /** Clicks Sign in: the next page the browser shows is Amazon's (no page of the app between). */
  const signInClick = async () => {
    await page.waitForLoadState('networkidle') // Next's button works once hydrated
    const shown = []
    const record = (response) => {
      const request = response.request()
      const url = new URL(response.url())
      if (request.isNavigationRequest() && request.frame() === page.mainFrame())
        if (onApp(url) && response.status() < 300) shown.push(url.pathname)
    }
    page.on('response', record)
    await Promise.all([page.waitForURL(onEmulator), page.locator('#sign-in').click()])
    page.off('response', record)
    assert.deepEqual(shown, [], 'Sign in with Amazon goes straight to Amazon')
  }
  /** Amazon's sign-in (when asked) and consent pages. */
  const onAmazon = async (user, answer = 'allow') => {
    await page.waitForLoadState('domcontentloaded')
    if (await page.locator('#ap_email').isVisible()) {
      await page.fill('#ap_email', user.email)
      await page.fill('#ap_password', user.password)
      await Promise.all([page.waitForNavigation(), page.click('#signInSubmit')])
    }
    if (await page.locator(`#consent-${answer}`).isVisible())
      await Promise.all([page.waitForURL(onApp), page.click(`#consent-${answer}`)])
    await page.waitForURL(onApp)
  }
  const seeProfile = async (user) => {
    await see(`Hello, ${user.name}`, 'h1')
    assert.equal(await text('#user-email'), user.email)
    assert.equal(await text('#user-id'), user.userId)
    await see(user.name, '#music-name')
    await see('Sign out', '#sign-out')
  }
  const playlistTitles = () => page.locator('#playlists li').allTextContents()
  const first = (user) => user.name.split(' ')[0]

  try {
    const { alice, bob } = DEMO.users
    // The home page, signed out: the button, and how to get a token for the API.
    await page.goto(`${appUrl}/`)
    await see('Sign in with Amazon', 'h1')
    await see('Sign in with Amazon', '#sign-in')
    await see('GET /api/me', '#api')
    await see('npx lwa login', '#api')
    await see('--out web.json', '#api')
    await see(`--client-id ${DEMO.webClientId}`, '#api') // this app's own client id
    await shot('home-signed-out')

    // Cancel on Amazon's consent page: a friendly page in core's words, and a way back.
    await signInClick()
    await onAmazon(bob, 'cancel')
    await see('Sign-in was cancelled', '#lwa-error-message')
    assert.equal(await text('#error-code'), 'LWA_ACCESS_DENIED')
    await see('Sign in with Amazon', '#sign-in')
    await shot('cancelled')

    // Any other failed sign-in (a forged callback): the same page.
    await page.goto(`${appUrl}${sample.callbackPath}?code=forged&state=forged`)
    await page.locator('#lwa-error-message').waitFor()
    assert.match(await text('#error-code'), /^LWA_[A-Z_]+$/)
    assert.notEqual(await text('#error-code'), 'LWA_ACCESS_DENIED')
    await see('Sign-in did not complete', 'h1')
    await shot('sign-in-failed')

    // Sign in: the profile, the Amazon Music profile and the first page of playlists.
    await page.goto(`${appUrl}/`)
    await signInClick()
    await onAmazon(bob)
    await seeProfile(bob)
    assert.deepEqual(
      await playlistTitles(),
      Array.from({ length: 10 }, (_, i) => `${first(bob)}'s playlist ${i + 1}`),
    )
    await see('Next page', '#next-page')
    await shot('profile')

    await page.click('#next-page')
    await see(`${first(bob)}'s playlist 11`, '#playlists')
    assert.equal((await playlistTitles()).length, 10)
    await see('First page', '#first-page')
    await shot('playlists-page-2')

    await page.click('#next-page')
    await see(`${first(bob)}'s playlist 21`, '#playlists')
    assert.equal((await playlistTitles()).at(-1), `${first(bob)}'s playlist 25`)
    assert.equal(await page.locator('#next-page').count(), 0)
    await shot('playlists-last-page')

    // Sign out (a POST form): back to the signed-out home.
    assert.equal(await page.locator('form:has(#sign-out)').getAttribute('method'), 'post')
    await page.click('#sign-out')
    await see('Sign in with Amazon', '#sign-in')
    assert.equal(await page.locator('#user-name').count(), 0)
    await shot('signed-out')

    // A revoked grant: once the access token has expired, the page asks to sign in again.
    await browser.context.clearCookies() // a new visitor: Amazon does not know this browser
    await signInClick()
    await onAmazon(alice)
    await seeProfile(alice)
    emulator.revoke({ userId: alice.userId, clientId: DEMO.webClientId })
    emulator.advanceClock(3700)
    await page.goto(`${appUrl}/`)
    await see('Sign in again', 'h1')
    await see('Your Amazon sign-in is no longer valid. Please sign in again.', '#lwa-error-message')
    await shot('grant-revoked')
    await signInClick()
    await onAmazon(alice)
    await seeProfile(alice)
    await shot('signed-in-again')
    await page.click('#sign-out')
    await see('Sign in with Amazon', '#sign-in')

    // Device linking: the page shows a code, the user enters it on Amazon, this browser ends
    // signed in on the profile.
    await page.goto(`${appUrl}/device`)
    await see('Link a device', 'h1')
    if (sample.device) {
      await page.click('#start-linking')
      await page.waitForFunction(() =>
        /^[A-Z0-9]{6}$/.test(document.getElementById('user-code')?.textContent ?? ''),
      )
      const userCode = await text('#user-code')
      assert.equal(new URL(await text('#verification')).origin, new URL(emulator.url).origin)
      await see('Waiting for you to enter the code', '#device-status')
      await shot('device-code')
      emulator.approveDevice({ userCode, userId: alice.userId })
      await page.waitForURL(`${appUrl}/`, { timeout: 20_000 })
      await see(`Hello, ${alice.name}`, 'h1')
      await see(alice.name, '#music-name')
      await shot('device-linked')
      await page.click('#sign-out')
      await see('Sign in with Amazon', '#sign-in')
    } else {
      await see('This sample cannot link devices', '#device-unavailable')
      await shot('device-unavailable')
    }

    // The bearer API: the same JSON everywhere, ISO times.
    const refused = await page.request.get(`${appUrl}/api/me`)
    assert.equal(refused.status(), 401)
    const refusedBody = await refused.json()
    assert.deepEqual(Object.keys(refusedBody).sort(), ['error', 'message'])
    assert.equal(refusedBody.error, 'LWA_INVALID_TOKEN')
    const token = await issueToken(emulator)
    const answered = await page.request.get(`${appUrl}/api/me`, {
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(answered.status(), 200)
    const body = await answered.json()
    assert.deepEqual(Object.keys(body).sort(), ['clientId', 'expiresAt', 'userId'])
    assert.equal(body.userId, alice.userId)
    assert.equal(body.clientId, DEMO.webClientId)
    assert.equal(new Date(body.expiresAt).toISOString(), body.expiresAt)
    await page.goto(`${appUrl}/#api`)
    await see('expiresAt', '#api')
    await shot('api')
    return shots
  } finally {
    await browser.close()
  }
}
