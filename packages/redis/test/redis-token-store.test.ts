import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { TokenSet } from '@lwa-kit/core'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../../../tools/testing/redis-server.mjs'
import { generateEncryptionKey, RedisTokenStore, TokenDecryptionError } from '../src/index.js'

let server: RedisServer
let redis: Redis

beforeAll(async () => {
  server = await startRedisServer()
  redis = new Redis(server.url, { lazyConnect: false })
})
afterAll(async () => {
  redis?.disconnect()
  await server?.stop()
})
beforeEach(async () => {
  await redis.flushall()
})

const tokens: TokenSet = {
  accessToken: `Atza|${'a'.repeat(400)}`,
  refreshToken: `Atzr|${'r'.repeat(300)}`,
  tokenType: 'bearer',
  expiresAt: 1_900_000_000_000,
  scope: ['profile', 'music::library:read'],
}

const k1 = { id: 'k1', key: generateEncryptionKey() }
const k2 = { id: 'k2', key: randomBytes(32) }

async function everything(): Promise<string> {
  const keys = await redis.keys('*')
  const values = await Promise.all(keys.map((key) => redis.get(key)))
  return keys.join('\n') + values.join('\n')
}

describe('RedisTokenStore', () => {
  it('stores token sets encrypted and reads them back', async () => {
    const store = new RedisTokenStore({ redis, keys: [k1] })
    await store.set('user-1', tokens)
    expect(await store.get('user-1')).toEqual(tokens)
    const raw = await redis.get('lwa:tokens:user-1')
    expect(raw).toMatch(/^v2\.k1\.v1\./)
    const all = await everything()
    expect(all).not.toContain('Atza|')
    expect(all).not.toContain('Atzr|')
    expect(all).not.toContain('a'.repeat(40))
    expect(await store.get('nobody')).toBeUndefined()
    await store.delete('user-1')
    expect(await store.get('user-1')).toBeUndefined()
  })

  it('rotates keys: the newest encrypts, any configured key decrypts', async () => {
    const old = new RedisTokenStore({ redis, keys: [k1] })
    await old.set('user-1', tokens)
    const rotated = new RedisTokenStore({ redis, keys: [k2, k1] })
    expect(await rotated.get('user-1')).toEqual(tokens)
    await rotated.set('user-1', tokens)
    expect(await redis.get('lwa:tokens:user-1')).toMatch(/^v2\.k2\./)
    // A store that no longer knows k2 says so instead of returning nothing.
    const error = await old.get('user-1').catch((err: unknown) => err)
    expect(error).toBeInstanceOf(TokenDecryptionError)
    expect((error as TokenDecryptionError).keyId).toBe('k2')
  })

  it('refuses a value that was changed or moved to another key', async () => {
    const store = new RedisTokenStore({ redis, keys: [k1] })
    await store.set('alice', tokens)
    const sealed = (await redis.get('lwa:tokens:alice'))!
    await redis.set('lwa:tokens:mallory', sealed)
    await expect(store.get('mallory')).rejects.toBeInstanceOf(TokenDecryptionError)
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA')
    await redis.set('lwa:tokens:alice', flipped)
    await expect(store.get('alice')).rejects.toBeInstanceOf(TokenDecryptionError)
  })

  it('applies the prefix and the TTL', async () => {
    const store = new RedisTokenStore({ redis, keys: [k1], prefix: 'app:', ttlSeconds: 120 })
    await store.set('u', tokens)
    expect(await redis.exists('app:tokens:u')).toBe(1)
    const ttl = await redis.ttl('app:tokens:u')
    expect(ttl).toBeGreaterThan(100)
    expect(ttl).toBeLessThanOrEqual(120)
    const forever = new RedisTokenStore({ redis, keys: [k1], prefix: 'app:' })
    await forever.set('v', tokens)
    expect(await redis.ttl('app:tokens:v')).toBe(-1)
  })

  it('locks: one owner at a time, released only by its owner, expiring by itself', async () => {
    const a = new RedisTokenStore({ redis, keys: [k1] })
    const b = new RedisTokenStore({ redis, keys: [k1] })
    // The lock's hash tag is the token set's key, so on a Cluster both share one slot.
    expect(a.lockKey('u')).toBe('lwa:lock:{lwa:tokens:u}')
    const owner = await a.acquireLock('u', 10_000)
    expect(owner).toEqual(expect.any(String))
    expect(await b.acquireLock('u', 10_000)).toBeUndefined()
    await b.releaseLock('u', 'not-the-owner')
    expect(await redis.exists(a.lockKey('u'))).toBe(1)
    await a.releaseLock('u', owner!)
    expect(await redis.exists(a.lockKey('u'))).toBe(0)

    const short = await a.acquireLock('u', 150)
    expect(short).toBeDefined()
    await new Promise((resolve) => setTimeout(resolve, 250))
    const taken = await b.acquireLock('u', 10_000)
    expect(taken).toBeDefined()
    // The first owner's late release leaves the new owner's lock alone.
    await a.releaseLock('u', short!)
    expect(await redis.get(a.lockKey('u'))).toBe(taken)
  })

  it('reads a value written by 0.0.0 (its own AES-GCM) and rewrites it with core sealValue', async () => {
    const fixture = JSON.parse(
      readFileSync(new URL('./fixtures/sealed-v1.json', import.meta.url), 'utf8'),
    ) as { keys: { id: string; key: string }[]; key: string; tokens: TokenSet; sealed: string }
    expect(fixture.sealed).toMatch(/^v1\.k2025\./)
    const store = new RedisTokenStore({ redis, keys: fixture.keys })
    await redis.set(store.tokensKey(fixture.key), fixture.sealed)
    expect(await store.get(fixture.key)).toEqual(fixture.tokens)
    // Bound to its key as before: moved to another user, it is refused.
    await redis.set(store.tokensKey('mallory'), fixture.sealed)
    await expect(store.get('mallory')).rejects.toBeInstanceOf(TokenDecryptionError)
    // A store with a newer key first still reads it, and its next write uses the new format.
    const rotated = new RedisTokenStore({ redis, keys: [k1, ...fixture.keys] })
    const read = (await rotated.get(fixture.key))!
    expect(read).toEqual(fixture.tokens)
    await rotated.set(fixture.key, read)
    const rewritten = (await redis.get(store.tokensKey(fixture.key)))!
    expect(rewritten).toMatch(/^v2\.k1\.v1\./)
    expect(rewritten).not.toContain('Atz')
    expect(await rotated.get(fixture.key)).toEqual(fixture.tokens)
    // compareAndDelete reads both formats.
    await redis.set(store.tokensKey(fixture.key), fixture.sealed)
    expect(
      await store.compareAndDelete(fixture.key, { ...fixture.tokens, refreshToken: 'Atzr|x' }),
    ).toBe(false)
    expect(await store.compareAndDelete(fixture.key, fixture.tokens)).toBe(true)
    expect(await store.get(fixture.key)).toBeUndefined()
  })

  it('compareAndDelete deletes only while the refused refresh token is stored; extendLock only for the owner', async () => {
    const store = new RedisTokenStore({ redis, keys: [k1] })
    await store.set('u', tokens)
    expect(await store.compareAndDelete('u', { ...tokens, refreshToken: 'Atzr|other' })).toBe(false)
    expect(await store.compareAndDelete('nobody', tokens)).toBe(false)
    expect(await store.compareAndDelete('u', { ...tokens, accessToken: 'Atza|newer' })).toBe(true)
    expect(await redis.exists('lwa:tokens:u')).toBe(0)
    const owner = (await store.acquireLock('u', 200))!
    expect(await store.extendLock('u', 'not-the-owner', 10_000)).toBe(false)
    expect(await store.extendLock('u', owner, 10_000)).toBe(true)
    expect(await redis.pttl(store.lockKey('u'))).toBeGreaterThan(5000)
    await store.releaseLock('u', owner)
    expect(await store.extendLock('u', owner, 10_000)).toBe(false)
  })

  it('checks its options', () => {
    expect(() => new RedisTokenStore({ redis, keys: [] })).toThrow(/at least one/)
    expect(() => new RedisTokenStore({ redis, keys: [{ id: 'k', key: 'c2hvcnQ=' }] })).toThrow(
      /32 bytes/,
    )
    expect(() => new RedisTokenStore({ redis, keys: [{ id: 'a.b', key: k1.key }] })).toThrow(/id/)
    expect(() => new RedisTokenStore({ redis, keys: [k1, k1] })).toThrow(/repeated/)
    expect(() => new RedisTokenStore({ redis, keys: [k1], ttlSeconds: 0 })).toThrow(/ttlSeconds/)
  })
})
