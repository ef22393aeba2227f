/**
 * How core's typed errors reach Passport: the user's own decisions and bad state are
 * authentication failures (`fail`), everything else is an error (`error`).
 *
 * @module
 */
import { isLwaError, LwaErrorCode, type WebFailure } from '@lwa-kit/core'

const FAILURES = new Set<string>([
  LwaErrorCode.AccessDenied,
  LwaErrorCode.StateMismatch,
  LwaErrorCode.SealedState,
])

/**
 * Whether an error is an authentication failure (denied consent, bad or replayed state) rather
 * than an error.
 *
 * @example
 * ```ts
 * isAuthenticationFailure(new AccessDeniedError()) // true
 * isAuthenticationFailure(new LwaServerError(…))   // false
 * ```
 */
export function isAuthenticationFailure(err: unknown): boolean {
  return isLwaError(err) && FAILURES.has(err.code)
}

/**
 * The info object Passport's `fail` gets for a failure of core's table: its code, and the error's
 * message. For a Cancel the message is LWA's `error_description` when it sent one, as
 * passport-oauth2 does (`info.message`, the flash).
 *
 * @internal
 */
export function failureInfo(failure: WebFailure, err: unknown): { message: string; code: string } {
  if (!isLwaError(err)) return { message: failure.message, code: failure.code }
  const lwaWords = err.code === LwaErrorCode.AccessDenied ? err.errorDescription : undefined
  return { message: lwaWords || err.message, code: failure.code }
}
