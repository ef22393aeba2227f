// The token lifecycle against the emulator, with its refresh-token rotation off and on: no path
// may lose the live refresh token (issue 14). Stores are real ones; a failing store is a real
// MemoryTokenStore wrapped to fail its writes, a lock that cannot be extended is a real lock
// whose extension is left out.
import { createHash } from 'node:crypto'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createLwaClient,
  createTokenManager,
  type LwaClient,
  MemoryTokenStore,
  ReauthorizationRequiredError,
  type TokenSet,
  type TokenStore,
} from '../src/index.js'

const CALLBACK = DEMO.returnUrls.expressDemo
const METHODS = [
  'get',
  'set',
  'delete',
  'compareAndDelete',
  'acquireLock',
  'extendLock',
  'releaseLock',
] as const

/** A real store whose next `failures` writes throw, as a store that is briefly down does. */
function failingWrites(inner: TokenStore, leaveOut: readonly string[] = []) {
  const store: Record<string, unknown> = {}
  for (const name of METHODS) {
    const method = (inner as unknown as Record<string, unknown>)[name]
    if (typeof method === 'function' && !leaveOut.includes(name))
      store[name] = (method as (...args: unknown[]) => unknown).bind(inner)
  }
  let failures = 0
  let failed = 0
  store.set = async (key: string, tokens: TokenSet) => {
    if (failures > 0) {
      failures--
      failed++
      throw new Error('the store is down')
    }
    await inner.set(key, tokens)
  }
  return {
    store: store as unknown as TokenStore,
    failNext(n: number) {
      failures = n
    },
    get failed() {
      return failed
    },
  }
}

/** A short fingerprint, so that a failed assertion never prints a token. */
const fp = (token: string | undefined) =>
  token === undefined ? 'none' : createHash('sha256').update(token).digest('hex').slice(0, 12)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await sleep(10)
  }
}

