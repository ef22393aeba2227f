import { createLwaClient, createTokenVerifier } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import express from 'express'
import passport from 'passport'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AmazonTokenStrategy } from '../src/index.js'
import { listen, tokensFor, webClient } from './support.js'

let emulator: Emulator
let app: Awaited<ReturnType<typeof listen>>
let clockOffsetMs = 0

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  const client = createLwaClient({
    clientId: DEMO.webClientId,
    endpoints: emulator.endpoints,
    timeoutMs: 1500,
    retries: 0,
  })
  const auth = new passport.Passport()
  // The verifier's clock follows the emulator's, so an expired token is expired for both.
  const verifier = createTokenVerifier({ client, now: () => Date.now() + clockOffsetMs })
  auth.use(new AmazonTokenStrategy({ client, verifier }))
  auth.use(
    'amazon-token-profile',
    new AmazonTokenStrategy(
      { clientID: DEMO.webClientId, endpoints: emulator.endpoints, profile: true },
      (_token, info, profile, done) => done(null, { id: info.userId, name: profile?.displayName }),
    ),
  )
  // A realm, and a verify callback with a rule of its own: Bob is not let in.
  auth.use(
    'amazon-token-named',
    new AmazonTokenStrategy(
      { clientID: DEMO.webClientId, endpoints: emulator.endpoints, profile: true, realm: 'api' },
      (_token, info, profile, done) =>
        profile?.displayName === DEMO.users.bob.name
          ? done(null, false)
          : done(null, { id: info.userId }),
    ),
  )
  const server = express()
  server.use(auth.initialize())
  server.get('/api/me', auth.authenticate('amazon-token', { session: false }), (req, res) =>
    res.json(req.user),
  )
  server.get(
    '/api/profile',
    auth.authenticate('amazon-token-profile', { session: false }),
    (req, res) => res.json(req.user),
  )
  server.get(
    '/api/named',
    auth.authenticate('amazon-token-named', { session: false }),
    (req, res) => res.json(req.user),
  )
  server.use(
    (err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(503).json({ error: (err as { code?: string }).code })
    },
  )
  app = await listen(() => server)
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

afterEach(() => emulator.clearFaults())

const call = (path: string, token?: string) =>
  fetch(`${app.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {})

describe('AmazonTokenStrategy', () => {
  it('accepts a token issued to this client, and caches the check', async () => {
    const tokens = await tokensFor(emulator, webClient(emulator))
    emulator.clearRequests()
    const first = await call('/api/me', tokens.accessToken)
    expect(first.status).toBe(200)
    const user = (await first.json()) as { id: string; tokenInfo: { clientId: string } }
    expect(user.id).toBe(DEMO.users.alice.userId)
    expect(user.tokenInfo.clientId).toBe(DEMO.webClientId)
    expect((await call('/api/me', tokens.accessToken)).status).toBe(200)
    expect(emulator.requests().filter((r) => r.endpoint === 'tokeninfo')).toHaveLength(1)
  })

  it('gives the verify callback the profile when asked', async () => {
    const tokens = await tokensFor(emulator, webClient(emulator))
    const res = await call('/api/profile', tokens.accessToken)
    expect(await res.json()).toEqual({ id: DEMO.users.alice.userId, name: DEMO.users.alice.name })
  })

  it('refuses a token issued to another client (aud) with 401 invalid_token', async () => {
    const other = createLwaClient({
      clientId: DEMO.euWebClientId,
      clientSecret: DEMO.euWebClientSecret,
      endpoints: emulator.endpointsFor('EU'),
    })
    const request = await other.authorizationUrl({
      scope: 'profile',
      redirectUri: DEMO.returnUrls.expressDemo,
    })
    const params = Object.fromEntries(new URL(request.url).searchParams)
    const { location } = emulator.authorize({
      ...params,
      region: 'EU',
      user_id: DEMO.users.alice.userId,
    })
    const tokens = await other.handleCallback(location, request)
    const res = await call('/api/me', tokens.accessToken)
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
  })

  it('refuses an expired token (emulator clock), even one it cached', async () => {
    const tokens = await tokensFor(emulator, webClient(emulator))
    expect((await call('/api/me', tokens.accessToken)).status).toBe(200)
    emulator.advanceClock(3601)
    clockOffsetMs += 3601_000
    const res = await call('/api/me', tokens.accessToken)
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"')
  })

  it('challenges a request without a token, and a garbage token', async () => {
    const none = await call('/api/me')
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer')
    const garbage = await call('/api/me', 'Atza|not-a-real-token')
    expect(garbage.status).toBe(401)
  })

  it('answers 503 with Retry-After (not a 401, not a stack) when token info is down, and keeps serving', async () => {
    const tokens = await tokensFor(emulator, webClient(emulator))
    emulator.injectFault({ endpoint: 'tokeninfo', kind: 'status', status: 503, times: 1 })
    const res = await call('/api/me', tokens.accessToken)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(await res.text()).toBe('Service Unavailable')
    expect((await call('/api/me', tokens.accessToken)).status).toBe(200)
  })

  it("refuses as core's bearer check does when the verify callback or the profile call says no", async () => {
    const tokens = await tokensFor(emulator, webClient(emulator))
    expect((await call('/api/named', tokens.accessToken)).status).toBe(200)
    // The profile call fails: 503 with Retry-After (LWA cannot answer), no challenge.
    emulator.injectFault({ endpoint: 'profile', kind: 'status', status: 500, times: 3 })
    const down = await call('/api/named', tokens.accessToken)
    expect(down.status).toBe(503)
    expect(down.headers.get('retry-after')).toBe('5')
    expect(down.headers.get('www-authenticate')).toBeNull()
    emulator.clearFaults()
    // The verify callback refuses: 401 with the strategy's challenge, its realm included.
    const bob = await tokensFor(emulator, webClient(emulator), 'profile', DEMO.users.bob.userId)
    const refused = await call('/api/named', bob.accessToken)
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toBe(
      'Bearer realm="api", error="invalid_token"',
    )
  })
})
