/**
 * The LWA client: one object per Security Profile client id, holding its endpoints and settings.
 *
 * @module
 */
import type { AuthorizationRequest, AuthorizationUrlParams } from './authorization-url.js'
import type { CallbackInput, ExpectedCallback } from './callback.js'
import {
  type CodePair,
  type PollCodePairOptions,
  pollCodePair,
  type RequestCodePairParams,
  requestCodePair,
} from './code-pair.js'
import { type LwaConfig, withContext } from './config.js'
import { type DeviceLoginParams, deviceLogin } from './device-login.js'
import { InvalidArgumentError } from './errors.js'
import { type CallOptions, type HttpContext, requestJson } from './lib/http.js'
import { fetchProfile, type ProfileFor, type ProfileOptions } from './profile.js'
import { type LwaEndpoints, type Region, resolveEndpoints } from './regions.js'
import { type TokenInfo, verifyAccessToken } from './token-info.js'
import { parseTokenResponse, type TokenSet } from './token-set.js'
import { authorizationUrl, exchangeCode, handleCallback, refreshTokens } from './web-sign-in.js'

export type { CallOptions } from './lib/http.js'

/**
 * Settings of {@link createLwaClient}.
 */
export interface LwaClientOptions {
  /** The Security Profile's client id (`amzn1.application-oa2-client.…`). */
  clientId: string
  /** The client secret of a web client. Leave it out for device and browser-only clients. */
  clientSecret?: string
  /** The LWA region whose hosts are used (default `NA`). */
  region?: Region
  /** Endpoints to use instead of the region's, for example `emulator.endpoints`. */
  endpoints?: Partial<LwaEndpoints>
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch
  /** The time budget of each call, retries included, in milliseconds (default 10 000). */
  timeoutMs?: number
  /** How many times an idempotent call is retried on network errors and 5xx (default 2). */
  retries?: number
  /** The clock, in milliseconds since the epoch (default `Date.now`). For tests. */
  now?: () => number
}

/** Arguments of {@link LwaClient.exchangeCode}. */
export interface ExchangeCodeParams {
  /** The `code` from the callback. */
  code: string
  /** The exact `redirect_uri` of the authorization request. */
  redirectUri: string
  /** The PKCE verifier of the authorization request. */
  codeVerifier?: string
  /** The scopes granted (the callback's `scope`), to keep on the token set. */
  scope?: string[] | string
}

/** Options of {@link LwaClient.refresh}. */
export interface RefreshOptions extends CallOptions {
  /** The scopes of the grant, to keep on the new token set. */
  scope?: string[]
}

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

/** The internals a client's methods share. @internal */
export interface ClientContext {
  clientId: string
  clientSecret?: string
  region: Region
  endpoints: LwaEndpoints
  http: HttpContext
}

/** Builds the shared context of a client from its options. @internal */
export function createClientContext(options: LwaClientOptions): ClientContext {
  if (!options || typeof options.clientId !== 'string' || options.clientId.length === 0)
    throw new InvalidArgumentError(
      'createLwaClient needs a clientId (amzn1.application-oa2-client.…).',
    )
  if (new TextEncoder().encode(options.clientId).length > 100)
    throw new InvalidArgumentError('The client id is longer than LWA allows (100 bytes).')
  const fetchImpl = options.fetch ?? globalThis.fetch
  if (typeof fetchImpl !== 'function')
    throw new InvalidArgumentError('No fetch is available: pass one as the fetch option.')
  return {
    clientId: options.clientId,
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    region: options.region ?? 'NA',
    endpoints: resolveEndpoints(options.region ?? 'NA', options.endpoints),
    http: {
      fetch: options.fetch ? options.fetch : (input, init) => globalThis.fetch(input, init),
      timeoutMs: options.timeoutMs ?? 10_000,
      retries: options.retries ?? 2,
      now: options.now ?? Date.now,
      random: Math.random,
    },
  }
}

/** Posts a grant to the token endpoint and parses the answer. @internal */
export async function tokenRequest(
  ctx: ClientContext,
  form: Record<string, string | undefined>,
  options: CallOptions & { retry: boolean; scope?: string[]; previousRefreshToken?: string },
): Promise<TokenSet> {
  const grant = form.grant_type as 'authorization_code' | 'refresh_token' | 'device_code'
  const response = await requestJson(ctx.http, {
    endpoint: 'token',
    url: ctx.endpoints.tokenEndpoint,
    method: 'POST',
    form,
    retry: options.retry,
    grant,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  })
  return parseTokenResponse(response.body, {
    now: ctx.http.now(),
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.previousRefreshToken ? { previousRefreshToken: options.previousRefreshToken } : {}),
  })
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
