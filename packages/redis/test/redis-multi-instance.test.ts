import { fileURLToPath } from 'node:url'
import {
  createLwaClient,
  createTokenManager,
  type LwaClient,
  ReauthorizationRequiredError,
  type TokenSet,
} from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../../../tools/testing/redis-server.mjs'
import { generateEncryptionKey, RedisTokenStore } from '../src/index.js'
import { bundleScript } from './fixtures/bundle.js'
import { fingerprint, type WorkerConfig } from './fixtures/refresh-worker.js'
import { exited, startWorker, type Worker } from './fixtures/workers.js'

const CALLBACK = DEMO.returnUrls.expressDemo
const keys = [{ id: 'k1', key: generateEncryptionKey() }]

let server: RedisServer
let redis: Redis
let emulator: Emulator
let client: LwaClient
let worker: { file: string; cleanup(): void }
const started: Worker[] = []

beforeAll(async () => {
  // Settled one by one, so a failing start (a bundle error) still leaves the others to afterAll.
  const [s, e, w] = await Promise.allSettled([
    startRedisServer(),
    startEmulator({ port: 0 }),
    bundleScript(fileURLToPath(new URL('./fixtures/refresh-worker.ts', import.meta.url))),
  ])
  if (s.status === 'fulfilled') server = s.value
  if (e.status === 'fulfilled') emulator = e.value
  if (w.status === 'fulfilled') worker = w.value
  for (const r of [s, e, w]) if (r.status === 'rejected') throw r.reason
  redis = new Redis(server.url)
  client = createLwaClient({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
  })
})
afterAll(async () => {
  for (const w of started) if (w.child.exitCode === null) w.child.kill('SIGKILL')
  await Promise.all(started.map((w) => exited(w.child)))
  redis?.disconnect()
  await Promise.all([server?.stop(), emulator?.close()])
  worker?.cleanup()
})
beforeEach(async () => {
  await redis.flushall()
  emulator.clearFaults()
  emulator.clearRequests()
})

async function signIn(userId: string = DEMO.users.alice.userId): Promise<TokenSet> {
  const { location } = emulator.authorize({
    client_id: DEMO.webClientId,
    response_type: 'code',
    scope: 'profile',
    redirect_uri: CALLBACK,
    state: 's',
    user_id: userId,
  })
  const code = new URL(location).searchParams.get('code')!
  return client.exchangeCode({ code, redirectUri: CALLBACK })
}

const refreshes = () => emulator.requests().filter((r) => r.grant_type === 'refresh_token')

function config(key: string, extra: Partial<WorkerConfig> = {}): WorkerConfig {
  return {
    redisUrl: server.url,
    endpoints: emulator.endpoints,
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    keys,
    key,
    callers: 250,
    ...extra,
  }
}

function launch(cfg: WorkerConfig): Worker {
  const w = startWorker(worker.file, cfg)
  started.push(w)
  return w
}

async function tokenWorks(accessToken: string): Promise<boolean> {
  const url = new URL(emulator.endpoints.tokenInfoEndpoint)
  url.searchParams.set('access_token', accessToken)
  return (await fetch(url)).status === 200
}

describe('RedisTokenStore with several instances', () => {
  it('4 processes × 250 callers on one expired key: one refresh', async () => {
    const store = new RedisTokenStore({ redis, keys })
    const tokens = await signIn()
    await store.set('alice', { ...tokens, expiresAt: Date.now() - 1000 })
    emulator.clearRequests()

    const workers = Array.from({ length: 4 }, () => launch(config('alice')))
    await Promise.all(workers.map((w) => w.ready))
    for (const w of workers) w.go()
    const results = await Promise.all(workers.map((w) => w.result))

    expect(refreshes()).toHaveLength(1)
    const stored = (await store.get('alice'))!
    expect(stored.accessToken).not.toBe(tokens.accessToken)
    expect(stored.refreshToken).toBe(tokens.refreshToken)
    expect(await tokenWorks(stored.accessToken)).toBe(true)
    for (const result of results) {
      expect(result.errors).toEqual([])
      expect(result.ok).toBe(250)
      expect(result.fingerprints).toEqual([fingerprint(stored.accessToken)])
    }
    // Nothing in Redis holds a token in clear.
    const all = await redis.keys('*')
    const values = await Promise.all(all.map((k) => redis.get(k)))
    expect(values.join('\n')).not.toMatch(/Atz[ar]\|/)
    expect(all).toEqual(['lwa:tokens:alice'])
  })

  it('faults during a locked refresh keep the refresh token; a revoked grant removes the tokens', async () => {
    const store = new RedisTokenStore({ redis, keys })
    const manager = createTokenManager({ client, store })
    const tokens = await signIn(DEMO.users.bob.userId)
    // Still valid, inside the head start: callers keep the current token while LWA fails.
    await store.set('bob', { ...tokens, expiresAt: Date.now() + 5 * 60_000 })
    emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503, times: 10 })
    expect(await manager.getAccessToken('bob')).toBe(tokens.accessToken)
    expect((await store.get('bob'))?.refreshToken).toBe(tokens.refreshToken)
    expect(await redis.exists(store.lockKey('bob'))).toBe(0)

    // Expired: a typed retryable error, and still nothing lost.
    await store.set('bob', { ...tokens, expiresAt: Date.now() - 1 })
    await expect(manager.getAccessToken('bob')).rejects.toMatchObject({ retryable: true })
    expect((await store.get('bob'))?.refreshToken).toBe(tokens.refreshToken)

    emulator.clearFaults()
    emulator.revoke({ userId: DEMO.users.bob.userId, clientId: DEMO.webClientId })
    await expect(manager.getAccessToken('bob')).rejects.toBeInstanceOf(ReauthorizationRequiredError)
    expect(await redis.exists(store.tokensKey('bob'))).toBe(0)
    // Another instance sees the removal as a sign-in request, too.
    const other = createTokenManager({ client, store })
    await expect(other.getAccessToken('bob')).rejects.toBeInstanceOf(ReauthorizationRequiredError)
  })
})

