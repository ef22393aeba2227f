/**
 * Typed errors. Every failure in lwa-kit is an {@link LwaError} with a stable `code`; subclasses
 * name the cases an application handles differently. Messages say what to do, and never contain a
 * token, a code or a secret.
 *
 * @module
 */

/** The stable error codes of lwa-kit. Compare `error.code` against these, never the message. */
export const LwaErrorCode = {
  InvalidArgument: 'LWA_INVALID_ARGUMENT',
  AccessDenied: 'LWA_ACCESS_DENIED',
  StateMismatch: 'LWA_STATE_MISMATCH',
  SealedState: 'LWA_SEALED_STATE_INVALID',
  InvalidGrant: 'LWA_INVALID_GRANT',
  InvalidClient: 'LWA_INVALID_CLIENT',
  UnknownScope: 'LWA_UNKNOWN_SCOPE',
  InvalidToken: 'LWA_INVALID_TOKEN',
  AudienceMismatch: 'LWA_AUDIENCE_MISMATCH',
  Protocol: 'LWA_PROTOCOL_ERROR',
  Timeout: 'LWA_TIMEOUT',
  Aborted: 'LWA_ABORTED',
  Network: 'LWA_NETWORK_ERROR',
  Server: 'LWA_SERVER_ERROR',
  MalformedResponse: 'LWA_MALFORMED_RESPONSE',
  CodePairExpired: 'LWA_CODE_PAIR_EXPIRED',
  DeviceAuthorizationDenied: 'LWA_DEVICE_AUTHORIZATION_DENIED',
  ReauthorizationRequired: 'LWA_REAUTHORIZATION_REQUIRED',
  MusicApi: 'LWA_MUSIC_API_ERROR',
} as const

/** One of the values of {@link LwaErrorCode}. */
export type LwaErrorCode = (typeof LwaErrorCode)[keyof typeof LwaErrorCode]

/** Details an {@link LwaError} can carry. */
export interface LwaErrorDetails {
  /** LWA's `error` field (`invalid_grant`, `access_denied`, ...), when the server sent one. */
  error?: string
  /** LWA's `error_description`, when the server sent one. */
  errorDescription?: string
  /** The HTTP status of the response that failed. */
  status?: number
  /** Amazon's request id (`x-amzn-RequestId`), for support cases. */
  requestId?: string
  /** Whether trying the same call again later may succeed. */
  retryable?: boolean
  /** The underlying error. */
  cause?: unknown
}

