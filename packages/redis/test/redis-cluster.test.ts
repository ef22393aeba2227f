// RedisTokenStore on a real Redis Cluster (three masters, three replicas on loopback, started
// here): the store's commands on a Cluster, two app instances making one refresh for many callers,
// and a master SIGKILLed mid-refresh, with the emulator's refresh-token rotation off and on.
import { createHash } from 'node:crypto'
import {
  createLwaClient,
  createTokenManager,
  isLwaError,
  type LwaClient,
  type TokenManager,
  type TokenSet,
  type TokenStore,
} from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { Cluster } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  type RedisCluster,
  startRedisCluster,
  waitUntil,
} from '../../../tools/testing/redis-cluster.mjs'
import { generateEncryptionKey, RedisTokenStore, RedisUnavailableError } from '../src/index.js'

const CALLBACK = DEMO.returnUrls.expressDemo
const keys = [{ id: 'k1', key: generateEncryptionKey() }]
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const fp = (token: string | undefined) =>
  token === undefined ? 'none' : createHash('sha256').update(token).digest('hex').slice(0, 12)

const sample: TokenSet = {
  accessToken: `Atza|${'a'.repeat(300)}`,
  refreshToken: `Atzr|${'r'.repeat(200)}`,
  tokenType: 'bearer',
  expiresAt: 1_900_000_000_000,
  scope: ['profile'],
}

let cluster: RedisCluster
const connections: Cluster[] = []
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)

/** A Cluster connection of its own (as each app instance has). */
function connect(): Cluster {
  const redis = new Cluster(cluster.nodes)
  // An app listens for connection errors; during a failover ioredis reports the dead node here.
  redis.on('error', () => {})
  connections.push(redis)
  return redis
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled)
  cluster = await startRedisCluster({ nodeTimeoutMs: 1000 })
}, 60_000)
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled)
  for (const redis of connections) redis.disconnect()
  await cluster?.stop()
})
afterEach(() => {
  expect(unhandled).toEqual([])
})

