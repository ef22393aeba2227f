/**
 * Sign in with Amazon as ready routes, once for every framework that mounts them itself (Express's
 * `lwaAuth` today): login, callback, logout and device linking under one base path, the session
 * of every request, and what a request handler gets to see of it. The options are defaulted and
 * checked here, the routes matched and answered here; an adapter hands in the request's facts and
 * writes the plain answer it gets back.
 *
 * @module
 */
import type { LwaClient } from '../client.js'
import { ReauthorizationRequiredError } from '../errors.js'
import { createLwaServices } from '../lwa-services.js'
import type { LwaEndpoints, Region } from '../regions.js'
import { safeReturnTo } from '../return-to.js'
import { normalizeScopes, type ScopeData, type ScopeInput } from '../scopes.js'
import type { UsedNonceStore } from '../sealed-state.js'
import type { SealCrypto } from '../sealed-value.js'
import type { GetTokenOptions, TokenManager } from '../token-manager.js'
import type { TokenSet } from '../token-set.js'
import type { TokenStore } from '../token-store.js'
import { cookieName } from './cookies.js'
import { createDeviceLinking, type DeviceLinking } from './device-linking.js'
import { describeError, failureAnswer, type WebFailure, wantsHtml } from './error-answers.js'
import { createSignInSessions } from './sign-in-sessions.js'
import { keepSignInTokens } from './sign-in-tokens.js'
import { createSignInTransaction } from './sign-in-transaction.js'
import type { SignedInUser } from './signed-in-user.js'
import { redirectAnswer, type WebAnswer } from './web-answer.js'
import type { WebRequest } from './web-request.js'
import type { OpenedWebSession } from './web-session.js'

/**
 * Device linking settings of {@link createWebAuth}. Giving them turns device linking on (it is
 * off otherwise): a linked device signs in the browser that polls, so with device-code phishing
 * an attacker's browser would be signed in as the victim.
 *
 * @example
 * ```ts
 * const device: WebAuthDeviceOptions = { clientId: process.env.LWA_DEVICE_CLIENT_ID, scope: ['profile', 'amazon_music:access'] }
 * ```
 */
export interface WebAuthDeviceOptions {
  /** A device client id of the same Security Profile (default: the browser sign-in's client). */
  clientId?: string
  /** Its secret, if it has one. */
  clientSecret?: string
  /** Scopes to link with (default: the browser sign-in's, and then its `scopeData` too). */
  scope?: ScopeInput
  /** `scope_data` (e.g. `amazon_music:access` device data). */
  scopeData?: ScopeData
  /** The device locale for the code page (`Accept-Language`). */
  locale?: string
  /** The pending-pair cookie's name (default `lwa_device`). */
  cookieName?: string
  /** Origins besides the app's own that may start linking (default none). */
  allowedOrigins?: readonly string[]
}

/**
 * The signed-in user as the session keeps it: core's {@link SignedInUser} and how they signed in.
 *
 * @example
 * ```ts
 * const user: WebAuthUser = { id: 'amzn1.account.X', name: 'Alice', scope: ['profile'], via: 'web' }
 * ```
 */
export interface WebAuthUser extends SignedInUser {
  /** How the user signed in: the browser sign-in or device linking. */
  via: 'web' | 'device'
}

/**
 * Options of {@link createWebAuth}. `R` is the framework's request, handed to `onSignIn`.
 *
 * @example
 * ```ts
 * const options: WebAuthOptions = {
 *   clientId: process.env.LWA_CLIENT_ID!,
 *   clientSecret: process.env.LWA_CLIENT_SECRET!,
 *   redirectUri: 'https://app.example/auth/amazon/callback',
 *   secret: process.env.LWA_COOKIE_SECRET!,
 * }
 * ```
 */
