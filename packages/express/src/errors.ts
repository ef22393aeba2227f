/**
 * How sign-in failures are answered: core's one error table (`describeError`, `failureAnswer`),
 * a friendly page for browsers, JSON for everyone else, the same status and code as every other
 * lwa-kit adapter.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  describeError,
  failureAnswer,
  type WebFailure,
  wantsHtml,
  writeNodeAnswer,
} from '@lwa-kit/core'

/**
 * A failure as the adapter answers it: core's `WebFailure`.
 *
 * @example
 * ```ts
 * const failure: LwaFailure = describeFailure(err) // { status: 403, code: 'LWA_ACCESS_DENIED', message: 'Sign-in was cancelled…' }
 * ```
 */
export type LwaFailure = WebFailure

/**
 * The status, code and friendly message for an error, from core's table (`describeError`).
 *
 * @example
 * ```ts
 * describeFailure(new AccessDeniedError()).status // 403
 * ```
 */
export function describeFailure(err: unknown): LwaFailure {
  return describeError(err)
}

/**
 * Answers a failure: an HTML page when the browser asks for one, JSON `{ error, message }`
 * otherwise, never cached. Writes nothing when the response was already answered.
 *
 * @example
 * ```ts
 * sendFailure(req, res, describeFailure(err), '/auth/amazon/login')
 * ```
 */
export function sendFailure(
  req: IncomingMessage,
  res: ServerResponse,
  failure: LwaFailure,
  retryUrl?: string,
): void {
  writeNodeAnswer(
    res,
    failureAnswer(failure, {
      html: wantsHtml(req.headers.accept),
      ...(retryUrl ? { retryUrl } : {}),
    }),
  )
}
