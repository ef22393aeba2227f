/**
 * Signing out of a Passport session by core's rule for state-changing routes.
 *
 * @module
 */
import {
  checkStateChanging,
  type NodeResponseLike,
  nodeWebRequest,
  redirectAnswer,
  writeNodeAnswer,
} from '@lwa-kit/core'
import type { StrategyRequest } from './lib/http.js'

/**
 * Options of {@link amazonSignOut}.
 *
 * @example
 * ```ts
 * const options: AmazonSignOutOptions = { redirectTo: '/', allowedOrigins: ['https://admin.example.com'] }
 * ```
 */
export interface AmazonSignOutOptions {
  /** Where the browser goes once signed out (303; default `/`). */
  redirectTo?: string
  /** Origins besides the app's own that may sign out (default none). */
  allowedOrigins?: readonly string[]
  /** Runs before the session ends, e.g. to forget the user's tokens (`tokens.forget(req.user.id)`). */
  beforeSignOut?: (req: AmazonSignOutRequest) => unknown
}

/**
 * The request `amazonSignOut` handles: an Express request with Passport's `req.logout` (Passport
 * 0.6 and later) on it.
 *
 * @example
 * ```ts
 * const beforeSignOut = (req: AmazonSignOutRequest) => tokens.forget(String(req.user))
 * ```
 */
export type AmazonSignOutRequest = StrategyRequest & {
  user?: unknown
  logout(done: (err?: unknown) => void): void
}

/**
 * Express middleware for the sign-out route: only a same-site POST signs out (Passport's
 * `req.logout`, which with express-session also drops the session's id, so every copy of the
 * session cookie is signed out); any other method gets 405 `LWA_METHOD_NOT_ALLOWED` with
 * `Allow: POST`, a cross-site request (`Sec-Fetch-Site`, `Origin`) 403 `LWA_CROSS_SITE_REQUEST`,
 * both from core's table and signing nobody out. Then it redirects (303) to `redirectTo`.
 *
 * @example
 * ```ts
 * app.all('/logout', amazonSignOut({ redirectTo: '/' })) // a form: <form method="post" action="/logout">
 * ```
 */
export function amazonSignOut(
  options: AmazonSignOutOptions = {},
): (req: AmazonSignOutRequest, res: NodeResponseLike, next: (err?: unknown) => void) => void {
  const redirectTo = options.redirectTo ?? '/'
  const csrf = { allowedOrigins: options.allowedOrigins ?? [] }
  return (req, res, next) => {
    const refused = checkStateChanging(nodeWebRequest(req, req.secure === true), csrf)
    if (refused) {
      writeNodeAnswer(res, refused)
      return
    }
    Promise.resolve(options.beforeSignOut?.(req)).then(
      () =>
        req.logout((err) => {
          if (err) next(err)
          else writeNodeAnswer(res, redirectAnswer(redirectTo))
        }),
      next,
    )
  }
}
