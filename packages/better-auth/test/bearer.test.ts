import { AudienceMismatchError, createLwaClient, InvalidTokenError } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveAt } from '../../../tools/testing/http.mjs'
import { verifyAmazonToken } from '../src/index.js'
import { sessionOf, signIn, startAuth } from './helpers.js'

let emulator: Emulator
let app: Awaited<ReturnType<typeof startAuth>>

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  app = await startAuth(emulator)
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

/** A token a mobile app would hold: issued by LWA to `clientId`, outside Better Auth. */
async function mobileToken(clientId = DEMO.webClientId, clientSecret = DEMO.webClientSecret) {
  const lwa = createLwaClient({ clientId, clientSecret, endpoints: emulator.endpoints })
  const redirectUri = DEMO.returnUrls.expressDemo
  const request = await lwa.authorizationUrl({ scope: 'profile', redirectUri })
  return (await lwa.handleCallback(approveAt(emulator, request.url), request)).accessToken
}

const tokenInfo = (authorization?: string) =>
  fetch(`${app.url}/api/auth/amazon/token-info`, {
    headers: authorization ? { authorization } : {},
  })

describe('the bearer check', () => {
  it("answers a token of this client with Amazon's user and the Better Auth user", async () => {
    const { jar } = await signIn(emulator, app.url)
    const session = await sessionOf(jar, app.url)
    const res = await tokenInfo(`Bearer ${await mobileToken()}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toMatchObject({
      amazonUserId: DEMO.users.alice.userId,
      clientId: DEMO.webClientId,
      userId: session?.user.id,
    })
  })

  it('checks token info once per token (cached)', async () => {
    const authorization = `Bearer ${await mobileToken()}`
    emulator.clearRequests()
    for (let i = 0; i < 3; i++) expect((await tokenInfo(authorization)).status).toBe(200)
    expect(emulator.requests().filter((r) => r.endpoint === 'tokeninfo')).toHaveLength(1)
  })

  it('refuses a missing, malformed or unknown token with an RFC 6750 challenge', async () => {
    const missing = await tokenInfo()
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toBe('Bearer')
    // Core's bearer table: a garbled or oversized header is 400, another scheme or shape 401.
    for (const header of ['Bearer', 'Bearer a b', `Bearer ${'x'.repeat(9000)}`])
      expect((await tokenInfo(header)).status).toBe(400)
    for (const header of ['Basic abc', 'Bearer not-an-lwa-token'])
      expect((await tokenInfo(header)).status).toBe(401)
    const forged = await tokenInfo('Bearer Atza|forged')
    expect(forged.status).toBe(401)
    expect(forged.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(await forged.text()).not.toContain('forged')
  })

  it("refuses another app's token (token info aud)", async () => {
    // A token of the EU profile's client, checked by this NA app.
    const eu = createLwaClient({
      clientId: DEMO.euWebClientId,
      clientSecret: DEMO.euWebClientSecret,
      endpoints: emulator.endpointsFor('EU'),
    })
    const request = await eu.authorizationUrl({
      scope: 'profile',
      redirectUri: DEMO.returnUrls.expressDemo,
    })
    const params = Object.fromEntries(new URL(request.url).searchParams)
    const callback = emulator.authorize({
      ...params,
      user_id: DEMO.users.alice.userId,
      region: 'EU',
    })
    const token = (await eu.handleCallback(callback.location, request)).accessToken
    const res = await tokenInfo(`Bearer ${token}`)
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: string }).error).toBe('LWA_AUDIENCE_MISMATCH')
    await expect(
      verifyAmazonToken(app.auth, { headers: new Headers({ authorization: `Bearer ${token}` }) }),
    ).rejects.toBeInstanceOf(AudienceMismatchError)
  })

  it('is usable server side, and answers 503 when token info is down', async () => {
    const token = await mobileToken()
    const checked = await verifyAmazonToken(app.auth, {
      headers: new Headers({ authorization: `Bearer ${token}` }),
    })
    expect(checked.amazonUserId).toBe(DEMO.users.alice.userId)
    await expect(verifyAmazonToken(app.auth, { headers: new Headers() })).rejects.toBeInstanceOf(
      InvalidTokenError,
    )
    emulator.injectFault({ endpoint: 'tokeninfo', kind: 'status', status: 503, times: 10 })
    const res = await tokenInfo(`Bearer ${await mobileToken()}`)
    emulator.clearFaults()
    expect(res.status).toBe(503)
  })
})

describe('the bearer check with its own client id', () => {
  it("calls LWA through the provider's fetch, as the web client does", async () => {
    const seen: string[] = []
    const recording: typeof fetch = (input, init) => {
      seen.push(new URL(input instanceof Request ? input.url : String(input)).pathname)
      return fetch(input, init)
    }
    const own = await startAuth(emulator, {
      amazon: { fetch: recording },
      plugin: { bearerClientId: DEMO.webClientId },
    })
    try {
      const res = await fetch(`${own.url}/api/auth/amazon/token-info`, {
        headers: { authorization: `Bearer ${await mobileToken()}` },
      })
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ clientId: DEMO.webClientId })
      expect(seen).toContain('/auth/o2/tokeninfo')
    } finally {
      await own.close()
    }
  })
})
