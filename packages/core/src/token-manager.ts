/**
 * The token lifecycle: hand out access tokens, refresh them ahead of expiry exactly once per key
 * (in this process, and across processes when the store has a lock), and never lose a refresh token.
 *
 * @module
 */
import type { LwaClient } from './client.js'
import {
  InvalidArgumentError,
  InvalidGrantError,
  isLwaError,
  LwaAbortError,
  LwaTimeoutError,
  ReauthorizationRequiredError,
} from './errors.js'
import { type CallOptions, sleep } from './lib/http.js'
import { lockPollDelay, refreshRetryDelay } from './lib/token-manager-timing.js'
import type { TokenSet } from './token-set.js'
import type { TokenStore } from './token-store.js'

/**
 * Ten minutes: how early tokens are refreshed by default (the AVS Device SDK's head start).
 *
 * @example
 * ```ts
 * createTokenManager({ client, store, refreshAheadMs: DEFAULT_REFRESH_AHEAD_MS / 2 }) // 5 minutes
 * ```
 */
export const DEFAULT_REFRESH_AHEAD_MS = 10 * 60 * 1000

/**
 * Thirty seconds: how long a cross-instance refresh lock lives by default.
 *
 * @example
 * ```ts
 * createTokenManager({ client, store, lockTtlMs: 2 * DEFAULT_REFRESH_LOCK_TTL_MS })
 * ```
 */
export const DEFAULT_REFRESH_LOCK_TTL_MS = 30_000

/**
 * Settings of {@link createTokenManager}.
 *
 * @example
 * ```ts
 * const options: TokenManagerOptions = { client: lwa, store: new MemoryTokenStore(), refreshAheadMs: 5 * 60_000 }
 * ```
 */
export interface TokenManagerOptions {
  /** The LWA client whose `refresh` renews tokens (any object with that method). */
  client: Pick<LwaClient, 'refresh'>
  /** Where token sets live. With `acquireLock`/`releaseLock`, refreshes are serialised across instances. */
  store: TokenStore
  /** Refresh this long before the access token expires, in milliseconds (default 10 minutes). */
  refreshAheadMs?: number
  /** How long a cross-instance refresh lock lives, in milliseconds (default 30 s); longer than a refresh takes. */
  lockTtlMs?: number
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  now?: () => number
  /** A random number in [0, 1) for backoff jitter (default `Math.random`). */
  random?: () => number
}

/**
 * Options of {@link TokenManager.getAccessToken} and {@link TokenManager.getTokenSet}.
 *
 * @example
 * ```ts
 * const token = await tokens.getAccessToken(userId, { signal: AbortSignal.timeout(5000) })
 * ```
 */
export interface GetTokenOptions extends CallOptions {
  /**
   * An access token an API just refused (HTTP 401). If the store still holds it, it is refreshed
   * even though it has not expired; if another caller already replaced it, the new one is returned.
   */
  rejectedToken?: string
}

/**
 * Hands out access tokens per key and keeps them fresh. Create one with {@link createTokenManager}.
 *
 * @example
 * ```ts
 * const tokens: TokenManager = createTokenManager({ client: lwa, store })
 * ```
 */
export interface TokenManager {
  /**
   * A valid access token for `key`, refreshed first when it expires within the head start.
   *
   * @throws {ReauthorizationRequiredError} when no tokens are stored, or the grant was revoked.
   * @throws {LwaError} with `retryable: true` when the token expired and LWA cannot be reached.
   * @example
   * ```ts
   * const accessToken = await tokens.getAccessToken(userId)
   * ```
   */
  getAccessToken(key: string, options?: GetTokenOptions): Promise<string>
  /**
   * Like {@link TokenManager.getAccessToken}, but the whole token set (expiry, scopes).
   *
   * @example
   * ```ts
   * const { accessToken, expiresAt } = await tokens.getTokenSet(userId)
   * ```
   */
  getTokenSet(key: string, options?: GetTokenOptions): Promise<TokenSet>
  /**
   * Stores a token set for `key`, for example right after sign-in or device linking.
   *
   * @example
   * ```ts
   * await tokens.setTokens(userId, await lwa.exchangeCode({ code, redirectUri, codeVerifier }))
   * ```
   */
  setTokens(key: string, tokens: TokenSet): Promise<void>
  /**
   * Deletes the tokens of `key` (sign-out); a refresh running in this process does not bring them back.
   *
   * @example
   * ```ts
   * await tokens.forget(userId)
   * ```
   */
  forget(key: string): Promise<void>
}

interface KeyState {
  inflight?: Promise<TokenSet>
  /** After a transient failure: no new attempt before this time while the token still works. */
  retryAt: number
  failures: number
  /** Bumped by setTokens and forget, so a refresh that overlaps them does not overwrite them. */
  generation: number
}

