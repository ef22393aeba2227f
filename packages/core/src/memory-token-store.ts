/**
 * The in-process token store.
 *
 * @module
 */
import type { TokenSet } from './token-set.js'
import type { TokenStore } from './token-store.js'

/**
 * Options of {@link MemoryTokenStore}.
 *
 * @example
 * ```ts
 * const store = new MemoryTokenStore({ initial: [['device-1', tokens]], maxEntries: 10_000 })
 * ```
 */
export interface MemoryTokenStoreOptions {
  /** Token sets to start with, by key. */
  initial?: Iterable<readonly [string, TokenSet]>
  /** The most keys held; writing a new key beyond it drops the least recently written (default: no limit). */
  maxEntries?: number
}

function frozenCopy(tokens: TokenSet): TokenSet {
  return Object.freeze({ ...tokens, scope: Object.freeze([...tokens.scope]) as string[] })
}

let lockCounter = 0

/**
 * A {@link TokenStore} in this process's memory: for one-instance apps, CLIs, devices and tests.
 * Token sets are copied and frozen when stored, so callers cannot change what the store holds.
 * Its lock and compare-and-delete are in-process: several token managers of one process that
 * share the store refresh each key once. Use `RedisTokenStore` from `@lwa-kit/redis` when several
 * instances share users.
 *
 * @example
 * ```ts
 * import { createLwaClient, createTokenManager, MemoryTokenStore } from '@lwa-kit/core'
 *
 * const store = new MemoryTokenStore()
 * const tokens = createTokenManager({ client: createLwaClient({ clientId }), store })
 * await tokens.setTokens('device-1', await lwa.deviceLogin({ scope, onCode }))
 * const accessToken = await tokens.getAccessToken('device-1')
 * ```
 */
export class MemoryTokenStore implements TokenStore {
  readonly #map = new Map<string, TokenSet>()
  readonly #locks = new Map<string, { owner: string; until: number }>()
  readonly #maxEntries: number

  constructor(options: MemoryTokenStoreOptions = {}) {
    const max = options.maxEntries
    this.#maxEntries = max !== undefined && max >= 1 ? Math.floor(max) : Number.POSITIVE_INFINITY
    for (const [key, tokens] of options.initial ?? []) this.set(key, tokens)
  }

  /** The number of keys held. */
  get size(): number {
    return this.#map.size
  }

  /** @inheritDoc */
  get(key: string): TokenSet | undefined {
    return this.#map.get(key)
  }

  /** @inheritDoc */
  set(key: string, tokens: TokenSet): void {
    this.#map.delete(key)
    this.#map.set(key, frozenCopy(tokens))
    while (this.#map.size > this.#maxEntries)
      this.#map.delete(this.#map.keys().next().value as string)
  }

  /** @inheritDoc */
  delete(key: string): void {
    this.#map.delete(key)
  }

  /**
   * Removes the set of `key` only while it still holds `expected`'s refresh token.
   *
   * @example
   * ```ts
   * store.compareAndDelete('device-1', refused) // false: another manager stored a newer set
   * ```
   */
  compareAndDelete(key: string, expected: TokenSet): boolean {
    const stored = this.#map.get(key)
    if (!stored || stored.refreshToken !== expected.refreshToken) return false
    this.#map.delete(key)
    return true
  }

  /**
   * Takes the in-process refresh lock of `key` for `ttlMs`.
   *
   * @example
   * ```ts
   * const owner = store.acquireLock('device-1', 30_000) // undefined while another holds it
   * ```
   */
  acquireLock(key: string, ttlMs: number): string | undefined {
    const at = Date.now()
    const held = this.#locks.get(key)
    if (held && held.until > at) return undefined
    const owner = `${at.toString(36)}.${(++lockCounter).toString(36)}`
    this.#locks.set(key, { owner, until: at + Math.max(1, ttlMs) })
    return owner
  }

  /**
   * Gives the lock of `key` another `ttlMs` while `owner` holds it.
   *
   * @example
   * ```ts
   * store.extendLock('device-1', owner, 30_000) // false once it expired
   * ```
   */
  extendLock(key: string, owner: string, ttlMs: number): boolean {
    const held = this.#locks.get(key)
    const at = Date.now()
    if (!held || held.owner !== owner || held.until <= at) return false
    held.until = at + Math.max(1, ttlMs)
    return true
  }

  /**
   * Releases the lock of `key` if `owner` holds it.
   *
   * @example
   * ```ts
   * store.releaseLock('device-1', owner)
   * ```
   */
  releaseLock(key: string, owner: string): void {
    if (this.#locks.get(key)?.owner === owner) this.#locks.delete(key)
  }

  /** Removes every key and lock. */
  clear(): void {
    this.#map.clear()
    this.#locks.clear()
  }
}
