/**
 * What the adapter adds to Express requests.
 *
 * @module
 */
import type { TokenInfo, WebAuthContext, WebAuthUser } from '@lwa-kit/core'

/**
 * The signed-in Amazon user, as kept in the session cookie: core's `WebAuthUser` (id, name,
 * email, postal code, the scopes granted, and `via`: the browser sign-in or device linking).
 *
 * @example
 * ```ts
 * app.get('/', (req, res) => res.send(req.lwa?.user ? `Hello ${req.lwa.user.name}` : 'Hello'))
 * ```
 */
export type LwaUser = WebAuthUser

/**
 * `req.lwa`, set by `lwaAuth` on every request: core's `WebAuthContext` (the user and their key,
 * `isAuthenticated()`, `getAccessToken()`, `loginUrl()`, `end()`, the token manager).
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
export type LwaRequestContext = WebAuthContext

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
