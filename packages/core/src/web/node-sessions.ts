/**
 * Sign-in sessions on Node's request and response (Express, Nest on Express, plain `node:http`):
 * {@link createSignInSessions} with the cookies set on the response, and the one rule for a
 * response the app has already answered (a request-timeout middleware): nothing is written to it,
 * and no session is left behind whose cookie could never reach the browser. Structural types only.
 *
 * @module
 */
import type { TokenSet } from '../token-set.js'
import {
  appendNodeCookie,
  isAnswered,
  type NodeRequestLike,
  type NodeResponseLike,
  nodeWebRequest,
  writeNodeAnswer,
} from './node-http.js'
import type { SignInSessions } from './sign-in-sessions.js'
import type { OpenedWebSession } from './web-session.js'

/**
 * A Node request as the sessions read it: `secure` is the framework's verdict on https, which
 * honours its trust-proxy setting (Express: `req.secure`); without it the request counts as http.
 *
 * @example
 * ```ts
 * const req: NodeSessionRequest = expressReq
 * ```
 */
export type NodeSessionRequest = NodeRequestLike & { secure?: boolean }

/**
 * {@link SignInSessions} on Node's request and response.
 *
 * @example
 * ```ts
 * const key = await sessions.signIn(req, res, 'web', user, tokens) // the cookie is on res
 * const opened = await sessions.open(req, res)                    // a renewal too
 * await sessions.signOut(req, res, '/')                           // the answer is written
 * ```
 */
export interface NodeSignInSessions<T> {
  /** The sessions on web requests. */
  readonly sessions: SignInSessions<T>
  /**
   * Starts a new session for a sign-in, keeps its tokens under the session's handle and sets the
   * session cookie on `res`; answers the handle's key. When the app has already answered, before
   * or while the tokens were kept, no session is left and nothing is written: `undefined`.
   */
  signIn(
    req: NodeSessionRequest,
    res: NodeResponseLike,
    kind: string,
    data: T,
    tokens: TokenSet,
  ): Promise<string | undefined>
  /** The request's session, or `undefined`; a renewed cookie goes on `res` unless answered. */
  open(req: NodeSessionRequest, res?: NodeResponseLike): Promise<OpenedWebSession<T> | undefined>
  /**
   * Writes the answer of {@link SignInSessions.signOut} (303 with the cookie cleared, or core's
   * refusal) to `res`; resolves whether it signed out.
   */
  signOut(req: NodeSessionRequest, res: NodeResponseLike, redirectTo?: string): Promise<boolean>
  /** Ends the request's session now (see {@link SignInSessions.end}); the clearing cookie goes on `res` unless answered. */
  end(req: NodeSessionRequest, res: NodeResponseLike, key?: string): Promise<void>
}

/**
 * Puts sign-in sessions on Node's request and response.
 *
 * @example
 * ```ts
 * const sessions = nodeSignInSessions(createSignInSessions<User>({ secret, store, tokens }))
 * app.get('/auth/callback', async (req, res) => {
 *   await sessions.signIn(req, res, 'web', user, tokenSet)
 *   if (!res.headersSent) res.redirect(303, '/')
 * })
 * ```
 */
export function nodeSignInSessions<T>(sessions: SignInSessions<T>): NodeSignInSessions<T> {
  const requestOf = (req: NodeSessionRequest) => nodeWebRequest(req, req.secure === true)
  const setCookie = (res: NodeResponseLike | undefined, line: string | undefined) => {
    if (res && line && !isAnswered(res)) appendNodeCookie(res, line)
  }
  return {
    sessions,
    async signIn(req, res, kind, data, tokens) {
      if (isAnswered(res)) return undefined
      const request = requestOf(req)
      const issued = await sessions.signIn(request, kind, data, tokens)
      // Answered while the tokens were kept: the cookie can never reach the browser.
      if (isAnswered(res)) {
        await sessions.end(request, issued.key)
        return undefined
      }
      appendNodeCookie(res, issued.cookie)
      return issued.key
    },
    async open(req, res) {
      const opened = await sessions.open(requestOf(req))
      setCookie(res, opened?.renewed)
      return opened
    },
    async signOut(req, res, redirectTo) {
      const { answer, signedOut } = await sessions.signOut(requestOf(req), redirectTo)
      writeNodeAnswer(res, answer)
      return signedOut
    },
    async end(req, res, key) {
      setCookie(res, await sessions.end(requestOf(req), key))
    },
  }
}
