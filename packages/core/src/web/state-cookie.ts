/**
 * The sign-in state cookie: a sign-in's state, PKCE verifier and return path sealed into one
 * cookie, opened once. The sign-in transaction and Passport's sealed-cookie state store both keep
 * their state in it, so the rules (what a wrong state leaves alone, when the cookie is cleared,
 * single use) are written once.
 *
 * @module
 */
import { SealedStateError, StateMismatchError } from '../errors.js'
import { timingSafeEqual } from '../pkce.js'
import {
  createUsedNonceCache,
  type OpenedSignInState,
  openState,
  type SignInState,
  sealState,
  type UsedNonceStore,
} from '../sealed-state.js'
import { secretsOf } from '../sealed-value.js'
import { clearCookie, readCookie, serializeCookie } from './cookies.js'
import type { WebRequest } from './web-request.js'

/**
 * Options of {@link createStateCookie}.
 *
 * @example
 * ```ts
 * const options: StateCookieOptions = { secret: process.env.LWA_STATE_SECRET!, cookieName: 'lwa_state' }
 * ```
 */
export interface StateCookieOptions {
  /** Seals the cookie: at least 32 characters (an array rotates: the first seals). */
  secret: string | readonly string[]
  /** The cookie's name (default `lwa_state`; `__Host-` is added behind https). */
  cookieName?: string
  /** How long a sign-in may take, in seconds (default 600). */
  maxAgeSeconds?: number
  /** Refuses a cookie opened before (default: in memory, per process). */
  usedNonces?: UsedNonceStore
}

/**
 * What checking a callback's `state` against the cookie gave, with the `Set-Cookie` lines to
 * send either way (the clearing line once the cookie is used up or unreadable).
 *
 * @example
 * ```ts
 * const checked: StateCookieCheck = await stateCookie.check(request, state)
 * if (checked.ok) console.log(checked.state.codeVerifier)
 * ```
 */
export type StateCookieCheck =
  | { ok: true; state: OpenedSignInState; cookies: string[] }
  | { ok: false; error: unknown; cookies: string[] }

/**
 * A sign-in state cookie of one name and secret.
 *
 * @example
 * ```ts
 * const line = await stateCookie.seal(request, { state, codeVerifier, redirectUri })
 * ```
 */
export interface StateCookie {
  /** The `Set-Cookie` line that keeps `state` until the callback. */
  seal(request: WebRequest, state: SignInState): Promise<string>
  /** Whether the request carries a sign-in in progress (the cookie is there). */
  inProgress(request: WebRequest): boolean
  /**
   * Checks the callback's `state`: a missing, tampered or expired cookie is a
   * `SealedStateError` (cleared); a state that differs is a `StateMismatchError` and leaves the
   * cookie alone (a forged callback cannot end a sign-in in progress); the right one uses the
   * cookie up (cleared; opened again it is a `SealedStateError`). Never rejects.
   */
  check(request: WebRequest, providedState: string): Promise<StateCookieCheck>
}

/**
 * Makes the state cookie a sign-in keeps its state in.
 *
 * @example
 * ```ts
 * const stateCookie = createStateCookie({ secret: process.env.LWA_STATE_SECRET! })
 * // redirect:  headers['set-cookie'] = await stateCookie.seal(request, { state, codeVerifier })
 * // callback:  const checked = await stateCookie.check(request, query.get('state') ?? '')
 * ```
 */
export function createStateCookie(options: StateCookieOptions): StateCookie {
  const name = options.cookieName ?? 'lwa_state'
  const maxAgeSeconds = options.maxAgeSeconds ?? 600
  const usedNonces = options.usedNonces ?? createUsedNonceCache()
  secretsOf(options.secret) // a short secret fails at start-up, not at the first sign-in
  return {
    async seal(request, state) {
      const sealed = await sealState(state, { secret: options.secret, maxAgeSeconds })
      return serializeCookie(name, sealed, { maxAgeSeconds, secure: request.secure })
    },
    inProgress: (request) => readCookie(request, name) !== undefined,
    async check(request, providedState) {
      const sealed = readCookie(request, name)
      const clear = [clearCookie(name, request.secure)]
      let kept: OpenedSignInState
      try {
        kept = await openState(sealed, { secret: options.secret })
      } catch (error) {
        return { ok: false, error, cookies: sealed === undefined ? [] : clear }
      }
      if (typeof providedState !== 'string' || !timingSafeEqual(providedState, kept.state))
        return { ok: false, error: new StateMismatchError(), cookies: [] }
      try {
        if (!(await usedNonces.markUsed(kept.nonce, kept.expiresAt)))
          return {
            ok: false,
            error: new SealedStateError(
              'The sign-in cookie was already used; start the sign-in again.',
            ),
            cookies: clear,
          }
      } catch (error) {
        return { ok: false, error, cookies: clear }
      }
      return { ok: true, state: kept, cookies: clear }
    },
  }
}
