/**
 * The `jwt` callback helper, shared by the next-auth v4 and the Auth.js entries. It keeps the
 * Amazon tokens in the JWT; how they come from the `account`, when to refresh them and what a
 * failure makes of the JWT is core's (`signedInSession`, `refreshHeldSession` over
 * `refreshHeldTokens`: one refresh per grant for every request of the process, a proxy's included).
 *
 * @module
 */
import {
  HeldSessionError as AmazonSessionError,
  type HeldSession,
  type HeldSessionViewOptions,
  type HeldTokens,
  type HeldTokensOptions,
  type OAuthAccountTokens,
  refreshHeldSession,
  signedInSession,
} from '@lwa-kit/core'
import type { AmazonOptions } from './options.js'
import { AMAZON_OPTIONS, resolveAmazon } from './settings.js'

/**
 * Why a session lost its Amazon access token (core's `HeldSessionError`). Put on `session.error`
 * and `token.error`: `GrantRevoked` (LWA refused the refresh token: sign in again),
 * `ReauthorizationRequired` (expired, no refresh token: sign in again), `RefreshFailed` (a passing
 * failure; the next request tries again).
 *
 * @example
 * ```ts
 * if (session.error === AmazonSessionError.GrantRevoked) redirect('/api/auth/signin')
 * ```
 */
export { AmazonSessionError }

/**
 * The Amazon tokens as the JWT carries them (`token.amazon`): core's `HeldTokens`, plain JSON.
 *
 * @example
 * ```ts
 * const tokens: AmazonJwtTokens = { accessToken: 'Atza|…', refreshToken: 'Atzr|…', expiresAt: Date.now() + 3_600_000, scope: ['profile'] }
 * ```
 */
export type AmazonJwtTokens = HeldTokens

/**
 * The fields the helpers read and write on a JWT (core's `HeldSession`: `amazon` and `error`).
 *
 * @example
 * ```ts
 * const fields: AmazonJwtFields = { error: AmazonSessionError.GrantRevoked }
 * ```
 */
export type AmazonJwtFields = HeldSession

/**
 * The part of a NextAuth `account` the helpers read (the same in next-auth v4 and Auth.js).
 *
 * @example
 * ```ts
 * const account: AmazonAccountLike = { provider: 'amazon', access_token: 'Atza|…', expires_at: 1_900_000_000 }
 * ```
 */
export interface AmazonAccountLike extends OAuthAccountTokens {
  provider: string
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

/**
 * Options of {@link amazonJwt} and {@link amazonCallbacks}: the provider, and core's
 * `refreshAheadMs` (default 10 minutes, the token manager's head start), `now` (default: the
 * provider's `now`, else `Date.now`) and `exposeAccessToken` (default `false`: the session is what
 * browser JavaScript reads from `/api/auth/session`, so by default the token stays in the
 * encrypted JWT cookie, for the server's `getAmazonAccessToken`).
 *
 * @example
 * ```ts
 * const options: AmazonJwtOptions = { provider: amazon, refreshAheadMs: 60_000 }
 * ```
 */
export interface AmazonJwtOptions
  extends Pick<HeldTokensOptions, 'refreshAheadMs' | 'now'>,
    HeldSessionViewOptions {
  /** The provider `Amazon(...)` returned, or the same options it got. */
  provider: AmazonProviderLike | AmazonOptions
  /** The provider id (default `amazon`). */
  providerId?: string
}

function optionsOf(provider: AmazonProviderLike | AmazonOptions): AmazonOptions {
  if (!provider || typeof provider !== 'object')
    throw new TypeError('amazonJwt: pass the provider Amazon(...) returned as `provider`.')
  // The options themselves are checked on first use, by resolveAmazon (a clear error naming the
  // missing setting), so a build without the LWA variables works.
  return (provider as AmazonProviderLike)[AMAZON_OPTIONS] ?? (provider as AmazonOptions)
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
  const now = options.now ?? amazonOptions.now
  if (account && account.provider === (options.providerId ?? 'amazon') && account.access_token)
    return signedInSession(
      token,
      { ...account, access_token: account.access_token },
      (now ?? Date.now)(),
    )
  if (!(token as AmazonJwtFields).amazon) return token
  return refreshHeldSession(resolveAmazon(amazonOptions).client, token as T & AmazonJwtFields, {
    refreshAheadMs: options.refreshAheadMs,
    now,
  })
}
