/**
 * Calls a state store in whichever of passport-oauth2's forms it has: `store(req, verifier, state,
 * meta, cb)` (PKCE-capable) down to `store(req, cb)`, and `verify(req, state, meta, cb)` or
 * `verify(req, state, cb)`.
 *
 * @module
 */
import type { AmazonStateMeta, AmazonStateStore } from '../state-store.js'
import type { StrategyRequest } from './http.js'

/** What checking the callback's state gave: `ok` is the PKCE verifier, `true`, or `false`. */
export interface StateCheck {
  ok: string | boolean
  state?: unknown
  info?: unknown
  error?: Error
}

/** Whether the store keeps a PKCE verifier (the 5-argument `store`). */
export function storeKeepsVerifier(store: AmazonStateStore): boolean {
  return store.store.length >= 5
}

/** Stores state (and the verifier, when the store takes one); `done` gets the handle. */
export function storeState(
  store: AmazonStateStore,
  req: StrategyRequest,
  codeVerifier: string,
  appState: unknown,
  meta: AmazonStateMeta & { state: string },
  done: (err: Error | null, handle?: string) => void,
): void {
  const legacy = store as unknown as { store: (...args: unknown[]) => void }
  const arity = store.store.length
  if (arity === 5) store.store(req, codeVerifier, appState, meta, done)
  else if (arity === 4) legacy.store(req, appState, meta, done)
  else if (arity === 3) legacy.store(req, meta, done)
  else legacy.store(req, done)
}

/** Checks the callback's state with the store; never rejects. */
export function verifyState(
  store: AmazonStateStore,
  req: StrategyRequest,
  providedState: string | undefined,
  meta: AmazonStateMeta,
): Promise<StateCheck> {
  return new Promise((resolve) => {
    const loaded = (err: Error | null, ok: string | boolean, state?: unknown) => {
      if (err) return resolve({ ok: false, error: err })
      if (!ok) return resolve({ ok: false, info: state })
      resolve({ ok, state })
    }
    try {
      if (store.verify.length === 4) store.verify(req, providedState ?? '', meta, loaded)
      else
        (store as unknown as { verify: (...args: unknown[]) => void }).verify(
          req,
          providedState ?? '',
          loaded,
        )
    } catch (err) {
      resolve({ ok: false, error: err as Error })
    }
  })
}
