/**
 * The token lifecycle: hand out access tokens, refresh them ahead of expiry exactly once per key
 * (in this process, and across processes when the store has a lock), and never lose a refresh token.
 *
 * @module
 */
import type { LwaClient } from './client.js'
import {
  InvalidArgumentError,
  isLwaError,
  LwaAbortError,
  LwaErrorCode,
  LwaTimeoutError,
  ReauthorizationRequiredError,
} from './errors.js'
import { type CallOptions, sleep } from './lib/http.js'
import {
  later,
  lockPollDelay,
  refreshRetryDelay,
  repeat,
  saveRetryDelay,
} from './lib/token-manager-timing.js'
import { createSingleFlight } from './single-flight.js'
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
  /**
   * How long a cross-instance refresh lock lives without renewal, in milliseconds (default 30 s).
   * While a refresh runs, the manager extends it every third of this (with a store that has
   * `extendLock`), so the lock lives as long as the refresh.
   */
  lockTtlMs?: number
  /**
   * How long a caller waits while another instance holds the refresh lock, in milliseconds
   * (default: twice `lockTtlMs`, at least 15 s); then it gets a retryable `LwaTimeoutError`.
   */
  lockWaitMs?: number
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
  /** After a transient failure: no new attempt before this time while the token still works. */
  retryAt: number
  failures: number
  /** Bumped by setTokens and forget, so a refresh that overlaps them does not overwrite them. */
  generation: number
  /** A refreshed set the store refused to write: served from memory and written again later. */
  unsaved?: TokenSet
  /** The refresh token `unsaved` was refreshed from. */
  unsavedFrom?: string
  saveFailures: number
  cancelSave?: () => void
  /**
   * Ends the cross-instance lock this instance still holds for `unsaved`: the lock outlives its
   * refresh until the set is written, so no other instance refreshes from the stale stored set.
   */
  releaseHeldLock?: () => void
}

/** Writes tried in line, while the caller (and the lock) wait, before the set is kept in memory. */
const INLINE_SAVES = 3
/** Background writes of a set the store refused, before the manager stops trying (it keeps serving it). */
const BACKGROUND_SAVES = 12
/** The most lock polls of one refresh (the wait is bounded by time, too). */
const MAX_LOCK_POLLS = 10_000

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

const isInvalidGrant = (err: unknown) => isLwaError(err) && err.code === LwaErrorCode.InvalidGrant

