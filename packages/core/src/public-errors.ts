/**
 * `@lwa-kit/core/errors`: core's typed errors alone, the very classes `@lwa-kit/core` exports
 * (one copy, shared by both entries), so that every adapter re-exports them in one line and an
 * app can check what it catches by class or by its stable `code`.
 *
 * @example
 * ```ts
 * import { InvalidGrantError, isLwaError, LwaErrorCode } from '@lwa-kit/core/errors'
 *
 * try {
 *   await lwa.refresh(refreshToken)
 * } catch (err) {
 *   if (err instanceof InvalidGrantError) signInAgain()
 *   else if (isLwaError(err) && err.code === LwaErrorCode.Timeout) retryLater()
 * }
 * ```
 *
 * @packageDocumentation
 */
export {
  AccessDeniedError,
  AudienceMismatchError,
  CodePairExpiredError,
  DeviceAuthorizationDeniedError,
  type GrantKind,
  InvalidArgumentError,
  InvalidClientError,
  InvalidGrantError,
  InvalidTokenError,
  isLwaError,
  LwaAbortError,
  LwaError,
  LwaErrorCode,
  type LwaErrorDetails,
  LwaNetworkError,
  LwaProtocolError,
  LwaServerError,
  LwaTimeoutError,
  MalformedResponseError,
  MusicApiError,
  type MusicApiErrorDetails,
  ReauthorizationRequiredError,
  SealedStateError,
  StateMismatchError,
  UnknownScopeError,
} from './errors.js'
