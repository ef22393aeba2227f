/**
 * `lwaAuth`: Sign in with Amazon for Express without Passport. Login, callback, logout and
 * device-linking routes; state and PKCE in core's sealed cookie; tokens through core's token
 * manager in the store the app chooses; `req.lwa` on every request.
 *
 * @module
 */

import {
  createWebAuth,
  isAnswered,
  type LwaClient,
  nodeWebRequest,
  type OpenedWebSession,
  type TokenManager,
  type TokenStore,
  type WebAuthExchange,
  type WebAuthOptions,
  type WebAuthUser,
  type WebRequest,
  writeNodeAnswer,
} from '@lwa-kit/core'
import { nodeFetch, nodeSealCrypto } from '@lwa-kit/node'
import type { NextFunction, Request, Response } from 'express'

/**
 * Options of {@link lwaAuth}: core's `WebAuthOptions` (client, redirect URI, secret, routes,
 * scope, store, redirects, session lifetimes, cookie names, `device`, `onSignIn`, time budget),
 * less `crypto` and `name`, which lwaAuth sets itself (Node's cryptography, its own name).
 *
 * @example
 * ```ts
 * const options: LwaAuthOptions = {
 *   clientId: process.env.LWA_CLIENT_ID!,
 *   clientSecret: process.env.LWA_CLIENT_SECRET!,
 *   redirectUri: 'https://app.example/auth/amazon/callback',
 *   secret: process.env.LWA_COOKIE_SECRET!,
 *   scope: ['profile', 'music::library:read'],
 * }
 * ```
 */
export interface LwaAuthOptions extends Omit<WebAuthOptions<Request>, 'crypto' | 'name' | 'fetch'> {
  /**
   * The `fetch` for calls to LWA (default: `@lwa-kit/node`'s `nodeFetch()`, a transport on
   * `node:http` that costs a third of the CPU of Node's built-in `fetch`). Pass
   * `globalThis.fetch` to use Node's own (with an undici proxy dispatcher, say).
   */
  fetch?: typeof fetch
}

/**
 * The middleware `lwaAuth` returns, with the pieces an app may need elsewhere.
 *
 * @example
 * ```ts
 * const auth = lwaAuth(options)
 * app.use(auth)
 * const music = createMusicClient({ tokens: auth.tokens, key: userId, apiKey })
 * ```
 */
export interface LwaAuth {
  (req: Request, res: Response, next: NextFunction): void
  /** The core client of the browser sign-in. */
  readonly client: LwaClient
  /** The token manager (refresh ahead of expiry, one refresh at a time per key). */
  readonly tokens: TokenManager
  /** The token store. */
  readonly store: TokenStore
}

/**
 * Sign in with Amazon for Express 4 and 5. Mount it once at the root: it answers its routes under
 * `basePath` and sets `req.lwa` on every other request.
 *
 * | route | does |
 * |---|---|
 * | `GET {basePath}/login?returnTo=/path` | redirects to Amazon (state + PKCE S256 in a sealed cookie) |
 * | `GET {basePath}/callback` | checks state, swaps the code, keeps the tokens, signs the user in |
 * | `POST {basePath}/logout` | signs out and forgets the tokens |
 * | `POST {basePath}/device/start` | with `device` only: starts device linking (core's `createDeviceLinking`): 201 `{ status: 'pending', userCode, verificationUri, expiresAt, interval, retryAt }` |
 * | `GET {basePath}/device/status` | with `device` only: asks LWA at most once, never before the interval: `pending`, `linked` (signed in), or 403 `denied`, 410 `expired`, 400 `none` |
 *
 * @example
 * ```ts
 * import express from 'express'
 * import { lwaAuth } from '@lwa-kit/express'
 *
 * const app = express()
 * app.use(lwaAuth({
 *   clientId: process.env.LWA_CLIENT_ID!,
 *   clientSecret: process.env.LWA_CLIENT_SECRET!,
 *   redirectUri: 'http://localhost:3000/auth/amazon/callback',
 *   secret: process.env.LWA_COOKIE_SECRET!,
 * }))
 * app.get('/', (req, res) => res.send(req.lwa!.user ? `Hi ${req.lwa!.user.name}` : '<a href="/auth/amazon/login">Sign in</a>'))
 * ```
 */
export function lwaAuth(options: LwaAuthOptions): LwaAuth {
  const auth = createWebAuth<Request>({
    ...options,
    name: 'lwaAuth',
    fetch: options?.fetch ?? nodeFetch(),
    crypto: nodeSealCrypto,
  })
  const handler = ((req: Request, res: Response, next: NextFunction) => {
    let request: WebRequest | undefined
    const exchange: WebAuthExchange<Request> = {
      req,
      method: req.method,
      path: req.path,
      cookie: req.headers.cookie,
      request: () => (request ??= nodeWebRequest(req, req.secure)),
      answered: () => isAnswered(res),
      setCookie: (line) => {
        if (!isAnswered(res)) res.appendHeader('Set-Cookie', line)
      },
    }
    const handle = (session?: OpenedWebSession<WebAuthUser>) => {
      const { context, answer } = auth.handle(exchange, session)
      req.lwa = context
      if (!answer) return next()
      answer.then((done) => done && writeNodeAnswer(res, done)).catch(next)
    }
    // A session cookie opened before, with a store that answers at once, goes on in this turn;
    // only a cookie to open (or a store to wait for) waits.
    let session: ReturnType<typeof auth.session>
    try {
      session = auth.session(exchange)
    } catch (err) {
      return next(err)
    }
    if (session instanceof Promise) session.then(handle, next)
    else handle(session)
  }) as LwaAuth
  Object.defineProperties(handler, {
    client: { value: auth.client, enumerable: true },
    tokens: { value: auth.tokens, enumerable: true },
    store: { value: auth.store, enumerable: true },
  })
  return handler
}
