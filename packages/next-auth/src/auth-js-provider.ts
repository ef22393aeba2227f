/**
 * The Amazon provider for Auth.js (`@auth/core`, next-auth v5).
 *
 * @module
 */
import { customFetch } from '@auth/core'
import type { OAuth2Config } from '@auth/core/providers'
import type { AuthorizationEndpointHandler } from '@auth/core/providers/oauth'
import { createProviderFetch } from '@lwa-kit/core'
import {
  AMAZON_BRAND,
  type AmazonOptions,
  type AmazonProfileResponse,
  toAmazonUser,
} from './lib/options.js'
import {
  AMAZON_ENV,
  AMAZON_OPTIONS,
  type AmazonEnvNames,
  authorizationParams,
  nonEmpty,
  PROVIDER_BASE,
  readEnv,
  resolveAmazon,
} from './lib/settings.js'

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
 * Options of the Auth.js `Amazon` provider: {@link AmazonOptions}, with `clientId` optional. Left
 * out, the client id and secret come from `AUTH_AMAZON_ID` and `AUTH_AMAZON_SECRET`, as Auth.js's
 * own providers infer `AUTH_<PROVIDER>_ID` / `AUTH_<PROVIDER>_SECRET`.
 *
 * @example
 * ```ts
 * const options: AmazonAuthJsOptions = { scope: ['profile', 'music::library:read'] } // + AUTH_AMAZON_ID / AUTH_AMAZON_SECRET
 * ```
 */
export interface AmazonAuthJsOptions extends Omit<AmazonOptions, 'clientId'> {
  /** The Security Profile's web client id (default: the `AUTH_AMAZON_ID` environment variable). */
  clientId?: string
  /** The web client's secret (default: the `AUTH_AMAZON_SECRET` environment variable). */
  clientSecret?: string
}

/** The variables the Auth.js provider reads, as Auth.js names them for a provider with id `amazon`. */
const AUTH_JS_ENV: AmazonEnvNames = {
  clientId: 'AUTH_AMAZON_ID',
  clientSecret: 'AUTH_AMAZON_SECRET',
}

/**
 * Login with Amazon for Auth.js (`@auth/core` and next-auth v5). Auth.js ignores a provider's
 * `token.request`, so this provider gives Auth.js Amazon's standard endpoints (or the emulator's)
 * and lets it run the code exchange (client secret in the body, as LWA documents) and the profile
 * call (token in the `Authorization` header). PKCE (S256) and state checks are on; the user is
 * `{ id: user_id, name, email, image: null }`; the button has Amazon's brand style. The `fetch`
 * option becomes Auth.js's custom fetch hook for those calls.
 *
 * Without `clientId` / `clientSecret` it reads `AUTH_AMAZON_ID` / `AUTH_AMAZON_SECRET` (from
 * `process.env`, or from the env object a framework hands to Auth.js's `setEnvDefaults`). The
 * settings are checked on first use (the first request Auth.js serves), not here, so `next build`
 * works without them; a missing client id then throws core's `InvalidArgumentError` (`code`
 * `LWA_INVALID_ARGUMENT`) naming `AUTH_AMAZON_ID`.
 *
 * @example
 * ```ts
 * // auth.ts (next-auth v5), with AUTH_AMAZON_ID, AUTH_AMAZON_SECRET and AUTH_SECRET set at run time
 * import NextAuth from 'next-auth'
 * import { Amazon, amazonCallbacks } from '@lwa-kit/next-auth/auth-js'
 *
 * const amazon = Amazon({ scope: ['profile', 'music::library:read'] })
 * export const { handlers, auth } = NextAuth({ providers: [amazon], callbacks: amazonCallbacks({ provider: amazon }) })
 * ```
 */
export function Amazon(options: AmazonAuthJsOptions = {}): AmazonAuthJsProvider {
  const given = options ?? {}
  // Values Auth.js's setEnvDefaults assigns (from the env object a framework passes it).
  let assignedId: string | undefined
  let assignedSecret: string | undefined
  const clientId = () => nonEmpty(given.clientId) ?? assignedId ?? readEnv(AUTH_JS_ENV.clientId)
  const clientSecret = () =>
    nonEmpty(given.clientSecret) ?? assignedSecret ?? readEnv(AUTH_JS_ENV.clientSecret)
  // What the refresh helpers read: the same options, with the id and secret looked up on use.
  const settings = Object.defineProperties({ ...given } as AmazonOptions, {
    clientId: { get: clientId, enumerable: true },
    clientSecret: { get: clientSecret, enumerable: true },
    [AMAZON_ENV]: { value: AUTH_JS_ENV },
  })
  const resolved = () => resolveAmazon(settings)
  const provider: AmazonAuthJsProvider = {
    ...PROVIDER_BASE,
    // Auth.js copies these on every request; its setEnvDefaults assigns them when they are unset.
    get clientId(): string | undefined {
      return clientId()
    },
    set clientId(value: string | undefined) {
      assignedId = nonEmpty(value)
    },
    get clientSecret(): string | undefined {
      return clientSecret()
    },
    set clientSecret(value: string | undefined) {
      assignedSecret = nonEmpty(value)
    },
    // Read on each request; the first one checks the settings.
    get authorization(): AuthorizationEndpointHandler {
      const current = resolved()
      return { url: current.endpoints.authorizationEndpoint, params: authorizationParams(current) }
    },
    get token(): string {
      return resolved().endpoints.tokenEndpoint
    },
    get userinfo(): string {
      return resolved().endpoints.profileEndpoint
    },
    checks: ['pkce', 'state'],
    get client(): AmazonAuthJsProvider['client'] {
      return { token_endpoint_auth_method: clientSecret() ? 'client_secret_post' : 'none' }
    },
    profile: (profile) => toAmazonUser(profile),
    style: {
      logo: AMAZON_BRAND.logo,
      brandColor: AMAZON_BRAND.brandColor,
      text: AMAZON_BRAND.text,
    },
    [AMAZON_OPTIONS]: settings,
  }
  // Auth.js makes the code exchange and the profile call itself: with core's time budget and code check.
  provider[customFetch] = createProviderFetch({ fetch: given.fetch, timeoutMs: given.timeoutMs })
  return provider
}
