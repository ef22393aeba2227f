import { createLwaClient } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveAt, CookieJar } from '../../../tools/testing/http.mjs'
import { startApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

let emulator: Emulator
let app: Awaited<ReturnType<typeof startApp>>

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  app = await startApp({
    port: 0,
    host: '127.0.0.1',
    lwaEmulatorUrl: emulator.url,
    timeoutMs: 2000,
  })
  emulator.allowReturnUrl(`${app.url}/api/auth/callback/amazon`)
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

async function signIn(jar = new CookieJar(), decision: 'allow' | 'deny' = 'allow') {
  const start = await jar.fetch(`${app.url}/sign-in`, {
    method: 'POST',
    headers: { origin: app.url },
  })
  expect(start.status).toBe(303)
  const location = start.headers.get('location') ?? ''
  return { jar, location, callback: await jar.fetch(approveAt(emulator, location, decision)) }
}

describe('better-auth demo', () => {
  it('defaults to the emulator demo clients on 127.0.0.1:4100 and http://localhost:3003', () => {
    const config = loadConfig({}, {})
    expect(config.appUrl).toBe('http://localhost:3003')
    expect(config.endpoints?.tokenEndpoint).toBe('http://127.0.0.1:4100/auth/o2/token')
    expect(config.clientId).toBe(DEMO.webClientId)
    expect(config.clientSecret).toBe(DEMO.webClientSecret)
    expect(config.deviceClientId).toBe(DEMO.deviceClientId)
    expect(config.musicApiKey).toBe(DEMO.profileId)
    expect(() => loadConfig({ lwaEmulatorUrl: '' }, {})).toThrow(/BETTER_AUTH_SECRET/)
  })

  it('signs in, shows the profile and Amazon Music data, and signs out', async () => {
    const jar = new CookieJar()
    expect(await (await jar.fetch(`${app.url}/`)).text()).toContain('Sign in with Amazon')
    const { location, callback } = await signIn(jar)
    expect(new URL(location).searchParams.get('scope')).toBe(
      'profile postal_code music::library:read',
    )
    expect(callback.status).toBe(302)
    const page = await (await jar.fetch(`${app.url}/`)).text()
    expect(page).toContain(DEMO.users.alice.name)
    expect(page).toContain(DEMO.users.alice.email)
    expect(page).toContain('id="music-name"')
    expect(page).toContain('id="playlists"')
    expect(page).not.toContain('music-error')
    const out = await jar.fetch(`${app.url}/sign-out`, {
      method: 'POST',
      headers: { origin: app.url },
    })
    expect(out.status).toBe(303)
    expect(await (await jar.fetch(`${app.url}/`)).text()).toContain('id="sign-in"')
  })

  it('shows the music error inline when Amazon Music fails, without crashing', async () => {
    const { jar } = await signIn()
    emulator.injectFault({ endpoint: 'music', kind: 'status', status: 500, times: 20 })
    const page = await (await jar.fetch(`${app.url}/`)).text()
    emulator.clearFaults()
    expect(page).toContain('id="music-error"')
    expect(page).toContain(DEMO.users.alice.name)
  })

  it('shows a friendly page when the user cancels', async () => {
    const { jar, callback } = await signIn(new CookieJar(), 'deny')
    const res = await jar.fetch(new URL(callback.headers.get('location') ?? '', app.url).href)
    // Better Auth's `access_denied` in core's words, with the status of core's table.
    expect(callback.headers.get('location')).toContain('/sign-in-problem?error=access_denied')
    expect(res.status).toBe(403)
    const html = await res.text()
    expect(html).toContain('Sign-in was cancelled')
    expect(html).toContain('LWA_ACCESS_DENIED')
  })

  it('serves /api/me to a bearer token of this client and refuses others', async () => {
    expect((await fetch(`${app.url}/api/me`)).status).toBe(401)
    const client = createLwaClient({ ...DEMO.webClient, endpoints: emulator.endpoints })
    const request = await client.authorizationUrl({
      scope: 'profile',
      redirectUri: DEMO.returnUrls.expressDemo,
    })
    const tokens = await client.handleCallback(approveAt(emulator, request.url), request)
    const ok = await fetch(`${app.url}/api/me`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    })
    expect(await ok.json()).toMatchObject({
      userId: DEMO.users.alice.userId,
      clientId: DEMO.webClientId,
    })
    const bad = await fetch(`${app.url}/api/me`, {
      headers: { authorization: 'Bearer Atza|forged' },
    })
    expect(bad.status).toBe(401)
    expect(bad.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    // The same JSON as every sample's API: core's code and message.
    expect(await bad.json()).toEqual({
      error: 'LWA_INVALID_TOKEN',
      message: 'The access token is missing, invalid or expired.',
    })
  })

  it('links a device and signs the browser in', async () => {
    const jar = new CookieJar()
    expect(await (await jar.fetch(`${app.url}/device`)).text()).toContain('Show a code')
    const post = (path: string) =>
      jar.fetch(`${app.url}/api/auth/amazon/device/${path}`, {
        method: 'POST',
        headers: { origin: app.url, 'content-type': 'application/json' },
        body: '{}',
      })
    const { userCode } = (await (await post('start')).json()) as { userCode: string }
    emulator.approveDevice({ userCode, userId: DEMO.users.bob.userId })
    // Ask as the device page does: again while pending, at `retryAt` when the answer has one.
    let status: { status?: string; retryAt?: string } = {}
    for (let i = 0; i < 10 && status.status !== 'linked'; i++) {
      status = (await (await post('status')).json()) as typeof status
      if (status.status !== 'pending') break
      const wait = status.retryAt ? Date.parse(status.retryAt) - Date.now() : 1000
      await new Promise((r) => setTimeout(r, Math.min(Math.max(wait, 100), 6000)))
    }
    expect(status).toMatchObject({ status: 'linked' })
    const page = await (await jar.fetch(`${app.url}/`)).text()
    expect(page).toContain(DEMO.users.bob.name)
    expect(page).toContain('id="music-name"')
  })

  it('answers 404 for an unknown page and keeps serving after a bad request', async () => {
    expect((await fetch(`${app.url}/nope`)).status).toBe(404)
    const broken = await fetch(`${app.url}/api/auth/sign-in/social`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: '{not json',
    })
    expect(broken.status).toBeGreaterThanOrEqual(400)
    expect((await fetch(`${app.url}/`)).status).toBe(200)
  })
})
