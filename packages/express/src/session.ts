/**
 * The signed-in user kept in the session, and how it is made from fresh tokens (core's
 * `signedInUser`: the profile with a profile scope, else token info).
 *
 * @module
 */
import { type LwaClient, signedInUser, type TokenSet } from '@lwa-kit/core'
import type { LwaUser } from './types.js'

/** The user behind fresh tokens, marked with how they signed in. @internal */
export async function userFromTokens(
  client: LwaClient,
  tokens: TokenSet,
  via: LwaUser['via'],
): Promise<LwaUser> {
  return { ...(await signedInUser(client, tokens)), via }
}
