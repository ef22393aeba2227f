/**
 * `lwaAuth`: Sign in with Amazon for Express without Passport. Login, callback, logout and
 * device-linking routes; state and PKCE in core's sealed cookie; tokens through core's token
 * manager in the store the app chooses; `req.lwa` on every request.
 *
 * @module
 */

import {
  checkStateChanging,
  cookieName,
  createLwaClient,
  createSignInTransaction,
  createTokenManager,
  createUsedNonceCache,
  createWebSession,
  failureAnswer,
  isAnswered,
  type LwaClient,
  type LwaEndpoints,
  MemoryTokenStore,
  nodeWebRequest,
  normalizeScopes,
  type OpenedWebSession,
  ReauthorizationRequiredError,
  type Region,
  redirectAnswer,
  type ScopeData,
  type ScopeInput,
  safeReturnTo,
  type TokenManager,
  type TokenSet,
  type TokenStore,
  type UsedNonceStore,
  type WebAnswer,
  type WebFailure,
  wantsHtml,
  writeNodeAnswer,
} from '@lwa-kit/core'
import { nodeFetch, nodeSealCrypto } from '@lwa-kit/node'
import type { NextFunction, Request, Response } from 'express'
import { createDeviceRoutes, type DeviceRoutes, type LwaDeviceOptions } from './device.js'
import { describeFailure } from './errors.js'
import { checkSecret } from './lib/cookies.js'
import type { LwaRequestContext, LwaUser } from './types.js'