describe('RedisTokenStore on a Redis Cluster', () => {
  it('get/set/delete, compareAndDelete and the lock; every script stays in one hash slot', async () => {
    const evals: string[][] = []
    /** Records the keys of every EVAL a connection sends. */
    const recorded = (redis: Cluster): Cluster => {
      const evalCommand = redis.eval.bind(redis) as (...args: unknown[]) => Promise<unknown>
      ;(redis as unknown as { eval: unknown }).eval = (
        script: string,
        numkeys: number,
        ...rest: unknown[]
      ) => {
        evals.push(rest.slice(0, numkeys).map(String))
        return evalCommand(script, numkeys, ...rest)
      }
      return redis
    }
    const redis = recorded(connect())
    const store = new RedisTokenStore({ redis, keys, ttlSeconds: 600 })

    // Keys of many users spread over the three masters: the layout is really sharded.
    const users = Array.from({ length: 12 }, (_, i) => `user-${i}`)
    await Promise.all(users.map((u) => store.set(u, { ...sample, accessToken: `Atza|${u}` })))
    const masters = new Set(
      await Promise.all(users.map((u) => cluster.masterOf(store.tokensKey(u)))),
    )
    expect(masters.size).toBeGreaterThanOrEqual(2)
    for (const u of users) expect((await store.get(u))?.accessToken).toBe(`Atza|${u}`)
    // A second instance (its own connection) reads what the first wrote.
    const other = new RedisTokenStore({ redis: recorded(connect()), keys })
    expect((await other.get('user-3'))?.accessToken).toBe('Atza|user-3')
    const ttl = await redis.ttl(store.tokensKey('user-3'))
    expect(ttl).toBeGreaterThan(500)
    await store.delete('user-3')
    expect(await other.get('user-3')).toBeUndefined()
    expect(await store.get('nobody')).toBeUndefined()

    // compareAndDelete: only while the refused refresh token is stored.
    expect(await store.compareAndDelete('user-4', { ...sample, refreshToken: 'Atzr|other' })).toBe(
      false,
    )
    expect(await store.get('user-4')).toBeDefined()
    expect(await store.compareAndDelete('user-4', sample)).toBe(true)
    expect(await other.get('user-4')).toBeUndefined()
    expect(await store.compareAndDelete('user-4', sample)).toBe(false)

    // The lock: one owner, extended and released only by it, expiring by itself.
    const owner = await store.acquireLock('user-5', 10_000)
    expect(owner).toEqual(expect.any(String))
    expect(await other.acquireLock('user-5', 10_000)).toBeUndefined()
    expect(await other.extendLock('user-5', 'not-the-owner', 60_000)).toBe(false)
    expect(await store.extendLock('user-5', owner!, 60_000)).toBe(true)
    expect(await redis.pttl(store.lockKey('user-5'))).toBeGreaterThan(30_000)
    await other.releaseLock('user-5', 'not-the-owner')
    expect(await redis.exists(store.lockKey('user-5'))).toBe(1)
    await store.releaseLock('user-5', owner!)
    expect(await redis.exists(store.lockKey('user-5'))).toBe(0)
    const short = (await store.acquireLock('user-6', 150))!
    await sleep(300)
    const taken = await other.acquireLock('user-6', 10_000)
    expect(taken).toEqual(expect.any(String))
    await store.releaseLock('user-6', short)
    expect(await redis.get(store.lockKey('user-6'))).toBe(taken)

    // A user's lock sits in the slot of the user's token set (so on the same master), for plain
    // keys, keys and prefixes with their own hash tags, and odd braces.
    const slot = (k: string) => redis.cluster('KEYSLOT', k) as Promise<number>
    expect(store.tokensKey('u')).toBe('lwa:tokens:u') // today's token layout, nothing to migrate
    for (const [prefix, key] of [
      ['lwa:', 'amzn1.account.AEXAMPLE'],
      ['lwa:', 'user-1'],
      ['lwa:', 'a{b}c'],
      ['lwa:', '{{x}'],
      ['app:{tenant-7}:', 'user-1'],
    ] as const) {
      const s = new RedisTokenStore({ redis, keys, prefix })
      expect(await slot(s.lockKey(key))).toBe(await slot(s.tokensKey(key)))
    }
    for (const u of users) expect(await slot(store.lockKey(u))).toBe(await slot(store.tokensKey(u)))
    // A `}` outside a tag, an empty `{}`, or an unclosed `{` in the prefix, leaves no tag to share: the plain
    // lock key of 0.0.0, still working.
    expect(store.lockKey('x}y')).toBe('lwa:lock:x}y')
    expect(store.lockKey('{}x')).toBe('lwa:lock:{}x')
    const odd = new RedisTokenStore({ redis, keys, prefix: '{' })
    expect(odd.lockKey('x')).toBe('{lock:x')
    const oddOwner = (await odd.acquireLock('x', 5000))!
    expect(await odd.extendLock('x', oddOwner, 5000)).toBe(true)
    await odd.releaseLock('x', oddOwner)
    expect(await redis.exists('{lock:x')).toBe(0)

    // Every Lua script the store ran named keys of a single hash slot (here: one key each).
    expect(evals).toHaveLength(8)
    for (const scriptKeys of evals) {
      expect(scriptKeys.length).toBeGreaterThan(0)
      const slots = new Set(await Promise.all(scriptKeys.map(slot)))
      expect(slots.size).toBe(1)
    }
    // Redis refusing a command for good (here WRONGTYPE) is not dressed up as retryable.
    await redis.hset(store.tokensKey('wrong-type'), 'f', 'v')
    const refused = await store.get('wrong-type').catch((err: unknown) => err)
    expect(refused).not.toBeInstanceOf(RedisUnavailableError)
    expect(String((refused as Error).message)).toMatch(/^WRONGTYPE/)
    await store.delete('wrong-type')
    // Nothing in the cluster holds a token in clear.
    const values = await Promise.all(users.map((u) => redis.get(store.tokensKey(u))))
    expect(values.join('\n')).not.toMatch(/Atz[ar]\|/)
  })

  it("with a user's master down, nobody can take the user's lock; other users are served", async () => {
    // A connection that gives up fast (three tries), so the answer comes before the failover.
    const fast = new Cluster(cluster.nodes, { maxRedirections: 3, retryDelayOnFailover: 50 })
    fast.on('error', () => {})
    connections.push(fast)
    const store = new RedisTokenStore({ redis: fast, keys })
    const slot = (k: string) => fast.cluster('KEYSLOT', k) as Promise<number>
    // A user whose 0.0.0 lock key (`lwa:lock:<key>`) sat on another master than the token set.
    let key = ''
    for (let i = 0; !key; i++)
      if (
        (await cluster.masterOf(`lwa:lock:down-${i}`)) !==
        (await cluster.masterOf(store.tokensKey(`down-${i}`)))
      )
        key = `down-${i}`
    const master = await cluster.masterOf(store.tokensKey(key))
    let other = ''
    for (let i = 0; !other; i++)
      if ((await cluster.masterOf(store.tokensKey(`up-${i}`))) !== master) other = `up-${i}`
    await store.set(key, sample)
    await store.set(other, sample)
    expect(await slot(store.lockKey(key))).toBe(await slot(store.tokensKey(key)))
    try {
      await cluster.kill(master)
      // The lock lives with the token set: while that master is down it cannot be taken (with
      // 0.0.0's layout it could, and another instance refreshed from a set it could not read).
      const taken = await store.acquireLock(key, 30_000).catch((err: unknown) => err)
      expect(taken).toBeInstanceOf(RedisUnavailableError)
      expect(taken).toMatchObject({ retryable: true, operation: 'acquireLock' })
      // Users on the live masters are served meanwhile.
      expect((await store.get(other))?.accessToken).toBe(sample.accessToken)
      await cluster.waitHealthy(45_000)
      // After the failover the replica serves the user: the set is there, the lock free.
      await waitUntil(
        async () => (await store.get(key).catch(() => undefined)) !== undefined,
        'the promoted replica to serve the key',
        20_000,
      )
      expect(await store.get(key)).toEqual(sample)
      const owner = await store.acquireLock(key, 1000)
      expect(owner).toEqual(expect.any(String))
      await store.releaseLock(key, owner!)
    } finally {
      await cluster.restart(master)
      await cluster.waitHealthy(45_000)
    }
  }, 90_000)

  it('a cluster that cannot answer gives a retryable RedisUnavailableError, never ioredis errors', async () => {
    // A Cluster whose startup nodes are all gone (a port nobody listens on): no answer at all.
    const dead = new Cluster([{ host: '127.0.0.1', port: 1 }], {
      clusterRetryStrategy: () => null,
      enableOfflineQueue: true,
    })
    dead.on('error', () => {})
    connections.push(dead)
    const store = new RedisTokenStore({ redis: dead, keys })
    const calls: [string, () => Promise<unknown>][] = [
      ['get', () => store.get('u')],
      ['set', () => store.set('u', sample)],
      ['delete', () => store.delete('u')],
      ['compareAndDelete', () => store.compareAndDelete('u', sample)],
      ['acquireLock', () => store.acquireLock('u', 1000)],
      ['releaseLock', () => store.releaseLock('u', 'owner')],
      ['extendLock', () => store.extendLock('u', 'owner', 1000)],
    ]
    for (const [operation, call] of calls) {
      const error = await call().then(
        () => undefined,
        (err: unknown) => err,
      )
      expect(error).toBeInstanceOf(RedisUnavailableError)
      expect(isLwaError(error) && error.retryable).toBe(true)
      expect(error).toMatchObject({ code: 'LWA_NETWORK_ERROR', operation })
      expect(String((error as Error).message)).not.toMatch(/Atz[ar]\|/)
    }
  })
})

