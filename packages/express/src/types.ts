/**
 * What the adapter adds to Express requests.
 *
 * @module
 */
import type { CallOptions, TokenInfo, TokenManager } from '@lwa-kit/core'

/**
 * The signed-in Amazon user, as kept in the session cookie.
 *
 * @example
 * ```ts
 * app.get('/', (req, res) => res.send(req.lwa?.user ? `Hello ${req.lwa.user.name}` : 'Hello'))
 * ```
 */
export interface LwaUser {
  /** The Amazon user id, `amzn1.account.…`. */
  id: string
  /** The name (scope `profile`). */
  name?: string
  /** The email address (scope `profile`). */
  email?: string
  /** The postal code (scope `postal_code`). */
  postalCode?: string
  /** How the user signed in: the browser sign-in or device linking. */
  via: 'web' | 'device'
  /** The scopes granted. */
  scope: string[]
}

/**
 * `req.lwa`, set by `lwaAuth` on every request.
 *
 * @example
 * ```ts
 * app.get('/music', async (req, res) => {
 *   if (!req.lwa?.user) return res.redirect(req.lwa!.loginUrl('/music'))
 *   const token = await req.lwa.getAccessToken()
 *   res.json(await fetch(musicUrl, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json()))
 * })
 * ```
 */
export interface LwaRequestContext {
  /** The signed-in user, or `undefined`. */
  readonly user: LwaUser | undefined
  /** The token-store key of the signed-in user's tokens, or `undefined`. */
  readonly key: string | undefined
  /** Whether a user is signed in. */
  isAuthenticated(): boolean
  /**
   * A valid access token for the signed-in user, refreshed ahead of expiry by core's token
   * manager. Throws `ReauthorizationRequiredError` when no user is signed in or the grant is gone.
   */
  getAccessToken(options?: CallOptions): Promise<string>
  /** The token manager (shared by all requests). */
  readonly tokens: TokenManager
  /** The login URL, with a same-site return path. */
  loginUrl(returnTo?: string): string
  /**
   * Ends this request's session now, for the app's own reasons (the grant was revoked, the
   * account was closed), not for a request to sign out (that is `POST {basePath}/logout`, same-site
   * only): forgets its tokens, so every copy of the cookie is signed out, and clears the cookie on
   * this response unless it was already sent.
   *
   * @example
   * ```ts
   * if (describeError(err).code === WebErrorCode.ReauthorizationRequired) await req.lwa!.end()
   * ```
   */
  end(): Promise<void>
}

/**
 * `req.lwaToken`, set by `requireLwaToken` once the bearer token is verified.
 *
 * @example
 * ```ts
 * app.get('/api/me', requireLwaToken({ clientId }), (req, res) => res.json({ user: req.lwaToken!.info.userId }))
 * ```
 */
export interface LwaBearerToken {
  /** The bearer token as received. */
  accessToken: string
  /** Its token info (user, client, app, expiry). */
  info: TokenInfo
}

declare global {
  namespace Express {
    interface Request {
      /** Set by `lwaAuth`: the signed-in Amazon user and their tokens. */
      lwa?: LwaRequestContext
      /** Set by `requireLwaToken`: the verified bearer token. */
      lwaToken?: LwaBearerToken
    }
  }
}
