/**
 * The LWA client: one object per Security Profile client id, holding its endpoints and settings.
 *
 * @module
 */
import type { AuthorizationRequest, AuthorizationUrlParams } from './authorization-url.js'
import type { CallbackInput, ExpectedCallback } from './callback.js'
import { createClientContext, type LwaClientOptions } from './client-context.js'
import {
  type CodePair,
  type PollCodePairOptions,
  pollCodePair,
  type RequestCodePairParams,
  requestCodePair,
} from './code-pair.js'
import { type LwaConfig, withContext } from './config.js'
import { type DeviceLoginParams, deviceLogin } from './device-login.js'
import type { CallOptions } from './lib/http.js'
import { fetchProfile, type ProfileFor, type ProfileOptions } from './profile.js'
import { type TokenInfo, verifyAccessToken } from './token-info.js'
import type { TokenSet } from './token-set.js'
import {
  authorizationUrl,
  type ExchangeCodeParams,
  exchangeCode,
  handleCallback,
  type RefreshOptions,
  refreshTokens,
} from './web-sign-in.js'

export type { LwaClientOptions } from './client-context.js'
export type { CallOptions } from './lib/http.js'
export type { ExchangeCodeParams, RefreshOptions } from './web-sign-in.js'

/**
 * A Login with Amazon client. Create one with {@link createLwaClient}. It is an {@link LwaConfig}
 * too, so the standalone functions (`authorizationUrl(lwa, …)`, …) accept it.
 */
export interface LwaClient extends LwaConfig {
  /**
   * Swaps an authorization code for tokens. Never retried: a code is single use.
   *
   * @example
   * ```ts
   * const tokens = await lwa.exchangeCode({ code, redirectUri, codeVerifier })
   * ```
   */
  exchangeCode(params: ExchangeCodeParams, options?: CallOptions): Promise<TokenSet>
  /**
   * Gets a new access token with a refresh token. Retried on network errors and 5xx; when LWA
   * sends no refresh token back, the one given is kept.
   *
   * @example
   * ```ts
   * const fresh = await lwa.refresh(tokens.refreshToken!)
   * ```
   */
  refresh(refreshToken: string, options?: RefreshOptions): Promise<TokenSet>
  /**
   * Web sign-in, step 1: the URL of Amazon's sign-in page, with a fresh `state` (256 random
   * bits) and PKCE (always S256). Keep `state` and `codeVerifier` in the session, or seal them
   * into a cookie with `sealState`. Nothing is sent; a missing or malformed scope throws.
   *
   * @example
   * ```ts
   * const { url, state, codeVerifier } = await lwa.authorizationUrl({
   *   scope: [scopes.profile, scopes.music.libraryRead],
   *   redirectUri: 'https://app.example/auth/amazon/callback',
   * })
   * ```
   */
  authorizationUrl(params: AuthorizationUrlParams): Promise<AuthorizationRequest>
  /**
   * Web sign-in, step 2: reads the callback, throws `AccessDeniedError` (the user pressed
   * Cancel) or another typed error for an `error` parameter, `StateMismatchError` when the state
   * differs (compared in constant time), then swaps the code (never retried).
   *
   * @example
   * ```ts
   * const tokens = await lwa.handleCallback(req.url, { state, codeVerifier, redirectUri })
   * ```
   */
  handleCallback(
    input: CallbackInput,
    expected: ExpectedCallback,
    options?: CallOptions,
  ): Promise<TokenSet>
  /**
   * Token info for an access token, refused with `AudienceMismatchError` unless it was issued to
   * this client id, and with `InvalidTokenError` when it is invalid or expired. Retried on
   * network errors and 5xx. Use `createTokenVerifier` to cache the answers.
   *
   * @example
   * ```ts
   * const { userId, expiresAt } = await lwa.verifyAccessToken(bearerToken)
   * ```
   */
  verifyAccessToken(accessToken: string, options?: CallOptions): Promise<TokenInfo>
  /**
   * The customer profile, with the token in the `Authorization` header. Pass the granted scopes
   * to have the answer checked and typed. Retried on network errors and 5xx.
   *
   * @example
   * ```ts
   * const me = await lwa.profile(tokens.accessToken, { scope: [scopes.profile] })
   * console.log(me.name, me.email)
   * ```
   */
  profile<S extends string = string>(
    accessToken: string,
    options?: ProfileOptions<S>,
  ): Promise<ProfileFor<S>>
  /**
   * Device flow, step 1: asks LWA for a code pair (`create/codepair`, `response_type=device_code`).
   * A request without a scope is refused before it is sent.
   *
   * @example
   * ```ts
   * const pair = await lwa.requestCodePair({ scope: 'amazon_music:access', locale: 'en-US' })
   * console.log(`Go to ${pair.verificationUri} and enter ${pair.userCode}`)
   * ```
   */
  requestCodePair(params: RequestCodePairParams, options?: CallOptions): Promise<CodePair>
  /**
   * Device flow, step 2: polls until the user enters the code (every 5 s by default, doubling on
   * `slow_down` up to 60 s; network errors and 5xx keep polling). Throws `CodePairExpiredError`
   * when the pair expires, `DeviceAuthorizationDeniedError` when the user declines, and
   * `LwaAbortError` at once when `signal` aborts.
   *
   * @example
   * ```ts
   * const tokens = await lwa.pollCodePair(pair, { signal, onPending: (p) => console.log(p.reason) })
   * ```
   */
  pollCodePair(pair: CodePair, options?: PollCodePairOptions): Promise<TokenSet>
  /**
   * The whole device flow: requests a pair, hands the user code to `onCode`, polls, and returns
   * the tokens; with `renewExpiredCode` it asks a fresh pair when one expires (bounded).
   *
   * @example
   * ```ts
   * const tokens = await lwa.deviceLogin({
   *   scope: 'amazon_music:access',
   *   onCode: ({ userCode, verificationUri }) => console.log(`${verificationUri}: ${userCode}`),
   * })
   * ```
   */
  deviceLogin(params: DeviceLoginParams): Promise<TokenSet>
}

