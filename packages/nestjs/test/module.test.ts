import 'reflect-metadata'
import { createLwaClient, createPkce, type TokenStore } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import {
  LWA_CLIENT,
  LWA_TOKEN_STORE,
  LwaDeviceService,
  LwaModule,
  LwaStrategy,
  LwaTokenService,
} from '@lwa-kit/nestjs'
import type { INestApplication } from '@nestjs/common'
import { Test } from '@nestjs/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testAppModule, VARIANTS } from './app.js'
import { authorizeAt, Browser, count } from './helpers.js'

const alice = DEMO.users.alice

describe.each(VARIANTS)('LwaModule.%s in a real app against the emulator', (variant) => {
  let emulator: Emulator
  let app: INestApplication
  let base: string

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { codePairIntervalSeconds: 1 } })
    const moduleRef = await Test.createTestingModule({
      imports: [
        testAppModule(variant, {
          clientId: DEMO.webClientId,
          clientSecret: DEMO.webClientSecret,
          endpoints: emulator.endpoints,
          callbackURL: '/auth/amazon/callback',
          scope: ['profile', 'music::library:read'],
          stateSecret: 'a-test-secret-of-at-least-32-characters!',
          device: { scope: ['profile', 'music::library:read'] },
        }),
      ],
    }).compile()
    app = moduleRef.createNestApplication({ logger: false })
    await app.listen(0, '127.0.0.1')
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1')
    emulator.allowReturnUrl(`${base}/auth/amazon/callback`)
  })

  afterAll(async () => {
    await app?.close()
    await emulator?.close()
  })

  async function signIn(browser = new Browser(), login = `${base}/auth/amazon`) {
    const { callbackUrl } = await authorizeAt(browser, login, emulator, {
      userId: alice.userId,
      decision: 'allow',
    })
    return { browser, callbackUrl, res: await browser.get(callbackUrl) }
  }

  it('redirects the login route to Amazon with PKCE S256, state and a sealed state cookie', async () => {
    const browser = new Browser()
    const res = await browser.get(`${base}/auth/amazon`)
    expect(res.status).toBe(302)
    const url = new URL(res.headers.get('location') ?? '')
    expect(`${url.origin}${url.pathname}`).toBe(emulator.endpoints.authorizationEndpoint)
    expect(url.searchParams.get('client_id')).toBe(DEMO.webClientId)
    expect(url.searchParams.get('redirect_uri')).toBe(`${base}/auth/amazon/callback`)
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('scope')).toBe('profile music::library:read')
    expect(url.searchParams.get('state')?.length).toBeGreaterThanOrEqual(22)
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lwa_state='))
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
  })

  it('completes the callback: the user on request.user, the tokens in LwaTokenService', async () => {
    const { res, browser } = await signIn(
      new Browser(),
      `${base}/auth/amazon?returnTo=${encodeURIComponent('/library?tab=1')}`,
    )
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.user).toMatchObject({ userId: alice.userId, name: alice.name, email: alice.email })
    expect(body.returnTo).toBe('/library?tab=1')
    expect(browser.cookies.has('lwa_state')).toBe(false)
    const tokens = app.get(LwaTokenService)
    const set = await tokens.getTokenSet(alice.userId)
    expect(set.accessToken).toMatch(/^Atza\|/)
    expect(set.refreshToken).toMatch(/^Atzr\|/)
  })

  it('does not carry a return path that leaves the site', async () => {
    const { res } = await signIn(
      new Browser(),
      `${base}/auth/amazon?returnTo=${encodeURIComponent('https://evil.example/')}`,
    )
    expect((await res.json()).returnTo).toBe('/')
  })

  it('answers a denied consent with 403 and LWA_ACCESS_DENIED, and no token', async () => {
    const browser = new Browser()
    const { callbackUrl } = await authorizeAt(browser, `${base}/auth/amazon`, emulator, {
      userId: alice.userId,
      decision: 'deny',
    })
    const res = await browser.get(callbackUrl)
    expect(res.status).toBe(403)
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({ statusCode: 403, error: 'LWA_ACCESS_DENIED' })
    expect(text).not.toMatch(/Atz[ar]\|/)
  })

  it('answers a tampered state with 400 and LWA_STATE_MISMATCH, keeping the sign-in in progress', async () => {
    const browser = new Browser()
    const { callbackUrl } = await authorizeAt(browser, `${base}/auth/amazon`, emulator, {
      userId: alice.userId,
      decision: 'allow',
    })
    const tampered = new URL(callbackUrl)
    tampered.searchParams.set('state', 'x'.repeat(43))
    const res = await browser.get(tampered.toString())
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: 'LWA_STATE_MISMATCH' })
    // A wrong state does not end the sign-in in progress: the genuine callback still signs in.
    const again = await browser.get(callbackUrl)
    expect(again.status).toBe(200)
  })

  it('answers a replayed callback (cookie and code used twice) with 400, never 200', async () => {
    const browser = new Browser()
    const { callbackUrl } = await authorizeAt(browser, `${base}/auth/amazon`, emulator, {
      userId: alice.userId,
      decision: 'allow',
    })
    const saved = new Map(browser.cookies)
    expect((await browser.get(callbackUrl)).status).toBe(200)
    for (const [k, v] of saved) browser.cookies.set(k, v)
    const replay = await browser.get(callbackUrl)
    expect(replay.status).toBe(400)
    const text = await replay.text()
    expect(JSON.parse(text).error).toMatch(
      /^LWA_(INVALID_GRANT|STATE_MISMATCH|SEALED_STATE_INVALID)$/,
    )
    expect(text).not.toMatch(/Atz[ar]\|/)
  })

  it('LwaBearerGuard accepts our token, once verified serves it from the cache', async () => {
    await signIn()
    const token = await app.get(LwaTokenService).getAccessToken(alice.userId)
    emulator.clearRequests()
    const headers = { authorization: `Bearer ${token}` }
    const first = await fetch(`${base}/api/me`, { headers })
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ userId: alice.userId, clientId: DEMO.webClientId })
    const second = await fetch(`${base}/api/me`, { headers: { authorization: `bearer ${token}` } })
    expect(second.status).toBe(200)
    expect(count(emulator, (r) => r.endpoint === 'tokeninfo')).toBe(1)
  })

  it('LwaBearerGuard refuses a token issued to another client with 401 LWA_AUDIENCE_MISMATCH', async () => {
    // A real token of the demo's device client, obtained with PKCE and no secret.
    const pkce = await createPkce()
    const { location } = emulator.authorize({
      client_id: DEMO.deviceClientId,
      response_type: 'code',
      scope: 'profile',
      redirect_uri: DEMO.returnUrls.nestDemo,
      code_challenge: pkce.codeChallenge,
      code_challenge_method: 'S256',
      user_id: alice.userId,
    })
    const code = new URL(location).searchParams.get('code') ?? ''
    const device = createLwaClient({ clientId: DEMO.deviceClientId, endpoints: emulator.endpoints })
    const foreign = await device.exchangeCode({
      code,
      redirectUri: DEMO.returnUrls.nestDemo,
      codeVerifier: pkce.codeVerifier,
    })
    const res = await fetch(`${base}/api/me`, {
      headers: { authorization: `Bearer ${foreign.accessToken}` },
    })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({ statusCode: 401, error: 'LWA_AUDIENCE_MISMATCH' })
    expect(text).not.toContain(foreign.accessToken)
  })

  it('LwaBearerGuard refuses an unknown token and a missing header with 401', async () => {
    const unknown = `Atza|${'x'.repeat(400)}`
    const bad = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${unknown}` } })
    expect(bad.status).toBe(401)
    const text = await bad.text()
    expect(JSON.parse(text)).toMatchObject({ error: 'LWA_INVALID_TOKEN' })
    expect(text).not.toContain('xxxxxxxx')
    const none = await fetch(`${base}/api/me`)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer')
    expect(await none.json()).toMatchObject({ error: 'LWA_INVALID_TOKEN' })
  })

  it('answers 502 when LWA fails during the callback, 503 with Retry-After at a bearer check', async () => {
    const browser = new Browser()
    const { callbackUrl } = await authorizeAt(browser, `${base}/auth/amazon`, emulator, {
      userId: alice.userId,
      decision: 'allow',
    })
    emulator.injectFault({ endpoint: 'token', kind: 'status', status: 500, times: 1 })
    const res = await browser.get(callbackUrl)
    expect(res.status).toBe(502)
    expect(await res.json()).toMatchObject({ statusCode: 502, error: 'LWA_SERVER_ERROR' })
    emulator.injectFault({ endpoint: 'tokeninfo', kind: 'status', status: 503, times: 10 })
    const token = `Atza|${'y'.repeat(400)}`
    const api = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } })
    emulator.clearFaults()
    expect(api.status).toBe(503)
    expect(api.headers.get('retry-after')).toBe('5')
    expect(api.headers.get('www-authenticate')).toBeNull()
    expect(await api.json()).toMatchObject({ error: 'LWA_SERVER_ERROR' })
  })

  it('refreshes an expired token once for concurrent Music calls', async () => {
    await signIn()
    const tokens = app.get(LwaTokenService)
    const current = await tokens.getTokenSet(alice.userId)
    await tokens.setTokens(alice.userId, { ...current, expiresAt: Date.now() - 1000 })
    emulator.clearRequests()
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => fetch(`${base}/music/${encodeURIComponent(alice.userId)}`)),
    )
    const bodies = await Promise.all(responses.map((r) => r.json()))
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200))
    for (const body of bodies) {
      expect(body.me).toMatchObject({ id: alice.userId, name: alice.name })
      expect(body.playlists.items).toHaveLength(5)
      expect(body.playlists.hasNextPage).toBe(true)
    }
    expect(count(emulator, (r) => r.grant_type === 'refresh_token')).toBe(1)
    const fresh = await tokens.getTokenSet(alice.userId)
    expect(fresh.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000)
  })

  it('answers a Music call for a user without tokens with 401 LWA_REAUTHORIZATION_REQUIRED', async () => {
    const res = await fetch(`${base}/music/amzn1.account.NOBODY`)
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: 'LWA_REAUTHORIZATION_REQUIRED' })
  })

  it('links a device with a code pair and stores its tokens under the user id', async () => {
    await app.get(LwaTokenService).forget(DEMO.users.bob.userId)
    const browser = new Browser()
    const started = await browser.fetch(`${base}/device/start`, { method: 'POST' })
    expect(started.status).toBe(201)
    const start = await started.json()
    expect(start).toMatchObject({
      status: 'pending',
      userCode: expect.stringMatching(/^[A-Z0-9]{6}$/),
    })
    expect(start).not.toHaveProperty('deviceCode')
    expect((await (await browser.get(`${base}/device/status`)).json()).status).toBe('pending')
    emulator.approveDevice({ userCode: start.userCode, userId: DEMO.users.bob.userId })
    await new Promise((resolve) => setTimeout(resolve, 1150)) // the pair's interval
    expect(await (await browser.get(`${base}/device/status`)).json()).toMatchObject({
      status: 'linked',
      user: { id: DEMO.users.bob.userId },
    })
    const token = await app.get(LwaTokenService).getAccessToken(DEMO.users.bob.userId)
    expect(token).toMatch(/^Atza\|/)
    expect(app.get(LwaDeviceService).enabled).toBe(true)
  })
})

describe('LwaModule without a callback URL (bearer APIs only)', () => {
  it('provides the guard and services but no sign-in strategy, and uses the given store', async () => {
    const store: TokenStore = new Map() as unknown as TokenStore
    const calls: string[] = []
    const tracked: TokenStore = {
      get: (key) => {
        calls.push(`get ${key}`)
        return (store as unknown as Map<string, never>).get(key)
      },
      set: (key, value) => {
        calls.push(`set ${key}`)
        ;(store as unknown as Map<string, unknown>).set(key, value)
      },
      delete: (key) => {
        calls.push(`delete ${key}`)
        ;(store as unknown as Map<string, unknown>).delete(key)
      },
    }
    const moduleRef = await Test.createTestingModule({
      imports: [LwaModule.forRoot({ clientId: DEMO.webClientId, store: tracked })],
    }).compile()
    expect(moduleRef.get(LwaStrategy)).toBeNull()
    expect(moduleRef.get(LWA_TOKEN_STORE)).toBe(tracked)
    expect(moduleRef.get(LWA_CLIENT).clientId).toBe(DEMO.webClientId)
    const tokens = moduleRef.get(LwaTokenService)
    const set = {
      accessToken: 'Atza|a',
      refreshToken: 'Atzr|r',
      tokenType: 'bearer' as const,
      expiresAt: Date.now() + 3_600_000,
      scope: ['profile'],
    }
    await tokens.setTokens('u1', set)
    expect(await tokens.getAccessToken('u1')).toBe('Atza|a')
    expect(calls).toContain('set u1')
    expect(calls).toContain('get u1')
    await moduleRef.close()
  })
})
