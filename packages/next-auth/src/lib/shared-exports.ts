/**
 * What both entries (`@lwa-kit/next-auth` for next-auth v4 and `@lwa-kit/next-auth/auth-js`)
 * export besides their own `Amazon` provider and type augmentations.
 *
 * @internal
 */
// Core's typed errors (every \`code\` is stable), so an app can check what it catches without
// importing @lwa-kit/core itself: \`isLwaError(err) && err.code === LwaErrorCode.InvalidGrant\`.
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
} from '@lwa-kit/core'
export {
  AMAZON_BRAND,
  type AmazonOptions,
  type AmazonProfileResponse,
  type AmazonUser,
  toAmazonUser,
} from './options.js'
export {
  type AmazonAccountLike,
  type AmazonJwtFields,
  type AmazonJwtOptions,
  type AmazonJwtTokens,
  type AmazonProviderLike,
  AmazonSessionError,
  amazonJwt,
} from './refresh.js'
export {
  type AmazonAccessTokenOptions,
  type AmazonSessionFields,
  type AmazonSessionOptions,
  amazonAccessToken,
  amazonCallbacks,
  amazonSession,
} from './session.js'
