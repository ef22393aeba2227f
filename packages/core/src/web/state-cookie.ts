/**
 * The sign-in state cookie: a sign-in's state, PKCE verifier, redirect URI and return path sealed
 * into one cookie, the sign-in transaction's default {@link SignInStateStore}. It opens the cookie
 * without using it up (a forged callback with a wrong state leaves it alone); using it up marks
 * its nonce (single use) and clears the cookie.
 *
 * @module
 */
import { SealedStateError } from '../errors.js'
import {
  createUsedNonceCache,
  type OpenedSignInState,
  openState,
  sealState,
  type UsedNonceStore,
} from '../sealed-state.js'
import { type SealCrypto, secretsOf } from '../sealed-value.js'
import { clearCookie, readCookie, serializeCookie } from './cookies.js'
import type { SignInStateStore } from './sign-in-state-store.js'
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
  /** The cryptography of the seal (default Web Crypto; on Node, `@lwa-kit/node`'s `nodeSealCrypto`). */
  crypto?: SealCrypto
}

/**
 * A sign-in state cookie of one name and secret: a {@link SignInStateStore}. It keeps the app
 * state's `returnTo` only (handed back as `appState: { returnTo }`), not the rest of it.
 *
 * @example
 * ```ts
 * const { cookies } = await stateCookie.save(request, { state, codeVerifier, redirectUri })
 * ```
 */
export interface StateCookie extends SignInStateStore {
  /** Whether the request carries a sign-in in progress (the cookie is there). */
  inProgress(request: WebRequest): boolean
}

/**
 * Makes the state cookie a sign-in keeps its state in. A missing, tampered or expired cookie is
 * a `SealedStateError` (a present one is cleared); opened again after it was used up, too.
 *
 * @example
 * ```ts
 * const stateCookie = createStateCookie({ secret: process.env.LWA_STATE_SECRET! })
 * const signIn = createSignInTransaction({ client: lwa, redirectUri, scope: 'profile', store: stateCookie })
 * ```
 */
export function createStateCookie(options: StateCookieOptions): StateCookie {
  const name = options.cookieName ?? 'lwa_state'
  const maxAgeSeconds = options.maxAgeSeconds ?? 600
  const usedNonces = options.usedNonces ?? createUsedNonceCache()
  secretsOf(options.secret) // a short secret fails at start-up, not at the first sign-in
  const crypto = options.crypto ? { crypto: options.crypto } : {}
  return {
    async save(request, pending) {
      const sealed = await sealState(
        {
          state: pending.state,
          codeVerifier: pending.codeVerifier as string,
          ...(pending.returnTo !== undefined ? { returnTo: pending.returnTo } : {}),
          ...(pending.redirectUri !== undefined ? { redirectUri: pending.redirectUri } : {}),
        },
        { secret: options.secret, maxAgeSeconds, ...crypto },
      )
      return { cookies: [serializeCookie(name, sealed, { maxAgeSeconds, secure: request.secure })] }
    },
    inProgress: (request) => readCookie(request, name) !== undefined,
    async load(request) {
      const sealed = readCookie(request, name)
      const clear = [clearCookie(name, request.secure)]
      let kept: OpenedSignInState
      try {
        kept = await openState(sealed, { secret: options.secret, ...crypto })
      } catch (error) {
        return { ok: false, error, cookies: sealed === undefined ? [] : clear }
      }
      const { state, codeVerifier, redirectUri, returnTo } = kept
      return {
        ok: true,
        pending: {
          state,
          codeVerifier,
          ...(redirectUri !== undefined ? { redirectUri } : {}),
          ...(returnTo !== undefined ? { returnTo, appState: { returnTo } } : {}),
        },
        async use() {
          try {
            if (await usedNonces.markUsed(kept.nonce, kept.expiresAt))
              return { ok: true, cookies: clear }
            const error = new SealedStateError(
              'The sign-in cookie was already used; start the sign-in again.',
            )
            return { ok: false, error, cookies: clear }
          } catch (error) {
            return { ok: false, error, cookies: clear }
          }
        },
      }
    },
  }
}