const TOKEN_PATTERN = /Atz[arn]\|[^\s"'&,;]*/g

/**
 * Removes anything shaped like an LWA token (`Atza|…`, `Atzr|…`) from a string.
 *
 * @example
 * ```ts
 * redactTokens('got Atza|IQEB...') // 'got Atza|[redacted]'
 * ```
 */
export function redactTokens(text: string): string {
  return text.replace(TOKEN_PATTERN, (match) => `${match.slice(0, 5)}[redacted]`)
}

/**
 * The base of every lwa-kit error.
 *
 * @example
 * ```ts
 * try {
 *   await lwa.refresh(refreshToken)
 * } catch (err) {
 *   if (err instanceof LwaError && err.retryable) scheduleRetry()
 *   else throw err
 * }
 * ```
 */
export class LwaError extends Error {
  // `declare`: set in the constructor only, so no field initialisers are emitted (smaller bundle).
  /** A stable code from {@link LwaErrorCode}. */
  declare readonly code: LwaErrorCode
  /** LWA's `error` field, when the server sent one. */
  declare readonly error?: string
  /** LWA's `error_description`, when the server sent one. */
  declare readonly errorDescription?: string
  /** The HTTP status of the failed response. */
  declare readonly status?: number
  /** Amazon's request id, when the response carried one. */
  declare readonly requestId?: string
  /** Whether the same call may succeed if tried again later. */
  declare readonly retryable: boolean

  /**
   * @param name - `name` in logs and stack traces (default: the constructor's own name, which a
   *   minifying bundler shortens; lwa-kit's own classes give theirs).
   */
  constructor(code: LwaErrorCode, message: string, details: LwaErrorDetails = {}, name?: string) {
    super(redactTokens(message), details.cause === undefined ? undefined : { cause: details.cause })
    this.name = name ?? new.target.name
    this.code = code
    if (details.error !== undefined) this.error = details.error
    if (details.errorDescription !== undefined)
      this.errorDescription = redactTokens(details.errorDescription)
    if (details.status !== undefined) this.status = details.status
    if (details.requestId !== undefined) this.requestId = details.requestId
    this.retryable = details.retryable ?? false
    ;(Error as { captureStackTrace?: (t: object, c: unknown) => void }).captureStackTrace?.(
      this,
      new.target,
    )
  }

  /** A plain object for logs and JSON responses; it never holds a token or a secret. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      error: this.error,
      errorDescription: this.errorDescription,
      status: this.status,
      requestId: this.requestId,
      retryable: this.retryable,
    }
  }
}

/**
 * True for any lwa-kit error, also one thrown by another copy of the package.
 *
 * @example
 * ```ts
 * if (isLwaError(err)) console.log(err.code)
 * ```
 */
export function isLwaError(value: unknown): value is LwaError {
  if (value instanceof LwaError) return true
  if (!(value instanceof Error)) return false
  const code: unknown = (value as unknown as { code?: unknown }).code
  return typeof code === 'string' && code.startsWith('LWA_')
}

/**
 * An argument was missing or malformed; nothing was sent.
 *
 * @example
 * ```ts
 * await lwa.authorizationUrl({ scope: [], redirectUri }) // throws InvalidArgumentError
 * ```
 */
export class InvalidArgumentError extends LwaError {
  constructor(message: string) {
    super('LWA_INVALID_ARGUMENT', message, {}, 'InvalidArgumentError')
  }
}

/**
 * The user pressed Cancel on Amazon's consent page (`error=access_denied`).
 *
 * @example
 * ```ts
 * if (err instanceof AccessDeniedError) res.redirect('/?signin=cancelled')
 * ```
 */
export class AccessDeniedError extends LwaError {
  constructor(
    message = 'The user did not grant access (access_denied).',
    details: LwaErrorDetails = {},
  ) {
    super('LWA_ACCESS_DENIED', message, { error: 'access_denied', ...details }, 'AccessDeniedError')
  }
}

/**
 * The `state` on the callback does not match the one this browser started with.
 *
 * @example
 * ```ts
 * if (err instanceof StateMismatchError) res.status(400).send('Please sign in again.')
 * ```
 */
export class StateMismatchError extends LwaError {
  constructor(
    message = 'The state on the callback does not match this browser; start the sign-in again.',
  ) {
    super('LWA_STATE_MISMATCH', message, {}, 'StateMismatchError')
  }
}

/**
 * A sealed sign-in cookie was missing, expired, tampered with or already used.
 *
 * @example
 * ```ts
 * if (err instanceof SealedStateError) res.redirect('/login')
 * ```
 */
export class SealedStateError extends LwaError {
  constructor(message: string, details: LwaErrorDetails = {}) {
    super('LWA_SEALED_STATE_INVALID', message, details, 'SealedStateError')
  }
}

/** The kind of grant an {@link InvalidGrantError} came from. */
export type GrantKind = 'authorization_code' | 'refresh_token' | 'device_code'

const GRANT_HINTS: Record<GrantKind, string> = {
  authorization_code:
    'The code was refused: it was already used, is older than 5 minutes, its redirect_uri differs, or the client or PKCE verifier does not match. Start the sign-in again.',
  refresh_token:
    'The refresh token was refused: the user removed the app, or it belongs to another client. The user must sign in again.',
  device_code:
    'The device code expired, was already used, or belongs to another client; request a new code pair.',
}

/**
 * LWA answered `invalid_grant`. The message says what it most likely means for that grant.
 *
 * @example
 * ```ts
 * if (err instanceof InvalidGrantError && err.grant === 'refresh_token') await signInAgain()
 * ```
 */
export class InvalidGrantError extends LwaError {
  /** Which grant was refused. */
  declare readonly grant?: GrantKind
  constructor(grant: GrantKind | undefined, details: LwaErrorDetails = {}) {
    const hint = grant ? GRANT_HINTS[grant] : 'The grant was refused (invalid_grant).'
    const said = details.errorDescription ? ` LWA said: "${details.errorDescription}".` : ''
    super(
      'LWA_INVALID_GRANT',
      `${hint}${said}`,
      { error: 'invalid_grant', ...details },
      'InvalidGrantError',
    )
    if (grant !== undefined) this.grant = grant
  }
}

/**
 * Client authentication failed: a wrong client id or secret, or a client id of another region.
 *
 * @example
 * ```ts
 * if (err instanceof InvalidClientError) console.error('Check LWA_CLIENT_ID / LWA_CLIENT_SECRET')
 * ```
 */
export class InvalidClientError extends LwaError {
  constructor(details: LwaErrorDetails = {}) {
    super(
      'LWA_INVALID_CLIENT',
      'Client authentication failed: check the client id, secret and region of your Security Profile.',
      { error: 'invalid_client', ...details },
      'InvalidClientError',
    )
  }
}

/**
 * A scope is unknown to this client, or not allowed for it.
 *
 * @example
 * ```ts
 * if (err instanceof UnknownScopeError) console.error(err.message)
 * ```
 */
export class UnknownScopeError extends LwaError {
  constructor(details: LwaErrorDetails = {}) {
    super(
      'LWA_UNKNOWN_SCOPE',
      'Unknown scope: music scopes work only once the Amazon Music Service has enabled your Security Profile; alexa:all needs scope_data (alexaAll()).',
      { error: 'invalid_scope', ...details },
      'UnknownScopeError',
    )
  }
}

/**
 * An access token was refused by token info or the profile endpoint (`invalid_token`): it is
 * malformed, expired or revoked.
 *
 * @example
 * ```ts
 * if (err instanceof InvalidTokenError) res.status(401).end()
 * ```
 */
export class InvalidTokenError extends LwaError {
  constructor(details: LwaErrorDetails = {}) {
    super(
      'LWA_INVALID_TOKEN',
      'The access token is invalid or expired; refresh it or sign in again.',
      { error: 'invalid_token', ...details },
      'InvalidTokenError',
    )
  }
}

/**
 * Token info says the token was issued to another client (`aud` differs). Never trust such a
 * token: another app may be replaying a token its user gave it.
 *
 * @example
 * ```ts
 * if (err instanceof AudienceMismatchError) res.status(401).end()
 * ```
 */
export class AudienceMismatchError extends LwaError {
  constructor() {
    super(
      'LWA_AUDIENCE_MISMATCH',
      'The access token was issued to another client (token info aud differs from this client id); refuse it.',
      { status: 401 },
      'AudienceMismatchError',
    )
  }
}

/**
 * LWA answered with an OAuth error that has no class of its own (`invalid_request`,
 * `unauthorized_client`, `unsupported_grant_type`, `authorization_pending`, ...). See `error`.
 *
 * @example
 * ```ts
 * if (err instanceof LwaProtocolError && err.error === 'unauthorized_client') ...
 * ```
 */
export class LwaProtocolError extends LwaError {
  constructor(details: LwaErrorDetails & { error: string }) {
    const said = details.errorDescription ? `: ${details.errorDescription}` : ''
    super('LWA_PROTOCOL_ERROR', `LWA answered ${details.error}${said}`, details, 'LwaProtocolError')
  }
}

/**
 * A call to LWA took longer than its timeout.
 *
 * @example
 * ```ts
 * await lwa.refresh(rt, { timeoutMs: 2000 }) // may throw LwaTimeoutError
 * ```
 */
export class LwaTimeoutError extends LwaError {
  constructor(endpoint: string, timeoutMs: number) {
    super(
      'LWA_TIMEOUT',
      `The ${endpoint} request did not finish within ${timeoutMs} ms.`,
      {
        retryable: true,
      },
      'LwaTimeoutError',
    )
  }
}

/**
 * The caller's AbortSignal stopped the call.
 *
 * @example
 * ```ts
 * const ac = new AbortController(); ac.abort(); await lwa.profile(token, { signal: ac.signal }) // throws
 * ```
 */
export class LwaAbortError extends LwaError {
  constructor(cause?: unknown) {
    super('LWA_ABORTED', 'The call was aborted by its signal.', { cause }, 'LwaAbortError')
  }
}

/**
 * The request never got an HTTP answer (DNS, connection refused or reset, TLS).
 *
 * @example
 * ```ts
 * if (err instanceof LwaNetworkError) retryLater()
 * ```
 */
export class LwaNetworkError extends LwaError {
  constructor(endpoint: string, cause?: unknown) {
    super(
      'LWA_NETWORK_ERROR',
      `The ${endpoint} request failed before an HTTP answer came back.`,
      {
        cause,
        retryable: true,
      },
      'LwaNetworkError',
    )
  }
}

/**
 * LWA had a server-side failure (5xx) or throttled the call (429). Retry later.
 *
 * @example
 * ```ts
 * if (err instanceof LwaServerError) retryLater()
 * ```
 */
export class LwaServerError extends LwaError {
  constructor(endpoint: string, details: LwaErrorDetails = {}) {
    super(
      'LWA_SERVER_ERROR',
      `The ${endpoint} endpoint failed on the server side (HTTP ${details.status ?? '?'}); try again later.`,
      { retryable: true, ...details },
      'LwaServerError',
    )
  }
}

/**
 * A response did not have the shape LWA documents (not JSON, missing fields, wrong types).
 *
 * @example
 * ```ts
 * if (err instanceof MalformedResponseError) reportToOps(err.toJSON())
 * ```
 */
export class MalformedResponseError extends LwaError {
  constructor(endpoint: string, what: string, details: LwaErrorDetails = {}) {
    super(
      'LWA_MALFORMED_RESPONSE',
      `The ${endpoint} response is malformed: ${what}.`,
      details,
      'MalformedResponseError',
    )
  }
}

/**
 * The device code pair expired (LWA `invalid_code_pair` / `expired_token`, or its local expiry)
 * before the user entered the code. Request a new pair.
 *
 * @example
 * ```ts
 * if (err instanceof CodePairExpiredError) pair = await lwa.requestCodePair({ scope })
 * ```
 */
export class CodePairExpiredError extends LwaError {
  constructor(details: LwaErrorDetails = {}) {
    super(
      'LWA_CODE_PAIR_EXPIRED',
      'The code pair expired before the user entered the code; request a new code pair.',
      details,
      'CodePairExpiredError',
    )
  }
}

/**
 * The user declined to link the device.
 *
 * @example
 * ```ts
 * if (err instanceof DeviceAuthorizationDeniedError) showMessage('Linking was cancelled.')
 * ```
 */
export class DeviceAuthorizationDeniedError extends LwaError {
  constructor(details: LwaErrorDetails = {}) {
    super(
      'LWA_DEVICE_AUTHORIZATION_DENIED',
      'The user declined to link this device.',
      details,
      'DeviceAuthorizationDeniedError',
    )
  }
}

/**
 * The stored grant no longer works (revoked, or refused as `invalid_grant`): the stored tokens
 * were deleted and the user must sign in or link the device again.
 *
 * @example
 * ```ts
 * if (err instanceof ReauthorizationRequiredError) res.redirect('/auth/amazon')
 * ```
 */
export class ReauthorizationRequiredError extends LwaError {
  constructor(
    details: LwaErrorDetails = {},
    message = 'The Amazon grant was revoked or refused; the stored tokens were removed and the user must sign in again.',
  ) {
    super('LWA_REAUTHORIZATION_REQUIRED', message, details, 'ReauthorizationRequiredError')
  }
}

/** Details of an Amazon Music API error object. */
export interface MusicApiErrorDetails extends LwaErrorDetails {
  /** The Music API's own error code (`INVALID_ACCESS_TOKEN`, `THROTTLED`, ...). */
  apiCode?: string
  /** The Music API's `reference` (V1) or `traceId` (V2), for support cases. */
  reference?: string
}

/**
 * The Amazon Music API answered with an error object.
 *
 * @example
 * ```ts
 * if (err instanceof MusicApiError && err.apiCode === 'AUTH_NO_MUSIC_ACCOUNT_FOUND') ...
 * ```
 */
export class MusicApiError extends LwaError {
  /** The Music API's error code. */
  readonly apiCode?: string
  /** The Music API's `reference` / `traceId`. */
  readonly reference?: string
  constructor(message: string, details: MusicApiErrorDetails = {}) {
    super('LWA_MUSIC_API_ERROR', message, details, 'MusicApiError')
    if (details.apiCode !== undefined) this.apiCode = details.apiCode
    if (details.reference !== undefined) this.reference = details.reference
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), apiCode: this.apiCode, reference: this.reference }
  }
}