describe.each([
  { rotation: false, name: 'rotation off' },
  { rotation: true, name: 'rotation on' },
])('RedisTokenStore on a Redis Cluster, two app instances, $name', ({ rotation }) => {
  let emulator: Emulator
  let client: LwaClient
  /** Token requests that left any instance (counted before the emulator answers). */
  let fetches = 0
  let onFetch: () => void = () => {}

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { rotateRefreshTokens: rotation } })
    client = createLwaClient({
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      endpoints: emulator.endpoints,
      timeoutMs: 10_000,
    })
  })
  afterAll(() => emulator?.close())

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

  /** An app instance: its own Cluster connection, store, LWA client and token manager. */
  function instance(): { store: RedisTokenStore; manager: TokenManager } {
    const store = new RedisTokenStore({ redis: connect(), keys })
    const own = createLwaClient({
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      endpoints: emulator.endpoints,
      timeoutMs: 10_000,
      fetch: (input, init) => {
        fetches++
        onFetch()
        return globalThis.fetch(input, init)
      },
    })
    return { store, manager: createTokenManager({ client: own, store }) }
  }

  const refreshes = () => emulator.requests().filter((r) => r.grant_type === 'refresh_token')

  async function works(accessToken: string): Promise<boolean> {
    const url = new URL(emulator.endpoints.tokenInfoEndpoint)
    url.searchParams.set('access_token', accessToken)
    return (await fetch(url)).status === 200
  }

  /** A restarted instance, two hours later, refreshes what is stored: the grant is live. */
  async function expectLiveGrant(store: TokenStore, key: string): Promise<void> {
    const stored = await store.get(key)
    expect(stored?.refreshToken).toMatch(/^Atzr\|/)
    const later = createTokenManager({ client, store, now: () => Date.now() + 2 * 3600_000 })
    const accessToken = await later.getAccessToken(key)
    expect(await works(accessToken)).toBe(true)
    expect(fp((await store.get(key))?.accessToken)).toBe(fp(accessToken))
  }

  it('200 callers on one expired key across two instances: exactly one refresh', async () => {
    const key = `many-${rotation}`
    const a = instance()
    const b = instance()
    const signedIn = await signIn()
    await a.store.set(key, { ...signedIn, expiresAt: Date.now() - 1000 })
    emulator.clearRequests()
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).manager.getAccessToken(key)),
    )
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    const tokens = new Set(results.map((r) => fp((r as PromiseFulfilledResult<string>).value)))
    expect(refreshes()).toHaveLength(1)
    const stored = (await b.store.get(key))!
    expect([...tokens]).toEqual([fp(stored.accessToken)])
    expect(fp(stored.accessToken)).not.toBe(fp(signedIn.accessToken))
    if (!rotation) expect(stored.refreshToken === signedIn.refreshToken).toBe(true)
    expect(await works(stored.accessToken)).toBe(true)
    await expectLiveGrant(a.store, key)
  })

  it('the master of the key SIGKILLed mid-refresh: failover, one refresh, nothing lost', async () => {
    const key = `failover-${rotation}`
    const a = instance()
    const b = instance()
    const signedIn = await signIn()
    await a.store.set(key, { ...signedIn, expiresAt: Date.now() - 1000 })
    const master = await cluster.masterOf(a.store.tokensKey(key))
    emulator.clearRequests()
    // The refresh hangs at LWA long enough for the kill to land while it is in flight.
    emulator.injectFault({ endpoint: 'token', kind: 'delay', delayMs: 1500, times: 1 })
    fetches = 0
    const inFlight = new Promise<void>((resolve) => {
      onFetch = resolve
    })
    type Outcome = { token: string } | { error: unknown }
    const call = (manager: TokenManager): Promise<Outcome> =>
      manager.getAccessToken(key).then(
        (token) => ({ token: fp(token) }),
        (error: unknown) => ({ error }),
      )
    const first = Array.from({ length: 200 }, (_, i) => call((i % 2 ? a : b).manager))
    try {
      await inFlight
      await cluster.kill(master)
      const killedAt = Date.now()
      // Callers keep coming on both instances until the replica has taken over.
      let healthy = false
      const during = (async () => {
        const outcomes: Promise<Outcome>[] = []
        while (!healthy) {
          outcomes.push(call(a.manager), call(b.manager))
          await sleep(50)
        }
        return Promise.all(outcomes)
      })()
      await cluster.waitHealthy(45_000)
      const failoverMs = Date.now() - killedAt
      expect(await cluster.masterOf(a.store.tokensKey(key))).not.toBe(master)
      healthy = true
      const outcomes = [...(await Promise.all(first)), ...(await during)]

      // Meanwhile: a token, or a typed retryable error (never ioredis's own, never a crash).
      const errors = outcomes.flatMap((o) => ('error' in o ? [o.error] : []))
      for (const error of errors) {
        expect(isLwaError(error) && error.retryable).toBe(true)
        expect(String((error as Error).message)).not.toMatch(/Atz[ar]\|/)
      }
      const served = new Set(outcomes.flatMap((o) => ('token' in o ? [o.token] : [])))
      expect(served.has(fp(signedIn.accessToken))).toBe(false) // the expired token is never served

      // Afterwards both instances get the refreshed token (a first call may still see the
      // client's slot map catching up, which is retryable too).
      const settled: string[] = []
      await waitUntil(
        async () => {
          const both = await Promise.all([call(a.manager), call(b.manager)])
          for (const o of both)
            if ('error' in o && !(isLwaError(o.error) && o.error.retryable)) throw o.error
          if (both.some((o) => 'error' in o)) return false
          settled.push(...both.map((o) => (o as { token: string }).token))
          return true
        },
        'both instances to serve a token after the failover',
        20_000,
        200,
      )
      expect(new Set(settled).size).toBe(1)
      for (const token of served) expect(token).toBe(settled[0])
      const stored = (await b.store.get(key))!
      expect(fp(stored.accessToken)).toBe(settled[0])
      expect(await works(stored.accessToken)).toBe(true)
      if (!rotation) expect(stored.refreshToken === signedIn.refreshToken).toBe(true)
      // One refresh: the one in flight when the master died; nobody refreshed again.
      expect(fetches).toBe(1)
      expect(refreshes()).toHaveLength(1)
      // And the stored grant is the live one: a later refresh works, no re-authorization.
      await expectLiveGrant(a.store, key)
      expect(refreshes()).toHaveLength(2)
      console.info(
        `failover ${rotation ? 'rotation on' : 'rotation off'}: ${failoverMs} ms, ${errors.length} retryable errors of ${outcomes.length} calls`,
      )
    } finally {
      emulator.clearFaults()
      await Promise.allSettled(first)
      await cluster.restart(master)
      await cluster.waitHealthy(45_000)
    }
  }, 90_000)
})
