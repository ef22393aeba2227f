import { createLwaClient, createPkce } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import type { INestApplication } from '@nestjs/common'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_EMULATOR_URL, readDemoConfig } from '../src/config.js'
import { lwaOptions } from '../src/main.js'
import { authorizeAt, Browser } from './helpers.js'
import { startDemo } from './start-app.js'

const alice = DEMO.users.alice

describe('nest-demo settings', () => {
  it('defaults to the emulator demo web client and the registered callback URL', () => {
    const config = readDemoConfig({})
    expect(config.clientId).toBe(DEMO.webClientId)
    expect(config.clientSecret).toBe(DEMO.webClientSecret)
    expect(config.emulatorUrl).toBe(DEFAULT_EMULATOR_URL)
    expect(config.port).toBe(3001)
    const options = lwaOptions(config)
    expect(options.callbackURL).toBe(DEMO.returnUrls.nestDemo)
    expect(options.endpoints?.tokenEndpoint).toBe(`${DEFAULT_EMULATOR_URL}/auth/o2/token`)
  })

  it('reads the environment', () => {
    const config = readDemoConfig({
      PORT: '4000',
      APP_URL: 'https://demo.example/',
      LWA_EMULATOR_URL: '',
      LWA_REGION: 'eu',
      LWA_CLIENT_ID: 'amzn1.application-oa2-client.x',
      LWA_CLIENT_SECRET: 'amzn1.oa2-cs.v1.x',
      LWA_STATE_SECRET: 'x'.repeat(40),
      LWA_SCOPE: 'profile music::library',
    })
    expect(config).toMatchObject({ port: 4000, appUrl: 'https://demo.example', region: 'EU' })
    const options = lwaOptions(config)
    expect(options.endpoints).toBeUndefined()
    expect(options.region).toBe('EU')
    expect(options.callbackURL).toBe('https://demo.example/auth/amazon/callback')
    expect(options.scope).toEqual(['profile', 'music::library'])
    expect(() => readDemoConfig({ LWA_REGION: 'XX' })).toThrow(/LWA_REGION/)
  })
})

