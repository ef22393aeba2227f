import { createLwaClient, createTokenVerifier, type LwaClient, type TokenSet } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import express5 from 'express'
import express4 from 'express4'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { requireLwaToken } from '../src/index.js'
import { listen } from './support.js'

async function tokensFor(
  emulator: Emulator,
  client: LwaClient,
  region: 'NA' | 'EU' = 'NA',
): Promise<TokenSet> {
  const request = await client.authorizationUrl({
    scope: 'profile',
    redirectUri: DEMO.returnUrls.expressDemo,
  })
  const params = Object.fromEntries(new URL(request.url).searchParams)
  const { location } = emulator.authorize({ ...params, region, user_id: DEMO.users.alice.userId })
  return client.handleCallback(location, request)
}

for (const [label, express] of [
  ['Express 5', express5],
  ['Express 4', express4],
] as const) {
  describe(`requireLwaToken on ${label}`, () => {
    let emulator: Emulator
    let app: Awaited<ReturnType<typeof listen>>
    let web: LwaClient
    let offsetMs = 0

    beforeAll(async () => {
      emulator = await startEmulator({ port: 0 })
      web = createLwaClient({
        clientId: DEMO.webClientId,
        clientSecret: DEMO.webClientSecret,
        endpoints: emulator.endpoints,
      })
      const client = createLwaClient({
        clientId: DEMO.webClientId,
        endpoints: emulator.endpoints,
        timeoutMs: 1000,
        retries: 0,
      })
      // The verifier's clock follows the emulator's clock.
      const verifier = createTokenVerifier({ client, now: () => Date.now() + offsetMs })
      app = await listen(() => {
        const server = express()
        server.get('/api/me', requireLwaToken({ verifier }), (req, res) => {
          res.json({ userId: req.lwaToken!.info.userId, clientId: req.lwaToken!.info.clientId })
        })
        server.get(
          '/api/plain',
          requireLwaToken({ clientId: DEMO.webClientId, endpoints: emulator.endpoints }),
          (_req, res) => {
            res.json({ ok: true })
          },
        )
        return server
      })
    })

    afterAll(async () => {
      await app?.close()
      await emulator?.close()
    })

    afterEach(() => emulator.clearFaults())

    const call = (path: string, token?: string) =>
      fetch(`${app.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {})

    it('lets a token of this client through and caches the check', async () => {
      const tokens = await tokensFor(emulator, web)
      emulator.clearRequests()
      for (let i = 0; i < 3; i++) {
        const res = await call('/api/me', tokens.accessToken)
        expect(res.status).toBe(200)
        expect(await res.json()).toEqual({
          userId: DEMO.users.alice.userId,
          clientId: DEMO.webClientId,
        })
      }
      expect(emulator.requests().filter((r) => r.endpoint === 'tokeninfo')).toHaveLength(1)
      expect((await call('/api/plain', tokens.accessToken)).status).toBe(200)
    })

    it('refuses a token issued to another client with 401 invalid_token', async () => {
      const eu = createLwaClient({
        clientId: DEMO.euWebClientId,
        clientSecret: DEMO.euWebClientSecret,
        endpoints: emulator.endpointsFor('EU'),
      })
      const tokens = await tokensFor(emulator, eu, 'EU')
      const res = await call('/api/me', tokens.accessToken)
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
      expect(await res.json()).toMatchObject({ error: 'LWA_AUDIENCE_MISMATCH' })
    })

    it('refuses an expired token (emulator clock), even a cached one', async () => {
      const tokens = await tokensFor(emulator, web)
      expect((await call('/api/me', tokens.accessToken)).status).toBe(200)
      emulator.advanceClock(3601)
      offsetMs += 3601_000
      const res = await call('/api/me', tokens.accessToken)
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    })

    it('challenges a request without a token or with a malformed header', async () => {
      const none = await call('/api/me')
      expect(none.status).toBe(401)
      expect(none.headers.get('www-authenticate')).toBe('Bearer')
      const basic = await fetch(`${app.url}/api/me`, { headers: { authorization: 'Basic abc' } })
      expect(basic.status).toBe(401)
      expect((await call('/api/me', 'not-a-token')).status).toBe(401)
    })

    for (const kind of ['status', 'malformed', 'reset'] as const) {
      it(`answers 503 (not 401) when token info fails (${kind}), then recovers`, async () => {
        const tokens = await tokensFor(emulator, web)
        emulator.injectFault({ endpoint: 'tokeninfo', kind, status: 500 })
        const res = await call('/api/me', tokens.accessToken)
        expect(res.status).toBe(503)
        expect(res.headers.get('retry-after')).toBe('5')
        expect(await res.json()).toMatchObject({ error: expect.stringMatching(/^LWA_/) })
        expect((await call('/api/me', tokens.accessToken)).status).toBe(200)
      })
    }
  })
}