/**
 * Creates a Login with Amazon client.
 *
 * @example
 * ```ts
 * import { createLwaClient } from '@lwa-kit/core'
 *
 * const lwa = createLwaClient({
 *   clientId: process.env.LWA_CLIENT_ID!,
 *   clientSecret: process.env.LWA_CLIENT_SECRET,
 *   region: 'EU',
 * })
 * ```
 */
export function createLwaClient(options: LwaClientOptions): LwaClient {
  const ctx = createClientContext(options)
  const client: LwaClient = {
    clientId: ctx.clientId,
    region: ctx.region,
    endpoints: Object.freeze({ ...ctx.endpoints }),
    exchangeCode: (params, callOptions) => exchangeCode(ctx, params, callOptions),
    refresh: (refreshToken, callOptions) => refreshTokens(ctx, refreshToken, callOptions),
    authorizationUrl: (params) => authorizationUrl(ctx, params),
    handleCallback: (input, expected, callOptions) =>
      handleCallback(ctx, input, expected, callOptions),
    verifyAccessToken: (accessToken, callOptions) =>
      verifyAccessToken(ctx, accessToken, callOptions),
    profile: <S extends string = string>(accessToken: string, profileOptions?: ProfileOptions<S>) =>
      fetchProfile(ctx, accessToken, profileOptions) as Promise<ProfileFor<S>>,
    requestCodePair: (params, callOptions) => requestCodePair(ctx, params, callOptions),
    pollCodePair: (pair, pollOptions) => pollCodePair(ctx, pair, pollOptions),
    deviceLogin: (params) => deviceLogin(ctx, params),
  }
  // The standalone functions (authorizationUrl(client, …)) find the context through it.
  return withContext(client, ctx)
}