describe('nest-demo against the emulator', () => {
  let emulator: Emulator
  let app: INestApplication
  let base: string

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { codePairIntervalSeconds: 1 } })
    ;({ app, base } = await startDemo(emulator))
  })

  afterAll(async () => {
    await app?.close()
    await emulator?.close()
  })

  async function signIn(): Promise<Browser> {
    const browser = new Browser()
    const { callbackUrl } = await authorizeAt(
      browser,
      `${base}/auth/amazon?returnTo=%2F`,
      emulator,
      { userId: alice.userId, decision: 'allow' },
    )
    const res = await browser.get(callbackUrl)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/')
    expect(browser.cookies.has('lwa_session')).toBe(true)
    return browser
  }

  it('offers sign-in on the home page', async () => {
    const res = await fetch(`${base}/`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<a class="button" id="sign-in" href="/auth/amazon?returnTo=%2F">')
    expect(html).toContain('--out web.json') // how to get a token for the API
  })

  it('signs in and shows the profile and Amazon Music data', async () => {
    const browser = await signIn()
    const res = await browser.get(`${base}/`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(`<span id="user-name">${alice.name}</span>`)
    expect(html).toContain(alice.email)
    expect(html).toContain(`<strong id="music-name">${alice.name}</strong>`)
    expect(html.match(/<li>Alice&#39;s playlist \d+<\/li>/g)).toHaveLength(10)
    expect(html).not.toMatch(/Atz[ar]\|/)
    // The next page: its cursor in the link, numbered on from 11.
    const next = /id="next-page" href="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&')
    expect(next).toMatch(/^\/\?after=[^&]+&from=11$/)
    const second = await (await browser.get(`${base}${next}`)).text()
    expect(second).toContain(
      '<ol class="playlists" id="playlists" start="11"><li>Alice&#39;s playlist 11</li>',
    )
    expect(second).toContain('id="first-page"')
  })

  it('signs out: tokens forgotten, the profile asks to sign in again', async () => {
    const browser = await signIn()
    const copy = browser.cookies.get('lwa_session')
    // Another site cannot sign the user out; the demo's own form can.
    const cross = await browser.fetch(`${base}/auth/logout`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    })
    expect(cross.status).toBe(403)
    const out = await browser.fetch(`${base}/auth/logout`, {
      method: 'POST',
      headers: { origin: base },
    })
    expect(out.status).toBe(303)
    expect(browser.cookies.has('lwa_session')).toBe(false)
    // A copy of the session cookie taken before signing out is signed out too.
    const stolen = new Browser()
    stolen.cookies.set('lwa_session', copy as string)
    expect(await (await stolen.get(`${base}/`)).text()).toContain('id="sign-in"')
    const res = await browser.get(`${base}/`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('id="sign-in"')
    expect(html).not.toContain('id="user-name"')
  })

  it('shows a friendly page for a denied consent (403) and JSON to API clients', async () => {
    const browser = new Browser()
    const { callbackUrl } = await authorizeAt(browser, `${base}/auth/amazon`, emulator, {
      userId: alice.userId,
      decision: 'deny',
    })
    const page = await browser.get(callbackUrl, { accept: 'text/html' })
    expect(page.status).toBe(403)
    const html = await page.text()
    expect(html).toContain('<code id="error-code">LWA_ACCESS_DENIED</code>')
    expect(html).toContain('Sign-in was cancelled') // core's words
    const api = new Browser()
    const denied = await authorizeAt(api, `${base}/auth/amazon`, emulator, {
      userId: alice.userId,
      decision: 'deny',
    })
    const json = await api.get(denied.callbackUrl, { accept: 'application/json' })
    expect(json.status).toBe(403)
    expect(await json.json()).toEqual({
      error: 'LWA_ACCESS_DENIED',
      message: expect.stringContaining('Sign-in was cancelled'),
    })
  })

  it('serves /api/me to our tokens and refuses another client’s with 401', async () => {
    const pkce = await createPkce()
    const tokensFor = async (clientId: string, clientSecret?: string) => {
      const { location } = emulator.authorize({
        client_id: clientId,
        response_type: 'code',
        scope: 'profile',
        redirect_uri: DEMO.returnUrls.nestDemo,
        code_challenge: pkce.codeChallenge,
        code_challenge_method: 'S256',
        user_id: alice.userId,
      })
      const client = createLwaClient({
        clientId,
        ...(clientSecret ? { clientSecret } : {}),
        endpoints: emulator.endpoints,
      })
      return client.exchangeCode({
        code: new URL(location).searchParams.get('code') ?? '',
        redirectUri: DEMO.returnUrls.nestDemo,
        codeVerifier: pkce.codeVerifier,
      })
    }
    const ours = await tokensFor(DEMO.webClientId, DEMO.webClientSecret)
    const ok = await fetch(`${base}/api/me`, {
      headers: { authorization: `Bearer ${ours.accessToken}` },
    })
    expect(ok.status).toBe(200)
    const me = await ok.json()
    // The same JSON as every sample's API, the time an ISO string.
    expect(me).toEqual({
      userId: alice.userId,
      clientId: DEMO.webClientId,
      expiresAt: expect.any(String),
    })
    expect(new Date(me.expiresAt).toISOString()).toBe(me.expiresAt)
    const foreign = await tokensFor(DEMO.deviceClientId)
    const refused = await fetch(`${base}/api/me`, {
      headers: { authorization: `Bearer ${foreign.accessToken}` },
    })
    expect(refused.status).toBe(401)
    expect(await refused.json()).toEqual({
      error: 'LWA_AUDIENCE_MISMATCH',
      message: 'The access token was issued to another app.',
    })
    // A browser opening the API gets the same JSON, not a page.
    const browserAsks = await fetch(`${base}/api/me`, { headers: { accept: 'text/html' } })
    expect(browserAsks.status).toBe(401)
    expect((await browserAsks.json()).error).toBe('LWA_INVALID_TOKEN')
  })

  it('links a device through the JSON endpoints and signs the browser in', async () => {
    const browser = new Browser()
    const started = await browser.fetch(`${base}/api/device/start`, { method: 'POST' })
    expect(started.status).toBe(201)
    const { userCode, verificationUri, retryAt } = await started.json()
    expect(verificationUri).toBe(`${emulator.url}/code`)
    const early = await (await browser.get(`${base}/api/device/status`)).json()
    expect(early).toMatchObject({ status: 'pending', reason: 'too_soon' })
    emulator.approveDevice({ userCode, userId: DEMO.users.bob.userId })
    await new Promise((r) => setTimeout(r, Date.parse(retryAt) - Date.now() + 100))
    const linked = await (await browser.get(`${base}/api/device/status`)).json()
    expect(linked).toMatchObject({ status: 'linked', user: { id: DEMO.users.bob.userId } })
    const profile = await browser.get(`${base}/`)
    expect(profile.status).toBe(200)
    expect(await profile.text()).toContain(DEMO.users.bob.name)
  })
})
