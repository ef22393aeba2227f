/**
 * A token store on Redis (ioredis): token sets encrypted at rest, an optional TTL, and the
 * cross-instance refresh lock the token manager uses to refresh each key once across instances.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import type { TokenSet, TokenStore } from '@lwa-kit/core'
import type { Cluster, Redis } from 'ioredis'
import { isTransientRedisError, RedisUnavailableError } from './redis-errors.js'
import { type EncryptionKey, TokenCipher } from './token-cipher.js'

/**
 * Settings of {@link RedisTokenStore}.
 *
 * @example
 * ```ts
 * const options: RedisTokenStoreOptions = { redis, keys: [{ id: 'k1', key }], prefix: 'app:', ttlSeconds: 86_400 }
 * ```
 */
export interface RedisTokenStoreOptions {
  /** A connected ioredis client (`new Redis(url)`) or cluster. The store never closes it. */
  redis: Redis | Cluster
  /**
   * The encryption keys. The first encrypts every write; all of them decrypt. To rotate, put a new
   * key first and keep the old ones until every value was rewritten (each refresh rewrites).
   */
  keys: readonly EncryptionKey[]
  /** Prefix of every Redis key this store writes (default `lwa:`). */
  prefix?: string
  /**
   * Delete a token set this many seconds after its last write (default: never). Each refresh is a
   * write, so this forgets users who stopped using the app.
   */
  ttlSeconds?: number
}

/** How many opened values a store keeps (one per key). */
const OPENED_ENTRIES = 1000

/** Compare-and-delete: only the owner's token releases the lock; only the value read is deleted. */
const DELETE_IF_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`

/** Compare-and-extend: only the owner's token extends the lock. */
const EXTEND_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`

/**
 * The part of a Redis key that Redis Cluster hashes to pick its slot: the text between the first
 * `{` and the first `}` after it when that is not empty (a hash tag), else the whole key.
 */
function hashTagOf(redisKey: string): string {
  const open = redisKey.indexOf('{')
  if (open >= 0) {
    const close = redisKey.indexOf('}', open + 1)
    if (close > open + 1) return redisKey.slice(open + 1, close)
  }
  return redisKey
}

/** A rejection handler per operation: a transient ioredis error becomes a RedisUnavailableError. */
function failsAs(operation: string): (err: unknown) => never {
  return (err) => {
    throw isTransientRedisError(err) ? new RedisUnavailableError(operation, err) : err
  }
}
const GET_FAILED = failsAs('get')
const SET_FAILED = failsAs('set')
const DELETE_FAILED = failsAs('delete')
const COMPARE_AND_DELETE_FAILED = failsAs('compareAndDelete')
const ACQUIRE_FAILED = failsAs('acquireLock')
const RELEASE_FAILED = failsAs('releaseLock')
const EXTEND_FAILED = failsAs('extendLock')

/**
 * A {@link @lwa-kit/core!TokenStore | TokenStore} on Redis for apps with several instances.
 *
 * - Token sets (access and refresh tokens) are sealed with core's `sealValue` (AES-256-GCM), bound
 *   to their key id and key, so nothing in Redis holds `Atza|` or `Atzr|` in clear and a value
 *   cannot be moved to another user. Values written by 0.0.0 are still read.
 * - `acquireLock` is `SET <prefix>lock:{<prefix>tokens:<key>} <random token> NX PX <ttl>` (the
 *   hash tag puts the lock in the token set's Cluster slot); `extendLock` and
 *   `releaseLock` touch the lock only while it still holds the owner's token (Lua scripts), so
 *   the token manager keeps it for as long as its refresh runs. A lock whose owner died expires
 *   after its TTL and another instance takes over.
 * - `compareAndDelete` removes a refused grant only while Redis still holds the value that was
 *   read and found to carry the refused refresh token (a Lua compare-and-delete), so a set another
 *   instance has just written is never wiped.
 * - Works on a single Redis and on a Redis Cluster (`new Cluster(nodes)`): each command and each
 *   Lua script touches one key, so no command spans hash slots, and a user's lock sits in the slot
 *   of the user's token set. While Redis cannot answer (a
 *   connection lost, a Cluster failover in progress), every method rejects with a retryable
 *   {@link RedisUnavailableError} (`LWA_NETWORK_ERROR`) instead of ioredis's own error.
 *
 * @example
 * ```ts
 * import { createLwaClient, createTokenManager } from '@lwa-kit/core'
 * import { RedisTokenStore } from '@lwa-kit/redis'
 * import { Redis } from 'ioredis'
 *
 * const store = new RedisTokenStore({
 *   redis: new Redis(process.env.REDIS_URL!),
 *   keys: [{ id: '2026-11', key: process.env.LWA_TOKEN_KEY! }],
 *   prefix: 'myapp:lwa:',
 * })
 * const tokens = createTokenManager({ client: createLwaClient({ clientId, clientSecret }), store })
 * const accessToken = await tokens.getAccessToken(userId) // one refresh across all instances
 * ```
 */
export class RedisTokenStore implements TokenStore {
  readonly #redis: Redis | Cluster
  readonly #cipher: TokenCipher
  readonly #prefix: string
  readonly #ttlSeconds: number | undefined
  /** The last value read or written per key, opened: a GET that returns the same bytes skips the decryption. */
  readonly #opened = new Map<string, { value: string; tokens: TokenSet }>()

  constructor(options: RedisTokenStoreOptions) {
    if (!options?.redis) throw new TypeError('RedisTokenStore needs an ioredis client as redis.')
    this.#redis = options.redis
    this.#cipher = new TokenCipher(options.keys)
    this.#prefix = options.prefix ?? 'lwa:'
    if (
      options.ttlSeconds !== undefined &&
      !(Number.isInteger(options.ttlSeconds) && options.ttlSeconds > 0)
    )
      throw new TypeError('ttlSeconds must be a positive whole number.')
    this.#ttlSeconds = options.ttlSeconds
  }

