/**
 * `@lwa-kit/passport`: Passport strategies for Login with Amazon. `AmazonStrategy` signs users in
 * (a drop-in replacement for passport-amazon, with PKCE, state, regions and `scope_data`);
 * `AmazonTokenStrategy` checks bearer tokens with token info.
 *
 * @example
 * ```ts
 * import passport from 'passport'
 * import { AmazonStrategy } from '@lwa-kit/passport'
 *
 * passport.use(new AmazonStrategy(
 *   { clientID: process.env.LWA_CLIENT_ID!, clientSecret: process.env.LWA_CLIENT_SECRET!, callbackURL: '/auth/amazon/callback' },
 *   (accessToken, refreshToken, profile, done) => done(null, profile),
 * ))
 * ```
 *
 * @packageDocumentation
 */
// Core's typed errors (every \`code\` is stable), so an app can check what it catches without
// importing @lwa-kit/core itself: \`isLwaError(err) && err.code === LwaErrorCode.InvalidGrant\`.
export * from '@lwa-kit/core/errors'
export { AmazonStrategy } from './amazon-strategy.js'
export type {
  AmazonAuthenticateOptions,
  AmazonStrategyOptions,
  AmazonTokenParams,
} from './amazon-strategy-options.js'
export type {
  AmazonVerifyCallback,
  AmazonVerifyFunction,
  AmazonVerifyFunctionWithParams,
  AmazonVerifyFunctionWithRequest,
  AmazonVerifyFunctionWithRequestAndParams,
} from './amazon-strategy-verify.js'
export { isAuthenticationFailure } from './errors.js'
export type { StrategyRequest } from './lib/http.js'
export { type AmazonPassportProfile, type AmazonProfileJson, toPassportProfile } from './profile.js'
export {
  type AmazonSignOutOptions,
  type AmazonSignOutRequest,
  amazonSignOut,
} from './sign-out.js'
export type { AmazonStateMeta, AmazonStateStore } from './state-store.js'
export {
  AmazonTokenStrategy,
  type AmazonTokenStrategyOptions,
  type AmazonTokenUser,
  type AmazonTokenVerifyCallback,
  type AmazonTokenVerifyFunction,
  type AmazonTokenVerifyFunctionWithRequest,
} from './token-strategy.js'
