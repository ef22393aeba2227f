import { describe, expect, it } from 'vitest'
import {
  AudienceMismatchError,
  createLwaClient,
  createTokenVerifier,
  InvalidTokenError,
  scopes,
} from '../src/index.js'
import { authorizeInBrowser, countRequests, DEMO, useEmulator, webClient } from './support.js'

const env = useEmulator()

async function tokenFor(lwa = webClient(env.emulator)) {
  const { request, callbackUrl } = await authorizeInBrowser(env.emulator, lwa, {
    scope: scopes.profile,
  })
  return (await lwa.handleCallback(callbackUrl, request)).accessToken
}

describe('verifyAccessToken against the emulator', () => {
  it('returns who the token belongs to, with absolute times', async () => {
    const lwa = webClient(env.emulator)
    const before = Date.now()
    const info = await lwa.verifyAccessToken(await tokenFor(lwa))
    expect(info).toMatchObject({
      userId: DEMO.users.alice.userId,
      clientId: DEMO.webClientId,
      appId: DEMO.profileId,
      issuer: 'https://www.amazon.com',
    })
    expect(info.expiresAt).toBeGreaterThan(before + 3_500_000)
    expect(info.issuedAt).toBeLessThanOrEqual(Date.now())
    expect(info.issuedAt).toBeGreaterThan(before - 5_000)
  })

  it('refuses a token issued to another client (aud differs)', async () => {
    const device = createLwaClient({
      clientId: DEMO.deviceClientId,
      endpoints: env.emulator.endpoints,
    })
    const foreign = await tokenFor(device)
    const web = webClient(env.emulator)
    await expect(web.verifyAccessToken(foreign)).rejects.toBeInstanceOf(AudienceMismatchError)
    // the token itself is fine for its own client
    await expect(device.verifyAccessToken(foreign)).resolves.toMatchObject({
      clientId: DEMO.deviceClientId,
    })
  })

  it('refuses an unknown, an expired and a malformed token', async () => {
    const lwa = webClient(env.emulator)
    await expect(lwa.verifyAccessToken('Atza|not-a-real-token')).rejects.toBeInstanceOf(
      InvalidTokenError,
    )
    const token = await tokenFor(lwa)
    env.emulator.advanceClock(3601)
    await expect(lwa.verifyAccessToken(token)).rejects.toBeInstanceOf(InvalidTokenError)
    env.emulator.clearRequests()
    for (const bad of ['', 'has space', 'x'.repeat(5000), 'tab\t'])
      await expect(lwa.verifyAccessToken(bad)).rejects.toBeInstanceOf(InvalidTokenError)
    expect(countRequests(env.emulator, 'tokeninfo')).toBe(0)
  })
})

describe('createTokenVerifier', () => {
  it('calls token info once per token and keeps the answer until the token expires', async () => {
    const lwa = webClient(env.emulator)
    const token = await tokenFor(lwa)
    let now = Date.now()
    const verifier = createTokenVerifier({ client: lwa, now: () => now })
    const results = await Promise.all([verifier.verify(token), verifier.verify(token)])
    await verifier.verify(token)
    expect(results[0]).toEqual(results[1])
    expect(countRequests(env.emulator, 'tokeninfo')).toBe(1)
    expect(verifier.size).toBe(1)
    now = (results[0]?.expiresAt ?? 0) + 1
    // past the cached expiry, the verifier asks token info again
    await verifier.verify(token)
    expect(countRequests(env.emulator, 'tokeninfo')).toBe(2)
  })

  it('does not cache refusals and bounds its size', async () => {
    const lwa = webClient(env.emulator)
    const verifier = createTokenVerifier({ client: lwa, maxEntries: 2 })
    await expect(verifier.verify('Atza|bogus')).rejects.toBeInstanceOf(InvalidTokenError)
    await expect(verifier.verify('Atza|bogus')).rejects.toBeInstanceOf(InvalidTokenError)
    expect(countRequests(env.emulator, 'tokeninfo')).toBe(2)
    const tokens = [await tokenFor(lwa), await tokenFor(lwa), await tokenFor(lwa)]
    for (const token of tokens) await verifier.verify(token)
    expect(verifier.size).toBe(2)
    const foreign = await tokenFor(
      createLwaClient({ clientId: DEMO.deviceClientId, endpoints: env.emulator.endpoints }),
    )
    await expect(verifier.verify(foreign)).rejects.toBeInstanceOf(AudienceMismatchError)
  })
  it('keys its cache with a given synchronous hash; a cached token makes no request', async () => {
    const lwa = webClient(env.emulator)
    const token = await tokenFor(lwa)
    const hashed: string[] = []
    // A toy hash that is still injective, so the test can see what the verifier was keyed by.
    const hash = (value: string) => {
      hashed.push(value)
      return `k:${value.length}:${value}`
    }
    const verifier = createTokenVerifier({ client: lwa, hash })
    expect(verifier.peek(token)).toBeUndefined()
    const first = await verifier.verify(token)
    expect(hashed).toEqual([token])
    expect(countRequests(env.emulator, 'tokeninfo')).toBe(1)
    env.emulator.clearRequests()
    const again = await verifier.verify(token)
    expect(again).toBe(first)
    expect(hashed).toEqual([token, token])
    expect(countRequests(env.emulator, 'tokeninfo')).toBe(0)
    expect(verifier.size).toBe(1)
    // peek answers a cached token synchronously, with the same hash, and nothing else.
    expect(verifier.peek(token)).toBe(first)
    expect(hashed).toEqual([token, token, token])
    expect(verifier.peek(`${token}x`)).toBeUndefined()
    expect(createTokenVerifier({ client: lwa }).peek(token)).toBeUndefined()
    hashed.length = 2
    // A malformed token is refused before it is hashed, and a throwing hash rejects the call.
    await expect(verifier.verify('has space')).rejects.toBeInstanceOf(InvalidTokenError)
    expect(hashed).toHaveLength(2)
    const failing = createTokenVerifier({
      client: lwa,
      hash: () => {
        throw new Error('hash failed')
      },
    })
    await expect(failing.verify(token)).rejects.toThrow('hash failed')
    expect(countRequests(env.emulator, 'tokeninfo')).toBe(0)
  })
})
