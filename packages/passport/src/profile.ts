/**
 * The Passport profile of an Amazon user: core's Portable Contacts profile, under passport-amazon's
 * names.
 *
 * @module
 */
import { type PortableProfile, type PortableProfileJson, portableProfile } from '@lwa-kit/core'

/**
 * The customer profile as LWA's `/user/profile` sends it (the fields the granted scopes allow):
 * core's `PortableProfileJson`.
 *
 * @example
 * ```ts
 * const json: AmazonProfileJson = { user_id: 'amzn1.account.AE…', name: 'Alice', email: 'alice@example.com' }
 * ```
 */
export type AmazonProfileJson = PortableProfileJson

/**
 * A Passport user profile (the Portable Contacts shape Passport strategies share) for an Amazon
 * account: core's `PortableProfile`. `emails` and `displayName` come with the `profile` scope,
 * `postalCode` with `postal_code`; `_raw` is the body as LWA sent it, `_json` that body parsed.
 *
 * @example
 * ```ts
 * function verify(accessToken: string, refreshToken: string | undefined, profile: AmazonPassportProfile, done: VerifyCallback) {
 *   done(null, { id: profile.id, name: profile.displayName, email: profile.emails[0]?.value })
 * }
 * ```
 */
export type AmazonPassportProfile = PortableProfile

/**
 * Turns core's {@link @lwa-kit/core!AmazonProfile | AmazonProfile} into the Passport profile
 * (core's `portableProfile`). Pass the answer it was read from (core's `fetchProfileWithBody`) to
 * keep the body as received in `_raw` and `_json`; without it they are rebuilt from the profile's
 * fields (core's `profileJson`).
 *
 * @example
 * ```ts
 * const { profile, body, json } = await fetchProfileWithBody(lwa, accessToken)
 * const passportProfile = toPassportProfile(profile, { body, json })
 * passportProfile._raw === body // true
 * ```
 */
export const toPassportProfile: typeof portableProfile = portableProfile