export interface WebAuthOptions<R = unknown> {
  /** The Security Profile's client id. */
  clientId?: string
  /** The client secret (web clients). */
  clientSecret?: string
  /** The LWA region (default `NA`). */
  region?: Region
  /** Endpoints to use instead of the region's, e.g. `emulator.endpoints`. */
  endpoints?: Partial<LwaEndpoints>
  /** An existing client instead of `clientId`/`clientSecret`/`region`/`endpoints`. */
  client?: LwaClient
  /** The absolute callback URL, as registered in Allowed Return URLs (its path is `${basePath}/callback`). */
  redirectUri: string
  /** Seals the cookies: at least 32 characters, the same on every instance (an array rotates). */
  secret: string | readonly string[]
  /** Where the routes live (default `/auth/amazon`). */
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
  /** Device linking (off unless given; `{}` uses the browser sign-in's client and scope). */
  device?: false | WebAuthDeviceOptions
  /** Refuses a replayed state cookie (default: in-memory, per process). */
  usedNonces?: UsedNonceStore
  /** Called after each sign-in (browser or device), before the answer; a rejection fails it. */
  onSignIn?: (user: WebAuthUser, tokens: TokenSet, req: R) => void | Promise<void>
  /** The time budget of each LWA call in milliseconds (default 10 000). */
  timeoutMs?: number
  /** The `fetch` of the clients made here (default the global one). */
  fetch?: typeof fetch
  /** The cryptography of the session and state cookies (default Web Crypto; on Node, `@lwa-kit/node`'s `nodeSealCrypto`). */
  crypto?: SealCrypto
  /** The name the start-up errors give the caller (default `createWebAuth`), e.g. `lwaAuth`. */
  name?: string
}

/**
 * One request as {@link WebAuth} sees it: its facts, and the few things it may do to the
 * response. The adapter makes one per request; `request()` is called only when needed (a request
 * with no session cookie and no route of ours never builds it).
 *
 * @example
 * ```ts
 * const exchange: WebAuthExchange<typeof req> = {
 *   req,
 *   method: req.method,
 *   path: req.path, // below the mount point
 *   cookie: req.headers.cookie,
 *   request: () => nodeWebRequest(req, req.secure),
 *   answered: () => isAnswered(res),
 *   setCookie: (line) => appendNodeCookie(res, line),
 * }
 * ```
 */
export interface WebAuthExchange<R = unknown> {
  /** The framework's request, handed to `onSignIn`. */
  readonly req: R
  /** The HTTP method, upper case. */
  readonly method: string
  /** The path below the point the routes are mounted at, without the query. */
  readonly path: string
  /** The `Cookie` header as received (a first look, before the request is built). */
  readonly cookie: string | readonly string[] | undefined
  /** The request's facts (the same answer on every call). */
  request(): WebRequest
  /** Whether the response was answered already (by the app: a timeout middleware). */
  answered(): boolean
  /** Adds a `Set-Cookie` line to the response, unless it was answered already. */
  setCookie(line: string): void
}

/**
 * What a request handler of the app gets to see of the signed-in user.
 *
 * @example
 * ```ts
 * if (!context.user) redirect(context.loginUrl('/music'))
 * const token = await context.getAccessToken()
 * ```
 */
export interface WebAuthContext {
  /** The signed-in user, or `undefined`. */
  readonly user: WebAuthUser | undefined
  /** The token-store key of the signed-in user's tokens, or `undefined`. */
  readonly key: string | undefined
  /** Whether a user is signed in. */
  isAuthenticated(): boolean
  /**
   * A valid access token for the signed-in user, refreshed ahead of expiry by the token manager.
   * Rejects with `ReauthorizationRequiredError` when no user is signed in or the grant is gone.
   */
  getAccessToken(options?: GetTokenOptions): Promise<string>
  /** The token manager (shared by all requests). */
  readonly tokens: TokenManager
  /** The login URL, with a same-site return path. */
  loginUrl(returnTo?: string): string
  /**
   * Ends this request's session now, for the app's own reasons: forgets its tokens (every copy
   * of the cookie is signed out) and clears the cookie, unless the response was answered.
   */
  end(): Promise<void>
}

