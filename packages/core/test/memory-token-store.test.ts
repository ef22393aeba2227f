import { describe, expect, it } from 'vitest'
import { MemoryTokenStore, type TokenSet } from '../src/index.js'

const tokens = (n: number): TokenSet => ({
  accessToken: `Atza|a${n}`,
  refreshToken: `Atzr|r${n}`,
  tokenType: 'bearer',
  expiresAt: 1_900_000_000_000,
  scope: ['profile'],
})

describe('MemoryTokenStore', () => {
  it('compareAndDelete removes a set only while it holds the refused refresh token', () => {
    const store = new MemoryTokenStore({ initial: [['k', tokens(1)]] })
    expect(store.compareAndDelete('k', tokens(2))).toBe(false)
    expect(store.get('k')?.refreshToken).toBe('Atzr|r1')
    // Same refresh token, another access token (a refresh without rotation): still the grant.
    expect(store.compareAndDelete('k', { ...tokens(1), accessToken: 'Atza|other' })).toBe(true)
    expect(store.get('k')).toBeUndefined()
    expect(store.compareAndDelete('k', tokens(1))).toBe(false)
  })

  it('locks: one owner at a time, extended and released only by its owner, expiring by itself', async () => {
    const store = new MemoryTokenStore()
    const owner = store.acquireLock('k', 10_000)
    expect(owner).toEqual(expect.any(String))
    expect(store.acquireLock('k', 10_000)).toBeUndefined()
    expect(store.extendLock('k', 'someone-else', 10_000)).toBe(false)
    store.releaseLock('k', 'someone-else')
    expect(store.acquireLock('k', 10_000)).toBeUndefined()
    expect(store.extendLock('k', owner!, 10_000)).toBe(true)
    store.releaseLock('k', owner!)
    const short = store.acquireLock('k', 30)
    expect(short).toBeDefined()
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(store.extendLock('k', short!, 10_000)).toBe(false)
    const next = store.acquireLock('k', 10_000)
    expect(next).toBeDefined()
    expect(next).not.toBe(short)
    store.releaseLock('k', short!) // a late release leaves the new owner's lock alone
    expect(store.acquireLock('k', 10_000)).toBeUndefined()
  })

  it('keeps at most maxEntries keys, dropping the least recently written', () => {
    const store = new MemoryTokenStore({ maxEntries: 2 })
    store.set('a', tokens(1))
    store.set('b', tokens(2))
    store.set('a', tokens(3))
    store.set('c', tokens(4))
    expect(store.size).toBe(2)
    expect(store.get('b')).toBeUndefined()
    expect(store.get('a')?.accessToken).toBe('Atza|a3')
    expect(Object.isFrozen(store.get('c'))).toBe(true)
  })
})
