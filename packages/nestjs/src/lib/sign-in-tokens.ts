/**
 * The tokens of a sign-in that has not become a session yet: with sessions on, `LwaStrategy` and
 * `LwaDeviceService` hand them to `LwaSessionService.signIn` through the user object, without
 * putting them on it (a `req.user` that is logged or sent as JSON carries no token).
 *
 * @internal
 * @module
 */
import type { TokenSet } from '@lwa-kit/core'
import type { LwaUser } from '../options.js'

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

/**
 * Keeps a sign-in's tokens, as `LwaStrategy` and `LwaDeviceService` both do: with sessions on,
 * held for `LwaSessionService.signIn` (which keeps them under the new session's handle); else
 * stored under the user id, which becomes `user.key`. Answers the user to hand on.
 *
 * @internal
 */
export async function keepSignInTokens(
  user: LwaUser,
  tokens: TokenSet,
  sessions: boolean,
  store: { setTokens(key: string, tokens: TokenSet): Promise<unknown> },
): Promise<LwaUser> {
  if (sessions) {
    holdSignInTokens(user, tokens)
    return user
  }
  await store.setTokens(user.userId, tokens)
  return { ...user, key: user.userId }
}
