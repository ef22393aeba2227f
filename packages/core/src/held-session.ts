/**
 * A session that carries the Amazon tokens itself, as plain JSON (a NextAuth JWT cookie): the
 * tokens' shape, how they come from an OAuth library's `account` and go back into one, what a
 * refresh outcome makes of the session, and which access token it may still use. One mapping for
 * every adapter whose tokens travel with the request (next-auth v4 and Auth.js); the refresh policy
 * is {@link refreshHeldTokens}'s.
 *
 * Web standards only: it runs on Node, in browsers and on edge runtimes.
 *
 * @module
 */
import type { LwaClient } from './client.js'
import { type HeldTokensOptions, refreshHeldTokens } from './token-held-refresh.js'
import { isExpired, type TokenSet } from './token-set.js'

/**
 * The Amazon tokens as a session carries them (`session.amazon`): plain JSON.
 *
 * @example
 * ```ts
 * const tokens: HeldTokens = { accessToken: 'Atza|…', refreshToken: 'Atzr|…', expiresAt: Date.now() + 3_600_000, scope: ['profile'] }
 * ```
 */
export interface HeldTokens {
  /** The access token, for `Authorization: Bearer`. */
  accessToken: string
  /** The refresh token; absent when LWA issued none (no client secret). */
  refreshToken?: string
  /** When the access token expires, in milliseconds since the epoch. */
  expiresAt: number
  /** The scopes of the grant. */
  scope: string[]
}

/**
 * Why a session lost its Amazon access token (`error` of a `HeldSession`).
 *
 * @example
 * ```ts
 * if (session.error === HeldSessionError.GrantRevoked) redirect('/api/auth/signin')
 * ```
 */
export const HeldSessionError = {
  /** LWA refused the refresh token (`invalid_grant`): the user removed the app. Sign in again. */
  GrantRevoked: 'AmazonGrantRevoked',
  /** The access token expired and there is no refresh token to renew it. Sign in again. */
  ReauthorizationRequired: 'AmazonReauthorizationRequired',
  /** The access token expired and the refresh failed for a passing reason (network, 5xx, timeout); the next request tries again. */
  RefreshFailed: 'AmazonRefreshFailed',
} as const

/**
 * One of the values of {@link HeldSessionError}.
 *
 * @example
 * ```ts
 * const error: HeldSessionError = 'AmazonGrantRevoked'
 * ```
 */
export type HeldSessionError = (typeof HeldSessionError)[keyof typeof HeldSessionError]

/**
 * The fields a session holding Amazon tokens has (a NextAuth `JWT`).
 *
 * @example
 * ```ts
 * const fields: HeldSession = { error: HeldSessionError.GrantRevoked }
 * ```
 */
export interface HeldSession {
  /** The Amazon tokens; gone once the grant can no longer be used. */
  amazon?: HeldTokens
  /** Set when the Amazon grant can no longer be used, or its refresh failed for now. */
  error?: HeldSessionError
}

/**
 * The tokens of an OAuth library's `account` (next-auth v4, Auth.js: RFC 6749's names, the expiry
 * in seconds since the epoch, the scopes space-separated).
 *
 * @example
 * ```ts
 * const account: OAuthAccountTokens = { access_token: 'Atza|…', expires_at: 1_900_000_000, scope: 'profile' }
 * ```
 */
export interface OAuthAccountTokens {
  access_token?: string
  refresh_token?: string
  /** Seconds since the epoch. */
  expires_at?: number
  scope?: string
}

/**
 * A sign-in's tokens as an OAuth library's `account` takes them (what a next-auth v4 token
 * request answers): the expiry in seconds, the granted scopes (the ones asked for when LWA named
 * none), the refresh token only when there is one.
 *
 * @example
 * ```ts
 * const account = accountTokens(await lwa.exchangeCode(params), ['profile'])
 * account.expires_at // seconds since the epoch
 * ```
 */
export function accountTokens(
  tokens: TokenSet,
  asked: readonly string[],
): {
  access_token: string
  token_type: string
  expires_at: number
  scope: string
  refresh_token?: string
} {
  return {
    access_token: tokens.accessToken,
    token_type: tokens.tokenType,
    expires_at: Math.floor(tokens.expiresAt / 1000),
    scope: (tokens.scope.length > 0 ? tokens.scope : asked).join(' '),
    ...(tokens.refreshToken ? { refresh_token: tokens.refreshToken } : {}),
  }
}

/**
 * The session after a sign-in: the `account`'s tokens in `amazon` (an hour when it names no
 * expiry), any earlier `error` gone.
 *
 * @example
 * ```ts
 * const token = signedInSession(jwt, { access_token: 'Atza|…', expires_at: 1_900_000_000 })
 * token.amazon?.expiresAt // 1_900_000_000_000
 * ```
 */
