/**
 * What the next-auth v4 and the Auth.js providers share: options, endpoints, scopes, the profile
 * mapping and the button style.
 *
 * @module
 */
import {
  type LwaProviderOptions,
  type LwaProviderSettings,
  resolveProviderSettings,
} from '@lwa-kit/core'

/**
 * Options of the `Amazon` provider (both the next-auth v4 and the Auth.js one; the Auth.js one
 * takes `AmazonAuthJsOptions`, where `clientId` may come from `AUTH_AMAZON_ID`): core's
 * `LwaProviderOptions` (client id and secret, region, endpoints, scopes with `profile` added,
 * `scopeData`, `fetch`, `timeoutMs`, `now`). They are checked on first use, not when the provider
 * is made, so `next build` runs without the LWA variables; a missing client id or an unknown
 * region then throws `InvalidArgumentError`.
 *
 * @example
 * ```ts
 * const options: AmazonOptions = {
 *   clientId: process.env.LWA_CLIENT_ID!,
 *   clientSecret: process.env.LWA_CLIENT_SECRET!,
 *   scope: ['profile', 'music::profile:read'],
 * }
 * ```
 */
export interface AmazonOptions extends LwaProviderOptions {}

/**
 * The JSON of LWA's customer profile endpoint (`/user/profile`), as the provider's `profile`
 * callback receives it.
 *
 * @example
 * ```ts
 * const raw: AmazonProfileResponse = { user_id: 'amzn1.account.AEXAMPLE', name: 'Alice', email: 'alice@example.com' }
 * ```
 */
export interface AmazonProfileResponse extends Record<string, unknown> {
  /** `amzn1.account.…`, stable per user and Security Profile. */
  user_id: string
  /** Present with the `profile` scope. */
  name?: string
  /** Present with the `profile` scope. */
  email?: string
  /** Present with the `postal_code` scope. */
  postal_code?: string
}

/**
 * The user NextAuth keeps: Amazon has no profile picture, so `image` is always `null`.
 *
 * @example
 * ```ts
 * const user: AmazonUser = { id: 'amzn1.account.AEXAMPLE', name: 'Alice', email: 'alice@example.com', image: null }
 * ```
 */
export interface AmazonUser {
  id: string
  name: string | null
  email: string | null
  image: null
}

/**
 * Maps LWA's profile JSON to the NextAuth user `{ id: user_id, name, email, image: null }`.
 *
 * @example
 * ```ts
 * toAmazonUser({ user_id: 'amzn1.account.A', name: 'Alice' }) // { id: 'amzn1.account.A', name: 'Alice', email: null, image: null }
 * ```
 */
export function toAmazonUser(profile: AmazonProfileResponse): AmazonUser {
  return {
    id: profile.user_id,
    name: profile.name ?? null,
    email: profile.email ?? null,
    image: null,
  }
}

/** Amazon's logo (the smile), as a data URL so the sign-in page loads nothing from outside. */
const AMAZON_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><path fill="#FF9900" d="M6 30.5c9.9 5.8 22.3 7.2 33.4 2.6.9-.4 1.6.6.8 1.2-5.6 4.3-13.6 6.6-20.5 6.6-9.7 0-18.4-3.6-25-9.6-.5-.5-.1-1.1.5-.8zm35.5-2c-.7-.9-4.8-.4-6.6-.2-.6.1-.6-.4-.1-.8 3.2-2.3 8.5-1.6 9.1-.9.6.8-.2 6.2-3.2 8.8-.5.4-.9.2-.7-.3.7-1.8 2.2-5.7 1.5-6.6z"/><path fill="#232F3E" d="M27.6 12.3V9.9c0-.4.3-.6.6-.6h10.7c.3 0 .6.3.6.6v2c0 .3-.3.8-.8 1.5l-5.5 7.9c2.1-.1 4.2.3 6.1 1.3.4.2.5.6.6 1v2.5c0 .4-.4.8-.8.6-3.3-1.7-7.6-1.9-11.2 0-.4.2-.8-.2-.8-.6v-2.4c0-.4 0-1 .4-1.6l6.4-9.2h-5.6c-.3 0-.6-.3-.6-.6z"/></svg>',
)}`

/**
 * Amazon's brand style for the sign-in button: Amazon's yellow button with its near-black text
 * (the "Sign in with Amazon" button guidelines), and the smile logo.
 *
 * @example
 * ```ts
 * AMAZON_BRAND.brandColor // '#FFD814'
 * ```
 */
export const AMAZON_BRAND = {
  logo: AMAZON_LOGO,
  brandColor: '#FFD814',
  bg: '#FFD814',
  text: '#0F1111',
  bgDark: '#FFD814',
  textDark: '#0F1111',
} as const

/**
 * The environment variables a provider falls back on when its options leave the client id or
 * secret out (the Auth.js provider: `AUTH_AMAZON_ID`, `AUTH_AMAZON_SECRET`). Kept on the options
 * object under this symbol, so errors can name the variable. @internal
 */
export const AMAZON_ENV: unique symbol = Symbol.for('@lwa-kit/next-auth.env') as never

/** The variable names under {@link AMAZON_ENV}. @internal */
export interface AmazonEnvNames {
  clientId: string
  clientSecret: string
}

/**
 * Reads an environment variable where there is a `process.env` (Node, Next's edge runtime);
 * undefined on runtimes without one (there the framework passes its env, see `setEnvDefaults`).
 * @internal
 */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env
  return nonEmpty(env?.[name])
}

/** The value when it is a non-empty string, else undefined. @internal */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

function missingClientId(env: AmazonEnvNames | undefined): string {
  const later =
    'It is read on the first sign-in or session request, so `next build` runs without it.'
  if (env)
    return `Amazon(): no client id. Set ${env.clientId} (and ${env.clientSecret}) in the environment the server runs in, or pass clientId. ${later}`
  return `Amazon({ clientId }): the client id is empty. Pass your Security Profile's web client id, usually from an environment variable (LWA_CLIENT_ID in the README): set that variable in the environment the server runs in. ${later}`
}

/**
 * Checks and resolves provider options with core's `resolveProviderSettings` (once per options
 * object, so every request and the refresh helpers share one LWA client). Called on first use,
 * never when the provider is created, so a build without the secrets works. Throws core's
 * `InvalidArgumentError` (`LWA_INVALID_ARGUMENT`) naming the missing or bad setting. @internal
 */
export function resolveAmazon(options: AmazonOptions): LwaProviderSettings {
  const env = (options as { [AMAZON_ENV]?: AmazonEnvNames } | undefined)?.[AMAZON_ENV]
  return resolveProviderSettings(options, { missingClientId: missingClientId(env) })
}
