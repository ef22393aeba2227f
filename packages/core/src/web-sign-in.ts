/**
 * Web sign-in as standalone functions: the authorization URL, the callback, the code exchange
 * and refresh. Each takes a config ({@link createLwaConfig}) or a client ({@link createLwaClient}).
 *
 * @module
 */
import {
  type AuthorizationRequest,
  type AuthorizationUrlParams,
  buildAuthorizationUrl,
} from './authorization-url.js'
import { type CallbackInput, checkCallback, checkCode, type ExpectedCallback } from './callback.js'
import { contextOf, type LwaConfig } from './config.js'
import { InvalidArgumentError } from './errors.js'
import type { CallOptions } from './lib/http.js'
import { tokenRequest } from './token-request.js'
import type { TokenSet } from './token-set.js'

/**
 * Arguments of {@link exchangeCode} (and `LwaClient.exchangeCode`).
 *
 * @example
 * ```ts
 * const params: ExchangeCodeParams = { code, redirectUri: 'https://app.example/auth/amazon/callback', codeVerifier }
 * const tokens = await exchangeCode(lwa, params)
 * ```
 */
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

/**
 * Options of {@link refreshTokens} (and `LwaClient.refresh`).
 *
 * @example
 * ```ts
 * const options: RefreshOptions = { scope: tokens.scope, timeoutMs: 5000 }
 * const fresh = await refreshTokens(lwa, tokens.refreshToken!, options)
 * ```
 */
export interface RefreshOptions extends CallOptions {
  /** The scopes of the grant, to keep on the new token set. */
  scope?: string[]
}

function required(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new InvalidArgumentError(`${what} is required.`)
  return value
}

/**
 * Web sign-in, step 1: the URL of Amazon's sign-in page, with a fresh `state` (256 random bits)
 * and PKCE (always S256). Keep `state` and `codeVerifier` in the session, or seal them into a
 * cookie with `sealState`. Nothing is sent; a missing or malformed scope throws.
 *
 * @example
 * ```ts
 * const lwa = createLwaConfig({ clientId, clientSecret })
 * const { url, state, codeVerifier } = await authorizationUrl(lwa, {
 *   scope: [scopes.profile, scopes.music.libraryRead],
 *   redirectUri: 'https://app.example/auth/amazon/callback',
 * })
 * ```
 */
export async function authorizationUrl(
  config: LwaConfig,
  params: AuthorizationUrlParams,
): Promise<AuthorizationRequest> {
  return buildAuthorizationUrl(contextOf(config), params)
}

/**
 * Swaps an authorization code for tokens. Never retried: a code is single use. A code that LWA
 * never issues (over 2048 characters, or not printable ASCII) throws the callback's
 * `MalformedResponseError` without asking LWA.
 *
 * @example
 * ```ts
 * const tokens = await exchangeCode(lwa, { code, redirectUri, codeVerifier })
 * ```
 */
export function exchangeCode(
  config: LwaConfig,
  params: ExchangeCodeParams,
  options: CallOptions = {},
): Promise<TokenSet> {
  // Bad input rejects the promise (as LWA's refusals do) rather than throwing on the call.
  let form: Record<string, string | undefined>
  let ctx: ReturnType<typeof contextOf>
  try {
    ctx = contextOf(config)
    form = {
      grant_type: 'authorization_code',
      code: checkCode(required(params?.code, 'exchangeCode: code')),
      redirect_uri: required(params.redirectUri, 'exchangeCode: redirectUri'),
      client_id: ctx.clientId,
      client_secret: ctx.clientSecret,
      code_verifier: params.codeVerifier,
    }
  } catch (error) {
    return Promise.reject(error)
  }
  const scope = params.scope
  return tokenRequest(ctx, form, {
    ...options,
    retry: false,
    ...(scope !== undefined
      ? { scope: (Array.isArray(scope) ? scope : scope.split(/\s+/)).filter(Boolean) }
      : {}),
  })
}

/**
 * Web sign-in, step 2: reads the callback, throws `AccessDeniedError` (the user pressed Cancel)
 * or another typed error for an `error` parameter, `StateMismatchError` when the state differs
 * (compared in constant time), then swaps the code (never retried).
 *
 * @example
 * ```ts
 * const tokens = await handleCallback(lwa, req.url, { state, codeVerifier, redirectUri })
 * ```
 */
export function handleCallback(
  config: LwaConfig,
  input: CallbackInput,
  expected: ExpectedCallback,
  options?: CallOptions,
): Promise<TokenSet> {
  try {
    const params = checkCallback(input, expected)
    return exchangeCode(
      config,
      {
        code: params.code,
        redirectUri: expected.redirectUri,
        codeVerifier: expected.codeVerifier,
        ...(params.scope?.length ? { scope: params.scope } : {}),
      },
      options,
    )
  } catch (err) {
    return Promise.reject(err)
  }
}

/**
 * Gets a new access token with a refresh token. Retried on network errors and 5xx; when LWA
 * sends no refresh token back, the one given is kept.
 *
 * @example
 * ```ts
 * const fresh = await refreshTokens(lwa, tokens.refreshToken!)
 * ```
 */
export function refreshTokens(
  config: LwaConfig,
  refreshToken: string,
  options: RefreshOptions = {},
): Promise<TokenSet> {
  const ctx = contextOf(config)
  const token = required(refreshToken, 'refresh: refreshToken')
  const { scope, ...rest } = options
  return tokenRequest(
    ctx,
    {
      grant_type: 'refresh_token',
      refresh_token: token,
      client_id: ctx.clientId,
      client_secret: ctx.clientSecret,
    },
    { ...rest, retry: true, previousRefreshToken: token, ...(scope ? { scope } : {}) },
  )
}
