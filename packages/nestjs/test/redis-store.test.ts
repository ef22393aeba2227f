import 'reflect-metadata'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { LwaTokenService } from '@lwa-kit/nestjs'
import { generateEncryptionKey, RedisTokenStore } from '@lwa-kit/redis'
import type { INestApplication } from '@nestjs/common'
import { Test } from '@nestjs/testing'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer } from '../../../tools/testing/redis-server.mjs'
import { testAppModule } from './app.js'
import { authorizeAt, Browser, count } from './helpers.js'

const alice = DEMO.users.alice

describe('LwaModule with RedisTokenStore: two app instances share tokens', () => {
  let emulator: Emulator
  let redisServer: Awaited<ReturnType<typeof startRedisServer>>
  const clients: Redis[] = []
  const apps: INestApplication[] = []
  const bases: string[] = []

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 })
    redisServer = await startRedisServer()
    const keys = [{ id: 'k1', key: generateEncryptionKey() }]
    for (const variant of ['forRoot', 'forRootAsync (useFactory)'] as const) {
      const redis = new Redis(redisServer.url, { lazyConnect: false })
      clients.push(redis)
      const moduleRef = await Test.createTestingModule({
        imports: [
          testAppModule(variant, {
            clientId: DEMO.webClientId,
            clientSecret: DEMO.webClientSecret,
            endpoints: emulator.endpoints,
            callbackURL: '/auth/amazon/callback',
            scope: ['profile', 'music::library:read'],
            stateSecret: 'a-test-secret-of-at-least-32-characters!',
            store: new RedisTokenStore({ redis, keys, prefix: 'nest-test:' }),
          }),
        ],
      }).compile()
      const app = moduleRef.createNestApplication({ logger: false })
      await app.listen(0, '127.0.0.1')
      apps.push(app)
      const base = await app.getUrl()
      bases.push(base)
      emulator.allowReturnUrl(`${base}/auth/amazon/callback`)
    }
  })

  afterAll(async () => {
    for (const app of apps) await app.close()
    for (const redis of clients) redis.disconnect()
    await redisServer?.stop()
    await emulator?.close()
  })

  it('signs in on one instance; concurrent Music calls on both refresh the expired token once', async () => {
    const [a, b] = bases as [string, string]
    const browser = new Browser()
    const { callbackUrl } = await authorizeAt(browser, `${a}/auth/amazon`, emulator, {
      userId: alice.userId,
      decision: 'allow',
    })
    expect((await browser.get(callbackUrl)).status).toBe(200)
    const raw = (await clients[0]!.keys('nest-test:*')).map(String)
    expect(raw.length).toBeGreaterThan(0)
    for (const key of raw) {
      const value = await clients[0]!.get(key)
      if (value) expect(value).not.toMatch(/Atz[ar]\|/)
    }
    // Instance B sees the tokens instance A stored.
    const tokensB = apps[1]!.get(LwaTokenService)
    const set = await tokensB.getTokenSet(alice.userId)
    await tokensB.setTokens(alice.userId, { ...set, expiresAt: Date.now() - 1000 })
    emulator.clearRequests()
    const user = encodeURIComponent(alice.userId)
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, i) => fetch(`${i % 2 ? a : b}/music/${user}`)),
    )
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200))
    expect(count(emulator, (r) => r.grant_type === 'refresh_token')).toBe(1)
  })
})
