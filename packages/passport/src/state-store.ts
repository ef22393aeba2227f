/**
 * Where the strategy keeps `state` and the PKCE verifier between the redirect to Amazon and the
 * callback: passport-oauth2's state store interface, with a session store, a sealed-cookie store
 * (core's `sealState`) and the default that picks between them per request.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import {
  clearCookie,
  createUsedNonceCache,
  nodeWebRequest,
  openState,
  readCookie,
  SealedStateError,
  safeReturnTo,
  sealState,
  serializeCookie,
  timingSafeEqual,
  type UsedNonceStore,
} from '@lwa-kit/core'
import { isHttps, type StrategyRequest } from './lib/http.js'

/**
 * What the strategy tells a state store: passport-oauth2's metadata plus the `state` core generated
 * for this authorization request.
 *
 * @example
 * ```ts
 * const meta: AmazonStateMeta = { authorizationURL, tokenURL, clientID, callbackURL, state }
 * ```
 */
export interface AmazonStateMeta {
  authorizationURL: string
  tokenURL: string
  clientID: string
  callbackURL: string
  /** The `state` of the authorization URL core built; a store returns it as the handle. */
  state?: string
}

/**
 * passport-oauth2's state store interface (the PKCE form, `store` with 5 and `verify` with 4
 * arguments). `store` answers the handle sent as `state`; `verify` answers the PKCE verifier (or
 * `true` without PKCE) and the app state, or `false` with an info object when the state is bad.
 *
 * @example
 * ```ts
 * const store: AmazonStateStore = new SessionStateStore({ key: 'lwa' })
 * passport.use(new AmazonStrategy({ clientID, clientSecret, callbackURL, state: store }, verify))
 * ```
 */
export interface AmazonStateStore {
  store(
    req: StrategyRequest,
    codeVerifier: string | undefined,
    state: unknown,
    meta: AmazonStateMeta,
    callback: (err: Error | null, handle?: string) => void,
  ): void
  verify(
    req: StrategyRequest,
    providedState: string,
    meta: AmazonStateMeta,
    callback: (err: Error | null, ok: string | boolean, state?: unknown) => void,
  ): void
  /** Whether this browser has a sign-in in progress (a cross-site login must not replace it). */
  inProgress?(req: StrategyRequest): boolean
}

const INVALID = { message: 'Invalid authorization request state.', code: 'LWA_STATE_MISMATCH' }
const MISSING = {
  message: 'Unable to verify authorization request state.',
  code: 'LWA_STATE_MISMATCH',
}
const UNSEALED = (message: string) => ({ message, code: 'LWA_SEALED_STATE_INVALID' })

/** The app state a store hands back, its `returnTo` checked again (never off the site). */
function cleanAppState(state: unknown): unknown {
  const returnTo = (state as { returnTo?: unknown } | undefined)?.returnTo
  if (returnTo === undefined || state === null || typeof state !== 'object') return state
  return { ...(state as object), returnTo: safeReturnTo(returnTo) }
}

function handleOf(meta: AmazonStateMeta): string {
  return meta.state ?? randomBytes(32).toString('base64url')
}

interface SessionEntry {
  handle: string
  code_verifier?: string
  state?: unknown
}

/**
 * Keeps state and the PKCE verifier in `req.session` (express-session, cookie-session), under the
 * same key and layout as passport-oauth2's own PKCE session store.
 *
 * @example
 * ```ts
 * new AmazonStrategy({ clientID, clientSecret, callbackURL, state: new SessionStateStore({ key: 'oauth2:www.amazon.com' }) }, verify)
 * ```
 */
export class SessionStateStore implements AmazonStateStore {
  readonly key: string

  constructor(options: { key: string }) {
    if (!options?.key) throw new TypeError('SessionStateStore needs a session key.')
    this.key = options.key
  }

  store(
    req: StrategyRequest,
    codeVerifier: string | undefined,
    state: unknown,
    meta: AmazonStateMeta,
    callback: (err: Error | null, handle?: string) => void,
  ): void {
    const session = req.session
    if (!session) {
      callback(
        new Error('Sign-in state needs a session (express-session) or the sealed-cookie store.'),
      )
      return
    }
    const handle = handleOf(meta)
    const entry: SessionEntry = { handle }
    if (codeVerifier) entry.code_verifier = codeVerifier
    if (state !== undefined) entry.state = state
    const slot = (session[this.key] ?? {}) as Record<string, unknown>
    slot.state = entry
    session[this.key] = slot
    callback(null, handle)
  }

