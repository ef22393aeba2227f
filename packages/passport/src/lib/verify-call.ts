/**
 * The app's verify callback, called in whichever of passport-amazon's forms it has, with the
 * token details of the 5- and 6-argument forms.
 *
 * @module
 */
import type { TokenSet } from '@lwa-kit/core'
import type { AmazonTokenParams } from '../amazon-strategy-options.js'
import type { AmazonVerifyCallback } from '../amazon-strategy-verify.js'
import type { AmazonPassportProfile } from '../profile.js'
import type { StrategyRequest } from './http.js'

/** The token details of a 5- or 6-argument verify callback. */
export function tokenParamsOf(tokens: TokenSet, now = Date.now()): AmazonTokenParams {
  return {
    token_type: 'bearer',
    expires_in: Math.max(0, Math.round((tokens.expiresAt - now) / 1000)),
    scope: tokens.scope.join(' '),
    expires_at: tokens.expiresAt,
    tokenSet: tokens,
  }
}

/** Calls `verify` by its arity: with or without `req` (`passReq`), with or without the params. */
export function callVerify(
  verify: (...args: unknown[]) => void,
  passReq: boolean,
  req: StrategyRequest,
  tokens: TokenSet,
  profile: AmazonPassportProfile | undefined,
  done: AmazonVerifyCallback,
): void {
  const { accessToken, refreshToken } = tokens
  const withParams = verify.length === (passReq ? 6 : 5)
  const args = withParams
    ? [accessToken, refreshToken, tokenParamsOf(tokens), profile, done]
    : [accessToken, refreshToken, profile, done]
  verify(...(passReq ? [req, ...args] : args))
}