/**
 * What {@link WebAuth.handle} came to: the context for the app, and when the request is one of
 * the routes, its answer (`undefined`: the app answered first, write nothing).
 *
 * @example
 * ```ts
 * const { context, answer } = auth.handle(exchange, session)
 * if (!answer) return next()
 * answer.then((a) => a && writeNodeAnswer(res, a))
 * ```
 */
export interface WebAuthHandled {
  /** What the app's handlers see (`req.lwa`). */
  context: WebAuthContext
  /** The route's answer (it never rejects), or `undefined` when the request is not a route of ours. */
  answer?: Promise<WebAnswer | undefined>
}

/**
 * The routes and sessions of {@link createWebAuth}.
 *
 * @example
 * ```ts
 * const session = auth.session(exchange) // a promise only when something must be waited for
 * const { context, answer } = auth.handle(exchange, session instanceof Promise ? await session : session)
 * ```
 */
export interface WebAuth<R = unknown> {
  /** The client of the browser sign-in. */
  readonly client: LwaClient
  /** The token manager (refresh ahead of expiry, one refresh at a time per key). */
  readonly tokens: TokenManager
  /** The token store. */
  readonly store: TokenStore
  /**
   * The request's session, or `undefined` (no cookie, tampered, expired, idle, signed out):
   * synchronously when nothing needs waiting for (a cookie opened before, a store that answers at
   * once), else a promise. Throws (or rejects) only for a cookie name core refuses or a store
   * that failed.
   */
  session(
    exchange: WebAuthExchange<R>,
  ): OpenedWebSession<WebAuthUser> | undefined | Promise<OpenedWebSession<WebAuthUser> | undefined>
  /**
   * Sets a renewed session cookie, makes the context and, for a route of ours, answers it:
   *
   * | route | answers |
   * |---|---|
   * | `GET {basePath}/login?returnTo=/path` | 302 to Amazon (state + PKCE S256 in a sealed cookie) |
   * | `GET {basePath}/callback` | 303 to the return path, signed in; or core's failure (or `failureRedirect`) |
   * | `{basePath}/logout` | a same-site POST only (405, 403): 303 to `logoutRedirect`, signed out |
   * | `{basePath}/device/start` | with `device` only: core's device linking start (POST, same-site) |
   * | `GET {basePath}/device/status` | with `device` only: core's device linking status; on `linked`, signed in |
   *
   * Anything else (another method, another path) is the app's: no answer.
   */
  handle(
    exchange: WebAuthExchange<R>,
    session: OpenedWebSession<WebAuthUser> | undefined,
  ): WebAuthHandled
}

type Route = 'login' | 'callback' | 'logout' | 'start' | 'status'

/**
 * Makes the ready routes of a web sign-in: the options checked and defaulted (routes under
 * `/auth/amazon`, scope `profile`, cookies `lwa_session` and `lwa_state`, a 7-day session, tokens
 * in a `MemoryTokenStore`, device linking off), core's sign-in transaction, web session and device
 * linking under them, and one answer per route. Each sign-in is a new session with a handle of its
 * own (its tokens' key), so signing out ends every copy of the cookie.
 *
 * @throws {TypeError} without a `redirectUri`, or with a secret shorter than 32 characters.
 * @example
 * ```ts
 * const auth = createWebAuth({ clientId, clientSecret, redirectUri, secret, name: 'lwaAuth' })
 * const session = await auth.session(exchange)
 * const { context, answer } = auth.handle(exchange, session)
 * if (answer) send(await answer)
 * ```
 */
