import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO, type Emulator, startEmulator } from '../src/index.js'
import { type Browser, launchBrowser, startCallbackServer } from './browser-helper.js'
import { post } from './helpers.js'

let emulator: Emulator
let browser: Browser
let callback: Awaited<ReturnType<typeof startCallbackServer>>

beforeAll(async () => {
  emulator = await startEmulator()
  callback = await startCallbackServer()
  emulator.allowReturnUrl(callback.url)
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await callback?.close()
  await emulator?.close()
})
beforeEach(() => {
  emulator.reset()
  callback.hits.length = 0
})

function authorizeUrl(state: string) {
  return `${emulator.endpoints.authorizationEndpoint}?${new URLSearchParams({
    client_id: DEMO.webClientId,
    scope: 'profile postal_code',
    response_type: 'code',
    redirect_uri: callback.url,
    state,
  })}`
}

async function signIn() {
  const { page } = browser
  await page.locator('#ap_email').fill(DEMO.users.alice.email)
  await page.locator('#ap_password').fill(DEMO.users.alice.password)
  await page.locator('#signInSubmit').click()
}

describe('in a real browser', () => {
  it('signs in, consents, and lands on the redirect URI with a code that exchanges', async () => {
    const { page } = browser
    await page.goto(authorizeUrl('browser-1'))
    await signIn()
    await page.locator('#consent-allow').click()
    await page.waitForURL((url) => url.pathname === '/callback')
    const hit = callback.hits.at(-1)!
    expect(hit.get('state')).toBe('browser-1')
    expect(hit.get('scope')).toBe('profile postal_code')
    const code = hit.get('code')!
    expect(code).toMatch(/^AN/)
    const tokens = await post(emulator.endpoints.tokenEndpoint, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: callback.url,
      client_id: DEMO.webClientId,
      client_secret: DEMO.webClientSecret,
    })
    expect(tokens.status).toBe(200)
    // Consent is remembered: the same request goes straight back.
    await page.goto(authorizeUrl('browser-2'))
    await page.waitForURL(
      (url) => url.pathname === '/callback' && url.searchParams.get('state') === 'browser-2',
    )
    expect(callback.hits.at(-1)!.get('code')).toMatch(/^AN/)
  })

  it('Cancel on the consent page gives access_denied', async () => {
    const { page } = browser
    await page.goto(authorizeUrl('browser-3'))
    await signIn()
    await page.locator('#consent-cancel').click()
    await page.waitForURL((url) => url.pathname === '/callback')
    const hit = callback.hits.at(-1)!
    expect(hit.get('error')).toBe('access_denied')
    expect(hit.get('error_description')).toBe('Access not permitted.')
    expect(hit.get('state')).toBe('browser-3')
    expect(hit.get('code')).toBeNull()
  })

  it('enters a device code on the code-entry page, and polling then succeeds', async () => {
    const pair = await post(emulator.endpoints.codePairEndpoint, {
      response_type: 'device_code',
      client_id: DEMO.deviceClientId,
      scope: 'amazon_music:access profile',
    })
    const poll = () =>
      post(emulator.endpoints.tokenEndpoint, {
        grant_type: 'device_code',
        device_code: pair.body.device_code as string,
        user_code: pair.body.user_code as string,
      })
    expect((await poll()).body.error).toBe('authorization_pending')
    const { page } = browser
    await page.goto(pair.body.verification_uri as string)
    await signIn()
    await page.waitForURL((url) => url.pathname === '/code')
    await page.locator('#cbl-code').fill((pair.body.user_code as string).toLowerCase())
    await page.locator('#cbl-submit').click()
    await page.locator('#consent-allow').click()
    expect(await page.locator('#device-result').textContent()).toBe('Success!')
    const tokens = await poll()
    expect(tokens.status).toBe(200)
    expect(tokens.body.access_token).toMatch(/^Atza\|/)
  })

  it('shows the demo users, and "Not you?" switches to another account', async () => {
    const { page } = browser
    await page.goto(authorizeUrl('browser-5'))
    expect(await page.locator('#demo-credentials').textContent()).toContain(DEMO.users.bob.password)
    await signIn()
    expect(await page.locator('#signed-in-user').textContent()).toBe('Alice Example')
    await page.locator('#switch-account').click()
    await page.locator('#ap_email').fill(DEMO.users.bob.email)
    await page.locator('#ap_password').fill(DEMO.users.bob.password)
    await page.locator('#signInSubmit').click()
    expect(await page.locator('#signed-in-user').textContent()).toBe('Bob Example')
    await page.locator('#consent-allow').click()
    await page.waitForURL((url) => url.pathname === '/callback')
    expect(callback.hits.at(-1)!.get('state')).toBe('browser-5')
  })

  it('a wrong device code shows an error on the code-entry page', async () => {
    const { page } = browser
    await page.goto(`${emulator.url}/code`)
    await signIn()
    await page.waitForURL((url) => url.pathname === '/code')
    await page.locator('#cbl-code').fill('ZZZZZZ')
    await page.locator('#cbl-submit').click()
    expect(await page.content()).toContain('The code you entered is not valid')
  })
})
