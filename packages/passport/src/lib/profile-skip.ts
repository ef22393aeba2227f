/**
 * Whether the callback skips `/user/profile`: passport-oauth2's `skipUserProfile` (a boolean, a
 * function, or a function with a callback), or by default exactly when no profile scope was granted.
 *
 * @module
 */
import { PROFILE_SCOPES, type TokenSet } from '@lwa-kit/core'
import type { AmazonStrategyOptions } from '../amazon-strategy-options.js'

/** Resolves `skip` for the granted `tokens`. */
export function shouldSkipProfile(
  skip: AmazonStrategyOptions['skipUserProfile'] | 'auto',
  tokens: TokenSet,
): Promise<boolean> {
  if (skip === 'auto') return Promise.resolve(!tokens.scope.some((s) => PROFILE_SCOPES.has(s)))
  if (typeof skip === 'function') {
    if (skip.length > 1)
      return new Promise((resolve, reject) =>
        (skip as (t: string, d: (e: unknown, s?: boolean) => void) => void)(
          tokens.accessToken,
          (err, value) => (err ? reject(err) : resolve(Boolean(value))),
        ),
      )
    return Promise.resolve(Boolean((skip as () => boolean)()))
  }
  return Promise.resolve(Boolean(skip))
}
