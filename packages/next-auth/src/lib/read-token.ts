/**
 * The server-side read of the access token, shared by both entries' `getAmazonAccessToken`.
 *
 * @internal
 */
import type { AmazonJwtFields } from './refresh.js'
import { amazonJwt } from './refresh.js'
import { type AmazonAccessTokenOptions, amazonAccessToken } from './session.js'

/**
 * The access token of a decoded JWT, renewed first through `amazonJwt` when `options.refresh` is
 * given. Shared by both entries' `getAmazonAccessToken`. @internal
 */
export async function accessTokenOf(
  token: AmazonJwtFields | Record<string, unknown> | null,
  options: AmazonAccessTokenOptions,
): Promise<string | undefined> {
  const now = options.now ?? options.refresh?.now ?? Date.now
  if (!token || !options.refresh) return amazonAccessToken(token, now())
  const fresh = await amazonJwt({ token: token as Record<string, unknown> }, options.refresh)
  return amazonAccessToken(fresh, now())
}
