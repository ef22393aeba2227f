/**
 * The options of the Amazon provider, checked once (core's `resolveProviderSettings`) and shared
 * by the provider config and the `loginWithAmazon` plugin (one LWA client per options object).
 *
 * @module
 */
import {
  type LwaProviderOptions,
  type LwaProviderSettings,
  resolveProviderSettings,
  type SignedInUser,
} from '@lwa-kit/core'

/**
 * Options of {@link amazon}, the Amazon provider for Better Auth's `genericOAuth` plugin: core's
 * `LwaProviderOptions` (client id and secret, region, endpoints, scopes with `profile` added,
 * `scopeData`, `fetch`, `timeoutMs`, `now`) and Better Auth's own settings.
 *
 * @example
 * ```ts
 * const options: AmazonOptions = {
 *   clientId: process.env.LWA_CLIENT_ID!,
 *   clientSecret: process.env.LWA_CLIENT_SECRET!,
 *   scope: ['profile', 'music::library:read'],
 * }
 * ```
 */
export interface AmazonOptions extends LwaProviderOptions {
  /** The Better Auth provider id (default `amazon`); the callback is `/callback/<providerId>`. */
  providerId?: string
  /**
   * The email of a user who granted only `profile:user_id` (LWA then sends no email, and Better
   * Auth needs one). Default: `<user id>@users.amazon.invalid`, a reserved domain no mail reaches.
   */
  emailForUserIdOnly?: (amazonUserId: string) => string
  /** Passed to Better Auth: refuse new users on sign-in (existing users still sign in). */
  disableSignUp?: boolean
  /** Passed to Better Auth: update the user's name and email from Amazon on every sign-in. */
  overrideUserInfo?: boolean
}

/** Resolved options: core's settings, the provider id and the options themselves. @internal */
export interface ResolvedAmazon extends LwaProviderSettings {
  providerId: string
  options: AmazonOptions
  /** The Better Auth user info of an Amazon user (an email made up when LWA sent none). */
  userInfo(user: Omit<SignedInUser, 'scope'>): {
    id: string
    name: string
    email: string
    emailVerified: false
  }
}

/** Checks and resolves the options (core keeps one LWA client per options object). @internal */
export function resolveAmazon(options: AmazonOptions): ResolvedAmazon {
  const settings = resolveProviderSettings(options, {
    name: 'amazon',
    missingClientId:
      "amazon({ clientId }): the client id is empty. Pass your Security Profile's web client id (LWA_CLIENT_ID in the README).",
  })
  const emailFor =
    options.emailForUserIdOnly ?? ((id: string) => `${id.toLowerCase()}@users.amazon.invalid`)
  return {
    ...settings,
    providerId: options.providerId ?? 'amazon',
    options,
    userInfo: (user) => ({
      id: user.id,
      name: user.name ?? '',
      email: user.email ?? emailFor(user.id),
      emailVerified: false,
    }),
  }
}