describe.each([
  { rotation: false, name: 'rotation off' },
  { rotation: true, name: 'rotation on' },
])('the token lifecycle with $name', ({ rotation }) => {
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
  afterAll(() => emulator.close())
  beforeEach(() => {
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
    const code = new URL(location).searchParams.get('code')
    if (!code) throw new Error('the emulator gave no code')
    return client.exchangeCode({ code, redirectUri: CALLBACK, scope: 'profile' })
  }

  const refreshes = () => emulator.requests().filter((r) => r.grant_type === 'refresh_token')

  async function works(accessToken: string): Promise<boolean> {
    const url = new URL(emulator.endpoints.tokenInfoEndpoint)
    url.searchParams.set('access_token', accessToken)
    return (await fetch(url)).status === 200
  }

  /** The stored grant is alive: a later refresh through a new manager (a restart) works. */
  async function expectLiveGrant(store: TokenStore, key: string): Promise<void> {
    const stored = await store.get(key)
    expect(stored?.refreshToken).toMatch(/^Atzr\|/)
    const later = createTokenManager({
      client,
      store,
      now: () => Date.now() + 2 * 3600_000, // two hours on: the access token has expired
    })
    const accessToken = await later.getAccessToken(key)
    expect(await works(accessToken)).toBe(true)
    expect(fp((await store.get(key))?.accessToken)).toBe(fp(accessToken))
  }

  it('a store write that fails once after a refresh keeps the new set and writes it again', async () => {
    const memory = new MemoryTokenStore()
    const signedIn = await signIn()
    memory.set('alice', { ...signedIn, expiresAt: Date.now() - 1000 })
    const failing = failingWrites(memory)
    const manager = createTokenManager({ client, store: failing.store })
    failing.failNext(1)

    const tokens = await Promise.all(
      Array.from({ length: 20 }, () => manager.getAccessToken('alice')),
    )
    expect(failing.failed).toBe(1)
    expect(refreshes()).toHaveLength(1)
    expect(new Set(tokens).size).toBe(1)
    expect(fp(tokens[0])).not.toBe(fp(signedIn.accessToken))
    expect(await works(tokens[0]!)).toBe(true)
    await until(() => memory.get('alice')?.accessToken === tokens[0])
    // The same manager keeps handing out the new token without another refresh.
    expect(fp(await manager.getAccessToken('alice'))).toBe(fp(tokens[0]))
    expect(refreshes()).toHaveLength(1)
    await expectLiveGrant(memory, 'alice')
  })

  it('a store that stays down: callers get the new set from memory; it is written once the store is back', async () => {
    const memory = new MemoryTokenStore()
    const signedIn = await signIn()
    memory.set('alice', { ...signedIn, expiresAt: Date.now() - 1000 })
    const failing = failingWrites(memory)
    const manager = createTokenManager({ client, store: failing.store })
    failing.failNext(6)

    const first = await manager.getAccessToken('alice')
    expect(fp(first)).not.toBe(fp(signedIn.accessToken))
    // While the store is down, the new set is served from memory: no second refresh, which
    // (with rotation on) would use the rotated-away refresh token.
    for (let i = 0; i < 5; i++) expect(fp(await manager.getAccessToken('alice'))).toBe(fp(first))
    expect(refreshes()).toHaveLength(1)
    await until(() => memory.get('alice')?.accessToken === first, 10_000)
    expect(failing.failed).toBe(6)
    await expectLiveGrant(memory, 'alice')
  })

  it('a write that keeps failing after a refresh: the lock stays until the set is written, so another instance never refreshes from the stale set', async () => {
    const memory = new MemoryTokenStore()
    const signedIn = await signIn()
    memory.set('alice', { ...signedIn, expiresAt: Date.now() - 1000 })
    const failing = failingWrites(memory)
    const lockTtlMs = 600
    const first = createTokenManager({ client, store: failing.store, lockTtlMs })
    const second = createTokenManager({ client, store: memory, lockTtlMs, lockWaitMs: 20_000 })
    // Three writes in line and two in the background fail: the new set waits in memory.
    failing.failNext(5)
    const fresh = await first.getAccessToken('alice')
    expect(failing.failed).toBe(3)
    // The other instance comes while the store still holds the stale set.
    expect(fp(memory.get('alice')?.accessToken)).toBe(fp(signedIn.accessToken))
    const other = await second.getAccessToken('alice')
    expect(fp(other)).toBe(fp(fresh))
    expect(refreshes()).toHaveLength(1)
    expect(failing.failed).toBe(5)
    await expectLiveGrant(memory, 'alice')
  })

  it('two managers on one locking store: the lock lives as long as a slow refresh, one refresh', async () => {
    const store = new MemoryTokenStore()
    const signedIn = await signIn()
    store.set('alice', { ...signedIn, expiresAt: Date.now() - 1000 })
    // Lifetimes long enough that a busy machine's timer delays (the lock is extended every third
    // of a lifetime) cannot let it lapse; the refresh still outlives four of them.
    const lockTtlMs = 600
    const first = createTokenManager({ client, store, lockTtlMs })
    const second = createTokenManager({ client, store, lockTtlMs })
    // The first refresh is slow: four lock lifetimes.
    emulator.injectFault({ endpoint: 'token', kind: 'delay', delayMs: 2400, times: 1 })
    const slow = first.getAccessToken('alice')
    await sleep(3 * lockTtlMs) // the first instance's lock would have expired by now
    const late = second.getAccessToken('alice')
    const [a, b] = await Promise.allSettled([slow, late])
    expect(a.status).toBe('fulfilled')
    expect(b.status).toBe('fulfilled')
    const stored = store.get('alice')
    expect(stored).toBeDefined()
    expect(fp((a as PromiseFulfilledResult<string>).value)).toBe(fp(stored?.accessToken))
    expect(fp((b as PromiseFulfilledResult<string>).value)).toBe(fp(stored?.accessToken))
    expect(refreshes()).toHaveLength(1)
    await expectLiveGrant(store, 'alice')
  })

  it('a lock lost during a slow refresh: invalid_grant re-reads the store and uses the winner', async () => {
    const memory = new MemoryTokenStore()
    const signedIn = await signIn()
    memory.set('alice', { ...signedIn, expiresAt: Date.now() - 1000 })
    // A real lock that is never extended, as with a store written before extendLock existed.
    const { store } = failingWrites(memory, ['extendLock'])
    const lockTtlMs = 200
    const first = createTokenManager({ client, store, lockTtlMs })
    const second = createTokenManager({ client, store, lockTtlMs })
    emulator.injectFault({ endpoint: 'token', kind: 'delay', delayMs: 800, times: 1 })
    const slow = first.getAccessToken('alice')
    await sleep(3 * lockTtlMs) // the first instance's lock has expired; its refresh is still out
    const late = second.getAccessToken('alice')
    const [a, b] = await Promise.allSettled([slow, late])
    expect(a.status).toBe('fulfilled')
    expect(b.status).toBe('fulfilled')
    const stored = memory.get('alice')
    expect(stored).toBeDefined()
    expect(await works((a as PromiseFulfilledResult<string>).value)).toBe(true)
    expect(await works((b as PromiseFulfilledResult<string>).value)).toBe(true)
    await expectLiveGrant(memory, 'alice')
  })

  it('a revoked grant is still deleted, and every caller is asked to sign in again', async () => {
    const store = new MemoryTokenStore()
    const signedIn = await signIn()
    store.set('alice', { ...signedIn, expiresAt: Date.now() - 1000 })
    emulator.revoke({ userId: DEMO.users.alice.userId, clientId: DEMO.webClientId })
    const manager = createTokenManager({ client, store })
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => manager.getAccessToken('alice')),
    )
    for (const result of results) {
      expect(result.status).toBe('rejected')
      const error = (result as PromiseRejectedResult).reason
      expect(error).toBeInstanceOf(ReauthorizationRequiredError)
      expect(error.message).not.toMatch(/Atz[ar]\|/)
    }
    expect(store.get('alice')).toBeUndefined()
    expect(refreshes()).toHaveLength(1)
  })
})
