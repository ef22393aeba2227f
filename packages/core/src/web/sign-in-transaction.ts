/**
 * The web sign-in transaction, once for every adapter. Start: state, PKCE S256 and a safe return
 * path, kept in a {@link SignInStateStore} (a sealed cookie by default). Finish: the state checked
 * first (before the callback's `error`), in constant time, single use, then the code exchange
 * and the user.
 *
 * @module
 */
import { parseCallback } from '../callback.js'
import type { LwaClient } from '../client.js'
import {
  InvalidArgumentError,
  isLwaError,
  LwaErrorCode,
  SealedStateError,
  StateMismatchError,
} from '../errors.js'
import { timingSafeEqual } from '../pkce.js'
import { safeReturnTo } from '../return-to.js'
import { normalizeScopes, type ScopeData, type ScopeInput } from '../scopes.js'
import type { UsedNonceStore } from '../sealed-state.js'
import type { SealCrypto } from '../sealed-value.js'
import type { TokenSet } from '../token-set.js'
import { isCrossSite } from './csrf.js'
import {
  describeError,
  failureAnswer,
  failureOf,
  WebErrorCode,
  type WebFailure,
} from './error-answers.js'
import type { PendingSignIn, SignInStateStore } from './sign-in-state-store.js'
import { type SignedInUser, signedInUser } from './signed-in-user.js'
import { createStateCookie } from './state-cookie.js'
import { redirectAnswer, type WebAnswer } from './web-answer.js'
import type { WebRequest } from './web-request.js'

/**
 * Options of {@link createSignInTransaction}. `redirectUri` and `scope` are the defaults of each
 * start; `secret` seals the default store, the state cookie (needed unless `store` is given).
 *
 * @example
 * ```ts
 * const options: SignInTransactionOptions = { client: lwa, redirectUri, secret, scope: ['profile'] }
 * ```
 */
export interface SignInTransactionOptions {
  /** The web client. */
  client: Pick<LwaClient, 'authorizationUrl' | 'exchangeCode' | 'profile' | 'verifyAccessToken'>
  /** The exact callback URL registered on the Security Profile (or given to each start). */
  redirectUri?: string
  /** Seals the state cookie: at least 32 characters (an array rotates: the first seals). */
  secret?: string | readonly string[]
  /** The scopes asked (or given to each start); a malformed one is refused at once. */
  scope?: ScopeInput
  /** `scope_data` of the request. */
  scopeData?: ScopeData
  /**
   * PKCE S256 (default `true`; `'S256'` is the same). `false` sends no challenge and no verifier,
   * for a client that must not use it; leave it on otherwise. Anything else (LWA's `plain`, say)
   * is refused with `InvalidArgumentError`.
   */
  pkce?: boolean | 'S256'
  /** Where a sign-in waits for its callback (default: the sealed state cookie). */
  store?: SignInStateStore
  /** The state cookie's name (default `lwa_state`; `__Host-` is added behind https). */
  cookieName?: string
  /** How long a sign-in may take, in seconds (default 600). */
  maxAgeSeconds?: number
  /** Refuses a state cookie opened before (default: in memory, per process). */
  usedNonces?: UsedNonceStore
  /** The default store's cryptography (default Web Crypto; on Node, `@lwa-kit/node`'s `nodeSealCrypto`). */
  crypto?: SealCrypto
  /** Where to return without a (safe) `returnTo` (default `/`). */
  successRedirect?: string
}

/**
 * Options of one start ({@link SignInTransaction.begin}, {@link SignInTransaction.start}); each
 * one left out is the transaction's.
 *
 * @example
 * ```ts
 * const options: SignInStartOptions = { returnTo: '/library', scope: ['profile', 'postal_code'] }
 * ```
 */
export interface SignInStartOptions {
  /** Where to return after sign-in; kept only as a same-site path. */
  returnTo?: unknown
  /** The app's own state of this sign-in, handed back as `appState` (its `returnTo` checked). */
  appState?: unknown
  /** This sign-in's callback URL. */
  redirectUri?: string
  /** This sign-in's scopes. */
  scope?: ScopeInput
  /** This sign-in's `scope_data`. */
  scopeData?: ScopeData
  /** More query parameters for Amazon's page (`{ language: 'ja' }`); lwa-kit's own are refused. */
  extraParams?: Record<string, string>
  /**
   * `false`: no PKCE for this sign-in, and no verifier kept (for a store that cannot keep one;
   * the state cookie cannot keep such a sign-in and rejects it).
   */
  pkce?: boolean
  /** Where this sign-in waits (a session of this request, say). */
  store?: SignInStateStore
}

/**
 * Options of one {@link SignInTransaction.finish}.
 *
 * @example
 * ```ts
 * const options: SignInFinishOptions<AmazonProfile> = { user: (tokens) => lwa.profile(tokens.accessToken) }
 * ```
 */
