/**
 * The `jwt` callback helper, shared by the next-auth v4 and the Auth.js entries. It keeps the
 * Amazon tokens in the JWT; when to refresh them and what a failure means is core's
 * `refreshHeldTokens` (the token manager's policy, one refresh per grant for every request of the
 * process, a proxy's included), which this file maps onto the JWT's fields.
 *
 * @module
 */
import { refreshHeldTokens } from '@lwa-kit/core'
import { type AmazonOptions, resolveAmazon } from './options.js'

/**
 * Why a session lost its Amazon access token. Put on `session.error` and `token.error`.
 *
 * @example
 * ```ts
 * if (session.error === AmazonSessionError.GrantRevoked) redirect('/api/auth/signin')
 * ```
 */
export const AmazonSessionError = {
  /** LWA refused the refresh token (`invalid_grant`): the user removed the app. Sign in again. */
  GrantRevoked: 'AmazonGrantRevoked',
  /** The access token expired and there is no refresh token to renew it. Sign in again. */
  ReauthorizationRequired: 'AmazonReauthorizationRequired',
  /** The access token expired and the refresh failed for a passing reason (network, 5xx, timeout); the next request tries again. */
  RefreshFailed: 'AmazonRefreshFailed',
} as const

/** One of the values of {@link AmazonSessionError}. */
export type AmazonSessionError = (typeof AmazonSessionError)[keyof typeof AmazonSessionError]

/**
 * The Amazon tokens as the JWT carries them (`token.amazon`): plain JSON.
 *
 * @example
 * ```ts
 * const tokens: AmazonJwtTokens = { accessToken: 'Atza|…', refreshToken: 'Atzr|…', expiresAt: Date.now() + 3_600_000, scope: ['profile'] }
 * ```
 */
