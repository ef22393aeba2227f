/**
 * Where the tokens of a finished sign-in (the browser's callback or a linked device) go: one rule
 * for every adapter, also when the app answered the request first (a request-timeout middleware).
 *
 * @module
 */
import type { TokenSet } from '../token-set.js'

/**
 * The key a sign-in's tokens are kept under: `'user'`, the Amazon user id (an app without
 * sessions, which finds them again by that id); `'session'`, the handle of a new session that
 * only this response would deliver (its cookie).
 *
 * @example
 * ```ts
 * const keyedBy: SignInTokensKey = options.session ? 'session' : 'user'
 * ```
 */
export type SignInTokensKey = 'user' | 'session'

/**
 * What {@link keepSignInTokens} did: `'stored'` under the user id; `'session'`, the caller starts
 * the new session now (which keeps them under its handle); `'dropped'`, nobody could reach them.
 *
 * @example
 * ```ts
 * const fate: SignInTokensFate = 'dropped'
 * ```
 */
export type SignInTokensFate = 'stored' | 'session' | 'dropped'

/**
 * Options of {@link keepSignInTokens}.
 *
 * @example
 * ```ts
 * const options: SignInTokensOptions = { keyedBy: 'user', userId, tokens, answered: false, store: manager }
 * ```
 */
export interface SignInTokensOptions {
  /** The key the app finds them under (see {@link SignInTokensKey}). */
  keyedBy: SignInTokensKey
  /** The Amazon user id of the sign-in. */
  userId: string
  /** The sign-in's tokens. */
  tokens: TokenSet
  /** Whether the app has already answered this request (then nothing may be written to it). */
  answered: boolean
  /** Where tokens keyed by the user id are stored (a token manager or store). */
  store: { setTokens(key: string, tokens: TokenSet): Promise<unknown> }
}

/**
 * Keeps a sign-in's tokens by one rule. Keyed by the user id, they are stored, answered or not:
 * the app finds them again without this response. Keyed by a session, the caller starts the
 * session (`'session'`), unless the app answered first: the handle would have reached the browser
 * only in this response, so the tokens are not kept (`'dropped'`). Either way the caller writes
 * nothing to an answered response.
 *
 * @example
 * ```ts
 * const fate = await keepSignInTokens({ keyedBy: 'session', userId, tokens, answered: isAnswered(res), store })
 * if (fate === 'session') await sessions.signIn(req, res, 'device', user, tokens)
 * ```
 */
export async function keepSignInTokens(options: SignInTokensOptions): Promise<SignInTokensFate> {
  if (options.keyedBy === 'user') {
    await options.store.setTokens(options.userId, options.tokens)
    return 'stored'
  }
  return options.answered ? 'dropped' : 'session'
}
