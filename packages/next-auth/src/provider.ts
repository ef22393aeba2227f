/**
 * The Amazon provider for next-auth v4.
 *
 * @module
 */
import { accountTokens, handleCallback, profileJson } from '@lwa-kit/core'
import type {
  AuthorizationEndpointHandler,
  OAuthConfig,
  TokenEndpointHandler,
  UserinfoEndpointHandler,
} from 'next-auth/providers/oauth'
import {
  AMAZON_BRAND,
  type AmazonOptions,
  type AmazonProfileResponse,
  toAmazonUser,
} from './lib/options.js'
import {
  AMAZON_OPTIONS,
  authorizationParams,
  PROVIDER_BASE,
  resolveAmazon,
} from './lib/settings.js'

/**
 * The provider config `Amazon(...)` returns for next-auth v4.
 *
 * @example
 * ```ts
 * const amazon: AmazonProvider = Amazon({ clientId, clientSecret })
 * ```
 */
export type AmazonProvider = OAuthConfig<AmazonProfileResponse> & {
  readonly [AMAZON_OPTIONS]: AmazonOptions
}

/**
 * Login with Amazon for next-auth v4 (`OAuthConfig`). PKCE (S256) and state checks are on; the
 * code exchange and the profile call go through `@lwa-kit/core` (the profile with the token in the
 * `Authorization` header); the user is `{ id: user_id, name, email, image: null }`; the button
 * has Amazon's brand style. Pass `endpoints` to sign in against the emulator.
 *
 * The settings are checked on first use (the first request next-auth makes of the provider), not
 * here, so `next build` works without the LWA variables. A missing client id or a bad region then
 * throws core's `InvalidArgumentError` (`code` `LWA_INVALID_ARGUMENT`) saying what to set.
 *
 * @example
 * ```ts
 * // app/api/auth/[...nextauth]/route.ts
 * import NextAuth from 'next-auth'
 * import { Amazon, amazonCallbacks } from '@lwa-kit/next-auth'
 *
 * const amazon = Amazon({
 *   clientId: process.env.LWA_CLIENT_ID!,
 *   clientSecret: process.env.LWA_CLIENT_SECRET!,
 *   scope: ['profile', 'music::profile:read'],
 * })
 * const handler = NextAuth({ providers: [amazon], callbacks: amazonCallbacks({ provider: amazon }) })
 * export { handler as GET, handler as POST }
 * ```
 */
export function Amazon(options: AmazonOptions): AmazonProvider {
  const given = options ?? ({} as AmazonOptions)
  // Read on each request that parses the providers; the first one checks the settings.
  const settings = () => resolveAmazon(given)
  return {
    ...PROVIDER_BASE,
    clientId: given.clientId,
    ...(given.clientSecret ? { clientSecret: given.clientSecret } : {}),
    get authorization(): AuthorizationEndpointHandler {
      const resolved = settings()
      return {
        url: resolved.endpoints.authorizationEndpoint,
        params: { ...authorizationParams(resolved), response_type: 'code' },
      }
    },
    get token(): TokenEndpointHandler {
      const resolved = settings()
      return {
        url: resolved.endpoints.tokenEndpoint,
        async request({ params, checks, provider }) {
          // With a custom token request next-auth leaves the state comparison to us: core's
          // callback check (state in constant time, the code's shape), then the code exchange.
          const tokens = await handleCallback(
            resolved.client,
            { code: params.code, state: params.state, scope: params.scope },
            {
              state: checks.state ?? '',
              codeVerifier: checks.code_verifier ?? '',
              redirectUri: provider.callbackUrl,
            },
          )
          // The callback names the granted scopes; without them, the ones asked for.
          return { tokens: accountTokens(tokens, resolved.scope) }
        },
      }
    },
    get userinfo(): UserinfoEndpointHandler {
      const resolved = settings()
      return {
        url: resolved.endpoints.profileEndpoint,
        async request({ tokens }) {
          if (!tokens.access_token)
            throw new TypeError('No Amazon access token to read the profile with.')
          const profile = await resolved.client.profile(tokens.access_token)
          return profileJson(profile) as AmazonProfileResponse
        },
      }
    },
    checks: ['pkce', 'state'],
    client: { token_endpoint_auth_method: 'client_secret_post' },
    idToken: false,
    profile: (profile) => toAmazonUser(profile),
    style: {
      logo: AMAZON_BRAND.logo,
      logoDark: AMAZON_BRAND.logo,
      bg: AMAZON_BRAND.bg,
      text: AMAZON_BRAND.text,
      bgDark: AMAZON_BRAND.bgDark,
      textDark: AMAZON_BRAND.textDark,
    },
    [AMAZON_OPTIONS]: given,
  }
}