export function createWebAuth<R = unknown>(options: WebAuthOptions<R>): WebAuth<R> {
  const name = options?.name ?? 'createWebAuth'
  if (!options?.redirectUri) throw new TypeError(`${name} needs a redirectUri.`)
  const secrets = Array.isArray(options.secret) ? options.secret : [options.secret]
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length < 32))
    throw new TypeError(`${name} needs a secret of at least 32 characters (LWA_COOKIE_SECRET).`)
  const { client, store, tokens } = createLwaServices({
    ...options,
    region: options.region || undefined,
  })
  const basePath = (options.basePath ?? '/auth/amazon').replace(/\/+$/, '')
  const loginPath = `${basePath}/login`
  const scope = normalizeScopes(options.scope ?? 'profile')
  const sessionCookie = options.cookieName ?? 'lwa_session'
  const logoutRedirect = safeReturnTo(options.logoutRedirect ?? '/')
  const crypto = options.crypto

  const signInFlow = createSignInTransaction({
    client,
    redirectUri: options.redirectUri,
    secret: options.secret,
    scope,
    scopeData: options.scopeData,
    cookieName: options.stateCookieName ?? 'lwa_state',
    usedNonces: options.usedNonces,
    successRedirect: safeReturnTo(options.successRedirect ?? '/'),
    crypto,
  })
  // Device tokens of another client id refresh with that client: a manager each, one store.
  const device = options.device || undefined
  const { client: deviceClient, tokens: deviceTokens } = device?.clientId
    ? createLwaServices({
        clientId: device.clientId,
        clientSecret: device.clientSecret,
        region: client.region,
        endpoints: client.endpoints,
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        store,
      })
    : { client, tokens }
  // A session's key is `<via>:<handle>`: its tokens are kept, refreshed and forgotten by its manager.
  const forKey = (key: string) => (key.startsWith('device:') ? deviceTokens : tokens)
  const sessions = createSignInSessions<WebAuthUser>({
    secret: options.secret,
    store,
    tokens: {
      setTokens: (key, set) => forKey(key).setTokens(key, set),
      forget: (key) => forKey(key).forget(key),
    },
    cookieName: sessionCookie,
    maxAgeSeconds: options.sessionMaxAgeSeconds ?? 7 * 24 * 3600,
    idleSeconds: options.sessionIdleSeconds,
    crypto,
  })
  const linking: DeviceLinking | undefined = device
    ? createDeviceLinking({
        client: deviceClient,
        secret: options.secret,
        scope: device.scope ? normalizeScopes(device.scope) : scope,
        scopeData: device.scopeData ?? (device.scope ? undefined : options.scopeData),
        locale: device.locale || undefined,
        cookieName: device.cookieName || undefined,
        allowedOrigins: device.allowedOrigins,
      })
    : undefined

  // A session cookie can only be there when its name is in the header (`__Host-<name>` too);
  // a name core refuses is refused on every request (no first look then).
  const look = (() => {
    try {
      return cookieName(sessionCookie, false) === sessionCookie
    } catch {
      return false
    }
  })()

  const failed = (request: WebRequest, failure: WebFailure, cookies: string[]): WebAnswer =>
    options.failureRedirect
      ? redirectAnswer(
          `${options.failureRedirect}?error=${encodeURIComponent(failure.code)}`,
          cookies,
        )
      : failureAnswer(failure, {
          html: wantsHtml(request.headers.accept),
          retryUrl: loginPath,
          headers: cookies.map((line) => ['set-cookie', line] as const),
        })

  // Core's one rule for a sign-in's tokens: here their only key is the new session's handle, so
  // once the app answered first nobody could reach them and no session is started.
  const keep = (exchange: WebAuthExchange<R>, user: WebAuthUser, set: TokenSet) =>
    keepSignInTokens({
      keyedBy: 'session',
      userId: user.id,
      tokens: set,
      answered: exchange.answered(),
      store: tokens,
    })

  // A new session (a new handle) holding the sign-in's tokens; answers its cookie.
  const signIn = async (exchange: WebAuthExchange<R>, user: WebAuthUser, set: TokenSet) => {
    const issued = await sessions.signIn(exchange.request(), user.via, user, set)
    await options.onSignIn?.(user, set, exchange.req)
    return issued.cookie
  }

  // Each route's answer; `cookies` collects what must be set even if a later step fails.
  const routeAnswer = async (
    route: Route,
    exchange: WebAuthExchange<R>,
    key: string | undefined,
    cookies: string[],
  ): Promise<WebAnswer | undefined> => {
    const request = exchange.request()
    if (route === 'login') {
      const returnTo = new URL(request.url, 'http://x.invalid').searchParams.getAll('returnTo')
      return signInFlow.start(request, {
        returnTo: returnTo.length === 1 ? returnTo[0] : undefined,
      })
    }
    if (route === 'callback') {
      const result = await signInFlow.finish(request)
      if (exchange.answered()) return undefined // the app answered first: no sign-in
      cookies.push(...result.cookies)
      if (!result.ok) return failed(request, result.failure, cookies)
      const user: WebAuthUser = { ...result.user, via: 'web' }
      if ((await keep(exchange, user, result.tokens)) === 'dropped') return undefined
      cookies.push(await signIn(exchange, user, result.tokens))
      return redirectAnswer(result.returnTo, cookies)
    }
    // POST only, same-site only (CSRF): another site cannot sign the user out.
    if (route === 'logout') return (await sessions.signOut(request, logoutRedirect, key)).answer
    const on = linking as DeviceLinking
    if (route === 'start') return on.start(request)
    const outcome = await on.status(request)
    // Linked: the browser signs in like the web sign-in does (a new session), its cookie first.
    if (outcome.status === 'linked') {
      const user: WebAuthUser = { ...outcome.user, via: 'device' }
      if ((await keep(exchange, user, outcome.tokens)) === 'dropped') return undefined
      outcome.answer.headers.unshift(['set-cookie', await signIn(exchange, user, outcome.tokens)])
    }
    return exchange.answered() ? undefined : outcome.answer // the app answered first: write nothing
  }

  const prefix = `${basePath}/`
  const routeOf = (method: string, path: string): Route | undefined => {
    if (!path.startsWith(prefix)) return undefined
    const rest = path.slice(basePath.length)
    if (rest === '/login') return method === 'GET' ? 'login' : undefined
    if (rest === '/callback') return method === 'GET' ? 'callback' : undefined
    if (rest === '/logout') return 'logout' // any method: core answers 405 but POST
    if (!linking) return undefined
    if (rest === '/device/start') return 'start' // the same
    return rest === '/device/status' && method === 'GET' ? 'status' : undefined
  }

  // A route's answer, never a rejection: what fails is answered from core's error table.
  const answer = (
    route: Route,
    exchange: WebAuthExchange<R>,
    session: OpenedWebSession<WebAuthUser> | undefined,
  ): Promise<WebAnswer | undefined> => {
    const cookies: string[] = []
    return routeAnswer(route, exchange, session?.key, cookies).catch((err: unknown) =>
      exchange.answered() ? undefined : failed(exchange.request(), describeError(err), cookies),
    )
  }

  const context = (
    exchange: WebAuthExchange<R>,
    session: OpenedWebSession<WebAuthUser> | undefined,
  ): WebAuthContext => ({
    user: session?.data,
    key: session?.key,
    isAuthenticated: () => session !== undefined,
    getAccessToken: (callOptions) =>
      session
        ? forKey(session.key).getAccessToken(session.key, callOptions)
        : Promise.reject(
            new ReauthorizationRequiredError({}, 'No user is signed in; sign in first.'),
          ),
    tokens,
    loginUrl: (returnTo) =>
      returnTo ? `${loginPath}?returnTo=${encodeURIComponent(safeReturnTo(returnTo))}` : loginPath,
    end: async () => exchange.setCookie(await sessions.end(exchange.request(), session?.key)),
  })

  return {
    client,
    tokens,
    store,
    session(exchange) {
      const cookie = exchange.cookie
      // No session cookie in sight: core would find none, so the request is not built.
      if (
        look &&
        (cookie === undefined || (typeof cookie === 'string' && !cookie.includes(sessionCookie)))
      )
        return undefined
      return sessions.session.read(exchange.request())
    },
    handle(exchange, session) {
      if (session?.renewed) exchange.setCookie(session.renewed)
      const route = routeOf(exchange.method, exchange.path)
      return {
        context: context(exchange, session),
        answer: route && answer(route, exchange, session),
      }
    },
  }
}