  /** Whether the session holds a sign-in in progress. */
  inProgress(req: StrategyRequest): boolean {
    const slot = req.session?.[this.key] as Record<string, unknown> | undefined
    return slot?.state !== undefined
  }

  verify(
    req: StrategyRequest,
    providedState: string,
    _meta: AmazonStateMeta,
    callback: (err: Error | null, ok: string | boolean, state?: unknown) => void,
  ): void {
    const session = req.session
    if (!session) {
      callback(
        new Error('Sign-in state needs a session (express-session) or the sealed-cookie store.'),
        false,
      )
      return
    }
    const slot = session[this.key] as Record<string, unknown> | undefined
    const entry = slot?.state as SessionEntry | undefined
    if (!slot || !entry) {
      callback(null, false, MISSING)
      return
    }
    // A wrong state leaves the entry alone (a forged callback cannot end a sign-in in
    // progress); the right one uses it up.
    if (typeof providedState !== 'string' || !timingSafeEqual(entry.handle, providedState)) {
      callback(null, false, INVALID)
      return
    }
    delete slot.state
    if (Object.keys(slot).length === 0) delete session[this.key]
    callback(null, entry.code_verifier ?? true, cleanAppState(entry.state))
  }
}

/**
 * Options of {@link SealedCookieStateStore}.
 *
 * @example
 * ```ts
 * const options: SealedCookieStateStoreOptions = { secret: process.env.STATE_SECRET!, cookieName: 'lwa_state' }
 * ```
 */
export interface SealedCookieStateStoreOptions {
  /** The secret the cookie is sealed with (at least 32 characters). Share it between instances. */
  secret: string
  /** The cookie's name (default `lwa_state`). */
  cookieName?: string
  /** How long a sign-in may take, in seconds (default 600). */
  maxAgeSeconds?: number
  /** Trust `X-Forwarded-Proto` to decide on `Secure` (passport-oauth2's `proxy` option). */
  trustProxy?: boolean
  /**
   * Remembers opened cookies so a replayed one is refused (default: core's in-memory cache, which
   * covers one process; pass a shared one for several instances).
   */
  usedNonces?: UsedNonceStore
}

/**
 * Keeps state, the PKCE verifier and the return path in a cookie sealed with core's
 * `sealState` (HttpOnly, SameSite=Lax, Secure on https), cleared when the callback reads it. No
 * session needed. Needs Express (`req.res`).
 *
 * @example
 * ```ts
 * const state = new SealedCookieStateStore({ secret: process.env.LWA_STATE_SECRET! })
 * passport.use(new AmazonStrategy({ clientID, clientSecret, callbackURL, state }, verify))
 * ```
 */
export class SealedCookieStateStore implements AmazonStateStore {
  readonly cookieName: string
  readonly #secret: string
  readonly #maxAge: number
  readonly #trustProxy: boolean
  readonly #usedNonces: UsedNonceStore

  constructor(options: SealedCookieStateStoreOptions) {
    if (!options?.secret || options.secret.length < 32)
      throw new TypeError('SealedCookieStateStore needs a secret of at least 32 characters.')
    this.#secret = options.secret
    this.cookieName = options.cookieName ?? 'lwa_state'
    this.#maxAge = options.maxAgeSeconds ?? 600
    this.#trustProxy = options.trustProxy ?? false
    this.#usedNonces = options.usedNonces ?? createUsedNonceCache()
  }

