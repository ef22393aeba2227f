import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createTokenManager,
  InvalidArgumentError,
  LwaAbortError,
  LwaErrorCode,
  LwaServerError,
  MemoryTokenStore,
  ReauthorizationRequiredError,
  type TokenSet,
} from '../src/index.js'
import {
  ALICE,
  BOB,
  expiringIn,
  type Harness,
  refreshCount,
  signIn,
  startHarness,
} from './token-fixtures.js'

let h: Harness
let signedIn: TokenSet

beforeAll(async () => {
  h = await startHarness()
  signedIn = await signIn(h)
})
afterAll(() => h.close())
beforeEach(() => {
  h.emulator.clearFaults()
  h.emulator.clearRequests()
})

function setup(tokens: TokenSet, options: { now?: () => number } = {}) {
  const store = new MemoryTokenStore()
  store.set('alice', tokens)
  const manager = createTokenManager({ client: h.client, store, ...options })
  return { store, manager }
}

describe('createTokenManager', () => {
  it('sends no request while the token is valid beyond the head start', async () => {
    const { manager } = setup(expiringIn(signedIn, 30 * 60_000))
    const results = await Promise.all(
      Array.from({ length: 100 }, () => manager.getAccessToken('alice')),
    )
    expect(new Set(results)).toEqual(new Set([signedIn.accessToken]))
    expect(h.emulator.requests()).toHaveLength(0)
  })

  it('refreshes within the head start, stores the new set before anyone receives it', async () => {
    const { store, manager } = setup(expiringIn(signedIn, 5 * 60_000))
    const seenInStore: string[] = []
    const tokens = await Promise.all(
      Array.from({ length: 50 }, () =>
        manager.getAccessToken('alice').then((token) => {
          seenInStore.push(store.get('alice')?.accessToken ?? 'none')
          return token
        }),
      ),
    )
    expect(refreshCount(h.emulator)).toBe(1)
    expect(new Set(tokens).size).toBe(1)
    expect(tokens[0]).not.toBe(signedIn.accessToken)
    expect(tokens[0]).toMatch(/^Atza\|/)
    expect(new Set(seenInStore)).toEqual(new Set([tokens[0]]))
    expect(store.get('alice')?.refreshToken).toBe(signedIn.refreshToken)
    expect(store.get('alice')?.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000)
  })

  it('gives 10,000 concurrent callers on an expired key one refresh', async () => {
    const { store, manager } = setup(expiringIn(signedIn, -60_000))
    const tokens = await Promise.all(
      Array.from({ length: 10_000 }, () => manager.getAccessToken('alice')),
    )
    expect(refreshCount(h.emulator)).toBe(1)
    expect(new Set(tokens)).toEqual(new Set([store.get('alice')?.accessToken]))
    // The token works at the emulator.
    const info = await fetch(
      `${h.emulator.endpoints.tokenInfoEndpoint}?access_token=${encodeURIComponent(tokens[0]!)}`,
    )
    expect(info.status).toBe(200)
  })

  it('refreshes again on the next expiry, not before', async () => {
    let clock = Date.now()
    const { manager } = setup(expiringIn(signedIn, -1), { now: () => clock })
    const first = await manager.getAccessToken('alice')
    expect(await manager.getAccessToken('alice')).toBe(first)
    clock += 49 * 60_000
    expect(await manager.getAccessToken('alice')).toBe(first)
    expect(refreshCount(h.emulator)).toBe(1)
    clock += 2 * 60_000 // now within ten minutes of expiry
    const second = await manager.getAccessToken('alice')
    expect(second).not.toBe(first)
    expect(refreshCount(h.emulator)).toBe(2)
  })

  it('keeps serving a still-valid token while the token endpoint fails, and backs off', async () => {
    let clock = Date.now()
    const tokens = expiringIn(signedIn, 5 * 60_000)
    const { store, manager } = setup(tokens, { now: () => clock })
    h.emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503, times: 100 })
    const got = await Promise.all(Array.from({ length: 20 }, () => manager.getAccessToken('alice')))
    expect(new Set(got)).toEqual(new Set([signedIn.accessToken]))
    const attempts = refreshCount(h.emulator)
    expect(attempts).toBe(3) // one refresh, with the client's two retries
    // Within the backoff window no new request goes out.
    expect(await manager.getAccessToken('alice')).toBe(signedIn.accessToken)
    expect(refreshCount(h.emulator)).toBe(attempts)
    expect(store.get('alice')?.refreshToken).toBe(signedIn.refreshToken)
    // After the backoff window, the next caller retries; the endpoint works again.
    h.emulator.clearFaults()
    clock += 61_000
    const fresh = await manager.getAccessToken('alice')
    expect(fresh).not.toBe(signedIn.accessToken)
    expect(refreshCount(h.emulator)).toBe(attempts + 1)
    expect(store.get('alice')?.accessToken).toBe(fresh)
  })

  it('throws a typed retryable error once the token expired and refresh still fails', async () => {
    const { store, manager } = setup(expiringIn(signedIn, -1000))
    h.emulator.injectFault({ endpoint: 'token', kind: 'status', status: 500, times: 100 })
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => manager.getAccessToken('alice')),
    )
    for (const result of results) {
      expect(result.status).toBe('rejected')
      const error = (result as PromiseRejectedResult).reason
      expect(error).toBeInstanceOf(LwaServerError)
      expect(error.retryable).toBe(true)
      expect(error.message).not.toContain('Atz')
    }
    expect(refreshCount(h.emulator)).toBe(3)
    expect(store.get('alice')?.refreshToken).toBe(signedIn.refreshToken)

    h.emulator.clearFaults()
    h.emulator.injectFault({ endpoint: 'token', kind: 'reset', times: 100 })
    await expect(manager.getAccessToken('alice')).rejects.toMatchObject({
      code: LwaErrorCode.Network,
      retryable: true,
    })
    expect(store.get('alice')?.refreshToken).toBe(signedIn.refreshToken)

    h.emulator.clearFaults()
    const fresh = await manager.getAccessToken('alice')
    expect(store.get('alice')?.accessToken).toBe(fresh)
  })

  it('deletes the tokens and asks for a new sign-in when the grant was revoked', async () => {
    const bobTokens = await signIn(h, 'profile', BOB)
    const store = new MemoryTokenStore()
    store.set('bob', expiringIn(bobTokens, -1))
    const manager = createTokenManager({ client: h.client, store })
    h.emulator.revoke({ userId: BOB, clientId: h.client.clientId })
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => manager.getAccessToken('bob')),
    )
    for (const result of results) {
      const error = (result as PromiseRejectedResult).reason
      expect(error).toBeInstanceOf(ReauthorizationRequiredError)
      expect(error.code).toBe(LwaErrorCode.ReauthorizationRequired)
      expect(error.message).toMatch(/sign in again/)
    }
    expect(store.get('bob')).toBeUndefined()
    expect(refreshCount(h.emulator)).toBe(1)
    await expect(manager.getAccessToken('bob')).rejects.toBeInstanceOf(ReauthorizationRequiredError)
  })

  it('refreshes a token the API refused, once, even before it expires', async () => {
    const { store, manager } = setup(expiringIn(signedIn, 30 * 60_000))
    const rejectedToken = signedIn.accessToken
    const tokens = await Promise.all(
      Array.from({ length: 20 }, () => manager.getAccessToken('alice', { rejectedToken })),
    )
    expect(new Set(tokens).size).toBe(1)
    expect(tokens[0]).not.toBe(rejectedToken)
    expect(refreshCount(h.emulator)).toBe(1)
    // A late caller with the same refused token gets the replacement without another refresh.
    expect(await manager.getAccessToken('alice', { rejectedToken })).toBe(tokens[0])
    expect(refreshCount(h.emulator)).toBe(1)
    expect(store.get('alice')?.accessToken).toBe(tokens[0])
  })

  it('does not bring tokens back when they are forgotten during a refresh', async () => {
    const { store, manager } = setup(expiringIn(signedIn, -1))
    h.emulator.injectFault({ endpoint: 'token', kind: 'delay', delayMs: 300 })
    const pending = manager.getAccessToken('alice')
    await new Promise((resolve) => setTimeout(resolve, 50))
    await manager.forget('alice')
    await expect(pending).rejects.toBeInstanceOf(ReauthorizationRequiredError)
    expect(store.get('alice')).toBeUndefined()
  })

  it('keeps tokens set during a refresh instead of overwriting them', async () => {
    const { store, manager } = setup(expiringIn(signedIn, -1))
    h.emulator.injectFault({ endpoint: 'token', kind: 'delay', delayMs: 300 })
    const pending = manager.getAccessToken('alice')
    await new Promise((resolve) => setTimeout(resolve, 50))
    const replacement = {
      ...signedIn,
      accessToken: 'Atza|replacement',
      expiresAt: Date.now() + 3600_000,
    }
    await manager.setTokens('alice', replacement)
    expect(await pending).toBe('Atza|replacement')
    expect(store.get('alice')?.accessToken).toBe('Atza|replacement')
  })

  it('lets one caller stop waiting without cancelling the shared refresh', async () => {
    const { store, manager } = setup(expiringIn(signedIn, -1))
    h.emulator.injectFault({ endpoint: 'token', kind: 'delay', delayMs: 200 })
    const controller = new AbortController()
    const leaving = manager.getAccessToken('alice', { signal: controller.signal })
    const staying = manager.getAccessToken('alice')
    controller.abort()
    await expect(leaving).rejects.toBeInstanceOf(LwaAbortError)
    const token = await staying
    expect(store.get('alice')?.accessToken).toBe(token)
    expect(refreshCount(h.emulator)).toBe(1)
  })

  it('asks for a sign-in when no tokens are stored, and checks its arguments', async () => {
    const manager = createTokenManager({ client: h.client, store: new MemoryTokenStore() })
    await expect(manager.getAccessToken('nobody')).rejects.toThrow(/sign in/)
    await expect(manager.getAccessToken('')).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(
      manager.setTokens('x', { accessToken: '', expiresAt: 1 } as TokenSet),
    ).rejects.toBeInstanceOf(InvalidArgumentError)
    expect(() => createTokenManager({ client: h.client } as never)).toThrow(InvalidArgumentError)
    expect(ALICE).toMatch(/^amzn1\.account\./)
  })

  it('uses a token without a refresh token until it expires, then asks for a sign-in', async () => {
    let clock = Date.now()
    const { refreshToken: _dropped, ...noRefresh } = expiringIn(signedIn, 5 * 60_000)
    const { manager } = setup(noRefresh, { now: () => clock })
    expect(await manager.getAccessToken('alice')).toBe(signedIn.accessToken)
    clock += 6 * 60_000
    await expect(manager.getAccessToken('alice')).rejects.toBeInstanceOf(
      ReauthorizationRequiredError,
    )
    expect(refreshCount(h.emulator)).toBe(0)
  })
})
