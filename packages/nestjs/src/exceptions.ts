/**
 * Core's typed errors as Nest HTTP exceptions: the right status, core's error code in the body,
 * and never a token.
 *
 * @module
 */
import { HttpException, HttpStatus } from '@nestjs/common'

/**
 * The body of an {@link LwaHttpException}.
 *
 * @example
 * ```ts
 * const body: LwaExceptionBody = {
 *   statusCode: 401,
 *   error: 'Unauthorized',
 *   code: 'LWA_AUDIENCE_MISMATCH',
 *   message: 'The access token was issued to another client.',
 * }
 * ```
 */
export interface LwaExceptionBody {
  /** The HTTP status. */
  statusCode: number
  /** The HTTP reason phrase (`Unauthorized`, `Forbidden`, ...). */
  error: string
  /** Core's stable error code (`LWA_INVALID_TOKEN`, `LWA_ACCESS_DENIED`, ...). */
  code: string
  /** What happened and what to do; core keeps tokens and secrets out of it. */
  message: string
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

const STATUS_BY_CODE: Record<string, number> = {
  LWA_ACCESS_DENIED: HttpStatus.FORBIDDEN,
  LWA_DEVICE_AUTHORIZATION_DENIED: HttpStatus.FORBIDDEN,
  LWA_INVALID_TOKEN: HttpStatus.UNAUTHORIZED,
  LWA_AUDIENCE_MISMATCH: HttpStatus.UNAUTHORIZED,
  LWA_STATE_MISMATCH: HttpStatus.UNAUTHORIZED,
  LWA_SEALED_STATE_INVALID: HttpStatus.UNAUTHORIZED,
  LWA_INVALID_GRANT: HttpStatus.UNAUTHORIZED,
  LWA_REAUTHORIZATION_REQUIRED: HttpStatus.UNAUTHORIZED,
  LWA_CODE_PAIR_EXPIRED: HttpStatus.GONE,
  LWA_INVALID_ARGUMENT: HttpStatus.INTERNAL_SERVER_ERROR,
  LWA_INVALID_CLIENT: HttpStatus.INTERNAL_SERVER_ERROR,
  LWA_UNKNOWN_SCOPE: HttpStatus.INTERNAL_SERVER_ERROR,
  LWA_TIMEOUT: HttpStatus.GATEWAY_TIMEOUT,
  LWA_ABORTED: HttpStatus.SERVICE_UNAVAILABLE,
  LWA_NETWORK_ERROR: HttpStatus.BAD_GATEWAY,
  LWA_SERVER_ERROR: HttpStatus.BAD_GATEWAY,
  LWA_MALFORMED_RESPONSE: HttpStatus.BAD_GATEWAY,
  LWA_PROTOCOL_ERROR: HttpStatus.BAD_GATEWAY,
}

/** Music API statuses passed through as they are; anything else is the upstream's fault (502). */
const MUSIC_PASS_THROUGH = new Set([401, 403, 404, 429])

interface ErrorLike {
  code?: unknown
  message?: unknown
  status?: unknown
}

function lwaCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined
  const code = (error as ErrorLike).code
  return typeof code === 'string' && code.startsWith('LWA_') ? code : undefined
}

/**
 * The HTTP status an lwa-kit error answers with: 401 for a bad, foreign or expired token (and a
 * failed sign-in), 403 for a denied consent, 502/504 when LWA failed, 500 for a misconfiguration.
 *
 * @example
 * ```ts
 * statusOf(new AudienceMismatchError()) // 401
 * ```
 */
export function statusOf(error: unknown): number {
  const code = lwaCode(error)
  if (!code) return HttpStatus.INTERNAL_SERVER_ERROR
  if (code === 'LWA_MUSIC_API_ERROR') {
    const status = (error as ErrorLike).status
    return typeof status === 'number' && MUSIC_PASS_THROUGH.has(status)
      ? status
      : HttpStatus.BAD_GATEWAY
  }
  return STATUS_BY_CODE[code] ?? HttpStatus.BAD_GATEWAY
}

/**
 * A Nest `HttpException` made from an lwa-kit error. The body is
 * `{ statusCode, error, code, message }`; the original error is the `cause`.
 *
 * @example
 * ```ts
 * throw new LwaHttpException(new AccessDeniedError()) // 403 { code: 'LWA_ACCESS_DENIED', ... }
 * ```
 */
export class LwaHttpException extends HttpException {
  /** Core's error code. */
  readonly code: string

  constructor(error: unknown) {
    const statusCode = statusOf(error)
    const code = lwaCode(error) ?? 'LWA_INTERNAL'
    const message =
      lwaCode(error) && typeof (error as ErrorLike).message === 'string'
        ? ((error as ErrorLike).message as string)
        : 'Login with Amazon failed.'
    const body: LwaExceptionBody = {
      statusCode,
      error: REASONS[statusCode] ?? 'Error',
      code,
      message,
    }
    super(body, statusCode, { cause: error })
    this.code = code
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
  if (error instanceof HttpException) return error
  if (lwaCode(error)) return new LwaHttpException(error)
  return error instanceof Error ? error : new LwaHttpException(error)
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