  store(
    req: StrategyRequest,
    codeVerifier: string | undefined,
    state: unknown,
    meta: AmazonStateMeta,
    callback: (err: Error | null, handle?: string) => void,
  ): void {
    const res = req.res
    if (!res) {
      callback(new Error('The sealed-cookie state store needs Express (req.res).'))
      return
    }
    if (!codeVerifier) {
      callback(new Error('The sealed-cookie state store needs the PKCE verifier.'))
      return
    }
    const handle = handleOf(meta)
    const returnTo = (state as { returnTo?: unknown } | undefined)?.returnTo
    Promise.resolve(
      sealState(
        {
          state: handle,
          codeVerifier,
          redirectUri: meta.callbackURL,
          ...(typeof returnTo === 'string' ? { returnTo: safeReturnTo(returnTo) } : {}),
        },
        { secret: this.#secret, maxAgeSeconds: this.#maxAge },
      ),
    ).then(
      (sealed) => {
        const secure = isHttps(req, this.#trustProxy)
        res.appendHeader(
          'Set-Cookie',
          serializeCookie(this.cookieName, sealed, { maxAgeSeconds: this.#maxAge, secure }),
        )
        callback(null, handle)
      },
      (err: Error) => callback(err),
    )
  }

  /** Whether the request carries a sign-in cookie. */
  inProgress(req: StrategyRequest): boolean {
    const secure = isHttps(req, this.#trustProxy)
    return readCookie(nodeWebRequest(req, secure), this.cookieName) !== undefined
  }

  verify(
    req: StrategyRequest,
    providedState: string,
    _meta: AmazonStateMeta,
    callback: (err: Error | null, ok: string | boolean, state?: unknown) => void,
  ): void {
    const secure = isHttps(req, this.#trustProxy)
    const sealed = readCookie(nodeWebRequest(req, secure), this.cookieName)
    const clear = () => req.res?.appendHeader('Set-Cookie', clearCookie(this.cookieName, secure))
    if (!sealed) {
      callback(null, false, UNSEALED('The sign-in cookie is missing; start the sign-in again.'))
      return
    }
    // Opened without marking it used: a wrong state leaves the cookie (and the sign-in in
    // progress) alone; the right one uses it up.
    const settle = async (): Promise<[Error | null, string | boolean, unknown?]> => {
      let payload: Awaited<ReturnType<typeof openState>>
      try {
        payload = await openState(sealed, { secret: this.#secret })
      } catch (err) {
        clear()
        if (err instanceof SealedStateError) return [null, false, UNSEALED(err.message)]
        return [err as Error, false]
      }
      if (typeof providedState !== 'string' || !timingSafeEqual(payload.state, providedState))
        return [null, false, INVALID]
      clear()
      if (!(await this.#usedNonces.markUsed(payload.nonce, payload.expiresAt)))
        return [
          null,
          false,
          UNSEALED('The sign-in cookie was already used; start the sign-in again.'),
        ]
      const appState = payload.returnTo ? { returnTo: safeReturnTo(payload.returnTo) } : undefined
      return [null, payload.codeVerifier, appState]
    }
    settle().then(
      ([err, ok, state]) => callback(err, ok, state),
      (err: unknown) => callback(err as Error, false),
    )
  }
}

/**
 * The default store: the session when the request has one (`req.session`), otherwise the sealed
 * cookie.
 *
 * @example
 * ```ts
 * const state = new AutoStateStore({ key: 'oauth2:www.amazon.com', secret: process.env.LWA_STATE_SECRET! })
 * ```
 */
export class AutoStateStore implements AmazonStateStore {
  readonly session: SessionStateStore
  readonly cookie: SealedCookieStateStore

  constructor(options: SealedCookieStateStoreOptions & { key: string }) {
    this.session = new SessionStateStore({ key: options.key })
    this.cookie = new SealedCookieStateStore(options)
  }

  store(
    req: StrategyRequest,
    codeVerifier: string | undefined,
    state: unknown,
    meta: AmazonStateMeta,
    callback: (err: Error | null, handle?: string) => void,
  ): void {
    const target = req.session ? this.session : this.cookie
    target.store(req, codeVerifier, state, meta, callback)
  }

  /** Whether the session or the cookie holds a sign-in in progress. */
  inProgress(req: StrategyRequest): boolean {
    return (req.session ? this.session : this.cookie).inProgress(req)
  }

  verify(
    req: StrategyRequest,
    providedState: string,
    meta: AmazonStateMeta,
    callback: (err: Error | null, ok: string | boolean, state?: unknown) => void,
  ): void {
    const target = req.session ? this.session : this.cookie
    target.verify(req, providedState, meta, callback)
  }
}
