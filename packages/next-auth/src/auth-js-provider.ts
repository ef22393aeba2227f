/**
 * The Amazon provider for Auth.js (`@auth/core`, next-auth v5).
 *
 * @module
 */
import { customFetch } from '@auth/core'
import type { OAuth2Config } from '@auth/core/providers'
import {
  AMAZON_BRAND,
  type AmazonOptions,
  type AmazonProfileResponse,
  resolveAmazon,
  toAmazonUser,
} from './lib/options.js'
import { providerBase } from './lib/provider-base.js'
import { AMAZON_OPTIONS } from './lib/refresh.js'

/**
 * The provider config `Amazon(...)` returns for Auth.js: an `OAuth2Config`, so it is a `Provider`
 * of `@auth/core/providers`. Its `client` is typed as the value it really holds (not `@auth/core`'s
 * own `client` type, which changed between versions), so the provider stays assignable to the
 * `Provider` of every supported `@auth/core`, also when an app ends up with two copies of it.
 *
 * @example
 * ```ts
 * import type { Provider } from '@auth/core/providers'
 *
 * const amazon: AmazonAuthJsProvider = Amazon({ clientId, clientSecret })
 * const providers: Provider[] = [amazon]
 * ```
 */
export type AmazonAuthJsProvider = Omit<OAuth2Config<AmazonProfileResponse>, 'client'> & {
  /** The client secret goes in the token request's form body; a public client sends none. */
  client: { token_endpoint_auth_method: 'client_secret_post' | 'none' }
  readonly [AMAZON_OPTIONS]: AmazonOptions
}

/**
 * Login with Amazon for Auth.js (`@auth/core` and next-auth v5). Auth.js ignores a provider's
 * `token.request`, so this provider gives Auth.js Amazon's standard endpoints (or the emulator's)
 * and lets it run the code exchange (client secret in the body, as LWA documents) and the profile
 * call (token in the `Authorization` header). PKCE (S256) and state checks are on; the user is
 * `{ id: user_id, name, email, image: null }`; the button has Amazon's brand style. The `fetch`
 * option becomes Auth.js's custom fetch hook for those calls.
 *
 * @example
 * ```ts
 * // auth.ts (next-auth v5)
 * import NextAuth from 'next-auth'
 * import { Amazon, amazonCallbacks } from '@lwa-kit/next-auth/auth-js'
 *
 * const amazon = Amazon({ clientId: process.env.LWA_CLIENT_ID!, clientSecret: process.env.LWA_CLIENT_SECRET! })
 * export const { handlers, auth } = NextAuth({ providers: [amazon], callbacks: amazonCallbacks({ provider: amazon }) })
 * ```
 */
export function Amazon(options: AmazonOptions): AmazonAuthJsProvider {
  const resolved = resolveAmazon(options)
  const { endpoints } = resolved
  const { params, ...base } = providerBase(options, resolved)
  const provider: AmazonAuthJsProvider = {
    ...base,
    authorization: { url: endpoints.authorizationEndpoint, params },
    token: endpoints.tokenEndpoint,
    userinfo: endpoints.profileEndpoint,
    checks: ['pkce', 'state'],
    client: {
      token_endpoint_auth_method: options.clientSecret ? 'client_secret_post' : 'none',
    },
    profile: (profile) => toAmazonUser(profile),
    style: {
      logo: AMAZON_BRAND.logo,
      brandColor: AMAZON_BRAND.brandColor,
      text: AMAZON_BRAND.text,
    },
    [AMAZON_OPTIONS]: options,
  }
  if (options.fetch) provider[customFetch] = options.fetch
  return provider
}
