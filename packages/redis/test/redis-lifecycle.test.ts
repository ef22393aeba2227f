// The token lifecycle on a real Redis and the emulator, with its refresh-token rotation off and
// on: two app instances (two token managers) share one RedisTokenStore, and no path may lose the
// live refresh token (issue 14). A failing store is the real store wrapped to fail its writes.
import { createHash } from 'node:crypto'
import {
  createLwaClient,
  createTokenManager,
  type LwaClient,
  type TokenSet,
  type TokenStore,
} from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../../../tools/testing/redis-server.mjs'
import { generateEncryptionKey, RedisTokenStore } from '../src/index.js'

const CALLBACK = DEMO.returnUrls.expressDemo
const keys = [{ id: 'k1', key: generateEncryptionKey() }]
const METHODS = [
  'get',
  'set',
  'delete',
  'compareAndDelete',
  'acquireLock',
  'extendLock',
  'releaseLock',
] as const

/** The real store, with some methods left out and its next `n` writes failing. */
function wrapped(inner: TokenStore, leaveOut: readonly string[] = []) {
  const store: Record<string, unknown> = {}
  for (const name of METHODS) {
    const method = (inner as unknown as Record<string, unknown>)[name]
    if (typeof method === 'function' && !leaveOut.includes(name))
      store[name] = (method as (...args: unknown[]) => unknown).bind(inner)
  }
  let failures = 0
  store.set = async (key: string, tokens: TokenSet) => {
    if (failures > 0) {
      failures--
      throw new Error('the store is down')
    }
    await inner.set(key, tokens)
  }
  return {
    store: store as unknown as TokenStore,
    failNext(n: number) {
      failures = n
    },
  }
}

const fp = (token: string | undefined) =>
  token === undefined ? 'none' : createHash('sha256').update(token).digest('hex').slice(0, 12)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let server: RedisServer
let redis: Redis

beforeAll(async () => {
  server = await startRedisServer()
  redis = new Redis(server.url)
})
afterAll(async () => {
  redis?.disconnect()
  await server?.stop()
})

describe.each([
  { rotation: false, name: 'rotation off' },
  { rotation: true, name: 'rotation on' },
])('RedisTokenStore lifecycle with $name', ({ rotation }) => {
  let emulator: Emulator
  let client: LwaClient

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { rotateRefreshTokens: rotation } })
    client = createLwaClient({
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      endpoints: emulator.endpoints,
      timeoutMs: 5000,
    })
  })
  afterAll(() => emulator?.close())
  beforeEach(async () => {
    await redis.flushall()
    emulator.clearFaults()
    emulator.clearRequests()
  })

  async function signIn(): Promise<TokenSet> {
    const { location } = emulator.authorize({
      client_id: DEMO.webClientId,
      response_type: 'code',
      scope: 'profile',
      redirect_uri: CALLBACK,
      state: 's',
      user_id: DEMO.users.alice.userId,
    })
    const code = new URL(location).searchParams.get('code')!
    return client.exchangeCode({ code, redirectUri: CALLBACK, scope: 'profile' })
  }

  const refreshes = () => emulator.requests().filter((r) => r.grant_type === 'refresh_token')

  async function works(accessToken: string): Promise<boolean> {
    const url = new URL(emulator.endpoints.tokenInfoEndpoint)
    url.searchParams.set('access_token', accessToken)
    return (await fetch(url)).status === 200
  }

  /** A restarted instance, two hours later, can still refresh what is stored. */
  async function expectLiveGrant(store: TokenStore, key: string): Promise<void> {
    const stored = await store.get(key)
    expect(stored?.refreshToken).toMatch(/^Atzr\|/)
    const later = createTokenManager({ client, store, now: () => Date.now() + 2 * 3600_000 })
    const accessToken = await later.getAccessToken(key)
    expect(await works(accessToken)).toBe(true)
    expect(fp((await store.get(key))?.accessToken)).toBe(fp(accessToken))
  }

  it('a write that fails once after a refresh: the new set is kept and written again', async () => {
    const real = new RedisTokenStore({ redis, keys })
    const signedIn = await signIn()
    await real.set('alice', { ...signedIn, expiresAt: Date.now() - 1000 })
    const failing = wrapped(real)
    const manager = createTokenManager({ client, store: failing.store })
    failing.failNext(1)
    const tokens = await Promise.all(
      Array.from({ length: 20 }, () => manager.getAccessToken('alice')),
    )
    expect(new Set(tokens).size).toBe(1)
    expect(fp(tokens[0])).not.toBe(fp(signedIn.accessToken))
    expect(refreshes()).toHaveLength(1)
    for (let i = 0; i < 200 && fp((await real.get('alice'))?.accessToken) !== fp(tokens[0]); i++)
      await sleep(25)
    expect(fp((await real.get('alice'))?.accessToken)).toBe(fp(tokens[0]))
    await expectLiveGrant(real, 'alice')
  })

  it('two instances, a lock TTL shorter than a slow refresh: one refresh, nothing wiped', async () => {
    const store = new RedisTokenStore({ redis, keys })
    const signedIn = await signIn()
    await store.set('alice', { ...signedIn, expiresAt: Date.now() - 1000 })
    // Lifetimes long enough that a busy machine's timer delays (the lock is extended every third
    // of a lifetime) cannot let it lapse; the refresh still outlives four of them.
    const lockTtlMs = 600
    const first = createTokenManager({ client, store, lockTtlMs })
    const second = createTokenManager({ client, store, lockTtlMs })
    emulator.injectFault({ endpoint: 'token', kind: 'delay', delayMs: 2400, times: 1 })
    const slow = first.getAccessToken('alice')
    await sleep(3 * lockTtlMs) // without extension, the first instance's lock is gone by now
    const late = second.getAccessToken('alice')
    const [a, b] = await Promise.allSettled([slow, late])
    expect(a.status).toBe('fulfilled')
    expect(b.status).toBe('fulfilled')
    const stored = await store.get('alice')
    expect(fp((a as PromiseFulfilledResult<string>).value)).toBe(fp(stored?.accessToken))
    expect(fp((b as PromiseFulfilledResult<string>).value)).toBe(fp(stored?.accessToken))
    expect(refreshes()).toHaveLength(1)
    expect(await redis.exists(store.lockKey('alice'))).toBe(0)
    await expectLiveGrant(store, 'alice')
  })

  it('a lock that is not extended expires mid-refresh: invalid_grant uses the winner, deletes nothing', async () => {
    const real = new RedisTokenStore({ redis, keys })
    const signedIn = await signIn()
    await real.set('alice', { ...signedIn, expiresAt: Date.now() - 1000 })
    // The lock of a store written before extendLock existed: real, but never extended.
    const { store } = wrapped(real, ['extendLock'])
    const lockTtlMs = 200
    const first = createTokenManager({ client, store, lockTtlMs })
    const second = createTokenManager({ client, store, lockTtlMs })
    emulator.injectFault({ endpoint: 'token', kind: 'delay', delayMs: 800, times: 1 })
    const slow = first.getAccessToken('alice')
    await sleep(3 * lockTtlMs)
    const late = second.getAccessToken('alice')
    const [a, b] = await Promise.allSettled([slow, late])
    expect(a.status).toBe('fulfilled')
    expect(b.status).toBe('fulfilled')
    expect(await works((a as PromiseFulfilledResult<string>).value)).toBe(true)
    expect(await works((b as PromiseFulfilledResult<string>).value)).toBe(true)
    await expectLiveGrant(real, 'alice')
  })
})
