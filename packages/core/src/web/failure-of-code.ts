/**
 * The failure for an error code that came back from elsewhere: the info of a Passport `fail`, an
 * `?error=` query parameter, a JSON body's `error`. Only a code of core's table is taken as it is.
 *
 * @module
 */
import { failureOf, WebErrorCode, type WebFailure } from './error-answers.js'

const KNOWN: ReadonlySet<unknown> = new Set(Object.values(WebErrorCode))

/**
 * The failure a code stands for: its row of core's table when it is one of {@link WebErrorCode},
 * else `LWA_INTERNAL` (500), so that no outside text becomes a code or a status.
 *
 * @example
 * ```ts
 * failureOfCode('LWA_ACCESS_DENIED').status // 403
 * failureOfCode(info?.code)                // LWA_INTERNAL for anything that is not core's code
 * ```
 */
export function failureOfCode(code: unknown): WebFailure {
  return failureOf(KNOWN.has(code) ? (code as WebErrorCode) : WebErrorCode.Internal)
}
