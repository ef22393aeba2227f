/**
 * What both entries (`@lwa-kit/next-auth` for next-auth v4 and `@lwa-kit/next-auth/auth-js`)
 * export besides their own `Amazon` provider and type augmentations.
 *
 * @internal
 */
// Core's typed errors are re-exported by each entry itself (`export *` of another package must sit
// in the entry file, or esbuild drops it from the ESM build).
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