export interface SignInFinishOptions<U = SignedInUser> {
  /** The redirect URI to swap the code with (default: the one the sign-in started with). */
  redirectUri?: string
  /** The scopes to keep on the tokens when the callback names none (default: the transaction's). */
  scope?: ScopeInput
  /** Where the sign-in waits (the same store it started with). */
  store?: SignInStateStore
  /** Who the tokens belong to (default {@link signedInUser}); a rejection fails the sign-in. */
  user?: (tokens: TokenSet) => Promise<U>
}

/**
 * How a start went: the URL of Amazon's page and the cookies to set, or a refusal (a cross-site
 * login while a sign-in is in progress).
 *
 * @example
 * ```ts
 * const begun: SignInBegin = await signIn.begin(request, { returnTo: '/library' })
 * ```
 */
export type SignInBegin =
  | { ok: true; url: string; cookies: string[] }
  | { ok: false; failure: WebFailure; cookies: string[] }

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
export type SignInResult<U = SignedInUser> =
  | {
      ok: true
      tokens: TokenSet
      user: U
      returnTo: string
      /** The app state the sign-in started with (as its store kept it), `returnTo` checked. */
      appState?: unknown
      cookies: string[]
    }
  | { ok: false; failure: WebFailure; error: unknown; cookies: string[] }

/**
 * A sign-in transaction of one client.
 *
 * @example
 * ```ts
 * const answer = await signIn.start(request, { returnTo: '/library' }) // 302 to Amazon, state kept
 * ```
 */
export interface SignInTransaction {
  /**
   * A fresh state and PKCE, kept in the store; the URL to send the browser to. A cross-site
   * request while a sign-in is in progress is refused (403), so another site cannot replace it.
   * Rejects for bad options (a scope, a redirect URI) or a store that failed.
   */
  begin(request: WebRequest, options?: SignInStartOptions): Promise<SignInBegin>
  /** {@link SignInTransaction.begin} as an answer: the 302 to Amazon, or the refusal. */
  start(request: WebRequest, options?: SignInStartOptions): Promise<WebAnswer>
  /** Checks the callback and swaps the code; never rejects. */
  finish<U = SignedInUser>(
    request: WebRequest,
    options?: SignInFinishOptions<U>,
  ): Promise<SignInResult<U>>
}

const BASE = 'http://callback.invalid'

/** The app state, its `returnTo` (if it has one) made a same-site path. */
function cleanAppState(appState: unknown, fallback: string): unknown {
  if (appState === null || typeof appState !== 'object' || !('returnTo' in appState))
    return appState
  return { ...appState, returnTo: safeReturnTo(appState.returnTo, fallback) }
}

/**
 * Makes the sign-in transaction every adapter uses. The callback is checked in this order:
 *
 * | callback | status | code |
 * |---|---|---|
 * | `state` missing or repeated (also: no parameters at all) | 400 | `LWA_STATE_MISMATCH` |
 * | no sign-in in progress (no state cookie), or it is tampered or expired | 400 | `LWA_SEALED_STATE_INVALID` |
 * | `state` differs from this browser's (the sign-in stays: a forged callback cannot end a sign-in in progress) | 400 | `LWA_STATE_MISMATCH` |
 * | the sign-in was already used (a replay) | 400 | `LWA_SEALED_STATE_INVALID` |
 * | `error=access_denied` (Cancel) | 403 | `LWA_ACCESS_DENIED` |
 * | `code` missing, repeated or garbled | 400 | `LWA_INVALID_REQUEST` |
 * | LWA refuses the code | 400 | `LWA_INVALID_GRANT` |
 * | LWA down or slow | 502 / 504 | `LWA_SERVER_ERROR`, `LWA_TIMEOUT`, ... |
 *
 * @example
 * ```ts
 * const signIn = createSignInTransaction({ client: lwa, redirectUri, secret, scope: 'profile' })
 * // GET /login:    send(await signIn.start(request, { returnTo: query.returnTo }))
 * // GET /callback: const result = await signIn.finish(request)
 * ```
 */
