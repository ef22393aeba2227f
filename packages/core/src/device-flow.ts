/**
 * The device flow's polling steps as standalone functions, taking a config
 * ({@link createLwaConfig}) or a client. `requestCodePair` is in code-pair.ts.
 *
 * @module
 */
import {
  type CodePair,
  type CodePairCheck,
  checkCodePairOnce,
  type PollCodePairOptions,
  pollCodePair as poll,
} from './code-pair.js'
import { contextOf, type LwaConfig } from './config.js'
import { type DeviceLoginParams, deviceLogin as login } from './device-login.js'
import type { CallOptions } from './lib/http.js'
import type { TokenSet } from './token-set.js'

/**
 * Device flow, step 2: polls until the user enters the code (every 5 s by default, doubling on
 * `slow_down` up to 60 s; network errors and 5xx keep polling). Throws `CodePairExpiredError`
 * when the pair expires, `DeviceAuthorizationDeniedError` when the user declines, and
 * `LwaAbortError` at once when `signal` aborts.
 *
 * @example
 * ```ts
 * const pair = await requestCodePair(lwa, { scope: scopes.music.access })
 * const tokens = await pollCodePair(lwa, pair, { signal, onPending: (p) => console.log(p.reason) })
 * ```
 */
export async function pollCodePair(
  config: LwaConfig,
  pair: CodePair,
  options?: PollCodePairOptions,
): Promise<TokenSet> {
  return poll(contextOf(config), pair, options)
}

/**
 * The whole device flow: requests a pair, hands the user code to `onCode`, polls, and returns
 * the tokens; with `renewExpiredCode` it asks a fresh pair when one expires (bounded).
 *
 * @example
 * ```ts
 * const tokens = await deviceLogin(lwa, {
 *   scope: scopes.music.access,
 *   onCode: ({ userCode, verificationUri }) => console.log(`${verificationUri}: ${userCode}`),
 * })
 * ```
 */
export async function deviceLogin(config: LwaConfig, params: DeviceLoginParams): Promise<TokenSet> {
  return login(contextOf(config), params)
}

/**
 * One poll of a code pair, with no waiting: for a server route that a browser or device calls on
 * its own schedule (which must keep to the pair's pace: a `slow_down` answer means "wait longer").
 * Resolves `{ status: 'linked', tokens }` or `{ status: 'pending', reason }` (`authorization_pending`,
 * `slow_down`, or `retry` after a network error or 5xx); throws `CodePairExpiredError` and
 * `DeviceAuthorizationDeniedError` like {@link pollCodePair}.
 *
 * @example
 * ```ts
 * const check = await checkCodePair(lwa, pair)
 * if (check.status === 'linked') await store.set(userId, check.tokens)
 * else res.json({ status: 'pending', reason: check.reason })
 * ```
 */
export async function checkCodePair(
  config: LwaConfig,
  pair: CodePair,
  options?: CallOptions,
): Promise<CodePairCheck> {
  return checkCodePairOnce(contextOf(config), pair, options)
}