export function signedInSession<T extends object>(
  session: T,
  account: OAuthAccountTokens & { access_token: string },
  now: number = Date.now(),
): T & HeldSession {
  const amazon: HeldTokens = {
    accessToken: account.access_token,
    ...(account.refresh_token ? { refreshToken: account.refresh_token } : {}),
    expiresAt: account.expires_at ? account.expires_at * 1000 : now + 3_600_000,
    scope: account.scope ? account.scope.split(/\s+/).filter(Boolean) : [],
  }
  return { ...withoutHeld(session), amazon }
}

function withoutHeld<T extends object>(session: T): T {
  const { amazon: _amazon, error: _error, ...rest } = session as T & HeldSession
  return rest as T
}

/**
 * The session after {@link refreshHeldTokens}: the same object while its tokens are current, the
 * new tokens once refreshed, the tokens dropped with `error` `GrantRevoked` or
 * `ReauthorizationRequired` when the grant is gone, and the tokens kept (refresh token and all)
 * with `error` `RefreshFailed` after a passing failure, so the next request tries again. A session
 * without tokens is returned as it is; it never rejects for LWA's sake.
 *
 * @example
 * ```ts
 * import { refreshHeldSession, resolveProviderSettings } from '@lwa-kit/core'
 *
 * const token = await refreshHeldSession(resolveProviderSettings(options).client, jwt)
 * if (token.error) redirect('/sign-in')
 * ```
 */
export async function refreshHeldSession<T extends object>(
  client: Pick<LwaClient, 'clientId' | 'endpoints' | 'refresh'>,
  session: T & HeldSession,
  options: HeldTokensOptions = {},
): Promise<T & HeldSession> {
  const held = session.amazon
  if (!held) return session
  const outcome = await refreshHeldTokens(
    client,
    { ...held, tokenType: 'bearer', scope: [...held.scope] },
    options,
  )
  switch (outcome.status) {
    case 'current':
      return session
    case 'refreshed': {
      const { tokenType: _type, ...amazon } = outcome.tokens
      return { ...withoutHeld(session), amazon }
    }
    case 'failed':
      // Expired and not renewed: the refresh token stays, the next request retries.
      return { ...session, error: HeldSessionError.RefreshFailed }
    default: {
      const error =
        outcome.status === 'revoked'
          ? HeldSessionError.GrantRevoked
          : HeldSessionError.ReauthorizationRequired
      return { ...withoutHeld(session), error }
    }
  }
}

/**
 * The access token a session may still use, or `undefined` when it holds none, the grant can no
 * longer be used (`error`) or the token has expired.
 *
 * @example
 * ```ts
 * const accessToken = heldAccessToken(jwt) // string | undefined
 * ```
 */
export function heldAccessToken(
  session: HeldSession | null | undefined,
  now: number = Date.now(),
): string | undefined {
  const amazon = session?.amazon
  if (!session || !amazon?.accessToken) return undefined
  if (
    session.error === HeldSessionError.GrantRevoked ||
    session.error === HeldSessionError.ReauthorizationRequired
  )
    return undefined
  if (typeof amazon.expiresAt === 'number' && isExpired(amazon, now)) return undefined
  return amazon.accessToken
}

/**
 * What a session's readable view (NextAuth's `session`, which browser JavaScript reads) shows of
 * a `HeldSession`.
 *
 * @example
 * ```ts
 * const fields: HeldSessionView = { error: HeldSessionError.GrantRevoked }
 * ```
 */
export interface HeldSessionView {
  /**
   * The current Amazon access token: only with `exposeAccessToken: true`, since the view is
   * readable by browser JavaScript. On the server read it from the held session.
   */
  accessToken?: string
  /** Set when the Amazon grant can no longer be used; sign the user in again. */
  error?: HeldSessionError
}

/**
 * Options of {@link heldSessionView}.
 *
 * @example
 * ```ts
 * const options: HeldSessionViewOptions = { exposeAccessToken: true }
 * ```
 */
export interface HeldSessionViewOptions {
  /**
   * Copy the Amazon access token onto the view (default `false`). Turn it on only when browser
   * code must call the Amazon Music API itself: anything that runs script on your pages can then
   * read the token.
   */
  exposeAccessToken?: boolean
}

/**
 * The readable view of a held session: its `error`, and the access token only with
 * `exposeAccessToken: true` (by default it stays in the held, encrypted session).
 *
 * @example
 * ```ts
 * const view = heldSessionView(jwt) // { error?: … }, no access token
 * ```
 */
export function heldSessionView(
  session: HeldSession,
  options: HeldSessionViewOptions = {},
): HeldSessionView {
  return {
    ...(options.exposeAccessToken === true && session.amazon?.accessToken
      ? { accessToken: session.amazon.accessToken }
      : {}),
    ...(session.error ? { error: session.error } : {}),
  }
}
