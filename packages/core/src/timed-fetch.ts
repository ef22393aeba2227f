/**
 * A `fetch` that keeps a call's time budget itself. Core gives every attempt an
 * `AbortController` with a timer (that works with any `fetch`, on any runtime); a transport that
 * can stop a request on its own, such as `@lwa-kit/node`'s `nodeFetch()`, carries a
 * {@link TimedFetch} (a function) under {@link timedFetchKey}, and core then hands it the attempt's remaining
 * time instead, so that no controller, signal and listeners are made per attempt.
 *
 * @module
 */

/**
 * The key (`Symbol.for('lwa-kit.timed-fetch')`) under which a `fetch` carries its
 * {@link TimedFetch}. A registered symbol, so that a transport can set it without importing core.
 *
 * @example
 * ```ts
 * import { timedFetchKey } from '@lwa-kit/core'
 *
 * const timed = typeof (myFetch as any)[timedFetchKey] === 'function'
 * ```
 */
export const timedFetchKey: unique symbol = Symbol.for('lwa-kit.timed-fetch') as never

/**
 * Sends a request like `fetch`, and gives up after `timeoutMs` milliseconds: then it stops the
 * request and rejects with an error named `TimeoutError` (as `AbortSignal.timeout()` does). It
 * resolves once the whole body is read, so that reading it takes no more time; `init.signal`
 * (the caller's own) still stops it with that signal's reason.
 *
 * @example
 * ```ts
 * import { type TimedFetch, timedFetchKey } from '@lwa-kit/core'
 *
 * const timed: TimedFetch = (input, init, timeoutMs) =>
 *   fetch(input, {
 *     ...init,
 *     signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(init.signal ? [init.signal] : [])]),
 *   }).then(async (r) => {
 *     const body = await r.arrayBuffer()
 *     return new Response(body, { status: r.status, headers: r.headers })
 *   })
 * const myFetch = Object.assign((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), {
 *   [timedFetchKey]: timed,
 * })
 * ```
 */
export type TimedFetch = (input: string, init: RequestInit, timeoutMs: number) => Promise<Response>
