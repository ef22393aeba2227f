/**
 * Single-flight: concurrent callers with the same key share one run of a task, and, for a while,
 * its result. Used to refresh a grant once when many requests (or a middleware and a page) find the
 * same expired access token at the same time.
 *
 * Web standards only: it runs on Node, in browsers and on edge runtimes.
 *
 * @module
 */
import type { LwaClient, RefreshOptions } from './client.js'
import { isExpired, type TokenSet } from './token-set.js'

/** Settings of {@link createSingleFlight}. */
export interface SingleFlightOptions<T> {
  /**
   * How long a result keeps answering its key after it settled, in milliseconds (default: 0, so
   * only callers that arrive while the task runs share it). Failures are never kept.
   */
  keepFor?: (value: T) => number
  /** The most results kept; the oldest go first (default 1000). */
  maxEntries?: number
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  now?: () => number
}

/** A single-flight group. Create one with {@link createSingleFlight}. */
export interface SingleFlight<T> {
  /**
   * Runs `task` for `key`, unless a run for `key` is under way or a kept result is still fresh:
   * then answers with that one.
   */
  run(key: string, task: () => Promise<T>): Promise<T>
  /** Drops what is held for `key`. */
  forget(key: string): void
  /** How many keys are held (running or kept). */
  readonly size: number
}

interface Entry<T> {
  promise: Promise<T>
  /** Until when a settled result answers; `undefined` while running. */
  until?: number
}

/**
 * Creates a single-flight group: one task per key at a time, its result shared.
 *
 * @example
 * ```ts
 * import { createSingleFlight } from '@lwa-kit/core'
 *
 * const flights = createSingleFlight<TokenSet>({ keepFor: (t) => t.expiresAt - Date.now() })
 * const [a, b] = await Promise.all([
 *   flights.run(refreshToken, () => lwa.refresh(refreshToken)),
 *   flights.run(refreshToken, () => lwa.refresh(refreshToken)), // shares the first call
 * ])
 * ```
 */
export function createSingleFlight<T>(options: SingleFlightOptions<T> = {}): SingleFlight<T> {
  const entries = new Map<string, Entry<T>>()
  const now = options.now ?? Date.now
  const maxEntries = Math.max(1, options.maxEntries ?? 1000)

  function evict(): void {
    if (entries.size <= maxEntries) return
    for (const [key, entry] of entries) {
      if (entries.size <= maxEntries) break
      if (entry.until !== undefined) entries.delete(key)
    }
  }

  return {
    run(key, task) {
      const held = entries.get(key)
      if (held && (held.until === undefined || held.until > now())) return held.promise
      if (held) entries.delete(key)
      const entry: Entry<T> = { promise: Promise.resolve().then(task) }
      entries.set(key, entry)
      entry.promise.then(
        (value) => {
          if (entries.get(key) !== entry) return
          const keep = options.keepFor ? options.keepFor(value) : 0
          if (keep > 0 && Number.isFinite(keep)) {
            entry.until = now() + keep
            evict()
          } else entries.delete(key)
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key)
        },
      )
      evict()
      return entry.promise
    },
    forget(key) {
      entries.delete(key)
    },
    get size() {
      return entries.size
    },
  }
}

/** Settings of {@link createSharedRefresh}. */
export interface SharedRefreshOptions {
  /** The client that refreshes. */
  client: Pick<LwaClient, 'clientId' | 'refresh'>
  /** Refresh this long before the access token expires, in milliseconds (default 5 minutes). */
  refreshAheadMs?: number
  /** The most grants whose fresh tokens are kept (default 1000). */
  maxEntries?: number
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  now?: () => number
}

/** A refresher shared by every request of a process. Create one with {@link createSharedRefresh}. */
export interface SharedRefresh {
  /** The refresh-ahead window, in milliseconds. */
  readonly refreshAheadMs: number
  /** Whether `tokens` are due: they expire within the refresh-ahead window. */
  isDue(tokens: Pick<TokenSet, 'expiresAt'>): boolean
  /**
   * Refreshes a grant once, however many callers ask at the same time; callers that come later
   * with the same refresh token (a stale cookie, say) get the fresh tokens while they are not due.
   */
  refresh(refreshToken: string, options?: RefreshOptions): Promise<TokenSet>
  /**
   * Returns `tokens` when they are not due, else the refreshed ones. Tokens without a refresh
   * token come back unchanged: check {@link SharedRefresh.isDue} or `isExpired` on the result.
   */
  ensureFresh(tokens: TokenSet, options?: RefreshOptions): Promise<TokenSet>
}

/**
 * Refresh ahead of expiry through a single-flight group keyed by refresh token. It needs no store:
 * it is the primitive for places that carry the tokens themselves, such as a NextAuth JWT cookie.
 *
 * @example
 * ```ts
 * import { createLwaClient, createSharedRefresh } from '@lwa-kit/core'
 *
 * const shared = createSharedRefresh({ client: createLwaClient({ clientId, clientSecret }) })
 * const tokens = await shared.ensureFresh(fromCookie) // one refresh for all concurrent requests
 * ```
 */
export function createSharedRefresh(options: SharedRefreshOptions): SharedRefresh {
  const now = options.now ?? Date.now
  const refreshAheadMs = options.refreshAheadMs ?? 5 * 60_000
  const flights = createSingleFlight<TokenSet>({
    keepFor: (tokens) => tokens.expiresAt - refreshAheadMs - now(),
    ...(options.maxEntries !== undefined ? { maxEntries: options.maxEntries } : {}),
    now,
  })
  const shared: SharedRefresh = {
    refreshAheadMs,
    isDue: (tokens) => isExpired(tokens, now(), refreshAheadMs),
    refresh(refreshToken, callOptions) {
      return flights.run(`${options.client.clientId}\n${refreshToken}`, () =>
        options.client.refresh(refreshToken, callOptions),
      )
    },
    async ensureFresh(tokens, callOptions) {
      if (!shared.isDue(tokens) || !tokens.refreshToken) return tokens
      return shared.refresh(tokens.refreshToken, {
        ...(tokens.scope.length > 0 ? { scope: tokens.scope } : {}),
        ...callOptions,
      })
    },
  }
  return shared
}