export interface AmazonJwtTokens {
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
 * The fields the helpers read and write on a JWT.
 *
 * @example
 * ```ts
 * const fields: AmazonJwtFields = { error: AmazonSessionError.GrantRevoked }
 * ```
 */
export interface AmazonJwtFields {
  amazon?: AmazonJwtTokens
  error?: AmazonSessionError
}

/**
 * The part of a NextAuth `account` the helpers read (the same in next-auth v4 and Auth.js).
 *
 * @example
 * ```ts
 * const account: AmazonAccountLike = { provider: 'amazon', access_token: 'Atza|…', expires_at: 1_900_000_000 }
 * ```
 */
export interface AmazonAccountLike {
  provider: string
  access_token?: string
  refresh_token?: string
  /** Seconds since the epoch. */
  expires_at?: number
  scope?: string
}

/**
 * Where the helpers find the client: the provider `Amazon(...)` returned.
 *
 * @example
 * ```ts
 * const provider: AmazonProviderLike = Amazon({ clientId, clientSecret })
 * ```
 */
export interface AmazonProviderLike {
  readonly [AMAZON_OPTIONS]?: AmazonOptions
}

/** The symbol under which a provider keeps its options for the helpers. @internal */
export const AMAZON_OPTIONS: unique symbol = Symbol.for('@lwa-kit/next-auth.options') as never

/**
 * Options of {@link amazonJwt} and {@link amazonCallbacks}.
 *
 * @example
 * ```ts
 * const options: AmazonJwtOptions = { provider: amazon, refreshAheadMs: 60_000 }
 * ```
 */
export interface AmazonJwtOptions {
  /** The provider `Amazon(...)` returned, or the same options it got. */
  provider: AmazonProviderLike | AmazonOptions
  /**
   * Refresh this long before the access token expires, in milliseconds (default 10 minutes,
   * core's `DEFAULT_REFRESH_AHEAD_MS`, the same head start as the token manager's).
   */
  refreshAheadMs?: number
  /** The provider id (default `amazon`). */
  providerId?: string
  /** The clock, in milliseconds since the epoch (default: the provider's `now`, else `Date.now`). */
  now?: () => number
  /**
   * Put the Amazon access token on the session (`session.accessToken`), default `false`. The
   * session is what browser JavaScript reads from `/api/auth/session` (`useSession()`), so a
   * token there is one XSS away from being read; by default it stays in the encrypted JWT
   * cookie, for the server ({@link getAmazonAccessToken}).
   */
  exposeAccessToken?: boolean
}

function optionsOf(provider: AmazonProviderLike | AmazonOptions): AmazonOptions {
  if (!provider || typeof provider !== 'object')
    throw new TypeError('amazonJwt: pass the provider Amazon(...) returned as `provider`.')
  // The options themselves are checked on first use, by resolveAmazon (a clear error naming the
  // missing setting), so a build without the LWA variables works.
  return (provider as AmazonProviderLike)[AMAZON_OPTIONS] ?? (provider as AmazonOptions)
}

type Jwt<T> = T & AmazonJwtFields

function withoutAmazon<T extends object>(token: T): T {
  const { amazon: _amazon, error: _error, ...rest } = token as T & AmazonJwtFields
  return rest as T
}

/**
 * The `jwt` callback's Amazon part. On sign-in it moves the Amazon tokens from `account` into
 * `token.amazon`; later it refreshes them ahead of expiry through a single-flight refresh shared by
 * every request of the process (and keyed by refresh token, so requests still carrying the old
 * cookie get the new tokens without a second refresh). The refresh token is kept. When LWA refuses
 * the grant, the tokens are dropped and `token.error` is {@link AmazonSessionError}.GrantRevoked.
 * Runs on Node and on the edge runtime. The provider's settings are checked when a refresh first
 * needs them (an `InvalidArgumentError` names a missing client id), never at import.
 *
 * @example
 * ```ts
 * import { Amazon, amazonJwt } from '@lwa-kit/next-auth'
 *
 * const amazon = Amazon({ clientId, clientSecret })
 * export const authOptions = {
 *   providers: [amazon],
 *   callbacks: { jwt: ({ token, account }) => amazonJwt({ token, account }, { provider: amazon }) },
 * }
 * ```
 */
export async function amazonJwt<T extends object>(
  params: { token: T; account?: AmazonAccountLike | null },
  options: AmazonJwtOptions,
): Promise<T> {
  const { token, account } = params
  const amazonOptions = optionsOf(options.provider)
  const now = options.now ?? amazonOptions.now ?? Date.now
  const providerId = options.providerId ?? 'amazon'
  if (account && account.provider === providerId && account.access_token) {
    const amazon: AmazonJwtTokens = {
      accessToken: account.access_token,
      ...(account.refresh_token ? { refreshToken: account.refresh_token } : {}),
      expiresAt: account.expires_at ? account.expires_at * 1000 : now() + 3_600_000,
      scope: account.scope ? account.scope.split(/\s+/).filter(Boolean) : [],
    }
    return { ...withoutAmazon(token), amazon } as Jwt<T>
  }
  const current = (token as Jwt<T>).amazon
  if (!current) return token
  const outcome = await refreshHeldTokens(
    resolveAmazon(amazonOptions).client,
    { ...current, tokenType: 'bearer', scope: [...current.scope] },
    { refreshAheadMs: options.refreshAheadMs, now: options.now ?? amazonOptions.now },
  )
  switch (outcome.status) {
    case 'current':
      return token
    case 'refreshed': {
      const { tokenType: _type, ...amazon } = outcome.tokens
      return { ...withoutAmazon(token), amazon } as Jwt<T>
    }
    case 'failed':
      // Expired and not renewed: the refresh token stays, the next request retries.
      return { ...token, error: AmazonSessionError.RefreshFailed } as Jwt<T>
    default: {
      const error =
        outcome.status === 'revoked'
          ? AmazonSessionError.GrantRevoked
          : AmazonSessionError.ReauthorizationRequired
      return { ...withoutAmazon(token), error } as Jwt<T>
    }
  }
}
