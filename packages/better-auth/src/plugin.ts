/**
 * The `loginWithAmazon` Better Auth plugin: Amazon tokens refreshed through core's token manager,
 * a bearer check for tokens from mobile apps, and device linking.
 *
 * @module
 */
import {
  createBearerCheck,
  createTokenManager,
  InvalidArgumentError,
  type LwaClient,
  type ScopeInput,
  type WebAuthDeviceOptions,
} from '@lwa-kit/core'
import type { BetterAuthPlugin } from 'better-auth'
import { createAuthEndpoint } from 'better-auth/api'
import { accountTokenStore } from './account-store.js'
import { deviceStart, deviceStatus } from './device.js'
import { type AmazonOptions, resolveAmazon } from './options.js'
import { AMAZON_OPTIONS, type AmazonProviderConfig } from './provider.js'
import { cleanSignInTargets } from './sign-in-targets.js'
import { STATE_KEY, type State, tokenInfoEndpoint } from './state.js'

/**
 * Device linking settings of {@link loginWithAmazon}: LWA's code pair (not RFC 8628). `clientId`
 * (a device client id of the same Security Profile, "Other devices and platforms", no secret;
 * default: the web client of `provider`) and `scopeData` are core's `WebAuthDeviceOptions` fields.
 *
 * @example
 * ```ts
 * const device: AmazonDeviceOptions = { clientId: process.env.LWA_DEVICE_CLIENT_ID!, scope: ['profile', 'amazon_music:access'] }
 * ```
 */
export interface AmazonDeviceOptions extends Pick<WebAuthDeviceOptions, 'clientId' | 'scopeData'> {
  /** The scopes of the code pair (default `profile amazon_music:access`). */
  scope?: ScopeInput
  /** The provider id of device-linked accounts (default `<providerId>-device`). */
  providerId?: string
}

/**
 * Options of {@link loginWithAmazon}.
 *
 * @example
 * ```ts
 * const options: LoginWithAmazonOptions = { provider: amazon({ clientId, clientSecret }), musicApiKey: 'amzn1.application.…' }
 * ```
 */
export interface LoginWithAmazonOptions {
  /** The config `amazon(...)` returned (or the same options). */
  provider: AmazonProviderConfig | AmazonOptions
  /** The Security Profile id, sent to the Amazon Music API as `x-api-key` by `amazonMusic`. */
  musicApiKey?: string
  /** Refresh this long before the access token expires, in milliseconds (default 10 minutes). */
  refreshAheadMs?: number
  /** Device linking; off unless given. */
  device?: AmazonDeviceOptions
  /** The client id whose tokens the bearer check accepts (default: the provider's), e.g. a mobile app's. */
  bearerClientId?: string
}

/**
 * The plugin object `loginWithAmazon(...)` returns.
 *
 * @example
 * ```ts
 * const plugin: LoginWithAmazonPlugin = loginWithAmazon({ provider })
 * ```
 */
export type LoginWithAmazonPlugin = BetterAuthPlugin & { id: 'lwa-kit' }

/**
 * Adds Amazon's token lifecycle to Better Auth, next to `genericOAuth({ config: [amazon(...)] })`:
 *
 * - Access tokens are read from Better Auth's account records and refreshed ahead of expiry
 *   through core's token manager (one refresh per user in this process, the refresh token kept);
 *   a revoked grant clears the tokens and throws `ReauthorizationRequiredError`. Use
 *   {@link amazonAccessToken} and {@link amazonMusic}.
 * - `GET /amazon/token-info`: a bearer check for LWA tokens from mobile apps (token info `aud`
 *   must be this client; cached per token). Server side: {@link verifyAmazonToken}.
 * - With `device`: `POST /amazon/device/start` and `POST /amazon/device/status` link a device
 *   with LWA's code pair and end in a Better Auth session. The pending pair is sealed in a cookie:
 *   no server state per attempt and no background polling.
 *
 * @example
 * ```ts
 * import { betterAuth } from 'better-auth'
 * import { genericOAuth } from 'better-auth/plugins/generic-oauth'
 * import { amazon, loginWithAmazon } from '@lwa-kit/better-auth'
 *
 * const provider = amazon({ clientId: process.env.LWA_CLIENT_ID!, clientSecret: process.env.LWA_CLIENT_SECRET! })
 * export const auth = betterAuth({
 *   plugins: [genericOAuth({ config: [provider] }), loginWithAmazon({ provider, musicApiKey: process.env.LWA_MUSIC_API_KEY })],
 * })
 * ```
 */
export function loginWithAmazon(options: LoginWithAmazonOptions): LoginWithAmazonPlugin {
  if (!options?.provider)
    throw new InvalidArgumentError(
      'loginWithAmazon({ provider }): pass the config amazon() returned.',
    )
  const given = options.provider as Partial<AmazonProviderConfig>
  const web = resolveAmazon(given[AMAZON_OPTIONS] ?? (options.provider as AmazonOptions))
  const { device } = options
  return {
    id: 'lwa-kit',
    hooks: { before: [cleanSignInTargets] },
    init(ctx) {
      const manager = (client: LwaClient, providerId: string) =>
        createTokenManager({
          client,
          store: accountTokenStore(ctx, providerId),
          refreshAheadMs: options.refreshAheadMs,
          now: web.options.now,
        })
      const state: State = {
        web: {
          providerId: web.providerId,
          client: web.client,
          tokens: manager(web.client, web.providerId),
        },
        amazon: web,
        // Other clients (bearer, device) call LWA as the web one does (core's clientFor).
        bearer: createBearerCheck({ client: web.clientFor(options.bearerClientId) }),
        ...(options.musicApiKey ? { musicApiKey: options.musicApiKey } : {}),
      }
      if (device) {
        const client = web.clientFor(device.clientId)
        const providerId = device.providerId ?? `${web.providerId}-device`
        state.device = {
          providerId,
          client,
          tokens: manager(client, providerId),
          scope: device.scope ?? ['profile', 'amazon_music:access'],
          ...(device.scopeData ? { scopeData: device.scopeData } : {}),
        }
      }
      return { context: { [STATE_KEY]: state } }
    },
    endpoints: {
      amazonTokenInfo: createAuthEndpoint(
        '/amazon/token-info',
        { method: 'GET' },
        tokenInfoEndpoint,
      ),
      ...(device
        ? {
            amazonDeviceStart: createAuthEndpoint(
              '/amazon/device/start',
              // GET too, so that core answers it 405 (POST only) like every adapter.
              { method: ['POST', 'GET'] },
              deviceStart,
            ),
            amazonDeviceStatus: createAuthEndpoint(
              '/amazon/device/status',
              { method: ['GET', 'POST'] },
              deviceStatus,
            ),
          }
        : {}),
    },
  }
}
