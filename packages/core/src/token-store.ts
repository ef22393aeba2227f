/**
 * Where a token manager keeps token sets: the {@link TokenStore} interface every store implements
 * (memory, Redis, your database).
 *
 * @module
 */
import type { TokenSet } from './token-set.js'

/**
 * A value or a promise of it: stores may answer synchronously (memory) or asynchronously
 * (network).
 *
 * @example
 * ```ts
 * const get = (key: string): MaybePromise<TokenSet | undefined> => map.get(key)
 * ```
 */
export type MaybePromise<T> = T | Promise<T>

/**
 * Keeps one {@link TokenSet} per key (a user id, a device serial, a session id).
 *
 * `get`, `set` and `delete` are required. A store shared by several processes (Redis, a database)
 * should also offer the cross-instance lock, `acquireLock`, `extendLock` and `releaseLock`: the
 * token manager then refreshes each key once across all instances, keeps the lock alive for as
 * long as its refresh runs, and the others read the stored result. `compareAndDelete` lets the
 * manager remove a refused grant without wiping a set another instance has just written; stores
 * without it get a read-then-delete, which leaves a small race.
 *
 * Stores hold refresh tokens, which are valid until the user revokes them: a shared store must
 * encrypt them at rest (as `RedisTokenStore` from `@lwa-kit/redis` does).
 *
 * @example
 * ```ts
 * import type { TokenSet, TokenStore } from '@lwa-kit/core'
 *
 * // A store on any key-value database with compare-and-delete.
 * const store: TokenStore = {
 *   async get(key) { return decrypt(await db.get(`tokens:${key}`)) },
 *   async set(key, tokens: TokenSet) { await db.put(`tokens:${key}`, encrypt(tokens)) },
 *   async delete(key) { await db.del(`tokens:${key}`) },
 *   async compareAndDelete(key, expected) {
 *     return db.deleteIf(`tokens:${key}`, (value) => decrypt(value).refreshToken === expected.refreshToken)
 *   },
 * }
 * ```
 */
export interface TokenStore {
  /** The token set stored under `key`, or `undefined`. */
  get(key: string): MaybePromise<TokenSet | undefined>
  /** Stores (replaces) the token set of `key`. */
  set(key: string, tokens: TokenSet): MaybePromise<void>
  /** Removes the token set of `key` (no error when there is none). */
  delete(key: string): MaybePromise<void>
  /**
   * Removes the token set of `key` only while it still holds the refresh token of `expected`
   * (the one LWA just refused), in one atomic step. Resolves `true` when it removed it, `false`
   * when the key holds another set (another instance refreshed, or the user signed in again) or
   * nothing.
   */
  compareAndDelete?(key: string, expected: TokenSet): MaybePromise<boolean>
  /**
   * Takes the refresh lock of `key` for `ttlMs` milliseconds, across every process that shares the
   * store. Resolves with an owner token when this caller got the lock, or `undefined` when another
   * holder has it. The lock must expire by itself after `ttlMs`, so a holder that dies frees it.
   */
  acquireLock?(key: string, ttlMs: number): MaybePromise<string | undefined>
  /**
   * Gives the lock of `key` another `ttlMs` from now if `owner` still holds it; resolves `false`
   * when it does not (the lock expired and may have another holder). The token manager calls it
   * while its refresh is in flight, so a slow refresh never loses its lock.
   */
  extendLock?(key: string, owner: string, ttlMs: number): MaybePromise<boolean>
  /**
   * Releases the lock of `key` if `owner` (from `acquireLock`) still holds it; a lock that expired
   * and was taken by another holder is left alone.
   */
  releaseLock?(key: string, owner: string): MaybePromise<void>
}
