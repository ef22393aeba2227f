/**
 * Where one request's sign-in waits for its callback, as core's `SignInStateStore`: the session
 * (`req.session`, under passport-oauth2's key) when there is one, else core's sealed cookie (the
 * transaction's default), or the app's own passport-oauth2 state store, translated. Core checks
 * the callback (state first, constant time, single use); these only keep and hand back.
 *
 * @module
 */
import {
  createSessionStateStore,
  type SignInStartOptions,
  type SignInStateStore,
  StateMismatchError,
  sessionRecordSlot,
} from '@lwa-kit/core'
import type { StrategyRequest } from './lib/http.js'

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
  /** The `state` of the authorization URL core built; a store may return it as the handle. */
  state?: string
}

/**
 * passport-oauth2's state store interface (the PKCE form, `store` with 5 and `verify` with 4
 * arguments; the shorter forms work too, without PKCE). `store` answers the handle sent as
 * `state`; `verify` answers the PKCE verifier (or `true` without PKCE) and the app state, or
 * `false` with an info object when the state is bad.
 *
 * @example
 * ```ts
 * const store: AmazonStateStore = { store(req, verifier, state, meta, cb) { … }, verify(req, handle, meta, cb) { … } }
 * passport.use(new AmazonStrategy({ clientID, clientSecret, callbackURL, store }, verify))
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

type Call = (...args: unknown[]) => void

/** An app's passport-oauth2 store as core's: it compares and uses up the state itself. */
function appStore(store: AmazonStateStore, req: StrategyRequest, meta: AmazonStateMeta) {
  const { store: keep, verify } = store as unknown as { store: Call; verify: Call }
  return {
    save: (_request, pending) =>
      new Promise((resolve, reject) => {
        const done = (err: Error | null, handle?: string) =>
          err ? reject(err) : resolve(handle ? { state: handle } : {})
        const m = { ...meta, state: pending.state }
        const arity = store.store.length
        if (arity >= 5) keep.call(store, req, pending.codeVerifier, pending.appState, m, done)
        else if (arity === 4) keep.call(store, req, pending.appState, m, done)
        else if (arity === 3) keep.call(store, req, m, done)
        else keep.call(store, req, done)
      }),
    inProgress: () => store.inProgress?.(req) ?? false,
    load: (_request, provided) =>
      new Promise((resolve) => {
        const done = (err: Error | null, ok: string | boolean, state?: unknown) => {
          if (err) return resolve({ ok: false, error: err })
          const message = (state as { message?: unknown } | undefined)?.message
          if (!ok)
            return resolve({
              ok: false,
              error: new StateMismatchError(typeof message === 'string' ? message : undefined),
            })
          const pending = {
            state: provided,
            ...(typeof ok === 'string' ? { codeVerifier: ok } : {}),
            ...(state !== undefined ? { appState: state } : {}),
          }
          resolve({ ok: true, pending, use: () => ({ ok: true }) }) // the app's store used it up
        }
        try {
          if (store.verify.length >= 4) verify.call(store, req, provided, meta, done)
          else verify.call(store, req, provided, done)
        } catch (err) {
          resolve({ ok: false, error: err })
        }
      }),
  } satisfies SignInStateStore
}

/**
 * The store of this request's sign-in, and whether it can keep the PKCE verifier: the app's own,
 * else the session's slot `sessionKey`, else none (core's sealed cookie).
 */
export function storeOf(
  req: StrategyRequest,
  custom: AmazonStateStore | undefined,
  sessionKey: string,
  meta: AmazonStateMeta,
): Pick<SignInStartOptions, 'store' | 'pkce'> {
  if (custom) return { store: appStore(custom, req, meta), pkce: custom.store.length >= 5 }
  const session = req.session
  return session ? { store: createSessionStateStore(sessionRecordSlot(session, sessionKey)) } : {}
}
