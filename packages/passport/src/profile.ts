/**
 * The Passport profile of an Amazon user, built from core's customer profile.
 *
 * @module
 */
import { type AmazonProfile, profileJson } from '@lwa-kit/core'

/**
 * The customer profile as LWA's `/user/profile` sends it (the fields the granted scopes allow).
 *
 * @example
 * ```ts
 * const json: AmazonProfileJson = { user_id: 'amzn1.account.AE…', name: 'Alice', email: 'alice@example.com' }
 * ```
 */
export interface AmazonProfileJson {
  user_id: string
  name?: string
  email?: string
  postal_code?: string
  /** Any other field LWA sends. */
  [field: string]: unknown
}

/**
 * A Passport user profile (the Portable Contacts shape Passport strategies share) for an Amazon
 * account. `emails` and `displayName` come with the `profile` scope, `postalCode` with `postal_code`.
 *
 * @example
 * ```ts
 * function verify(accessToken: string, refreshToken: string | undefined, profile: AmazonPassportProfile, done: VerifyCallback) {
 *   done(null, { id: profile.id, name: profile.displayName, email: profile.emails[0]?.value })
 * }
 * ```
 */
export interface AmazonPassportProfile {
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
  _json: AmazonProfileJson
}

/**
 * Turns core's {@link @lwa-kit/core!AmazonProfile | AmazonProfile} into the Passport profile. Pass the answer it was read from
 * (core's `fetchProfileWithBody`) to keep the body as received in `_raw` and `_json`; without it
 * they are rebuilt from the profile's fields (core's `profileJson`).
 *
 * @example
 * ```ts
 * const { profile, body, json } = await fetchProfileWithBody(lwa, accessToken)
 * const passportProfile = toPassportProfile(profile, { body, json })
 * passportProfile._raw === body // true
 * ```
 */
export function toPassportProfile(
  profile: AmazonProfile,
  received?: { body: string; json: Record<string, unknown> },
): AmazonPassportProfile {
  const json = (received?.json ?? profileJson(profile)) as AmazonProfileJson
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
