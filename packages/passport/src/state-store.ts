/**
 * Where the strategy keeps `state` and the PKCE verifier between the redirect to Amazon and the
 * callback: passport-oauth2's state store interface, with a session store, a sealed-cookie store
 * (core's `sealState`) and the default that picks between them per request.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import {
  createStateCookie,
  isAnswered,
  nodeWebRequest,
  type StateCookie,
  safeReturnTo,
  timingSafeEqual,
  type UsedNonceStore,
} from '@lwa-kit/core'
import { isAuthenticationFailure } from './errors.js'
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
  readonly #cookie: StateCookie
  readonly #trustProxy: boolean

  constructor(options: SealedCookieStateStoreOptions) {
    if (!options?.secret || options.secret.length < 32)
      throw new TypeError('SealedCookieStateStore needs a secret of at least 32 characters.')
    this.cookieName = options.cookieName ?? 'lwa_state'
    this.#trustProxy = options.trustProxy ?? false
    this.#cookie = createStateCookie({
      secret: options.secret,
      cookieName: this.cookieName,
      ...(options.maxAgeSeconds !== undefined ? { maxAgeSeconds: options.maxAgeSeconds } : {}),
      ...(options.usedNonces ? { usedNonces: options.usedNonces } : {}),
    })
  }

  store(
    req: StrategyRequest,
    codeVerifier: string | undefined,
    state: unknown,
    meta: AmazonStateMeta,
    callback: (err: Error | null, handle?: string) => void,
  ): void {
    const res = req.res
    if (!res || !codeVerifier) {
      const needs = res ? 'the PKCE verifier' : 'Express (req.res)'
      callback(new Error(`The sealed-cookie state store needs ${needs}.`))
      return
    }
    const handle = handleOf(meta)
    const returnTo = (state as { returnTo?: unknown } | undefined)?.returnTo
    const kept = {
      state: handle,
      codeVerifier,
      redirectUri: meta.callbackURL,
      ...(typeof returnTo === 'string' ? { returnTo: safeReturnTo(returnTo) } : {}),
    }
    // Nothing is written once the app has answered; nothing is left to reject unhandled.
    this.#cookie
      .seal(this.#request(req), kept)
      .then((line) => {
        if (!isAnswered(res)) res.appendHeader('Set-Cookie', line)
        callback(null, handle)
      })
      .catch((err: Error) => callback(err))
  }

  /** Whether the request carries a sign-in cookie. */
  inProgress(req: StrategyRequest): boolean {
    return this.#cookie.inProgress(this.#request(req))
  }

  verify(
    req: StrategyRequest,
    providedState: string,
    _meta: AmazonStateMeta,
    callback: (err: Error | null, ok: string | boolean, state?: unknown) => void,
  ): void {
    // Core's state cookie: a wrong state leaves the sign-in in progress alone, the right one
    // uses it up.
    this.#cookie
      .check(this.#request(req), providedState)
      .then((checked) => {
        const res = req.res && !isAnswered(req.res) ? req.res : undefined
        for (const line of checked.cookies) res?.appendHeader('Set-Cookie', line)
        if (checked.ok) {
          const { codeVerifier, returnTo } = checked.state
          return callback(
            null,
            codeVerifier,
            returnTo ? { returnTo: safeReturnTo(returnTo) } : undefined,
          )
        }
        const err = checked.error
        if (!isAuthenticationFailure(err)) return callback(err as Error, false)
        callback(null, false, {
          message: (err as Error).message,
          code: (err as { code: string }).code,
        })
      })
      .catch((err: Error) => callback(err, false))
  }

  #request(req: StrategyRequest) {
    return nodeWebRequest(req, isHttps(req, this.#trustProxy))
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
