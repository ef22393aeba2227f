/**
 * The store-less refresh of tokens that travel with the request (a NextAuth JWT cookie): a thin
 * use of the token manager, keyed by client id and refresh token, over a bounded memory store.
 *
 * Web standards only: it runs on Node, in browsers and on edge runtimes.
 *
 * @module
 */
import type { LwaClient, RefreshOptions } from './client.js'
import { isLwaError, LwaErrorCode, ReauthorizationRequiredError } from './errors.js'
import { MemoryTokenStore } from './memory-token-store.js'
import { createTokenManager, DEFAULT_REFRESH_AHEAD_MS } from './token-manager.js'
import { isExpired, type TokenSet } from './token-set.js'

/**
 * Settings of {@link createSharedRefresh}.
 *
 * @example
 * ```ts
 * const options: SharedRefreshOptions = { client: lwa, refreshAheadMs: 5 * 60_000, maxEntries: 5000 }
 * ```
 */
export interface SharedRefreshOptions {
  /** The client that refreshes. */
  client: Pick<LwaClient, 'clientId' | 'refresh'>
  /** Refresh this long before the access token expires, in milliseconds (default 10 minutes, `DEFAULT_REFRESH_AHEAD_MS`). */
  refreshAheadMs?: number
  /** The most grants whose fresh tokens are kept (default 1000). */
  maxEntries?: number
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  now?: () => number
}

/**
 * A refresher shared by every request of a process. Create one with {@link createSharedRefresh}.
 *
 * @example
 * ```ts
 * const shared: SharedRefresh = createSharedRefresh({ client: lwa })
 * if (shared.isDue(tokens)) tokens = await shared.ensureFresh(tokens)
 * ```
 */
export interface SharedRefresh {
  /** The refresh-ahead window, in milliseconds. */
  readonly refreshAheadMs: number
  /** Whether `tokens` are due: they expire within the refresh-ahead window. */
  isDue(tokens: Pick<TokenSet, 'expiresAt'>): boolean
  /**
   * Refreshes a grant once, however many callers ask at the same time; callers that come later
   * with the same refresh token (a stale cookie, say) get the fresh tokens while they are not due.
   * Throws `InvalidGrantError` when LWA refuses the refresh token.
   */
  refresh(refreshToken: string, options?: RefreshOptions): Promise<TokenSet>
  /**
   * Returns `tokens` when they are not due, else the refreshed ones. While they still work, a
   * transient refresh failure returns them unchanged (the next call tries again, after backoff).
   * Tokens without a refresh token come back unchanged: check {@link SharedRefresh.isDue} or
   * `isExpired` on the result.
   */
  ensureFresh(tokens: TokenSet, options?: RefreshOptions): Promise<TokenSet>
}

/**
 * Refresh ahead of expiry with no store of your own: for places that carry the tokens
 * themselves, such as a NextAuth JWT cookie. It is the token manager's policy (single flight,
 * backoff, what `invalid_grant` means) keyed by refresh token, so concurrent requests refresh a
 * grant once and a request with an older cookie gets the newer tokens.
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
  const refreshAheadMs = options.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS
  const store = new MemoryTokenStore({ maxEntries: options.maxEntries ?? 1000 })
  const manager = createTokenManager({ client: options.client, store, refreshAheadMs, now })

  async function run(seed: TokenSet & { refreshToken: string }, callOptions?: RefreshOptions) {
    const key = `${options.client.clientId}\n${seed.refreshToken}`
    if (!store.get(key)) store.set(key, seed)
    try {
      return await manager.getTokenSet(
        key,
        callOptions?.signal ? { signal: callOptions.signal } : {},
      )
    } catch (err) {
      // This API has always answered a refused grant with LWA's InvalidGrantError.
      const cause = (err as { cause?: unknown }).cause
      if (
        err instanceof ReauthorizationRequiredError &&
        isLwaError(cause) &&
        cause.code === LwaErrorCode.InvalidGrant
      )
        throw cause
      throw err
    }
  }

  const shared: SharedRefresh = {
    refreshAheadMs,
    isDue: (tokens) => isExpired(tokens, now(), refreshAheadMs),
    refresh(refreshToken, callOptions) {
      // Nothing known but the refresh token: an expired placeholder, so it is refreshed.
      return run(
        {
          accessToken: '-',
          refreshToken,
          tokenType: 'bearer',
          expiresAt: 0,
          scope: callOptions?.scope ? [...callOptions.scope] : [],
        },
        callOptions,
      )
    },
    async ensureFresh(tokens, callOptions) {
      if (!shared.isDue(tokens) || !tokens.refreshToken) return tokens
      return run(
        {
          ...tokens,
          refreshToken: tokens.refreshToken,
          ...(callOptions?.scope ? { scope: [...callOptions.scope] } : {}),
        },
        callOptions,
      )
    },
  }
  return shared
}
