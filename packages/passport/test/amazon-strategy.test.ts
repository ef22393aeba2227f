import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import express from 'express'
import passport from 'passport'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  type AmazonPassportProfile,
  AmazonStrategy,
  type AmazonTokenParams,
  type AmazonVerifyCallback,
} from '../src/index.js'
import { approveAt, CookieJar, listen } from './support.js'

let emulator: Emulator
let app: Awaited<ReturnType<typeof listen>>
const seen: {
  accessToken?: string
  refreshToken?: string
  params?: AmazonTokenParams
  profile?: AmazonPassportProfile
}[] = []
const fetched: string[] = []

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  const auth = new passport.Passport()
  const strategy = new AmazonStrategy(
    {
      clientID: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      callbackURL: '/auth/amazon/callback',
      scope: ['profile', 'postal_code'],
      endpoints: emulator.endpoints,
      timeoutMs: 1500,
      fetch: (input, init) => {
        fetched.push(String(input instanceof Request ? input.url : input))
        return fetch(input, init)
      },
    },
    (
      accessToken: string,
      refreshToken: string | undefined,
      params: AmazonTokenParams,
      profile: AmazonPassportProfile,
      done: AmazonVerifyCallback,
    ) => {
      seen.push({ accessToken, refreshToken, params, profile })
      done(null, { id: profile.id, name: profile.displayName })
    },
  )
  auth.use(strategy)
  const server = express()
  server.use(auth.initialize())
  server.get('/auth/amazon', (req, res, next) =>
    auth.authenticate('amazon', {
      session: false,
      state: { returnTo: req.query.returnTo },
    } as never)(req, res, next),
  )
  server.get(
    '/auth/amazon/callback',
    auth.authenticate('amazon', { session: false, failureRedirect: '/login' }),
    (req, res) =>
      res.json({ user: req.user, info: (req as unknown as { authInfo: unknown }).authInfo }),
  )
  server.get(
    '/strict/callback',
    auth.authenticate('amazon', { session: false, callbackURL: '/auth/amazon/callback' } as never),
    (req, res) => res.json(req.user),
  )
  // A timeout middleware that has answered already when the strategy runs.
  server.get(
    '/answered/callback',
    (_req, res, next) => {
      res.status(503).end('answered first')
      next()
    },
    auth.authenticate('amazon', { session: false, callbackURL: '/auth/amazon/callback' } as never),
    (req, res) => res.json(req.user),
  )
  server.use(
    (err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      if (res.headersSent) return
      res
        .status(502)
        .json({ error: (err as { code?: string }).code ?? 'error', message: err.message })
    },
  )
  app = await listen(() => server)
  emulator.allowReturnUrl(`${app.url}/auth/amazon/callback`)
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

afterEach(() => {
  emulator.clearFaults()
  seen.length = 0
})

function callbackOn(path: string, location: string): string {
  const url = new URL(location)
  url.pathname = path
  return url.toString()
}

