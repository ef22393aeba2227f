/**
 * Where a sign-in waits for its callback: the storage interface of the sign-in transaction, and a
 * store over a server-side session slot. The store only keeps and hands back; the transaction
 * decides (state first, compared in constant time, single use, then the callback's `error`, then
 * the code), so every store is checked the same way.
 *
 * @module
 */
import { InvalidArgumentError, SealedStateError } from '../errors.js'
import type { WebRequest } from './web-request.js'

/**
 * A sign-in waiting for its callback, as the transaction hands it to a store.
 *
 * @example
 * ```ts
 * const pending: PendingSignIn = { state, codeVerifier, redirectUri, returnTo: '/library' }
 * ```
 */
export interface PendingSignIn {
  /** The state sent to Amazon (the callback must bring it back). */
  state: string
  /** The PKCE verifier (absent when a store could not keep one: then none is sent). */
  codeVerifier?: string
  /** The redirect URI the sign-in started with. */
  redirectUri?: string
  /** The checked same-site path to return to. */
  returnTo?: string
  /** The app's own state of this sign-in, handed back on success (a store may keep only its `returnTo`). */
  appState?: unknown
}

/**
 * What keeping a sign-in gave: the `Set-Cookie` lines to send with the redirect, and the state to
 * send instead of the transaction's, for a store that makes its own handle.
 *
 * @example
 * ```ts
 * const saved: SavedSignIn = { cookies: ['lwa_state=…; Path=/; HttpOnly; SameSite=Lax'] }
 * ```
 */
export interface SavedSignIn {
  /** `Set-Cookie` lines to send with the redirect. */
  cookies?: string[]
  /** The state to send to Amazon instead (the store's own handle). */
  state?: string
}

/**
 * What using a loaded sign-in up gave: `ok: false` when it was used before (a replay, answered
 * `LWA_SEALED_STATE_INVALID` unless `error` says otherwise).
 *
 * @example
 * ```ts
 * const used: UsedSignIn = { ok: true, cookies: [clearLine] }
 * ```
 */
export type UsedSignIn =
  | { ok: true; cookies?: string[] }
  | { ok: false; error?: unknown; cookies?: string[] }

/**
 * What a store found for a callback: the pending sign-in and how to use it up, or why there is
 * none (without `error`: none in progress, `LWA_SEALED_STATE_INVALID`).
 *
 * @example
 * ```ts
 * const loaded: LoadedSignIn = { ok: true, pending, use: () => ({ ok: true }) }
 * ```
 */
export type LoadedSignIn =
  | { ok: true; pending: PendingSignIn; use(): UsedSignIn | Promise<UsedSignIn> }
  | { ok: false; error?: unknown; cookies?: string[] }

/**
 * Keeps a sign-in's pending state between the redirect to Amazon and the callback. Core's sealed
 * cookie ({@link createStateCookie}) is the default; {@link createSessionStateStore} keeps it in a
 * server-side session. `load` must not use the sign-in up (a forged callback with a wrong state
 * must leave it alone); the transaction calls `use()` only once the state matched.
 *
 * @example
 * ```ts
 * const signIn = createSignInTransaction({ client: lwa, redirectUri, scope: 'profile', store })
 * ```
 */
export interface SignInStateStore {
  /** Keeps `pending`; a rejection fails the start (the adapter's error path). */
  save(request: WebRequest, pending: PendingSignIn): SavedSignIn | Promise<SavedSignIn>
  /** Whether this browser has a sign-in in progress (a cross-site login must not replace it). */
  inProgress?(request: WebRequest): boolean
  /** The pending sign-in of this browser, for the callback's `providedState`; uses nothing up. */
  load(request: WebRequest, providedState: string): LoadedSignIn | Promise<LoadedSignIn>
}

/**
 * One slot of a server-side session (express-session's `req.session[key]`, say), read and written
 * by {@link createSessionStateStore}.
 *
 * @example
 * ```ts
 * const slot: SessionSlot = { read: () => req.session.lwa, write: (v) => { req.session.lwa = v } }
 * ```
 */
export interface SessionSlot {
  /** What the slot holds (anything: it is checked before use). */
  read(): unknown
  /** Keeps `value` (JSON: the sign-in and when it expires) in the slot, or empties it (`undefined`). */
  write(value: (PendingSignIn & { expiresAt: number }) | undefined): void | Promise<void>
}

/**
 * Options of {@link createSessionStateStore}.
 *
 * @example
 * ```ts
 * const options: SessionStateStoreOptions = { maxAgeSeconds: 600 }
 * ```
 */
export interface SessionStateStoreOptions {
  /** How long a sign-in may take, in seconds (default 600, as the state cookie). */
  maxAgeSeconds?: number
  /** The clock in ms (default `Date.now`). */
  now?: () => number
}

const optionalString = (value: unknown) => value === undefined || typeof value === 'string'

/** The pending sign-in a slot holds, if it holds one of the right shape. */
function pendingOf(value: unknown): (PendingSignIn & { expiresAt: number }) | undefined {
  if (value === null || typeof value !== 'object') return undefined
  const v = value as Record<string, unknown>
  if (typeof v.state !== 'string' || v.state.length === 0) return undefined
  if (!optionalString(v.codeVerifier) || !optionalString(v.redirectUri)) return undefined
  if (!optionalString(v.returnTo) || typeof v.expiresAt !== 'number') return undefined
  return v as unknown as PendingSignIn & { expiresAt: number }
}

/**
 * A sign-in state store over one session slot (make one per request, over that request's
 * session). The slot is emptied when the sign-in is used up; a wrong state leaves it alone; a
 * sign-in older than `maxAgeSeconds` is refused (`LWA_SEALED_STATE_INVALID`), as an expired state
 * cookie is. Two callbacks racing on copies of one session can both find it (as with any session
 * store): the code itself is single use at Amazon.
 *
 * @example
 * ```ts
 * const store = createSessionStateStore({
 *   read: () => req.session.lwaSignIn,
 *   write: (value) => { req.session.lwaSignIn = value },
 * })
 * const answer = await signIn.start(request, { store })
 * ```
 */
export function createSessionStateStore(
  slot: SessionSlot,
  options: SessionStateStoreOptions = {},
): SignInStateStore {
  const maxAgeMs = (options.maxAgeSeconds ?? 600) * 1000
  const now = options.now ?? Date.now
  if (!Number.isFinite(maxAgeMs) || maxAgeMs <= 0)
    throw new InvalidArgumentError('createSessionStateStore: maxAgeSeconds must be positive.')
  return {
    async save(_request, pending) {
      await slot.write({ ...pending, expiresAt: now() + maxAgeMs })
      return {}
    },
    inProgress: () => (pendingOf(slot.read())?.expiresAt ?? 0) > now(),
    load() {
      const kept = pendingOf(slot.read())
      if (!kept) return { ok: false }
      if (kept.expiresAt <= now())
        return {
          ok: false,
          error: new SealedStateError('The sign-in expired; start the sign-in again.'),
        }
      const { expiresAt: _expiresAt, ...pending } = kept
      return {
        ok: true,
        pending,
        async use() {
          // Still this sign-in (not used up, nor replaced, since it was loaded)?
          if (pendingOf(slot.read())?.state !== pending.state) return { ok: false }
          await slot.write(undefined)
          return { ok: true }
        },
      }
    },
  }
}