  /**
   * The Redis key that holds the token set of `key`.
   *
   * @example
   * ```ts
   * store.tokensKey('user-1') // 'lwa:tokens:user-1'
   * ```
   */
  tokensKey(key: string): string {
    return `${this.#prefix}tokens:${key}`
  }

  /**
   * The Redis key of the refresh lock of `key`. Its hash tag is what picks the token set's Cluster
   * hash slot, so on a Redis Cluster the lock lives on the same master as the token set: while
   * that master fails over, no other instance can take the lock and refresh from a set it cannot
   * see. (When braces in the prefix or the key make that impossible, the lock key is
   * `<prefix>lock:<key>`, as in 0.0.0.)
   *
   * @example
   * ```ts
   * store.lockKey('user-1') // 'lwa:lock:{lwa:tokens:user-1}'
   * ```
   */
  lockKey(key: string): string {
    const slotPart = hashTagOf(this.tokensKey(key))
    const tagged = `${this.#prefix}lock:{${slotPart}}`
    return hashTagOf(tagged) === slotPart ? tagged : `${this.#prefix}lock:${key}`
  }

  /**
   * Reads and decrypts the token set of `key`.
   *
   * @throws {TokenDecryptionError} when the value names an unknown key id or was changed.
   * @throws {RedisUnavailableError} (retryable) while Redis cannot answer, as every method does.
   * @example
   * ```ts
   * const tokens = await store.get('user-1')
   * ```
   */
  async get(key: string): Promise<TokenSet | undefined> {
    const value = await this.#redis.get(this.tokensKey(key)).catch(GET_FAILED)
    if (value === null) return undefined
    const hit = this.#opened.get(key)
    if (hit && hit.value === value) return hit.tokens
    return this.#remember(key, value, await this.#cipher.open(value, key))
  }

  /** Keeps what `value` opens to (authenticated once, then compared byte for byte). */
  #remember(key: string, value: string, tokens: TokenSet): TokenSet {
    const frozen = Object.freeze({ ...tokens, scope: Object.freeze([...tokens.scope]) as string[] })
    this.#opened.delete(key)
    if (this.#opened.size >= OPENED_ENTRIES)
      this.#opened.delete(this.#opened.keys().next().value as string)
    this.#opened.set(key, { value, tokens: frozen })
    return frozen
  }

  /**
   * Encrypts and writes the token set of `key` (with the TTL, when set).
   *
   * @example
   * ```ts
   * await store.set('user-1', tokens)
   * ```
   */
  async set(key: string, tokens: TokenSet): Promise<void> {
    const value = await this.#cipher.seal(tokens, key)
    if (this.#ttlSeconds === undefined)
      await this.#redis.set(this.tokensKey(key), value).catch(SET_FAILED)
    else await this.#redis.set(this.tokensKey(key), value, 'EX', this.#ttlSeconds).catch(SET_FAILED)
    this.#remember(key, value, tokens)
  }

  /**
   * Deletes the token set of `key`.
   *
   * @example
   * ```ts
   * await store.delete('user-1')
   * ```
   */
  async delete(key: string): Promise<void> {
    await this.#redis.del(this.tokensKey(key)).catch(DELETE_FAILED)
  }

  /**
   * Deletes the token set of `key` only while it still holds `expected`'s refresh token: the
   * value is read and decrypted, then deleted by a Lua script only if Redis still holds that exact
   * value.
   *
   * @example
   * ```ts
   * const deleted = await store.compareAndDelete('user-1', refused) // false: a newer set is stored
   * ```
   */
  async compareAndDelete(key: string, expected: TokenSet): Promise<boolean> {
    const redisKey = this.tokensKey(key)
    const value = await this.#redis.get(redisKey).catch(COMPARE_AND_DELETE_FAILED)
    if (value === null) return false
    if ((await this.#cipher.open(value, key)).refreshToken !== expected.refreshToken) return false
    const deleted = await this.#redis
      .eval(DELETE_IF_SCRIPT, 1, redisKey, value)
      .catch(COMPARE_AND_DELETE_FAILED)
    return deleted === 1
  }

  /**
   * Takes the refresh lock of `key` for `ttlMs` (SET NX PX with a random owner token).
   *
   * @example
   * ```ts
   * const owner = await store.acquireLock('user-1', 30_000)
   * if (owner) try { ... } finally { await store.releaseLock('user-1', owner) }
   * ```
   */
  async acquireLock(key: string, ttlMs: number): Promise<string | undefined> {
    const owner = randomBytes(16).toString('base64url')
    const answer = await this.#redis
      .set(this.lockKey(key), owner, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')
      .catch(ACQUIRE_FAILED)
    return answer === 'OK' ? owner : undefined
  }

  /**
   * Releases the lock of `key` if `owner` still holds it.
   *
   * @example
   * ```ts
   * await store.releaseLock('user-1', owner)
   * ```
   */
  async releaseLock(key: string, owner: string): Promise<void> {
    await this.#redis.eval(DELETE_IF_SCRIPT, 1, this.lockKey(key), owner).catch(RELEASE_FAILED)
  }

  /**
   * Gives the lock of `key` another `ttlMs` if `owner` still holds it.
   *
   * @example
   * ```ts
   * const stillMine = await store.extendLock('user-1', owner, 30_000)
   * ```
   */
  async extendLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const ms = String(Math.max(1, Math.ceil(ttlMs)))
    const extended = await this.#redis
      .eval(EXTEND_SCRIPT, 1, this.lockKey(key), owner, ms)
      .catch(EXTEND_FAILED)
    return extended === 1
  }
}