async function start(jar: CookieJar, returnTo?: string): Promise<URL> {
  const res = await jar.fetch(
    `${app.url}/auth/amazon${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
  )
  expect(res.status).toBe(302)
  return new URL(res.headers.get('location')!)
}

describe('AmazonStrategy sign-in against the emulator', () => {
  it("hands back the app's state with an off-site returnTo made a same-site path", async () => {
    for (const [asked, back] of [
      ['//evil.example/x', '/'],
      ['https://evil.example/', '/'],
      ['/library?tab=1', '/library?tab=1'],
    ]) {
      const jar = new CookieJar()
      const authorize = await start(jar, asked)
      const res = await jar.fetch(approveAt(emulator, authorize.toString()))
      const body = (await res.json()) as { info: { state: { returnTo: string } } }
      expect(body.info.state.returnTo, asked).toBe(back)
    }
  })

  it('signs in with PKCE S256 and state in a sealed cookie, and reads the profile by header', async () => {
    const jar = new CookieJar()
    const authorize = await start(jar, '/library')
    expect(authorize.origin + authorize.pathname).toBe(emulator.endpoints.authorizationEndpoint)
    expect(authorize.searchParams.get('client_id')).toBe(DEMO.webClientId)
    expect(authorize.searchParams.get('scope')).toBe('profile postal_code')
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.url}/auth/amazon/callback`)
    expect(jar.cookies.has('lwa_state')).toBe(true)

    const callback = approveAt(emulator, authorize.toString())
    const res = await jar.fetch(callback)
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      user: { id: string; name: string }
      info: { state: { returnTo: string } }
    }
    expect(body.user).toEqual({ id: DEMO.users.alice.userId, name: DEMO.users.alice.name })
    expect(body.info.state.returnTo).toBe('/library')
    expect(jar.cookies.has('lwa_state')).toBe(false)

    const [call] = seen
    expect(call?.accessToken).toMatch(/^Atza\|/)
    expect(call?.refreshToken).toMatch(/^Atzr\|/)
    expect(call?.params?.expires_in).toBeGreaterThan(3590)
    expect(call?.params?.tokenSet.scope).toEqual(['profile', 'postal_code'])
    expect(call?.profile).toMatchObject({
      provider: 'amazon',
      id: DEMO.users.alice.userId,
      displayName: DEMO.users.alice.name,
      emails: [{ value: DEMO.users.alice.email }],
      postalCode: DEMO.users.alice.postalCode,
      _json: { user_id: DEMO.users.alice.userId, email: DEMO.users.alice.email },
    })
    expect(JSON.parse(call!.profile!._raw).user_id).toBe(DEMO.users.alice.userId)
    expect(fetched.some((u) => u.startsWith(emulator.endpoints.profileEndpoint))).toBe(true)
    expect(fetched.every((u) => !u.includes('access_token') && !u.includes('Atza'))).toBe(true)
  })

  it('fails (failureRedirect) when the user presses Cancel, and clears the state cookie', async () => {
    const jar = new CookieJar()
    const authorize = await start(jar)
    const res = await jar.fetch(approveAt(emulator, authorize.toString(), 'deny'))
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/login')
    expect(jar.cookies.has('lwa_state')).toBe(false)
    expect(seen).toHaveLength(0)
  })

  it('refuses a tampered state (400) without exchanging the code', async () => {
    const jar = new CookieJar()
    const authorize = await start(jar)
    const callback = new URL(approveAt(emulator, authorize.toString()))
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`)
    callback.pathname = '/strict/callback'
    emulator.clearRequests()
    const res = await jar.fetch(callback.toString())
    expect(res.status).toBe(400)
    expect(emulator.requests().filter((r) => r.endpoint === 'token')).toHaveLength(0)
  })

  it('refuses a tampered state cookie', async () => {
    const jar = new CookieJar()
    const authorize = await start(jar)
    const sealed = jar.cookies.get('lwa_state')!
    jar.cookies.set('lwa_state', `${sealed.slice(0, -4)}AAAA`)
    const callback = new URL(approveAt(emulator, authorize.toString()))
    callback.pathname = '/strict/callback'
    const res = await jar.fetch(callback.toString())
    expect(res.status).toBe(400)
  })

  it('refuses a replayed callback (state cookie opened once)', async () => {
    const jar = new CookieJar()
    const authorize = await start(jar)
    const sealed = jar.cookies.get('lwa_state')!
    const callback = new URL(approveAt(emulator, authorize.toString()))
    callback.pathname = '/strict/callback'
    expect((await jar.fetch(callback.toString())).status).toBe(200)
    jar.cookies.set('lwa_state', sealed)
    emulator.clearRequests()
    const replay = await jar.fetch(callback.toString())
    expect(replay.status).toBe(400)
    expect(emulator.requests().filter((r) => r.endpoint === 'token')).toHaveLength(0)
  })

  it('checks state before the error parameters: a forged access_denied is a state failure', async () => {
    const jar = new CookieJar()
    await start(jar)
    const res = await jar.fetch(
      `${app.url}/strict/callback?error=access_denied&error_description=x&state=forged`,
    )
    expect(res.status).toBe(400)
    // The forged callback did not end the sign-in in progress: its cookie stays.
    expect(jar.cookies.has('lwa_state')).toBe(true)
  })

  it('refuses a callback without the state cookie (another browser)', async () => {
    const jar = new CookieJar()
    const authorize = await start(jar)
    const callback = new URL(approveAt(emulator, authorize.toString()))
    callback.pathname = '/strict/callback'
    const res = await new CookieJar().fetch(callback.toString())
    expect(res.status).toBe(400)
  })

  for (const fault of [
    { endpoint: 'token', kind: 'status', status: 500, times: 1 },
    { endpoint: 'token', kind: 'status', status: 503, times: 1 },
    { endpoint: 'token', kind: 'malformed' },
    { endpoint: 'token', kind: 'reset' },
    { endpoint: 'token', kind: 'delay', delayMs: 2500 },
    { endpoint: 'profile', kind: 'status', status: 500, times: 5 },
    { endpoint: 'profile', kind: 'malformed', times: 5 },
    { endpoint: 'profile', kind: 'reset', times: 5 },
  ] as const) {
    it(`fails the sign-in with core's status for a ${fault.kind}${'status' in fault ? ` ${fault.status}` : ''} fault at ${fault.endpoint}, not through the app's error handler`, async () => {
      const jar = new CookieJar()
      const authorize = await start(jar)
      const callback = new URL(approveAt(emulator, authorize.toString()))
      callback.pathname = '/strict/callback'
      emulator.injectFault(fault)
      const res = await jar.fetch(callback.toString())
      // LWA down: 502; LWA too slow: 504 (core's table), answered by Passport's fail.
      expect(res.status).toBe(fault.kind === 'delay' ? 504 : 502)
      const body = await res.text()
      expect(body).not.toMatch(/Atz[ar]\||\bat \S+:\d+:\d+|node_modules|LWA_/)
      expect(seen).toHaveLength(0)
      // The server is still up.
      expect((await new CookieJar().fetch(`${app.url}/auth/amazon`)).status).toBe(302)
    })
  }

  it('writes nothing and rejects nothing when the app answered before the callback ran', async () => {
    const jar = new CookieJar()
    const authorize = await start(jar)
    const res = await jar.fetch(
      callbackOn('/answered/callback', approveAt(emulator, authorize.toString())),
    )
    expect(res.status).toBe(503)
    expect(await res.text()).toBe('answered first')
    // The state cookie is used up and the code exchanged after the answer, without a write to the
    // finished response (an unhandled rejection would fail this run).
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(1)
    expect(res.headers.getSetCookie()).toEqual([])
    expect((await new CookieJar().fetch(`${app.url}/auth/amazon`)).status).toBe(302)
  })

  it('fails an error redirect other than access_denied (server_error) with 502', async () => {
    const jar = new CookieJar()
    const authorize = await start(jar)
    const url = `${app.url}/strict/callback?error=server_error&error_description=Internal&state=${authorize.searchParams.get('state')}`
    const res = await jar.fetch(url)
    expect(res.status).toBe(502)
    expect(await res.text()).toBe('Bad Gateway')
  })

  it('an LWA outage with failureRedirect: back to the failure page, no error handler', async () => {
    const jar = new CookieJar()
    const authorize = await start(jar)
    const callback = approveAt(emulator, authorize.toString())
    emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503, times: 5 })
    const res = await jar.fetch(callback)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/login')
    expect(seen).toHaveLength(0)
    emulator.clearFaults()
  })
})
