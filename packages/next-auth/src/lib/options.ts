/**
 * What the next-auth v4 and the Auth.js providers share publicly: the options, the profile
 * mapping and the button style.
 *
 * @module
 */
import type { LwaProviderOptions, ProfileJson } from '@lwa-kit/core'

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
 * callback receives it: core's `ProfileJson` (`user_id`, and `name`, `email`, `postal_code` as the
 * scopes grant them).
 *
 * @example
 * ```ts
 * const raw: AmazonProfileResponse = { user_id: 'amzn1.account.AEXAMPLE', name: 'Alice', email: 'alice@example.com' }
 * ```
 */
export interface AmazonProfileResponse extends ProfileJson, Record<string, unknown> {}

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
