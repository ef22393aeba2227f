/**
 * The Amazon user's profile in the Portable Contacts shape that Passport strategies share
 * (`provider`, `id`, `displayName`, `emails`, with the body as received in `_raw` and `_json`),
 * built from core's customer profile.
 *
 * @module
 */
import { type AmazonProfile, type ProfileJson, profileJson } from '../profile.js'

/**
 * The customer profile as LWA's `/user/profile` sends it: `user_id`, the fields the granted
 * scopes allow, and any other field LWA sends.
 *
 * @example
 * ```ts
 * const json: PortableProfileJson = { user_id: 'amzn1.account.AE…', name: 'Alice', email: 'alice@example.com' }
 * ```
 */
export interface PortableProfileJson extends ProfileJson {
  /** Any other field LWA sends. */
  [field: string]: unknown
}

/**
 * An Amazon user's profile in the Portable Contacts shape (Passport's user profile). `emails` and
 * `displayName` come with the `profile` scope, `postalCode` with `postal_code`.
 *
 * @example
 * ```ts
 * const profile: PortableProfile = portableProfile(await fetchProfile(lwa, accessToken))
 * console.log(profile.displayName, profile.emails[0]?.value)
 * ```
 */
export interface PortableProfile {
  provider: 'amazon'
  /** The Amazon user id, `amzn1.account.…`. */
  id: string
  /** The user's name, or `''` without the `profile` scope. */
  displayName: string
  /** The user's email address, when the `profile` scope was granted. */
  emails: { value: string }[]
  /** The postal code, when the `postal_code` scope was granted. */
  postalCode?: string
  /** The profile body as LWA sent it (the exact text), as in passport-amazon. */
  _raw: string
  /** The profile body parsed: every field LWA sent, as LWA names them. */
  _json: PortableProfileJson
}

/**
 * Turns core's {@link AmazonProfile} into the Portable Contacts profile. Pass the answer it was
 * read from ({@link fetchProfileWithBody}) to keep the body as received in `_raw` and `_json`;
 * without it they are rebuilt from the profile's fields ({@link profileJson}).
 *
 * @example
 * ```ts
 * const { profile, body, json } = await fetchProfileWithBody(lwa, accessToken)
 * const portable = portableProfile(profile, { body, json })
 * portable._raw === body // true
 * ```
 */
export function portableProfile(
  profile: AmazonProfile,
  received?: { body: string; json: Record<string, unknown> },
): PortableProfile {
  const json = (received?.json ?? profileJson(profile)) as PortableProfileJson
  return {
    provider: 'amazon',
    id: profile.userId,
    displayName: profile.name ?? '',
    emails: profile.email ? [{ value: profile.email }] : [],
    ...(profile.postalCode !== undefined ? { postalCode: profile.postalCode } : {}),
    _raw: received?.body ?? JSON.stringify(json),
    _json: json,
  }
}
