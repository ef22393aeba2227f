/**
 * Who fresh tokens belong to: the profile when a profile scope was granted, else the user id from
 * token info (which also checks the `aud`). One rule for every adapter.
 *
 * @module
 */
import type { LwaClient } from '../client.js'
import type { TokenSet } from '../token-set.js'

/**
 * The scopes that let `/user/profile` answer. Without one of them, the profile call would fail
 * and the user id comes from token info.
 *
 * @example
 * ```ts
 * tokens.scope.some((s) => PROFILE_SCOPES.has(s))
 * ```
 */
export const PROFILE_SCOPES: ReadonlySet<string> = new Set([
  'profile',
  'profile:user_id',
  'postal_code',
])

/**
 * The signed-in user behind a sign-in's tokens.
 *
 * @example
 * ```ts
 * const user: SignedInUser = { id: 'amzn1.account.…', name: 'Alice', scope: ['profile'] }
 * ```
 */
export interface SignedInUser {
  /** The Amazon user id, `amzn1.account.…`. */
  id: string
  /** The name (scope `profile`). */
  name?: string
  /** The email address (scope `profile`). */
  email?: string
  /** The postal code (scope `postal_code`). */
  postalCode?: string
  /** The scopes granted. */
  scope: string[]
}

/**
 * Reads the user of fresh tokens: the profile when a profile scope was granted, else token info.
 *
 * @example
 * ```ts
 * const user = await signedInUser(lwa, tokens)
 * ```
 */
export async function signedInUser(
  client: Pick<LwaClient, 'profile' | 'verifyAccessToken'>,
  tokens: TokenSet,
): Promise<SignedInUser> {
  if (tokens.scope.some((s) => PROFILE_SCOPES.has(s))) {
    const profile = await client.profile(tokens.accessToken)
    return {
      id: profile.userId,
      ...(profile.name !== undefined ? { name: profile.name } : {}),
      ...(profile.email !== undefined ? { email: profile.email } : {}),
      ...(profile.postalCode !== undefined ? { postalCode: profile.postalCode } : {}),
      scope: tokens.scope,
    }
  }
  const info = await client.verifyAccessToken(tokens.accessToken)
  return { id: info.userId, scope: tokens.scope }
}