/**
 * Options of {@link lwaAuth}.
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
export interface LwaAuthOptions {
  /** The Security Profile's client id. */
  clientId?: string
  /** The client secret (web clients). */
  clientSecret?: string
  /** The LWA region (default `NA`). */
  region?: Region
  /** Endpoints to use instead of the region's, e.g. `emulator.endpoints`. */
  endpoints?: Partial<LwaEndpoints>
  /** An existing core client instead of `clientId`/`clientSecret`/`region`/`endpoints`. */
  client?: LwaClient
  /** The absolute callback URL, as registered in Allowed Return URLs (its path is `${basePath}/callback`). */
  redirectUri: string
  /** Seals the cookies: at least 32 characters, the same on every instance (an array rotates). */
  secret: string | readonly string[]
  /** Where the routes live (default `/auth/amazon`): `/login`, `/callback`, `/logout`, `/device/start`, `/device/status`. */
  basePath?: string
  /** Scopes of the browser sign-in (default `profile`). */
  scope?: ScopeInput
  /** `scope_data` of the browser sign-in. */
  scopeData?: ScopeData
  /** Where tokens are kept (default a `MemoryTokenStore`, which does not survive a restart). */
  store?: TokenStore
  /** Where to go after sign-in without a `returnTo` (default `/`). */
  successRedirect?: string
  /** Where to send a failed sign-in, with `?error=<code>`; default: an error page (or JSON). */
  failureRedirect?: string
  /** Where to go after sign-out (default `/`). */
  logoutRedirect?: string
  /** How long a sign-in lasts at most, in seconds (default 7 days). */
  sessionMaxAgeSeconds?: number
  /** How long a sign-in lasts unused, in seconds (default: `sessionMaxAgeSeconds`). */
  sessionIdleSeconds?: number
  /** The session cookie's name (default `lwa_session`). */
  cookieName?: string
  /** The sign-in state cookie's name (default `lwa_state`). */
  stateCookieName?: string
  /**
   * Device linking (off unless given; `{}` uses the browser sign-in's client and scope). Off by
   * default because a linked device signs the browser that polls in: with device-code phishing, an
   * attacker's browser would be signed in as the victim. Turn it on only for apps that link devices.
   */
  device?: false | LwaDeviceOptions
  /** Refuses a replayed state cookie (default: in-memory, per process). */
  usedNonces?: UsedNonceStore
  /** Called after each sign-in (browser or device), before the redirect. */
  onSignIn?: (user: LwaUser, tokens: TokenSet, req: Request) => void | Promise<void>
  /** The time budget of each LWA call in milliseconds (default 10 000). */
  timeoutMs?: number
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
  if (!options?.redirectUri) throw new TypeError('lwaAuth needs a redirectUri.')
  checkSecret(options.secret)
  const transport = options.fetch ?? nodeFetch()
  const client =
    options.client ??
    createLwaClient({
      clientId: options.clientId as string,
      ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoints ? { endpoints: options.endpoints } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      fetch: transport,
    })
  const store = options.store ?? new MemoryTokenStore()
  const tokens = createTokenManager({ client, store })
  const basePath = (options.basePath ?? '/auth/amazon').replace(/\/+$/, '')
  const scope = normalizeScopes(options.scope ?? 'profile')
  const sessionCookie = options.cookieName ?? 'lwa_session'
  const stateCookie = options.stateCookieName ?? 'lwa_state'
  const sessionMaxAge = options.sessionMaxAgeSeconds ?? 7 * 24 * 3600
  const usedNonces = options.usedNonces ?? createUsedNonceCache()
  const successRedirect = safeReturnTo(options.successRedirect ?? '/')
  const logoutRedirect = safeReturnTo(options.logoutRedirect ?? '/')
  const loginPath = `${basePath}/login`

  const signInFlow = createSignInTransaction({
    client,
    redirectUri: options.redirectUri,
    secret: options.secret,
    scope,
    ...(options.scopeData ? { scopeData: options.scopeData } : {}),
    cookieName: stateCookie,
    usedNonces,
    successRedirect,
    crypto: nodeSealCrypto,
  })

  const send = (res: Response, answer: WebAnswer): void => {
    writeNodeAnswer(res, answer)
  }
  const failWith = (
    req: Request,
    res: Response,
    failure: WebFailure,
    cookies: string[] = [],
  ): void => {
    if (isAnswered(res)) return // the app answered first (a timeout): write nothing
    if (options.failureRedirect) {
      send(
        res,
        redirectAnswer(
          `${options.failureRedirect}?error=${encodeURIComponent(failure.code)}`,
          cookies,
        ),
      )
      return
    }
    send(
      res,
      failureAnswer(failure, {
        html: wantsHtml(req.headers.accept),
        retryUrl: loginPath,
        headers: cookies.map((line) => ['set-cookie', line] as const),
      }),
    )
  }
  const fail = (req: Request, res: Response, err: unknown) =>
    failWith(req, res, describeFailure(err))

  // Device tokens of another client id refresh with that client: a manager each, one store.
  let deviceTokens: TokenManager = tokens
  const managerFor = (via: LwaUser['via'] | undefined) => (via === 'device' ? deviceTokens : tokens)

  const sessions = createWebSession<LwaUser>({
    secret: options.secret,
    store,
    cookieName: sessionCookie,
    maxAgeSeconds: sessionMaxAge,
    crypto: nodeSealCrypto,
    ...(options.sessionIdleSeconds !== undefined
      ? { idleSeconds: options.sessionIdleSeconds }
      : {}),
  })

  // Each sign-in is a new session with a handle of its own (its tokens' key): signing out deletes
  // it, which ends every copy of the cookie.
  const signIn = async (req: Request, res: Response, user: LwaUser, set: TokenSet) => {
    const issued = await sessions.issue(nodeWebRequest(req, req.secure), user.via, user)
    await managerFor(user.via).setTokens(issued.key, set)
    await options.onSignIn?.(user, set, req)
    res.appendHeader('Set-Cookie', issued.cookie)
  }

  const device: DeviceRoutes | undefined = !options.device
    ? undefined
    : createDeviceRoutes({
        options: options.device,
        client,
        fallbackScope: scope,
        fallbackScopeData: options.scopeData,
        secret: options.secret,
        signIn,
        fetch: transport,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      })
  if (device && device.client !== client)
    deviceTokens = createTokenManager({ client: device.client, store })

  const login = async (req: Request, res: Response) => {
    const returnTo = new URL(req.originalUrl, 'http://x.invalid').searchParams.getAll('returnTo')
    const request = nodeWebRequest(req, req.secure)
    send(
      res,
      await signInFlow.start(request, {
        returnTo: returnTo.length === 1 ? returnTo[0] : undefined,
      }),
    )
  }

  const callback = async (req: Request, res: Response) => {
    const result = await signInFlow.finish(nodeWebRequest(req, req.secure))
    if (isAnswered(res)) return
    if (!result.ok) {
      failWith(req, res, result.failure, result.cookies)
      return
    }
    const user: LwaUser = { ...result.user, via: 'web' }
    for (const line of result.cookies) res.appendHeader('Set-Cookie', line)
    await signIn(req, res, user, result.tokens)
    send(res, redirectAnswer(result.returnTo))
  }

  // POST only, same-site only (CSRF): another site cannot sign the user out.
  const logout = async (req: Request, res: Response, key: string | undefined) => {
    const request = nodeWebRequest(req, req.secure)
    const refused = checkStateChanging(request)
    if (refused) return send(res, refused)
    if (key) await managerFor(key.startsWith('device:') ? 'device' : 'web').forget(key)
    send(res, redirectAnswer(logoutRedirect, [await sessions.end(request, key)]))
  }

  const context = (
    req: Request,
    res: Response,
    session: OpenedWebSession<LwaUser> | undefined,
  ): LwaRequestContext => ({
    user: session?.data,
    key: session?.key,
    isAuthenticated: () => session !== undefined,
    getAccessToken: (callOptions) =>
      session
        ? managerFor(session.data.via).getAccessToken(session.key, callOptions)
        : Promise.reject(
            new ReauthorizationRequiredError({}, 'No user is signed in; sign in first.'),
          ),
    tokens,
    loginUrl: (returnTo) =>
      returnTo ? `${loginPath}?returnTo=${encodeURIComponent(safeReturnTo(returnTo))}` : loginPath,
    end: async () => {
      if (session) await managerFor(session.data.via).forget(session.key)
      const cleared = await sessions.end(nodeWebRequest(req, req.secure), session?.key)
      if (!isAnswered(res)) res.appendHeader('Set-Cookie', cleared)
    },
  })

  const handle = (
    req: Request,
    res: Response,
    next: NextFunction,
    session?: OpenedWebSession<LwaUser>,
  ) => {
    req.lwa = context(req, res, session)
    const path = req.path
    if (!path.startsWith(`${basePath}/`)) return next()
    const route = `${req.method} ${path.slice(basePath.length)}`
    let run: Promise<void> | undefined
    if (route === 'GET /login') run = login(req, res)
    else if (route === 'GET /callback') run = callback(req, res)
    else if (route.endsWith(' /logout')) run = logout(req, res, session?.key)
    else if (device && route.endsWith(' /device/start')) run = device.start(req, res)
    else if (device && route === 'GET /device/status') run = device.status(req, res)
    if (!run) return next()
    run.catch((err: unknown) => fail(req, res, err))
  }

  const opened = (
    req: Request,
    res: Response,
    next: NextFunction,
    session: OpenedWebSession<LwaUser> | undefined,
  ) => {
    if (session?.renewed && !isAnswered(res)) res.appendHeader('Set-Cookie', session.renewed)
    handle(req, res, next, session)
  }

  // (A cookie name core refuses is refused on every request, as before: no probe then.)
  const probe = (() => {
    try {
      return cookieName(sessionCookie, false) === sessionCookie
    } catch {
      return false
    }
  })()
  const handler = ((req: Request, res: Response, next: NextFunction) => {
    // No session cookie in sight (Node joins every `Cookie` header into one string): core would
    // find none, so skip building the request. Core decides on everything else.
    const cookies = req.headers.cookie
    if (
      probe &&
      (cookies === undefined || (typeof cookies === 'string' && !cookies.includes(sessionCookie)))
    )
      return handle(req, res, next)
    // A session cookie opened before, with a store that answers at once, goes on in this turn;
    // only a cookie to open (or a store to wait for) waits.
    let outcome: ReturnType<typeof sessions.read>
    try {
      outcome = sessions.read(nodeWebRequest(req, req.secure))
    } catch (err) {
      return next(err)
    }
    if (outcome instanceof Promise)
      outcome.then(
        (session) => opened(req, res, next, session),
        (err: unknown) => next(err),
      )
    else opened(req, res, next, outcome)
  }) as LwaAuth
  Object.defineProperties(handler, {
    client: { value: client, enumerable: true },
    tokens: { value: tokens, enumerable: true },
    store: { value: store, enumerable: true },
  })
  return handler
}
