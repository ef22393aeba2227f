/**
 * The refresh of tokens the caller holds itself (a NextAuth JWT cookie, a session of its own):
 * when to refresh, one refresh per grant for every request of this JavaScript realm, what LWA
 * left out kept, and what the holder should do with its tokens afterwards. One decision for every
 * adapter whose tokens travel with the request; tokens in a store use the token manager.
 *
 * Web standards only: it runs on Node, in browsers and on edge runtimes.
 *
 * @module
 */
import type { LwaClient } from './client.js'
import { isLwaError, type LwaError, LwaErrorCode } from './errors.js'
import { DEFAULT_REFRESH_AHEAD_MS } from './token-manager.js'
import { isExpired, type TokenSet } from './token-set.js'
import { createSharedRefresh, type SharedRefresh } from './token-shared-refresh.js'

/**
 * Options of {@link refreshHeldTokens}.
 *
 * @example
 * ```ts
 * const options: HeldTokensOptions = { refreshAheadMs: 5 * 60_000, signal: AbortSignal.timeout(5000) }
 * ```
 */
export interface HeldTokensOptions {
  /** Refresh this long before the access token expires, in milliseconds (default 10 minutes, `DEFAULT_REFRESH_AHEAD_MS`). */
  refreshAheadMs?: number
  /**
   * The clock, in milliseconds since the epoch (default `Date.now`). Holders that pass the same
   * clock function (and client id, token endpoint and head start) share one refresh.
   */
  now?: () => number
  /** Stops waiting for the refresh (the shared refresh itself goes on for the other callers). */
  signal?: AbortSignal
}

/**
 * What the holder does with its tokens after {@link refreshHeldTokens}:
 *
 * - `current`: keep them as they are (not due yet, or a passing failure while they still work:
 *   a later call tries again, after backoff);
 * - `refreshed`: replace them with `tokens` (the refresh token and the scopes LWA left out are
 *   carried over from the held ones);
 * - `revoked`: LWA refused the refresh token (`invalid_grant`, `error`): drop them, the user signs
 *   in again;
 * - `reauthorize`: they expired and there is no refresh token: drop them, the user signs in again;
 * - `failed`: the refresh failed for another reason than a refused grant (`error`: network,
 *   timeout, 5xx, or an answer that will not pass by itself such as `invalid_client`) and the
 *   tokens cannot be kept as they are: keep them anyway, refresh token and all, and mark the
 *   session; a later call tries again.
 *
 * @example
 * ```ts
 * const outcome: HeldTokensOutcome = await refreshHeldTokens(lwa, fromCookie)
 * if (outcome.status === 'refreshed') writeCookie(outcome.tokens)
 * ```
 */
export type HeldTokensOutcome =
  | { status: 'current' | 'refreshed'; tokens: TokenSet }
  | { status: 'failed'; tokens: TokenSet; error: unknown }
  | { status: 'revoked'; error: LwaError }
  | { status: 'reauthorize' }

const SHARED = /* @__PURE__ */ Symbol.for('@lwa-kit/core.held-token-refresh')

interface Registry {
  /** Refreshers on `Date.now`, by token endpoint, client id and head start. */
  realTime: Map<string, SharedRefresh>
  /** Refreshers on a clock of their own (a demo, a test), by that clock. */
  byClock: WeakMap<() => number, Map<string, SharedRefresh>>
}

/**
 * The refreshers of this JavaScript realm. Kept on `globalThis`, so copies of core (ESM and CJS,
 * or two bundles of one app) share them.
 */
function registry(): Registry {
  const holder = globalThis as { [SHARED]?: Registry }
  holder[SHARED] ??= { realTime: new Map(), byClock: new WeakMap() }
  return holder[SHARED]
}

function refresherOf(
  client: Pick<LwaClient, 'clientId' | 'endpoints' | 'refresh'>,
  refreshAheadMs: number,
  now: (() => number) | undefined,
): SharedRefresh {
  const all = registry()
  let group = all.realTime
  if (now) {
    let own = all.byClock.get(now)
    if (!own) {
      own = new Map()
      all.byClock.set(now, own)
    }
    group = own
  }
  const key = `${client.endpoints.tokenEndpoint}\n${client.clientId}\n${refreshAheadMs}`
  let shared = group.get(key)
  if (!shared) {
    shared = createSharedRefresh({ client, refreshAheadMs, ...(now ? { now } : {}) })
    group.set(key, shared)
  }
  return shared
}

/**
 * Refreshes tokens the caller holds (a cookie) ahead of expiry, and says what to do with them
 * ({@link HeldTokensOutcome}); it never rejects for LWA's sake. The policy is the token manager's,
 * through one `createSharedRefresh` per client, head start and clock in this realm: concurrent
 * callers refresh a grant once, and a caller still holding the old tokens (a stale cookie) gets the
 * new ones without a second refresh. The refresh token is kept when LWA does not rotate it, and a
 * passing failure never costs the refresh token.
 *
 * @example
 * ```ts
 * import { createLwaClient, refreshHeldTokens } from '@lwa-kit/core'
 *
 * const lwa = createLwaClient({ clientId, clientSecret })
 * const outcome = await refreshHeldTokens(lwa, session.tokens)
 * if (outcome.status === 'refreshed') session.tokens = outcome.tokens
 * else if (outcome.status === 'revoked' || outcome.status === 'reauthorize') delete session.tokens
 * else if (outcome.status === 'failed') session.error = 'RefreshFailed'
 * ```
 */
export async function refreshHeldTokens(
  client: Pick<LwaClient, 'clientId' | 'endpoints' | 'refresh'>,
  tokens: TokenSet,
  options: HeldTokensOptions = {},
): Promise<HeldTokensOutcome> {
  const refreshAheadMs = options.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS
  const at = (options.now ?? Date.now)()
  // The common case decides on the clock alone: no refresher looked up.
  if (!isExpired(tokens, at, refreshAheadMs)) return { status: 'current', tokens }
  if (!tokens.refreshToken)
    return isExpired(tokens, at) ? { status: 'reauthorize' } : { status: 'current', tokens }
  const shared = refresherOf(client, refreshAheadMs, options.now)
  try {
    const fresh = await shared.ensureFresh(
      tokens,
      options.signal ? { signal: options.signal } : undefined,
    )
    // Unchanged: a passing failure while the tokens still work (a later call tries again).
    if (fresh.accessToken === tokens.accessToken && fresh.expiresAt === tokens.expiresAt)
      return { status: 'current', tokens }
    return {
      status: 'refreshed',
      tokens: {
        ...fresh,
        refreshToken: fresh.refreshToken ?? tokens.refreshToken,
        scope: fresh.scope.length > 0 ? [...fresh.scope] : [...tokens.scope],
      },
    }
  } catch (error) {
    if (isLwaError(error) && error.code === LwaErrorCode.InvalidGrant)
      return { status: 'revoked', error }
    // Not renewed, and not usable as they are: the refresh token stays, a later call retries.
    return { status: 'failed', tokens, error }
  }
}
