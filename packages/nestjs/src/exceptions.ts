/**
 * Core's typed errors as Nest HTTP exceptions, through core's one error table (`describeError`):
 * the same status and code as every other lwa-kit adapter, a message safe to show, never a token.
 *
 * @module
 */
import { describeError, isLwaError, type WebFailure } from '@lwa-kit/core'
import { HttpException } from '@nestjs/common'

/**
 * The body of an {@link LwaHttpException}: Nest's `statusCode`, and core's JSON answer
 * (`error` is the stable code, `message` is for people).
 *
 * @example
 * ```ts
 * const body: LwaExceptionBody = {
 *   statusCode: 401,
 *   error: 'LWA_AUDIENCE_MISMATCH',
 *   message: 'The access token was issued to another app.',
 * }
 * ```
 */
export interface LwaExceptionBody {
  /** The HTTP status. */
  statusCode: number
  /** Core's stable code (`LWA_INVALID_TOKEN`, `LWA_ACCESS_DENIED`, ...; `LWA_INTERNAL` for others). */
  error: string
  /** What happened, safe to show: from core's table, with no token, secret or stack. */
  message: string
}

/**
 * The HTTP status an error answers with, from core's table: 400 for a bad or replayed sign-in
 * state, 401 for a bad, foreign or expired token, 403 for a denied consent, 502/504 when LWA
 * failed, 500 for a misconfiguration or an error that is not an lwa-kit error.
 *
 * @example
 * ```ts
 * statusOf(new AudienceMismatchError()) // 401
 * ```
 */
export function statusOf(error: unknown): number {
  return describeError(error).status
}

/**
 * A Nest `HttpException` made from an lwa-kit error (or from a failure core's web layer already
 * described). The body is {@link LwaExceptionBody}; the original error is the `cause`.
 *
 * @example
 * ```ts
 * throw new LwaHttpException(new AccessDeniedError()) // 403 { error: 'LWA_ACCESS_DENIED', ... }
 * ```
 */
export class LwaHttpException extends HttpException {
  /** Core's error code. */
  readonly code: string

  constructor(error: unknown, failure: WebFailure = describeError(error)) {
    const body: LwaExceptionBody = {
      statusCode: failure.status,
      error: failure.code,
      message: failure.message,
    }
    super(body, failure.status, { cause: error })
    this.code = failure.code
  }
}

/**
 * Turns anything thrown by `@lwa-kit/core` into a Nest exception; Nest exceptions pass through
 * unchanged, and other errors are rethrown as they are.
 *
 * @example
 * ```ts
 * try {
 *   return await lwa.profile(token)
 * } catch (err) {
 *   throw toHttpException(err)
 * }
 * ```
 */
export function toHttpException(error: unknown): Error {
  if (error instanceof HttpException || (error instanceof Error && !isLwaError(error))) return error
  return new LwaHttpException(error)
}

/**
 * Runs `fn` and rethrows core's errors as Nest exceptions. @internal
 */
export async function asHttp<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw toHttpException(error)
  }
}
