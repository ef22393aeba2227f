/**
 * Sign-in sessions bound to a token manager: the web session (a sealed cookie naming a handle of
 * its own in the token store) with the sign-in's tokens kept under that handle, and the one rule for
 * signing out (POST only, same-site only). What every adapter with sessions does around
 * {@link createWebSession}, once.
 *
 * @module
 */
import type { TokenManager } from '../token-manager.js'
import type { TokenSet } from '../token-set.js'
import { type CsrfOptions, checkStateChanging } from './csrf.js'
import { redirectAnswer, type WebAnswer } from './web-answer.js'
import type { WebRequest } from './web-request.js'
import {
  createWebSession,
  type OpenedWebSession,
  type WebSession,
  type WebSessionOptions,
} from './web-session.js'

/**
 * Options of {@link createSignInSessions}: the web session's, the token manager that keeps each
 * sign-in's tokens, and the origins besides the app's own that may sign out.
 *
 * @example
 * ```ts
 * const options: SignInSessionsOptions = { secret, store, tokens: createTokenManager({ client, store }) }
 * ```
 */
export interface SignInSessionsOptions extends WebSessionOptions, CsrfOptions {
  /** Keeps each sign-in's tokens under its session's handle, and forgets them on sign-out. */
  tokens: Pick<TokenManager, 'setTokens' | 'forget'>
}

/**
 * What a sign-out request came to: the answer to write (a 303 redirect that clears the cookie, or
 * core's refusal: 405 with `Allow: POST`, 403 `LWA_CROSS_SITE_REQUEST`) and whether it signed out.
 *
 * @example
 * ```ts
 * const { answer, signedOut } = await sessions.signOut(request, '/')
 * ```
 */
export interface SignOutOutcome {
  /** The answer to write. */
  answer: WebAnswer
  /** Whether the session was ended (`false`: refused, nobody was signed out). */
  signedOut: boolean
}

/**
 * Sign-in sessions over one web session and token manager.
 *
 * @example
 * ```ts
 * const { cookie } = await sessions.signIn(request, 'web', user, tokens) // set the cookie, redirect
 * const opened = await sessions.open(request)                           // later requests
 * send((await sessions.signOut(request, '/')).answer)                    // POST /logout
 * ```
 */
export interface SignInSessions<T> {
  /** The web session itself (for `read`, the synchronous open). */
  readonly session: WebSession<T>
  /**
   * Starts a new session (a new handle) for a sign-in and keeps its tokens under the handle, before
   * anything is answered. Answers the handle's key and the session cookie to set.
   */
  signIn(
    request: WebRequest,
    kind: string,
    data: T,
    tokens: TokenSet,
  ): Promise<{ key: string; cookie: string }>
  /** The session of a request, or `undefined` (see {@link WebSession.open}). */
  open(request: WebRequest): Promise<OpenedWebSession<T> | undefined>
  /**
   * Signs out a same-site POST only: forgets the session's tokens, deletes its handle (every copy
   * of the cookie is signed out) and redirects (303) to `redirectTo` with the cookie cleared. Any
   * other request gets core's refusal and signs nobody out. `key` is the session's when the caller
   * opened it already; else the request's session is opened to find it.
   */
  signOut(request: WebRequest, redirectTo?: string, key?: string): Promise<SignOutOutcome>
  /**
   * Ends the request's session now, without the checks of `signOut` (for the app's own reasons):
   * forgets its tokens and deletes its handle. `key` is the session's when the caller opened it
   * already; else the request's session is opened to find it. Answers the cookie that clears it.
   */
  end(request: WebRequest, key?: string): Promise<string>
}

/**
 * Makes the sign-in sessions an adapter answers with: each sign-in gets a new handle holding its
 * tokens, so a copy of an older cookie never sees a later sign-in's tokens, and signing out (or
 * `end`) forgets them, which signs out every copy of the cookie.
 *
 * @example
 * ```ts
 * const sessions = createSignInSessions<{ name: string }>({ secret, store, tokens: manager })
 * const { cookie } = await sessions.signIn(request, 'web', { name: 'Alice' }, tokenSet)
 * ```
 */
export function createSignInSessions<T>(options: SignInSessionsOptions): SignInSessions<T> {
  const { tokens, allowedOrigins, ...settings } = options
  const session = createWebSession<T>(settings)
  const csrf = { allowedOrigins: allowedOrigins ?? [] }
  const end = async (request: WebRequest, key?: string): Promise<string> => {
    const found = key ?? (await session.open(request))?.key
    if (found) await tokens.forget(found)
    return session.end(request, found)
  }
  return {
    session,
    async signIn(request, kind, data, set) {
      const issued = await session.issue(request, kind, data)
      await tokens.setTokens(issued.key, set)
      return issued
    },
    open: (request) => session.open(request),
    async signOut(request, redirectTo = '/', key) {
      const refused = checkStateChanging(request, csrf)
      if (refused) return { answer: refused, signedOut: false }
      return { answer: redirectAnswer(redirectTo, [await end(request, key)]), signedOut: true }
    },
    end,
  }
}