describe.each([
  { rotation: false, name: 'rotation off' },
  { rotation: true, name: 'rotation on' },
])('a SIGKILLed instance mid-refresh, $name', ({ rotation }) => {
  let own: Emulator
  let ownClient: LwaClient

  beforeAll(async () => {
    own = await startEmulator({ port: 0, options: { rotateRefreshTokens: rotation } })
    ownClient = createLwaClient({
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      endpoints: own.endpoints,
    })
  })
  afterAll(() => own?.close())
  beforeEach(() => {
    own.clearFaults()
    own.clearRequests()
  })

  async function ownSignIn(): Promise<TokenSet> {
    const { location } = own.authorize({
      client_id: DEMO.webClientId,
      response_type: 'code',
      scope: 'profile',
      redirect_uri: CALLBACK,
      state: 's',
      user_id: DEMO.users.alice.userId,
    })
    const code = new URL(location).searchParams.get('code')!
    return ownClient.exchangeCode({ code, redirectUri: CALLBACK })
  }

  async function works(accessToken: string): Promise<boolean> {
    const url = new URL(own.endpoints.tokenInfoEndpoint)
    url.searchParams.set('access_token', accessToken)
    return (await fetch(url)).status === 200
  }

  it('another instance refreshes once its lock expires; nothing is lost', async () => {
    const lockTtlMs = 1500
    const store = new RedisTokenStore({ redis, keys })
    const tokens = await ownSignIn()
    await store.set('alice', { ...tokens, expiresAt: Date.now() - 1000 })
    // The doomed instance's refresh hangs at the token endpoint while it holds the lock.
    own.injectFault({ endpoint: 'token', kind: 'delay', delayMs: 2500, times: 1 })
    const doomed = launch({
      ...config('alice', { callers: 1, lockTtlMs }),
      endpoints: own.endpoints,
    })
    await doomed.ready
    doomed.go()
    const lockKey = store.lockKey('alice')
    await doomed.printed('fetch') // it holds the lock and its refresh request is leaving
    expect(await redis.exists(lockKey)).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const killedAt = Date.now()
    process.kill(doomed.child.pid!, 'SIGKILL')
    await exited(doomed.child)
    // If the dead request never reached the emulator, its delay must not hit the survivor.
    own.clearFaults()
    await expect(doomed.result).rejects.toThrow(/SIGKILL/)
    expect(await redis.exists(lockKey)).toBe(1) // the dead owner never released it
    const lockTtlLeft = await redis.pttl(lockKey)
    expect(lockTtlLeft).toBeLessThanOrEqual(lockTtlMs)

    const survivor = createTokenManager({ client: ownClient, store, lockTtlMs })
    const accessToken = await survivor.getAccessToken('alice')
    const waited = Date.now() - killedAt
    expect(waited).toBeGreaterThanOrEqual(lockTtlLeft - 200) // it waited for the dead owner's lock
    expect(waited).toBeLessThan(lockTtlMs + 2000)
    expect(await works(accessToken)).toBe(true)
    const stored = (await store.get('alice'))!
    expect(stored.accessToken === accessToken).toBe(true)
    if (!rotation) expect(stored.refreshToken === tokens.refreshToken).toBe(true)
    expect(await redis.exists(lockKey)).toBe(0)
    // The dead instance's request, answered after the survivor's, changes nothing.
    await new Promise((resolve) => setTimeout(resolve, 2500 - (Date.now() - killedAt) + 200))
    const again = (await store.get('alice'))!
    expect(again.accessToken === accessToken).toBe(true)
    // And the stored grant is the live one: a restart two hours later refreshes it.
    const later = createTokenManager({
      client: ownClient,
      store,
      now: () => Date.now() + 2 * 3600_000,
    })
    expect(await works(await later.getAccessToken('alice'))).toBe(true)
  })
})
