import { describe, expect, it } from 'vitest'
import {
  createLwaClient,
  createUsedNonceCache,
  InvalidArgumentError,
  openState,
  SealedStateError,
  sealState,
} from '../src/index.js'

const secret = 'a-very-long-test-secret-of-at-least-32-chars'
const payload = {
  state: 'state-value-1234567890',
  codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  returnTo: '/library?tab=1',
  redirectUri: 'http://localhost:3000/auth/amazon/callback',
}

describe('sealed sign-in state', () => {
  it('round-trips, with an expiry, and hides the verifier', async () => {
    const sealed = await sealState(payload, { secret, now: () => 1_000_000 })
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
    expect(sealed).not.toContain(payload.codeVerifier)
    expect(sealed).not.toContain('library')
    const opened = await openState(sealed, { secret, now: () => 1_000_000 + 599_000 })
    expect(opened).toMatchObject(payload)
    expect(opened.expiresAt).toBe(1_000_000 + 600_000)
    expect(opened.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/)
  })

  it('accepts the result of authorizationUrl as it is', async () => {
    const lwa = createLwaClient({ clientId: 'amzn1.application-oa2-client.x' })
    const request = await lwa.authorizationUrl({
      scope: 'profile',
      redirectUri: payload.redirectUri,
      returnTo: '//evil.example',
    })
    expect(request.returnTo).toBe('/')
    const opened = await openState(await sealState(request, { secret }), { secret })
    expect(opened.state).toBe(request.state)
    expect(opened.codeVerifier).toBe(request.codeVerifier)
  })

  it('refuses an expired value', async () => {
    const sealed = await sealState(payload, { secret, maxAgeSeconds: 60, now: () => 0 })
    await expect(openState(sealed, { secret, now: () => 60_000 })).rejects.toThrow(/expired/)
  })

  it('refuses a tampered value, another secret, garbage and a missing cookie', async () => {
    const sealed = await sealState(payload, { secret })
    const body = sealed.slice(3)
    const flipped = `v1.${body.slice(0, 20)}${body[20] === 'A' ? 'B' : 'A'}${body.slice(21)}`
    await expect(openState(flipped, { secret })).rejects.toThrow(/tampered/)
    await expect(openState(sealed, { secret: `${secret}-other` })).rejects.toThrow(/tampered/)
    for (const garbage of ['', 'v1.', 'v2.abc', 'v1.!!!', `v1.${'A'.repeat(30)}`, undefined, null])
      await expect(openState(garbage, { secret })).rejects.toBeInstanceOf(SealedStateError)
  })

  it('rotates secrets: the first seals, all open', async () => {
    const old = await sealState(payload, { secret })
    const next = `${secret}-next-generation`
    await expect(openState(old, { secret: [next, secret] })).resolves.toMatchObject(payload)
  })

  it('refuses a replay with a used-nonce cache', async () => {
    const usedNonces = createUsedNonceCache()
    const sealed = await sealState(payload, { secret })
    await openState(sealed, { secret, usedNonces })
    await expect(openState(sealed, { secret, usedNonces })).rejects.toThrow(/already used/)
    // another value is still fine
    await openState(await sealState(payload, { secret }), { secret, usedNonces })
  })

  it('bounds the used-nonce cache and forgets expired nonces', () => {
    let time = 0
    const cache = createUsedNonceCache({ maxEntries: 2, now: () => time })
    expect(cache.markUsed('a', 100)).toBe(true)
    expect(cache.markUsed('a', 100)).toBe(false)
    time = 150
    expect(cache.markUsed('a', 300)).toBe(true)
    expect(cache.markUsed('b', 300)).toBe(true)
    expect(cache.markUsed('c', 300)).toBe(true) // evicts 'a'
    expect(cache.markUsed('c', 300)).toBe(false)
  })

  it('keeps refusing a used nonce until it expires, and a full cache forgets its oldest tenth', () => {
    let time = 0
    const cache = createUsedNonceCache({ maxEntries: 20, now: () => time })
    for (let i = 0; i < 20; i++) expect(cache.markUsed(`n${i}`, 10_000)).toBe(true)
    expect(cache.markUsed('n20', 10_000)).toBe(true) // full: n0 and n1 go at once
    expect(cache.markUsed('n1', 10_000)).toBe(true)
    expect(cache.markUsed('n0', 10_000)).toBe(true) // full again: n2 and n3 go
    expect(cache.markUsed('n4', 10_000)).toBe(false)
    time = 9_999
    expect(cache.markUsed('n5', 10_000)).toBe(false)
    time = 10_000
    expect(cache.markUsed('n5', 20_000)).toBe(true) // expired: allowed again
    expect(cache.markUsed('n5', 20_000)).toBe(false)
  })

  it('refuses a short secret and an unsafe payload', async () => {
    await expect(sealState(payload, { secret: 'short' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    await expect(sealState({ ...payload, returnTo: '//evil' }, { secret })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    await expect(sealState({ ...payload, codeVerifier: 'x' }, { secret })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
  })
})
