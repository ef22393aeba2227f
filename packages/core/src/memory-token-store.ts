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
 * const store = new MemoryTokenStore({ initial: [['device-1', tokens]] })
 * ```
 */
export interface MemoryTokenStoreOptions {
  /** Token sets to start with, by key. */
  initial?: Iterable<readonly [string, TokenSet]>
}

function frozenCopy(tokens: TokenSet): TokenSet {
  return Object.freeze({ ...tokens, scope: Object.freeze([...tokens.scope]) as string[] })
}

/**
 * A {@link TokenStore} in this process's memory: for one-instance apps, CLIs, devices and tests.
 * Token sets are copied and frozen when stored, so callers cannot change what the store holds. It
 * has no cross-instance lock: the token manager's in-process single flight is all one process needs.
 * Use `RedisTokenStore` from `@lwa-kit/redis` when several instances share users.
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

  constructor(options: MemoryTokenStoreOptions = {}) {
    for (const [key, tokens] of options.initial ?? []) this.#map.set(key, frozenCopy(tokens))
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
    this.#map.set(key, frozenCopy(tokens))
  }

  /** @inheritDoc */
  delete(key: string): void {
    this.#map.delete(key)
  }

  /** Removes every key. */
  clear(): void {
    this.#map.clear()
  }
}
