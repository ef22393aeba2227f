/**
 * Amazon as a Better Auth provider: a config for Better Auth's `genericOAuth` plugin.
 *
 * @module
 */

import { isLwaError } from '@lwa-kit/core'
import type { GenericOAuthConfig } from 'better-auth/plugins/generic-oauth'
import { type AmazonOptions, resolveAmazon } from './options.js'

/** The symbol under which a provider config keeps its options for `loginWithAmazon`. @internal */
export const AMAZON_OPTIONS: unique symbol = Symbol.for('@lwa-kit/better-auth.options') as never

/**
 * The config `amazon(...)` returns: a `genericOAuth` provider config that also carries its
 * options, so `loginWithAmazon({ provider })` uses the same LWA client.
 *
 * @example
 * ```ts
 * const provider: AmazonProviderConfig = amazon({ clientId, clientSecret })
 * ```
 */
export type AmazonProviderConfig = GenericOAuthConfig & { readonly [AMAZON_OPTIONS]: AmazonOptions }

/**
 * Login with Amazon for Better Auth, as a config of its `genericOAuth` plugin. The sign-in uses
 * Better Auth's state and PKCE (S256); the code exchange and the profile go through
 * `@lwa-kit/core` (the token in the `Authorization` header, never in a URL). The user is
 * `{ name, email }` from Amazon's profile and the account id is Amazon's `user_id`; a user who
 * granted only `profile:user_id` gets the email of `emailForUserIdOnly`. Throws core's
 * `InvalidArgumentError` for a missing client id, a bad region or a malformed scope.
 *
 * @example
 * ```ts
 * import { betterAuth } from 'better-auth'
 * import { genericOAuth } from 'better-auth/plugins/generic-oauth'
 * import { amazon } from '@lwa-kit/better-auth'
 *
 * export const auth = betterAuth({
 *   plugins: [
 *     genericOAuth({
 *       config: [amazon({ clientId: process.env.LWA_CLIENT_ID!, clientSecret: process.env.LWA_CLIENT_SECRET! })],
 *     }),
 *   ],
 * })
 * ```
 */
export function amazon(options: AmazonOptions): AmazonProviderConfig {
  const lwa = resolveAmazon(options)
  return {
    providerId: lwa.providerId,
    name: 'Amazon',
    clientId: lwa.clientId,
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    authorizationUrl: lwa.endpoints.authorizationEndpoint,
    tokenUrl: lwa.endpoints.tokenEndpoint,
    userInfoUrl: lwa.endpoints.profileEndpoint,
    scopes: lwa.scope,
    pkce: true,
    ...(lwa.scopeData ? { authorizationUrlParams: { scope_data: lwa.scopeData } } : {}),
    ...(options.disableSignUp !== undefined ? { disableSignUp: options.disableSignUp } : {}),
    ...(options.overrideUserInfo !== undefined
      ? { overrideUserInfo: options.overrideUserInfo }
      : {}),
    accountSubject: ({ profile }) => String(profile.id ?? ''),
    async getToken({ code, redirectURI, codeVerifier }) {
      const tokens = await lwa.client.exchangeCode({
        code,
        redirectUri: redirectURI,
        ...(codeVerifier ? { codeVerifier } : {}),
        scope: lwa.scope,
      })
      return {
        tokenType: tokens.tokenType,
        accessToken: tokens.accessToken,
        ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
        accessTokenExpiresAt: new Date(tokens.expiresAt),
        scopes: tokens.scope,
      }
    },
    async getUserInfo(tokens) {
      if (!tokens.accessToken) return null
      // Better Auth answers 500 when this throws; null is its "no user info" (an error redirect).
      const me = await lwa.client.profile(tokens.accessToken).catch((error: unknown) => {
        if (isLwaError(error)) return undefined
        throw error
      })
      if (!me) return null
      return {
        ...lwa.userInfo({ ...me, id: me.userId }),
        ...(me.postalCode !== undefined ? { postalCode: me.postalCode } : {}),
      }
    },
    [AMAZON_OPTIONS]: options,
  }
}
