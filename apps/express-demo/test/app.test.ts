import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { CookieJar } from './support.js'

let emulator: Emulator
let app: { url: string; close(): Promise<void> }

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, options: { codePairIntervalSeconds: 1 } })
  app = await startApp({
    port: 0,
    host: '127.0.0.1',
    lwaEmulatorUrl: emulator.url,
    timeoutMs: 2000,
  })
  emulator.allowReturnUrl(`${app.url}/auth/amazon/callback`)
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

function authorize(location: string, decision: 'allow' | 'deny' = 'allow') {
  const params = Object.fromEntries(new URL(location).searchParams)
  return emulator.authorize({ ...params, user_id: DEMO.users.alice.userId, decision }).location
}

describe('express demo', () => {
  it('defaults to the emulator demo client on 127.0.0.1:4100 and http://localhost:3000', () => {
    const config = loadConfig({}, {})
    expect(config.appUrl).toBe('http://localhost:3000')
    expect(`${config.appUrl}/auth/amazon/callback`).toBe(DEMO.returnUrls.expressDemo)
    expect(config.endpoints?.tokenEndpoint).toBe('http://127.0.0.1:4100/auth/o2/token')
    expect(config.clientId).toBe(DEMO.webClientId)
    expect(config.clientSecret).toBe(DEMO.webClientSecret)
    expect(config.deviceClientId).toBe(DEMO.deviceClientId)
    expect(config.musicApiKey).toBe(DEMO.profileId)
  })

  it('signs in, shows the profile and Amazon Music data, and signs out', async () => {
    const jar = new CookieJar()
    const home = await jar.fetch(`${app.url}/`)
    expect(await home.text()).toContain('Sign in with Amazon')
    const login = await jar.fetch(`${app.url}/auth/amazon/login?returnTo=/`)
    const location = login.headers.get('location')!
    expect(new URL(location).searchParams.get('scope')).toBe(
      'profile postal_code music::library:read',
    )
    const callback = await jar.fetch(authorize(location))
    expect(callback.status).toBe(303)
    const page = await (await jar.fetch(`${app.url}/`)).text()
    expect(page).toContain(DEMO.users.alice.name)
    expect(page).toContain(DEMO.users.alice.email)
    expect(page).toContain('id="music-name"')
    expect(page).toContain('id="playlists"')
    expect(page).not.toContain('music-error')
    const out = await jar.fetch(`${app.url}/auth/amazon/logout`, { method: 'POST' })
    expect(out.status).toBe(303)
    expect(await (await jar.fetch(`${app.url}/`)).text()).toContain('Sign in with Amazon')
  })

  it('shows the music error inline when Amazon Music fails, without crashing', async () => {
    const jar = new CookieJar()
    const login = await jar.fetch(`${app.url}/auth/amazon/login`)
    await jar.fetch(authorize(login.headers.get('location')!))
    emulator.injectFault({ endpoint: 'music', kind: 'status', status: 500, times: 20 })
    const page = await (await jar.fetch(`${app.url}/`)).text()
    emulator.clearFaults()
    expect(page).toContain('id="music-error"')
    expect(page).toContain(DEMO.users.alice.name)
  })

  it('shows a friendly page when the user cancels', async () => {
    const jar = new CookieJar()
    const login = await jar.fetch(`${app.url}/auth/amazon/login`)
    const res = await jar.fetch(authorize(login.headers.get('location')!, 'deny'), {
      headers: { accept: 'text/html' },
    })
    // To the sample's own page, which says it in core's words with the status of core's table.
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/sign-in-problem?error=LWA_ACCESS_DENIED')
    const page = await jar.fetch(`${app.url}${res.headers.get('location')}`)
    expect(page.status).toBe(403)
    const html = await page.text()
    expect(html).toContain('Sign-in was cancelled')
    expect(html).toContain('id="sign-in"')
  })

  it('answers an unknown error code with the generic failure, not the text of the link', async () => {
    const page = await fetch(`${app.url}/sign-in-problem?error=%3Cscript%3E`)
    expect(page.status).toBe(500)
    const html = await page.text()
    expect(html).toContain('LWA_INTERNAL')
    expect(html).not.toContain('<script>')
  })

  it('serves /api/me to a bearer token of this client and refuses others', async () => {
    const jar = new CookieJar()
    expect((await jar.fetch(`${app.url}/api/me`)).status).toBe(401)
    const { createLwaClient } = await import('@lwa-kit/core')
    const client = createLwaClient({
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      endpoints: emulator.endpoints,
    })
    const request = await client.authorizationUrl({
      scope: 'profile',
      redirectUri: DEMO.returnUrls.expressDemo,
    })
    const tokens = await client.handleCallback(authorize(request.url), request)
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
  })

  it('links a device and signs the browser in', async () => {
    const jar = new CookieJar()
    expect(await (await jar.fetch(`${app.url}/device`)).text()).toContain('Show a code')
    const started = await jar.fetch(`${app.url}/auth/amazon/device/start`, { method: 'POST' })
    const { userCode, retryAt } = (await started.json()) as { userCode: string; retryAt: string }
    const early = await jar.fetch(`${app.url}/auth/amazon/device/status`)
    expect(await early.json()).toMatchObject({ status: 'pending', reason: 'too_soon' })
    emulator.approveDevice({ userCode, userId: DEMO.users.bob.userId })
    await new Promise((resolve) => setTimeout(resolve, Date.parse(retryAt) - Date.now() + 100))
    const status = await jar.fetch(`${app.url}/auth/amazon/device/status`)
    expect(await status.json()).toMatchObject({
      status: 'linked',
      user: { id: DEMO.users.bob.userId },
    })
    const page = await (await jar.fetch(`${app.url}/`)).text()
    expect(page).toContain(DEMO.users.bob.name)
    expect(page).toContain(`id="user-id">${DEMO.users.bob.userId}<`)
    expect(page).toContain('id="music-name"')
  })
})