export function createSignInTransaction(options: SignInTransactionOptions): SignInTransaction {
  const { client } = options
  if (!options.store && options.secret === undefined)
    throw new InvalidArgumentError(
      'createSignInTransaction needs a secret (for the state cookie) or a store.',
    )
  const defaultStore =
    options.store ??
    createStateCookie({
      secret: options.secret as string | readonly string[],
      ...(options.cookieName ? { cookieName: options.cookieName } : {}),
      ...(options.maxAgeSeconds !== undefined ? { maxAgeSeconds: options.maxAgeSeconds } : {}),
      ...(options.usedNonces ? { usedNonces: options.usedNonces } : {}),
      ...(options.crypto ? { crypto: options.crypto } : {}),
    })
  // A bad scope is refused here, when the app starts, not at its first sign-in.
  if (options.scope !== undefined) normalizeScopes(options.scope)
  const successRedirect = safeReturnTo(options.successRedirect ?? '/')
  if (options.pkce !== undefined && ![true, false, 'S256'].includes(options.pkce))
    throw new InvalidArgumentError(
      'createSignInTransaction: pkce must be true, false or "S256" (LWA\'s plain is not offered).',
    )
  const pkceOn = options.pkce !== false

  const failed = (error: unknown, cookies: string[] = [], failure = describeError(error)) => ({
    ok: false as const,
    failure,
    error,
    cookies,
  })

  const begin = async (
    request: WebRequest,
    start: SignInStartOptions = {},
  ): Promise<SignInBegin> => {
    const store = start.store ?? defaultStore
    if (isCrossSite(request) && store.inProgress?.(request))
      return { ok: false, failure: failureOf(WebErrorCode.CrossSiteRequest), cookies: [] }
    const scopeData = start.scopeData ?? options.scopeData
    const extraParams = start.extraParams ?? {}
    const authorization = await client.authorizationUrl({
      scope: start.scope ?? (options.scope as ScopeInput),
      redirectUri: start.redirectUri ?? (options.redirectUri as string),
      ...(scopeData ? { scopeData } : {}),
      ...(Object.keys(extraParams).length > 0 ? { extraParams } : {}),
    })
    // Without PKCE for this start, no verifier is kept, so none is sent with the code.
    const pending: PendingSignIn = {
      state: authorization.state,
      ...(start.pkce === false ? {} : { codeVerifier: authorization.codeVerifier }),
      redirectUri: authorization.redirectUri,
      ...(start.returnTo !== undefined
        ? { returnTo: safeReturnTo(start.returnTo, successRedirect) }
        : {}),
      ...(start.appState !== undefined ? { appState: start.appState } : {}),
    }
    const saved = await store.save(request, pending)
    const url = new URL(authorization.url)
    if (saved.state !== undefined && saved.state !== authorization.state)
      url.searchParams.set('state', saved.state)
    if (!pkceOn || start.pkce === false) {
      url.searchParams.delete('code_challenge')
      url.searchParams.delete('code_challenge_method')
    }
    return { ok: true, url: url.toString(), cookies: saved.cookies ?? [] }
  }

  return {
    begin,

    async start(request, start) {
      const begun = await begin(request, start)
      if (!begun.ok) return failureAnswer(begun.failure)
      return redirectAnswer(begun.url, begun.cookies, 302)
    },

    async finish<U = SignedInUser>(
      request: WebRequest,
      finish: SignInFinishOptions<U> = {},
    ): Promise<SignInResult<U>> {
      const store = finish.store ?? defaultStore
      const params = new URL(request.url, BASE).searchParams
      const states = params.getAll('state')
      if (states.length !== 1) return failed(new StateMismatchError())
      const provided = states[0] as string
      let pending: PendingSignIn
      let clear: string[]
      try {
        const loaded = await store.load(request, provided)
        if (!loaded.ok) {
          const none = new SealedStateError(
            'No sign-in is in progress in this browser (it expired, or began in another); start the sign-in again.',
          )
          return failed(loaded.error ?? none, loaded.cookies)
        }
        // A state that differs leaves the sign-in alone: a forged callback cannot end it.
        if (!timingSafeEqual(provided, loaded.pending.state))
          return failed(new StateMismatchError())
        const used = await loaded.use()
        if (!used.ok) {
          const replay = new SealedStateError(
            'This sign-in was already used; start the sign-in again.',
          )
          return failed(used.error ?? replay, used.cookies)
        }
        pending = loaded.pending
        clear = used.cookies ?? []
      } catch (err) {
        return failed(err)
      }
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
        const asked = finish.scope ?? options.scope
        const scope = callback.scope?.length
          ? callback.scope
          : asked !== undefined
            ? normalizeScopes(asked)
            : undefined
        const tokens = await client.exchangeCode({
          code: callback.code,
          redirectUri: (finish.redirectUri ?? pending.redirectUri ?? options.redirectUri) as string,
          ...(pkceOn && pending.codeVerifier ? { codeVerifier: pending.codeVerifier } : {}),
          ...(scope?.length ? { scope } : {}),
        })
        const user = finish.user
          ? await finish.user(tokens)
          : ((await signedInUser(client, tokens)) as U)
        return {
          ok: true,
          tokens,
          user,
          returnTo:
            pending.returnTo === undefined
              ? successRedirect // checked when the transaction was made
              : safeReturnTo(pending.returnTo, successRedirect),
          ...(pending.appState !== undefined
            ? { appState: cleanAppState(pending.appState, successRedirect) }
            : {}),
          cookies: clear,
        }
      } catch (err) {
        return failed(err, clear)
      }
    },
  }
}
