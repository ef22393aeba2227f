/**
 * The web sign-in transaction, once for every adapter. Start: state, PKCE S256 and a safe return
 * path, sealed into a cookie. Finish: the state checked first (before the callback's `error`),
 * single use, then the code exchange and the user.
 *
 * @module
 */
import { parseCallback } from '../callback.js'
import type { LwaClient } from '../client.js'
import { isLwaError, LwaErrorCode, StateMismatchError } from '../errors.js'
import { safeReturnTo } from '../return-to.js'
import type { ScopeData, ScopeInput } from '../scopes.js'
import type { UsedNonceStore } from '../sealed-state.js'
import type { TokenSet } from '../token-set.js'
import { isCrossSite } from './csrf.js'
import {
  describeError,
  failureAnswer,
  failureOf,
  WebErrorCode,
  type WebFailure,
} from './error-answers.js'
import { type SignedInUser, signedInUser } from './signed-in-user.js'
import { createStateCookie } from './state-cookie.js'
import { redirectAnswer, type WebAnswer } from './web-answer.js'
import type { WebRequest } from './web-request.js'

/**
 * Options of {@link createSignInTransaction}.
 *
 * @example
 * ```ts
 * const options: SignInTransactionOptions = { client: lwa, redirectUri, secret, scope: ['profile'] }
 * ```
 */
export interface SignInTransactionOptions {
  /** The web client. */
  client: Pick<LwaClient, 'authorizationUrl' | 'exchangeCode' | 'profile' | 'verifyAccessToken'>
  /** The exact callback URL registered on the Security Profile. */
  redirectUri: string
  /** Seals the state cookie: at least 32 characters (an array rotates: the first seals). */
  secret: string | readonly string[]
  /** The scopes asked. */
  scope: ScopeInput
  /** `scope_data` of the request. */
  scopeData?: ScopeData
  /** The state cookie's name (default `lwa_state`; `__Host-` is added behind https). */
  cookieName?: string
  /** How long a sign-in may take, in seconds (default 600). */
  maxAgeSeconds?: number
  /** Refuses a state opened before (default: in memory, per process). */
  usedNonces?: UsedNonceStore
  /** Where to return without a (safe) `returnTo` (default `/`). */
  successRedirect?: string
}

/**
 * How a callback ended. On success the adapter signs the user in and redirects to `returnTo`
 * with `cookies` set; on failure it answers `failure` (e.g. with {@link failureAnswer}), also with
 * `cookies` set.
 *
 * @example
 * ```ts
 * const result: SignInResult = await signIn.finish(request)
 * ```
 */
export type SignInResult =
  | { ok: true; tokens: TokenSet; user: SignedInUser; returnTo: string; cookies: string[] }
  | { ok: false; failure: WebFailure; error: unknown; cookies: string[] }

/**
 * A sign-in transaction bound to one client and redirect URI.
 *
 * @example
 * ```ts
 * const answer = await signIn.start(request, '/library') // 302 to Amazon, state cookie set
 * ```
 */
export interface SignInTransaction {
  /**
   * The redirect to Amazon with a fresh state and PKCE, and the sealed state cookie. A
   * cross-site request while a sign-in is in progress is refused (403), so another site cannot
   * replace it.
   */
  start(request: WebRequest, returnTo?: unknown): Promise<WebAnswer>
  /** Checks the callback and swaps the code; never rejects. */
  finish(request: WebRequest): Promise<SignInResult>
}

const BASE = 'http://callback.invalid'

/**
 * Makes the sign-in transaction every adapter uses. The callback is checked in this order:
 *
 * | callback | status | code |
 * |---|---|---|
 * | `state` missing or repeated (also: no parameters at all) | 400 | `LWA_STATE_MISMATCH` |
 * | no state cookie, or it is tampered, expired or already used | 400 | `LWA_SEALED_STATE_INVALID` |
 * | `state` differs from this browser's (the cookie stays: a forged callback cannot end a sign-in in progress) | 400 | `LWA_STATE_MISMATCH` |
 * | `error=access_denied` (Cancel) | 403 | `LWA_ACCESS_DENIED` |
 * | `code` missing, repeated or garbled | 400 | `LWA_INVALID_REQUEST` |
 * | LWA refuses the code | 400 | `LWA_INVALID_GRANT` |
 * | LWA down or slow | 502 / 504 | `LWA_SERVER_ERROR`, `LWA_TIMEOUT`, ... |
 *
 * @example
 * ```ts
 * const signIn = createSignInTransaction({ client: lwa, redirectUri, secret, scope: 'profile' })
 * // GET /login:    send(await signIn.start(request, query.returnTo))
 * // GET /callback: const result = await signIn.finish(request)
 * ```
 */
export function createSignInTransaction(options: SignInTransactionOptions): SignInTransaction {
  const { client, redirectUri } = options
  const stateCookie = createStateCookie({
    secret: options.secret,
    ...(options.cookieName ? { cookieName: options.cookieName } : {}),
    ...(options.maxAgeSeconds !== undefined ? { maxAgeSeconds: options.maxAgeSeconds } : {}),
    ...(options.usedNonces ? { usedNonces: options.usedNonces } : {}),
  })
  const successRedirect = safeReturnTo(options.successRedirect ?? '/')

  const failed = (error: unknown, cookies: string[] = [], failure = describeError(error)) => ({
    ok: false as const,
    failure,
    error,
    cookies,
  })

  return {
    async start(request, returnTo) {
      if (isCrossSite(request) && stateCookie.inProgress(request))
        return failureAnswer(failureOf(WebErrorCode.CrossSiteRequest))
      const authorization = await client.authorizationUrl({
        scope: options.scope,
        redirectUri,
        ...(options.scopeData ? { scopeData: options.scopeData } : {}),
        returnTo: safeReturnTo(returnTo, successRedirect),
      })
      return redirectAnswer(
        authorization.url,
        [await stateCookie.seal(request, authorization)],
        302,
      )
    },

    async finish(request) {
      const params = new URL(request.url, BASE).searchParams
      const states = params.getAll('state')
      if (states.length !== 1) return failed(new StateMismatchError())
      // A state that differs leaves the cookie alone: a forged callback cannot end this sign-in.
      const checked = await stateCookie.check(request, states[0] as string)
      if (!checked.ok) return failed(checked.error, checked.cookies)
      const { state: kept, cookies: clear } = checked
      try {
        let callback: ReturnType<typeof parseCallback>
        try {
          callback = parseCallback(params)
        } catch (err) {
          // The browser's request is malformed (no code, a repeated one): a 400, not LWA's fault.
          if (isLwaError(err) && err.code === LwaErrorCode.MalformedResponse)
            return failed(err, clear, failureOf(WebErrorCode.InvalidRequest))
          return failed(err, clear)
        }
        const tokens = await client.exchangeCode({
          code: callback.code,
          redirectUri: kept.redirectUri ?? redirectUri,
          codeVerifier: kept.codeVerifier,
          ...(callback.scope?.length ? { scope: callback.scope } : {}),
        })
        const user = await signedInUser(client, tokens)
        return {
          ok: true,
          tokens,
          user,
          returnTo: safeReturnTo(kept.returnTo, successRedirect),
          cookies: clear,
        }
      } catch (err) {
        return failed(err, clear)
      }
    },
  }
}
