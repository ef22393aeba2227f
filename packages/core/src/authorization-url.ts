/**
 * The authorization request: the `/ap/oa` URL with state and PKCE S256.
 *
 * @module
 */
import type { ClientContext } from './client-context.js'
import { InvalidArgumentError } from './errors.js'
import { newPkce, newState } from './pkce.js'
import { safeReturnTo } from './return-to.js'
import { buildScope, type ScopeData, type ScopeInput } from './scopes.js'

/**
 * Arguments of {@link LwaClient.authorizationUrl}.
 *
 * @example
 * ```ts
 * const params: AuthorizationUrlParams = { scope: [scopes.profile], redirectUri: 'https://app.example/callback' }
 * ```
 */
export interface AuthorizationUrlParams {
  /** The scopes to ask for (at least one). */
  scope: ScopeInput
  /** The exact callback URL registered in the Security Profile's Allowed Return URLs. */
  redirectUri: string
  /** `scope_data`: essential/voluntary flags, Alexa device data. */
  scopeData?: ScopeData
  /** Your own state (16–512 URL-safe characters). Default: 256 random bits. */
  state?: string
  /** Where to send the user after sign-in; kept only when it is a same-site path. */
  returnTo?: string
  /** Extra query parameters for the sign-in page, such as `{ language: 'ja' }`. */
  extraParams?: Record<string, string>
}

/**
 * What the app keeps until the callback (in its session, or sealed with {@link sealState}).
 *
 * @example
 * ```ts
 * const request: AuthorizationRequest = await lwa.authorizationUrl({ scope, redirectUri })
 * res.redirect(request.url)
 * ```
 */
export interface AuthorizationRequest {
  /** Send the browser here. */
  url: string
  /** The state to compare on the callback. */
  state: string
  /** The PKCE verifier for the code exchange. Keep it server-side or sealed; never in a URL. */
  codeVerifier: string
  /** The redirect URI, to send again with the code exchange. */
  redirectUri: string
  /** The checked return path, when one was given. */
  returnTo?: string
}

const STATE = /^[A-Za-z0-9\-._~]{16,512}$/

/**
 * Checks a redirect URI: an absolute http(s) URL without a fragment.
 *
 * @internal
 */
export function checkRedirectUri(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new InvalidArgumentError(`${where}: redirectUri is required.`)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InvalidArgumentError(`${where}: redirectUri must be an absolute URL.`)
  }
  if (url.hash || value.includes('#'))
    throw new InvalidArgumentError(`${where}: redirectUri must not have a fragment.`)
  return value
}

/**
 * Builds the authorization URL of a client.
 *
 * @internal
 */
export async function buildAuthorizationUrl(
  ctx: ClientContext,
  params: AuthorizationUrlParams,
): Promise<AuthorizationRequest> {
  if (!params || typeof params !== 'object')
    throw new InvalidArgumentError('authorizationUrl needs { scope, redirectUri }.')
  const redirectUri = checkRedirectUri(params.redirectUri, 'authorizationUrl')
  const built = buildScope(params.scope, params.scopeData)
  if (params.state !== undefined && (typeof params.state !== 'string' || !STATE.test(params.state)))
    throw new InvalidArgumentError(
      'authorizationUrl: state must be 16 to 512 characters of A-Z a-z 0-9 - . _ ~ (leave it out for a random one).',
    )
  const state = params.state ?? newState()
  const pkce = await newPkce()
  const url = new URL(ctx.endpoints.authorizationEndpoint)
  const query = url.searchParams
  query.set('client_id', ctx.clientId)
  query.set('scope', built.scope)
  query.set('response_type', 'code')
  query.set('redirect_uri', redirectUri)
  query.set('state', state)
  query.set('code_challenge', pkce.codeChallenge)
  query.set('code_challenge_method', pkce.codeChallengeMethod)
  if (built.scopeData) query.set('scope_data', built.scopeData)
  for (const [key, value] of Object.entries(params.extraParams ?? {})) {
    // Every parameter lwa-kit sets is reserved (scope_data too, even when absent).
    if (query.has(key) || key === 'scope_data')
      throw new InvalidArgumentError(`authorizationUrl: ${key} cannot be set through extraParams.`)
    if (typeof value === 'string') query.set(key, value)
  }
  return {
    url: url.toString(),
    state,
    codeVerifier: pkce.codeVerifier,
    redirectUri,
    ...(params.returnTo !== undefined ? { returnTo: safeReturnTo(params.returnTo) } : {}),
  }
}