function noTokens(): ReauthorizationRequiredError {
  return new ReauthorizationRequiredError(
    {},
    'No tokens are stored for this key; the user must sign in (or link the device) first.',
  )
}

function noRefreshToken(): ReauthorizationRequiredError {
  return new ReauthorizationRequiredError(
    {},
    'The access token expired and no refresh token was issued with it; the user must sign in again.',
  )
}

function checkTokenSet(tokens: TokenSet): void {
  if (!tokens || typeof tokens.accessToken !== 'string' || tokens.accessToken.length === 0)
    throw new InvalidArgumentError('setTokens needs a token set with an accessToken.')
  if (typeof tokens.expiresAt !== 'number' || !Number.isFinite(tokens.expiresAt))
    throw new InvalidArgumentError('setTokens needs expiresAt in milliseconds since the epoch.')
}

function withSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(new LwaAbortError(signal.reason))
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new LwaAbortError(signal.reason))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(err)
      },
    )
  })
}

/**
 * Creates a token manager: the one place an app gets access tokens from.
 *
 * - While a token is valid beyond the head start (`refreshAheadMs`), no request goes out.
 * - Within it, one refresh per key runs at a time in this process, and every concurrent caller
 *   gets its result. The new token set is stored before anyone receives it.
 * - With a store that has a lock (`RedisTokenStore`), one instance refreshes; the others re-read
 *   the store (or keep using the still-valid token) instead of refreshing again.
 * - A transient failure (network, timeout, 5xx) keeps the refresh token. While the access token
 *   still works, callers get it and the refresh is retried with jittered backoff; once it has
 *   expired, callers get the typed retryable error. `invalid_grant` deletes the stored tokens and
 *   throws {@link ReauthorizationRequiredError}.
 *
 * @example
 * ```ts
 * import { createLwaClient, createTokenManager, MemoryTokenStore } from '@lwa-kit/core'
 *
 * const lwa = createLwaClient({ clientId, clientSecret })
 * const tokens = createTokenManager({ client: lwa, store: new MemoryTokenStore() })
 * await tokens.setTokens(userId, await lwa.exchangeCode({ code, redirectUri, codeVerifier }))
 *
 * const accessToken = await tokens.getAccessToken(userId) // refreshed 10 minutes before expiry
 * ```
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  if (!options || typeof options.client?.refresh !== 'function')
    throw new InvalidArgumentError('createTokenManager needs a client with a refresh method.')
  const store = options.store
  if (!store || typeof store.get !== 'function' || typeof store.set !== 'function')
    throw new InvalidArgumentError('createTokenManager needs a store with get, set and delete.')
  const { client } = options
  const refreshAheadMs = options.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS
  const lockTtlMs = options.lockTtlMs ?? DEFAULT_REFRESH_LOCK_TTL_MS
  if (!(refreshAheadMs >= 0)) throw new InvalidArgumentError('refreshAheadMs must be 0 or more.')
  if (!(lockTtlMs > 0)) throw new InvalidArgumentError('lockTtlMs must be positive.')
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const locking = typeof store.acquireLock === 'function' && typeof store.releaseLock === 'function'
  const states = new Map<string, KeyState>()

  const needsRefresh = (tokens: TokenSet, at: number, rejected?: string) =>
    tokens.expiresAt - refreshAheadMs <= at || tokens.accessToken === rejected
  const usable = (tokens: TokenSet, at: number, rejected?: string) =>
    tokens.expiresAt > at && tokens.accessToken !== rejected

  function stateOf(key: string): KeyState {
    let state = states.get(key)
    if (!state) {
      state = { retryAt: 0, failures: 0, generation: 0 }
      states.set(key, state)
    }
    return state
  }

  function settle(key: string, state: KeyState): void {
    state.inflight = undefined
    if (state.failures === 0 && states.get(key) === state) states.delete(key)
  }

  /** After setTokens/forget overlapped a refresh: what the store holds now wins. */
  async function currentAfterChange(key: string, rejected?: string): Promise<TokenSet> {
    const tokens = await store.get(key)
    if (!tokens) throw noTokens()
    if (!usable(tokens, now(), rejected))
      throw new ReauthorizationRequiredError({}, 'The tokens were replaced while refreshing.')
    return tokens
  }

  /** One refresh request for `current`; stores the result or handles the failure. */
  async function refreshOnce(
    key: string,
    state: KeyState,
    current: TokenSet,
    rejected?: string,
  ): Promise<TokenSet> {
    if (!current.refreshToken) {
      if (usable(current, now(), rejected)) return current
      throw noRefreshToken()
    }
    const generation = state.generation
    let next: TokenSet
    try {
      next = await client.refresh(current.refreshToken, { scope: [...current.scope] })
    } catch (err) {
      if (state.generation !== generation) return currentAfterChange(key, rejected)
      if (err instanceof InvalidGrantError) {
        await store.delete(key)
        state.failures = 0
        throw new ReauthorizationRequiredError({
          cause: err,
          error: 'invalid_grant',
          ...(err.status !== undefined ? { status: err.status } : {}),
          ...(err.requestId !== undefined ? { requestId: err.requestId } : {}),
        })
      }
      if (isLwaError(err) && err.retryable) {
        state.failures++
        state.retryAt = now() + refreshRetryDelay(state.failures - 1, random)
        if (usable(current, now(), rejected)) return current
      }
      throw err
    }
    if (state.generation !== generation) return currentAfterChange(key, rejected)
    await store.set(key, next)
    state.failures = 0
    state.retryAt = 0
    return next
  }

  /** Refresh under the store's cross-instance lock; waiters poll the store. */
  async function refreshLocked(key: string, state: KeyState, rejected?: string) {
    const acquire = store.acquireLock as NonNullable<TokenStore['acquireLock']>
    const release = store.releaseLock as NonNullable<TokenStore['releaseLock']>
    const deadline = now() + 2 * lockTtlMs
    for (let attempt = 0; ; attempt++) {
      const owner = await acquire.call(store, key, lockTtlMs)
      if (owner !== undefined && owner !== null) {
        try {
          const current = await store.get(key)
          if (!current) throw noTokens()
          if (!needsRefresh(current, now(), rejected)) return current
          return await refreshOnce(key, state, current, rejected)
        } finally {
          try {
            await release.call(store, key, owner)
          } catch {
            // The lock expires by itself; nothing is lost.
          }
        }
      }
      // Another instance holds the lock. Use its result, or the still-valid token meanwhile.
      const current = await store.get(key)
      if (!current) throw noTokens()
      const at = now()
      if (!needsRefresh(current, at, rejected) || usable(current, at, rejected)) return current
      if (at >= deadline) throw new LwaTimeoutError('token refresh lock', 2 * lockTtlMs)
      await sleep(Math.min(lockPollDelay(attempt, random), deadline - at))
    }
  }

  /** What a caller gets for the stored `tokens`: them, or the (shared) refresh. */
  function decide(
    key: string,
    tokens: TokenSet | undefined,
    callOptions: GetTokenOptions,
  ): TokenSet | Promise<TokenSet> {
    if (!tokens) throw noTokens()
    const rejected = callOptions.rejectedToken
    const at = now()
    if (!needsRefresh(tokens, at, rejected)) return tokens
    const state = stateOf(key)
    if (!state.inflight) {
      // Backing off after a transient failure: keep serving the token that still works.
      if (state.retryAt > at && usable(tokens, at, rejected)) return tokens
      const run = locking
        ? refreshLocked(key, state, rejected)
        : refreshOnce(key, state, tokens, rejected)
      state.inflight = run
      run.then(
        () => settle(key, state),
        () => settle(key, state),
      )
    }
    return withSignal(state.inflight, callOptions.signal)
  }

  /** The hot path stays synchronous until the answer: no extra promise hops for a fresh token. */
  function resolveTokens(
    key: string,
    callOptions: GetTokenOptions = {},
  ): TokenSet | Promise<TokenSet> {
    if (typeof key !== 'string' || key.length === 0)
      throw new InvalidArgumentError('A token key (a non-empty string) is required.')
    const stored = store.get(key)
    if (stored && typeof (stored as Promise<unknown>).then === 'function')
      return (stored as Promise<TokenSet | undefined>).then((tokens) =>
        decide(key, tokens, callOptions),
      )
    return decide(key, stored as TokenSet | undefined, callOptions)
  }

  function getTokenSet(key: string, callOptions?: GetTokenOptions): Promise<TokenSet> {
    try {
      return Promise.resolve(resolveTokens(key, callOptions))
    } catch (err) {
      return Promise.reject(err)
    }
  }

  return {
    getTokenSet,
    getAccessToken(key, callOptions) {
      try {
        const result = resolveTokens(key, callOptions)
        return result instanceof Promise
          ? result.then((tokens) => tokens.accessToken)
          : Promise.resolve(result.accessToken)
      } catch (err) {
        return Promise.reject(err)
      }
    },
    async setTokens(key, tokens) {
      if (typeof key !== 'string' || key.length === 0)
        throw new InvalidArgumentError('A token key (a non-empty string) is required.')
      checkTokenSet(tokens)
      const state = states.get(key)
      if (state) {
        state.generation++
        state.failures = 0
        state.retryAt = 0
      }
      await store.set(key, tokens)
    },
    async forget(key) {
      const state = states.get(key)
      if (state) {
        state.generation++
        state.failures = 0
        state.retryAt = 0
      }
      await store.delete(key)
    },
  }
}
