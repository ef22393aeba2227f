/**
 * The tokens of a sign-in that has not become a session yet: with sessions on, `LwaStrategy` and
 * `LwaDeviceService` hand them to `LwaSessionService.signIn` through the user object, without
 * putting them on it (a `req.user` that is logged or sent as JSON carries no token).
 *
 * @internal
 * @module
 */
import type { TokenSet } from '@lwa-kit/core'

const pending = new WeakMap<object, TokenSet>()

/** Keeps `tokens` for the session that `user` is about to get. @internal */
export function holdSignInTokens(user: object, tokens: TokenSet): void {
  pending.set(user, tokens)
}

/** The tokens held for `user`, once. @internal */
export function takeSignInTokens(user: object): TokenSet | undefined {
  const tokens = pending.get(user)
  pending.delete(user)
  return tokens
}
