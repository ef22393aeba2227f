/**
 * The signed-in user kept in the session cookie, and how it is made from fresh tokens.
 *
 * @module
 */
import type { LwaClient, TokenSet } from '@lwa-kit/core'
import type { LwaUser } from './types.js'

/** The session cookie's sealed content: the token-store key and the user. @internal */
export interface SessionData {
  k: string
  u: LwaUser
}

const PROFILE_SCOPES = new Set(['profile', 'profile:user_id', 'postal_code'])

/**
 * The user behind fresh tokens: the profile when a profile scope was granted, otherwise the user
 * id from token info (which also checks the token was issued to this client).
 *
 * @internal
 */
export async function userFromTokens(
  client: LwaClient,
  tokens: TokenSet,
  via: LwaUser['via'],
): Promise<LwaUser> {
  if (tokens.scope.some((s) => PROFILE_SCOPES.has(s))) {
    const profile = await client.profile(tokens.accessToken)
    return {
      id: profile.userId,
      ...(profile.name !== undefined ? { name: profile.name } : {}),
      ...(profile.email !== undefined ? { email: profile.email } : {}),
      ...(profile.postalCode !== undefined ? { postalCode: profile.postalCode } : {}),
      via,
      scope: tokens.scope,
    }
  }
  const info = await client.verifyAccessToken(tokens.accessToken)
  return { id: info.userId, via, scope: tokens.scope }
}