/**
 * Creates a token manager: the one place an app gets access tokens from, and core's one refresh
 * policy (the store-less `createSharedRefresh` is a thin use of it).
 *
 * - While a token is valid beyond the head start (`refreshAheadMs`), no request goes out.
 * - Within it, one refresh per key runs at a time in this process (core's single flight), and
 *   every concurrent caller gets its result. The new token set is stored before anyone receives
 *   it; if the store refuses the write, the set is kept in memory for the key, served from there,
 *   and written again with backoff: a refreshed set is never dropped.
 * - With a store that has a lock (`RedisTokenStore`, `MemoryTokenStore`), one instance
 *   refreshes and extends its lock while the refresh runs; the others re-read the store (or keep
 *   using the still-valid token) instead of refreshing again.
 * - A transient failure (network, timeout, 5xx) keeps the refresh token. While the access token
 *   still works, callers get it and the refresh is retried with jittered backoff; once it has
 *   expired, callers get the typed retryable error.
 * - `invalid_grant` first re-reads the store: when another instance refreshed meanwhile (with
 *   rotating refresh tokens, its refresh is why ours was refused), its set is used. Only when the
 *   store still holds the refused refresh token is it deleted (compare-and-delete), and
 *   {@link ReauthorizationRequiredError} thrown.
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
  const lockWaitMs = options.lockWaitMs ?? Math.max(2 * lockTtlMs, 15_000)
  if (!(lockWaitMs > 0)) throw new InvalidArgumentError('lockWaitMs must be positive.')
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const locking = typeof store.acquireLock === 'function' && typeof store.releaseLock === 'function'
  const states = new Map<string, KeyState>()
  const flights = createSingleFlight<TokenSet>()
  /** How many keys hold an unsaved set: the hot path looks at `states` only when some do. */
  let unsavedKeys = 0

  const needsRefresh = (tokens: TokenSet, at: number, rejected?: string) =>
    tokens.expiresAt - refreshAheadMs <= at || tokens.accessToken === rejected
  const usable = (tokens: TokenSet, at: number, rejected?: string) =>
    tokens.expiresAt > at && tokens.accessToken !== rejected

  function stateOf(key: string): KeyState {
    let state = states.get(key)
    if (!state) {
      state = { retryAt: 0, failures: 0, generation: 0, saveFailures: 0 }
      states.set(key, state)
    }
    return state
  }

  function tidy(key: string, state: KeyState): void {
    if (state.failures === 0 && !state.unsaved && states.get(key) === state) states.delete(key)
  }

  function keepUnsaved(state: KeyState, tokens: TokenSet | undefined, from?: string): void {
    if (state.unsaved && !tokens) unsavedKeys--
    if (!state.unsaved && tokens) unsavedKeys++
    state.unsaved = tokens
    state.unsavedFrom = tokens ? from : undefined
    if (!tokens) {
      state.cancelSave?.()
      state.cancelSave = undefined
      state.saveFailures = 0
      state.releaseHeldLock?.()
    }
  }

  /** Writes `tokens`, retrying a refused write a few times in line; false when the store still refuses. */
  async function saveInLine(key: string, tokens: TokenSet): Promise<boolean> {
    for (let attempt = 0; attempt < INLINE_SAVES; attempt++) {
      try {
        await store.set(key, tokens)
        return true
      } catch {
        if (attempt + 1 < INLINE_SAVES) await sleep(saveRetryDelay(attempt, random))
      }
    }
    return false
  }

  /** Writes the unsaved set of `key` again later, with backoff, until the store takes it. */
  function saveLater(key: string, state: KeyState): void {
    if (state.cancelSave || !state.unsaved) return
    if (state.saveFailures >= BACKGROUND_SAVES) {
      // Given up for now (a later caller starts again): let the other instances go on.
      state.releaseHeldLock?.()
      return
    }
    const delay = saveRetryDelay(1 + state.saveFailures, random)
    state.cancelSave = later(() => {
      state.cancelSave = undefined
      const pending = state.unsaved
      if (!pending) return
      void (async () => {
        try {
          // Another writer stored a newer grant (a new sign-in): that one wins.
          const stored = await store.get(key)
          if (
            stored &&
            stored.refreshToken !== state.unsavedFrom &&
            stored.refreshToken !== pending.refreshToken
          ) {
            if (state.unsaved === pending) keepUnsaved(state, undefined)
            return tidy(key, state)
          }
          await store.set(key, pending)
          if (state.unsaved === pending) keepUnsaved(state, undefined)
          tidy(key, state)
        } catch {
          if (state.unsaved !== pending) return
          state.saveFailures++
          saveLater(key, state)
        }
      })()
    }, delay)
  }

  /** Stores a refreshed set; when the store refuses, keeps it in memory and writes it later. */
  async function save(key: string, state: KeyState, next: TokenSet, from: string): Promise<void> {
    if (await saveInLine(key, next)) {
      if (state.unsaved) keepUnsaved(state, undefined)
      return
    }
    keepUnsaved(state, next, state.unsaved ? state.unsavedFrom : from)
    saveLater(key, state)
  }

  /** Compare-and-delete, or a read-then-delete for stores without it. */
  async function deleteIfStill(key: string, refused: TokenSet): Promise<boolean> {
    if (typeof store.compareAndDelete === 'function')
      return Boolean(await store.compareAndDelete(key, refused))
    const stored = await store.get(key)
    if (!stored || stored.refreshToken !== refused.refreshToken) return false
    await store.delete(key)
    return true
  }

  /** After setTokens/forget overlapped a refresh: what the store holds now wins. */
  async function currentAfterChange(key: string, rejected?: string): Promise<TokenSet> {
    const tokens = await store.get(key)
    if (!tokens) throw noTokens()
    if (!usable(tokens, now(), rejected))
      throw new ReauthorizationRequiredError({}, 'The tokens were replaced while refreshing.')
    return tokens
  }

  /** LWA refused `refused`. Use a set another instance stored meanwhile; else delete and say so. */
  async function afterInvalidGrant(
    key: string,
    state: KeyState,
    refused: TokenSet,
    err: unknown,
    rejected: string | undefined,
    hops: number,
  ): Promise<TokenSet> {
    state.failures = 0
    state.retryAt = 0
    if (state.unsaved) keepUnsaved(state, undefined)
    for (let round = 0; round < 2; round++) {
      const stored = await store.get(key)
      if (stored && stored.refreshToken !== refused.refreshToken) {
        // A lost race: the winner's refresh is why ours was refused (rotation). Use its set.
        const at = now()
        if (!needsRefresh(stored, at, rejected) || usable(stored, at, rejected)) return stored
        if (hops > 0) return refreshFrom(key, state, stored, rejected, hops - 1)
        throw new LwaTimeoutError('token refresh', lockTtlMs)
      }
      if (!stored || (await deleteIfStill(key, refused))) break
      // The set changed between the read and the delete: look again.
    }
    const status = (err as { status?: number }).status
    const requestId = (err as { requestId?: string }).requestId
    throw new ReauthorizationRequiredError({
      cause: err,
      error: 'invalid_grant',
      ...(status !== undefined ? { status } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
    })
  }

  /** One refresh request for `base`; stores the result or handles the failure. */
  async function refreshFrom(
    key: string,
    state: KeyState,
    base: TokenSet,
    rejected: string | undefined,
    hops: number,
  ): Promise<TokenSet> {
    if (!base.refreshToken) {
      if (usable(base, now(), rejected)) return base
      throw noRefreshToken()
    }
    const generation = state.generation
    let next: TokenSet
    try {
      next = await client.refresh(base.refreshToken, { scope: [...base.scope] })
    } catch (err) {
      if (state.generation !== generation) return currentAfterChange(key, rejected)
      if (isInvalidGrant(err)) return afterInvalidGrant(key, state, base, err, rejected, hops)
      if (isLwaError(err) && err.retryable) {
        state.failures++
        state.retryAt = now() + refreshRetryDelay(state.failures - 1, random)
        if (usable(base, now(), rejected)) return base
      }
      throw err
    }
    if (state.generation !== generation) return currentAfterChange(key, rejected)
    state.failures = 0
    state.retryAt = 0
    await save(key, state, next, base.refreshToken)
    return next
  }

  /** Keeps the lock of `key` alive while a refresh runs. */
  function keepLock(key: string, owner: string): () => void {
    const extend = store.extendLock
    if (typeof extend !== 'function') return () => {}
    return repeat(() => {
      Promise.resolve()
        .then(() => extend.call(store, key, owner, lockTtlMs))
        .catch(() => {
          // The next tick tries again; the lock may expire, and invalid_grant handling covers it.
        })
    }, lockTtlMs / 3)
  }

  /** Refresh under the store's cross-instance lock; waiters poll the store. */
  async function refreshLocked(key: string, state: KeyState, rejected?: string) {
    const acquire = store.acquireLock as NonNullable<TokenStore['acquireLock']>
    const release = store.releaseLock as NonNullable<TokenStore['releaseLock']>
    // Lock waits are real time, whatever clock the tokens follow.
    const deadline = Date.now() + lockWaitMs
    // A lock still held for an unsaved set of ours: this refresh takes over from it.
    state.releaseHeldLock?.()
    for (let attempt = 0; attempt < MAX_LOCK_POLLS; attempt++) {
      const owner = await acquire.call(store, key, lockTtlMs)
      if (owner !== undefined && owner !== null) {
        const stop = keepLock(key, owner)
        const letGo = async () => {
          stop()
          try {
            await release.call(store, key, owner)
          } catch {
            // The lock expires by itself; nothing is lost.
          }
        }
        try {
          const current = state.unsaved ?? (await store.get(key))
          if (!current) throw noTokens()
          if (!needsRefresh(current, now(), rejected)) return current
          return await refreshFrom(key, state, current, rejected, 1)
        } finally {
          if (state.unsaved && state.cancelSave && !state.releaseHeldLock) {
            // The store refused the refreshed set: keep the lock (extended) until the background
            // write lands or gives up, or another instance would refresh from the stale set.
            state.releaseHeldLock = () => {
              state.releaseHeldLock = undefined
              void letGo()
            }
          } else {
            await letGo()
          }
        }
      }
      // Another instance holds the lock. Use its result, or the still-valid token meanwhile.
      const current = state.unsaved ?? (await store.get(key))
      if (!current) throw noTokens()
      const at = now()
      if (!needsRefresh(current, at, rejected) || usable(current, at, rejected)) return current
      const left = deadline - Date.now()
      if (left <= 0) break
      await sleep(Math.min(lockPollDelay(attempt, random), left))
    }
    throw new LwaTimeoutError('token refresh lock', lockWaitMs)
  }

  function refresh(key: string, seen: TokenSet, rejected?: string): Promise<TokenSet> {
    const state = stateOf(key)
    const run = locking
      ? refreshLocked(key, state, rejected)
      : refreshFrom(key, state, state.unsaved ?? seen, rejected, 1)
    return run.finally(() => tidy(key, state))
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
    const state = states.get(key)
    // Backing off after a transient failure: keep serving the token that still works.
    if (state && state.retryAt > at && usable(tokens, at, rejected)) return tokens
    return withSignal(
      flights.run(key, () => refresh(key, tokens, rejected)),
      callOptions.signal,
    )
  }

  /** The hot path stays synchronous until the answer: no extra promise hops for a fresh token. */
  function resolveTokens(
    key: string,
    callOptions: GetTokenOptions = {},
  ): TokenSet | Promise<TokenSet> {
    if (typeof key !== 'string' || key.length === 0)
      throw new InvalidArgumentError('A token key (a non-empty string) is required.')
    if (unsavedKeys > 0) {
      const state = states.get(key)
      if (state?.unsaved) {
        // The store refused this set: keep trying to write it while callers use it.
        if (!state.cancelSave && state.saveFailures >= BACKGROUND_SAVES) {
          state.saveFailures = 0
          saveLater(key, state)
        }
        return decide(key, state.unsaved, callOptions)
      }
    }
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

  /** setTokens and forget: whatever a running refresh brings back must not overwrite this. */
  function supersede(key: string): void {
    const state = states.get(key)
    if (!state) return
    state.generation++
    state.failures = 0
    state.retryAt = 0
    keepUnsaved(state, undefined)
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
      supersede(key)
      await store.set(key, tokens)
    },
    async forget(key) {
      supersede(key)
      await store.delete(key)
    },
  }
}
